/**
 * Import at scale (issue 21, finding 8): a large data file is read in slices and written in
 * batches, with the importer's guarantees intact — the same values and error lines as the
 * whole-document read, everything validated before a row is written, a second import changing
 * nothing, changed rows updated in place and audited. Figures: bench/import.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { parse } from 'yaml';
import { writeDataFile } from '../bench/import-data.js';
import { DataFileError } from '../db/data-file.js';
import { importDataFile } from '../handlers/services/data-import.js';
import { auditLog, people, units } from '../db/schema.js';
import type { Store } from '../db/store.js';
import { parseFlowItemLine } from '../db/yaml-flow-line.js';
import { readYamlSource } from '../db/yaml-source.js';
import { DATA_BINH_LU, DATA_TAM_DUONG, FIXTURE_MINI } from './helpers/app.js';
import { openTestStore } from './helpers/db.js';

const TZ = 'Asia/Ho_Chi_Minh';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-scale-'));

/** Every path into a plain value (maps and lists), to compare line lookups. */
function pathsOf(v: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...prefix, i], out));
  else if (v && typeof v === 'object' && !(v instanceof Date))
    for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
  return out;
}

describe('reading a large file in slices', () => {
  it('the one-line fast path reads exactly what the yaml library reads, or leaves the line to it', () => {
    const lines = [
      '  - { code: u1, name: "Xã A", kind: commune }',
      '  - { code: u2, name: "Có, dấu phẩy # và thăng", kind: commune, office: true, active: false }',
      "  - { code: u3, name: 'nháy đơn', parent: snv, note: null }",
      '  - { code: u4, name: "x" }   # a comment',
      '  - {code: u5, name: "no spaces"}',
      '  - { code: II.1, parent: II, title: "Mục" }',
      '  - { code: u6, name: "tab\tinside" }',
      // Not in the subset: the library decides.
      '  - { code: 007, name: "a number" }',
      '  - { code: u7, active: yes }',
      '  - { code: u8, active: True }',
      '  - { code: u9, name: "esc\\"aped" }',
      "  - { code: u10, name: 'it''s' }",
      '  - { code: u11, name: plain words }',
      '  - { code: u12, items: ["a", "b"] }',
      '  - { code: u13, code: u14 }',
      '  - { code: u15, name: &a "anchored" }',
      '  - { code: u16, name: ~ }',
      '  - { code: u17, name: "x" }#not-a-comment',
      '  - { code: -1 }',
      '  - { code: u18, value: .5 }',
      '  - { code: u19, name: Xã }',
    ];
    let fast = 0;
    for (const line of lines) {
      const mine = parseFlowItemLine(line, 2);
      if (mine === undefined) continue;
      fast++;
      expect(mine, line).toEqual((parse(`units:\n${line}\n`) as { units: unknown[] }).units[0]);
    }
    expect(fast).toBe(7);
  });

  it('the shipped files read in slices give the same values and the same line for every path', () => {
    for (const f of [DATA_TAM_DUONG, DATA_BINH_LU, FIXTURE_MINI]) {
      const text = fs.readFileSync(f, 'utf8');
      const whole = readYamlSource(text, f, { chunkAboveBytes: Infinity });
      for (const itemsPerChunk of [1, 7, 1000]) {
        const sliced = readYamlSource(text, f, { chunkAboveBytes: 0, itemsPerChunk });
        expect(sliced.value).toEqual(whole.value);
        for (const p of pathsOf(whole.value)) expect(sliced.lineOf(p), `${f} ${p.join('.')}`).toBe(whole.lineOf(p));
      }
    }
  });

  it('layouts it does not slice (a document marker, an alias across slices) are read whole, same result', () => {
    const mini = fs.readFileSync(FIXTURE_MINI, 'utf8');
    const marked = `---\n${mini}`;
    const aliased = mini
      .replace(
        '  - { code: xa-a, name: "UBND xã A", kind: commune }',
        '  - { code: xa-a, name: &ten "UBND xã A", kind: commune }',
      )
      .replace(
        '  - { code: p-gd, name: "Phòng Giáo dục và Đào tạo", kind: agency }',
        '  - { code: p-gd, name: *ten, kind: agency }',
      );
    for (const text of [marked, aliased]) {
      const whole = readYamlSource(text, 'x.yaml', { chunkAboveBytes: Infinity });
      expect(readYamlSource(text, 'x.yaml', { chunkAboveBytes: 0, itemsPerChunk: 1 }).value).toEqual(whole.value);
    }
    expect(
      (
        readYamlSource(aliased, 'x.yaml', { chunkAboveBytes: 0, itemsPerChunk: 1 }).value as {
          units: Array<{ name: string }>;
        }
      ).units[3]!.name,
    ).toBe('UBND xã A');
  });
});

