import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { DataFileError, parseDataFile } from '../db/data-file.js';
import { importDataFile } from '../handlers/services/data-import.js';
import { auditLog, deadlines, people, sections, titles, units } from '../db/schema.js';
import type { Store } from '../db/store.js';
import { openTestStore } from './helpers/db.js';
import { DATA_BINH_LU, DATA_TAM_DUONG, FIXTURE_MINI } from './helpers/app.js';

const TZ = 'Asia/Ho_Chi_Minh';
const mini = fs.readFileSync(FIXTURE_MINI, 'utf8');

function errorsOf(text: string): string[] {
  try {
    parseDataFile(text, 'broken.yaml', TZ);
  } catch (e) {
    if (e instanceof DataFileError) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected an error');
}

describe('data file validation', () => {
  it('accepts the shipped files', () => {
    for (const f of [DATA_TAM_DUONG, DATA_BINH_LU, FIXTURE_MINI]) {
      expect(() => parseDataFile(fs.readFileSync(f, 'utf8'), f, TZ)).not.toThrow();
    }
  });

  it('names file, line and field of a wrong value', () => {
    const broken = mini.replace('kind: commune }', 'kind: province }');
    const [first] = errorsOf(broken);
    const line = broken.split('\n').findIndex((l) => l.includes('kind: province')) + 1;
    expect(first).toMatch(new RegExp(`^broken\\.yaml:${line}: units\\[1\\]\\.kind: `));
  });

  it('reports YAML syntax errors with their line', () => {
    const [first] = errorsOf('meta:\n  code: x\n  name: [unclosed\n');
    expect(first).toMatch(/^broken\.yaml:\d+: \(yaml\): /);
  });

  it('finds broken references, duplicate codes and impossible dates', () => {
    const broken = mini
      .replace('{ code: focal-b, name: "Đầu Mối B", unit: xa-b', '{ code: focal-b, name: "Đầu Mối B", unit: xa-zz')
      .replace('due: "2026-12-15 17:00"', 'due: "2026-02-30"')
      .replace('{ code: p-gd,', '{ code: xa-a,');
    const errors = errorsOf(broken).join('\n');
    expect(errors).toContain('people[4].unit: unknown unit "xa-zz"');
    expect(errors).toContain('deadlines[2].due: must be a date');
    expect(errors).toContain('units[3].code: duplicate code "xa-a"');
  });

  it('rejects unknown fields instead of ignoring them', () => {
    const errors = errorsOf(mini.replace('  issuer_level: huyen', '  issuer_level: huyen\n  isuer: typo'));
    expect(errors[0]).toMatch(/settings/);
  });
});

describe('data import', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => store.close());

  const snapshot = async () => ({
    units: await store.db.select().from(units).orderBy(units.id),
    people: await store.db.select().from(people).orderBy(people.id),
    titles: await store.db.select().from(titles).orderBy(titles.id),
    sections: await store.db.select().from(sections).orderBy(sections.id),
    deadlines: await store.db.select().from(deadlines).orderBy(deadlines.id),
    audit: Number((await store.db.select({ n: count() }).from(auditLog))[0]!.n),
  });
  const opts = { timezone: TZ, now: new Date('2026-11-26T00:00:00Z'), actor: { personId: null, account: 'test' } };

  it('loads a file, and loading it again changes nothing', async () => {
    const first = await importDataFile(store, DATA_TAM_DUONG, opts);
    expect(first.inserted).toBeGreaterThan(100);
    const before = await snapshot();
    const second = await importDataFile(store, DATA_TAM_DUONG, opts);
    expect(second).toMatchObject({ inserted: 0, updated: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('writes nothing when the file has an error', async () => {
    const before = await snapshot();
    const bad = `${fs.mkdtempSync('/tmp/thidua-bad-')}/bad.yaml`;
    fs.writeFileSync(bad, mini.replace('due: "2026-03-31 17:00"', 'due: "someday"'));
    await expect(importDataFile(store, bad, opts)).rejects.toBeInstanceOf(DataFileError);
    expect(await snapshot()).toEqual(before);
  });

  it('updates a changed row in place and audits the change', async () => {
    const changed = fs
      .readFileSync(DATA_TAM_DUONG, 'utf8')
      .replace('due: "2026-12-25 17:00"', 'due: "2026-12-28 17:00"');
    const file = `${fs.mkdtempSync('/tmp/thidua-chg-')}/tam-duong.yaml`;
    fs.writeFileSync(file, changed);
    const before = await snapshot();
    const r = await importDataFile(store, file, opts);
    expect(r).toMatchObject({ inserted: 0, updated: 1 });
    const after = await snapshot();
    expect(after.deadlines.map((d) => d.id)).toEqual(before.deadlines.map((d) => d.id));
    expect(after.audit).toBe(before.audit + 1);
  });
});
