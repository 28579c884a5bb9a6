/**
 * Input limits (issue 21, finding 8): data-file text fields have maximum lengths, alias bombs
 * and oversized files are refused with the importer's `file:line: path: message`, nothing is
 * written; a huge chat message gets the polite answer. (Typed answers longer than an item's
 * max_length are refused in test/report.test.ts.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { createConfig, ConfigError } from '../bot/config.js';
import { DataFileError, parseDataFile } from '../db/data-file.js';
import { NAME_MAX } from '../db/data-limits.js';
import { DEFAULT_IMPORT_MAX_BYTES } from '../db/import.js';
import { importDataFile } from '../handlers/services/data-import.js';
import { auditLog, units } from '../db/schema.js';
import type { Store } from '../db/store.js';
import { createTestApp, FIXTURE_MINI } from './helpers/app.js';
import { openTestStore } from './helpers/db.js';

const TZ = 'Asia/Ho_Chi_Minh';
const mini = fs.readFileSync(FIXTURE_MINI, 'utf8');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-limits-'));

function errorsOf(text: string, name = 'limits.yaml'): string[] {
  try {
    parseDataFile(text, name, TZ);
  } catch (e) {
    if (e instanceof DataFileError) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected a DataFileError');
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('data file text limits', () => {
  it(`a unit name of ${NAME_MAX + 1} characters is refused with file:line: path; ${NAME_MAX} is accepted`, () => {
    const long = 'Đ'.repeat(NAME_MAX + 1);
    const text = mini.replace('name: "UBND xã A"', `name: "${long}"`);
    expect(errorsOf(text)).toEqual([
      `limits.yaml:${lineOf(text, long)}: units[1].name: must be at most 200 characters (this one has 201)`,
    ]);
    expect(() =>
      parseDataFile(mini.replace('name: "UBND xã A"', `name: "${'Đ'.repeat(NAME_MAX)}"`), 'ok.yaml', TZ),
    ).not.toThrow();
  });

  it('other fields have limits too: a person, a note, a title, a criterion', () => {
    const text = mini
      .replace('name: "Đầu Mối A"', `name: "${'a'.repeat(250)}"`)
      .replace('summary: "Đoàn kết, dân chủ, kỷ cương, phát triển"', `summary: "${'s'.repeat(2001)}"`)
      .replace('title: "Mục đích, yêu cầu"', `title: "${'t'.repeat(301)}"`);
    const errors = errorsOf(text);
    expect(errors).toContain(
      `limits.yaml:${lineOf(text, 'a'.repeat(250))}: people[1].name: must be at most 200 characters (this one has 250)`,
    );
    expect(errors).toContain(
      `limits.yaml:${lineOf(text, 's'.repeat(2001))}: campaigns[0].summary: must be at most 2000 characters (this one has 2001)`,
    );
    expect(errors).toContain(
      `limits.yaml:${lineOf(text, 't'.repeat(301))}: campaigns[0].sections[0].title: must be at most 300 characters (this one has 301)`,
    );
  });

  it('one aliased 1 MB string used as 95 unit names is refused (it became 1 MB replies before)', () => {
    const big = 'x'.repeat(1024 * 1024);
    const extra = Array.from({ length: 95 }, (_, i) => `  - { code: u${i}, name: *big, kind: village }`).join('\n');
    const text = mini.replace(
      'units:\n',
      `units:\n  - { code: u-anchor, name: &big "${big}", kind: village }\n${extra}\n`,
    );
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThan(1);
    for (const e of errors)
      expect(e).toMatch(
        /^limits\.yaml:\d+: units\[\d+\]\.name: must be at most 200 characters \(this one has 1048576\)$/,
      );
  });
});

describe('importer refusals write nothing', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => store.close());
  const opts = { timezone: TZ, now: new Date('2026-11-26T00:00:00Z'), actor: { personId: null, account: 'test' } };
  const counts = async () => ({
    units: Number((await store.db.select({ n: count() }).from(units))[0]!.n),
    audit: Number((await store.db.select({ n: count() }).from(auditLog))[0]!.n),
  });

  it('a YAML "billion laughs" is refused with a file:line message, not a ReferenceError', async () => {
    const levels = ['lol: &l0 "lol"'];
    for (let i = 1; i <= 9; i++)
      levels.push(
        `l${i}: &l${i} [${Array(9)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    const text = mini.replace('settings:\n', `x_bomb:\n  ${levels.join('\n  ')}\nsettings:\n`);
    const file = path.join(dir, 'bomb.yaml');
    fs.writeFileSync(file, text);
    const before = await counts();
    const err = await importDataFile(store, file, opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFileError);
    expect((err as Error).message).toBe(
      `${file}:${lineOf(text, 'l1: &l1')}: (yaml): too many YAML aliases (more than 100 expansions; an alias bomb?)`,
    );
    expect(await counts()).toEqual(before);
  });

  it(`a file over IMPORT_MAX_MB (default 20) is refused before it is read`, async () => {
    expect(createConfig({}).importMaxBytes).toBe(DEFAULT_IMPORT_MAX_BYTES);
    expect(createConfig({ IMPORT_MAX_MB: '5' }).importMaxBytes).toBe(5 * 1024 * 1024);
    expect(() => createConfig({ IMPORT_MAX_MB: '0' })).toThrow(ConfigError);
    const file = path.join(dir, 'huge.yaml');
    fs.writeFileSync(file, mini + `# ${'p'.repeat(DEFAULT_IMPORT_MAX_BYTES)}\n`);
    const before = await counts();
    await expect(importDataFile(store, file, opts)).rejects.toThrow(
      `${file}:1: (file): the file is 20.1 MB, more than the 20 MB allowed (IMPORT_MAX_MB)`,
    );
    const small = path.join(dir, 'small.yaml');
    fs.writeFileSync(small, mini + `# ${'p'.repeat(1024 * 1024)}\n`);
    await expect(importDataFile(store, small, { ...opts, maxBytes: 1024 * 1024 })).rejects.toBeInstanceOf(
      DataFileError,
    );
    expect(await counts()).toEqual(before);
    expect((await importDataFile(store, small, opts)).inserted).toBeGreaterThan(10); // under the default it loads
  });
});

describe('chat input limits', () => {
  it('a 1,000,000-character message gets the polite "too long" answer and changes nothing', async () => {
    const app = await createTestApp();
    try {
      const chat = app.chat('focal-a');
      await chat.send('/huy');
      const before = Number((await app.store.db.select({ n: count() }).from(auditLog))[0]!.n);
      const replies = await chat.send('ư'.repeat(1_000_000));
      expect(replies).toEqual([
        'Tin nhắn quá dài (tối đa 4000 ký tự). Anh/chị vui lòng rút gọn rồi gửi lại. Gõ /trogiup để xem hướng dẫn.',
      ]);
      expect(Number((await app.store.db.select({ n: count() }).from(auditLog))[0]!.n)).toBe(before);
    } finally {
      await app.close();
    }
  });
});