describe('importing a large file in batches', () => {
  let store: Store;
  const N = 4000; // ~600 KB: over the 512 KiB above which files are read in slices
  const file = path.join(dir, 'units.yaml');
  const changed = path.join(dir, 'units-changed.yaml');
  const opts = { timezone: TZ, now: new Date('2026-11-26T00:00:00Z'), actor: { personId: null, account: 'test' } };
  const total = async (t: typeof units | typeof people | typeof auditLog) =>
    Number((await store.db.select({ n: count() }).from(t))[0]!.n);

  beforeAll(async () => {
    store = await openTestStore();
    expect(writeDataFile(file, N)).toBeGreaterThan(512 * 1024);
    writeDataFile(changed, N, { variant: 1 });
  });
  afterAll(async () => store.close());

  it('an error deep in the file is reported on its line, and nothing is written', async () => {
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const parentAt = lines.findIndex((l) => l.includes('code: u3500,'));
    const bad = [...lines];
    bad[parentAt] = bad[parentAt]!.replace('parent: snv', 'parent: nowhere');
    const syntaxAt = lines.findIndex((l) => l.includes('code: p2999,'));
    const broken = [...lines];
    broken[syntaxAt] = broken[syntaxAt]!.replace(' }', '');
    const f1 = path.join(dir, 'bad-parent.yaml');
    const f2 = path.join(dir, 'bad-syntax.yaml');
    fs.writeFileSync(f1, bad.join('\n'));
    fs.writeFileSync(f2, broken.join('\n'));
    await expect(importDataFile(store, f1, opts)).rejects.toThrow(
      `${f1}:${parentAt + 1}: units[3500].parent: unknown unit "nowhere"`,
    );
    const err = await importDataFile(store, f2, opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFileError);
    expect((err as DataFileError).issues[0]!.line).toBeGreaterThanOrEqual(syntaxAt + 1);
    expect((err as DataFileError).issues[0]!.line).toBeLessThanOrEqual(syntaxAt + 2);
    expect(await total(units)).toBe(0);
    expect(await total(auditLog)).toBe(0);
  });

  it('loads every row with one audit entry each; the same file again changes nothing', async () => {
    const first = await importDataFile(store, file, opts);
    // + office, admin, and the jurisdiction's row
    expect(first).toMatchObject({ inserted: 2 * N + 2 + 1, updated: 0, unchanged: 0 });
    expect(first.jurisdiction.parentCode).toBeNull();
    expect(await total(units)).toBe(N + 1);
    expect(await total(people)).toBe(N + 1);
    expect(await total(auditLog)).toBe(2 * N + 2 + 1);
    const [p] = await store.db
      .select()
      .from(people)
      .where(eq(people.code, `p${N}`));
    const [u] = await store.db
      .select()
      .from(units)
      .where(eq(units.code, `u${N}`));
    expect(p!.unitId).toBe(u!.id);

    const again = await importDataFile(store, file, opts);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 * N + 2 + 1 });
    expect(await total(auditLog)).toBe(2 * N + 2 + 1);
  });

  it('a file with every 10th unit renamed updates those rows in place, each audited with before and after', async () => {
    const ids = new Map(
      (await store.db.select({ id: units.id, code: units.code }).from(units)).map((r) => [r.code, r.id]),
    );
    const audits = await total(auditLog);
    const r = await importDataFile(store, changed, opts);
    expect(r).toMatchObject({ inserted: 0, updated: N / 10, unchanged: 2 * N + 2 + 1 - N / 10 });
    expect(await total(auditLog)).toBe(audits + N / 10);
    const after = await store.db.select({ id: units.id, code: units.code, name: units.name }).from(units);
    expect(after.every((row) => ids.get(row.code) === row.id)).toBe(true);
    expect(after.find((row) => row.code === 'u30')!.name).toContain('(sửa 1)');
    const [entry] = await store.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'unit'), eq(auditLog.entityId, 'u30'), eq(auditLog.action, 'import.update')));
    expect(entry!.before).toEqual({ name: expect.not.stringContaining('sửa'), searchText: expect.any(String) });
    expect((entry!.after as { name: string }).name).toContain('(sửa 1)');
  });
});
