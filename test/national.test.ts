/**
 * National content (data/national/): always present, loaded idempotently and audited, upgraded
 * when the rule set changes, and kept apart from a jurisdiction's own titles.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { importDataFile } from '../handlers/services/data-import.js';
import {
  ensureNationalContent,
  NATIONAL_RULES_FILE,
  parseNationalRules,
  readNationalRules,
  writeNationalContent,
} from '../db/national.js';
import { DataFileError } from '../db/data-file.js';
import { auditLog, settings, titles } from '../db/schema.js';
import type { Store } from '../db/store.js';
import { openTestStore } from './helpers/db.js';
import { createTestApp, DATA_BINH_LU, DATA_TAM_DUONG, FIXTURE_MINI, TEXT_CAPS, type TestApp } from './helpers/app.js';

const NOW = new Date('2026-12-01T02:00:00Z');
const auditCount = async (store: Store) => Number((await store.db.select({ n: count() }).from(auditLog))[0]!.n);

describe('the shipped rule set', () => {
  it('parses, and every title has criteria and a legal basis, with no local names', () => {
    const rules = readNationalRules();
    expect(rules.rules_version).toBe('152-2025');
    expect(rules.titles.length).toBeGreaterThanOrEqual(10);
    for (const t of rules.titles) {
      expect(t.criteria.length, t.code).toBeGreaterThan(0);
      expect(t.legal_basis, t.code).toBeTruthy();
    }
    const text = fs
      .readFileSync(NATIONAL_RULES_FILE, 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n');
    expect(text).not.toMatch(/Bình Lư|Tam Đường|tỉnh Lai Châu qua/);
    // Uncertain marks survive the move out of the jurisdiction files.
    expect(rules.titles.find((t) => t.code === 'chien_si_thi_dua_co_so')!.uncertain).toBe(true);
    expect(rules.titles.find((t) => t.code === 'lao_dong_tien_tien')!.uncertain).toBe(false);
  });

  it('the shipped jurisdiction files keep only local award forms', async () => {
    const national = new Set(readNationalRules().titles.map((t) => t.code));
    for (const file of [DATA_BINH_LU, DATA_TAM_DUONG]) {
      const text = fs.readFileSync(file, 'utf8');
      const codes = [...text.matchAll(/^ {2}- code: (\S+)/gm)].map((m) => m[1]!);
      expect(
        codes.filter((c) => national.has(c)),
        file,
      ).toEqual([]);
    }
  });

  it('a broken rule-set file is refused with the file and the field', () => {
    expect(() =>
      parseNationalRules(
        'rules_version: "x"\nrevision: 1\nname: n\ntitles:\n  - { code: a, kind: title, name: A, applies_to: individual, criteria: [] }\n',
        'r.yaml',
      ),
    ).toThrow(DataFileError);
    try {
      parseNationalRules(
        'rules_version: "x"\nrevision: 1\nname: n\ntitles:\n  - { code: a, kind: title, name: A, applies_to: individual, criteria: [] }\n',
        'r.yaml',
      );
    } catch (err) {
      expect((err as Error).message).toContain('r.yaml:1: titles.0.criteria: needs at least one criterion');
    }
  });
});

describe('loading national content', () => {
  let store: Store;
  afterEach(async () => store?.close());

  it('fills an empty database, and a second start changes nothing', async () => {
    store = await openTestStore();
    const first = await ensureNationalContent(store, { now: NOW });
    expect(first.inserted).toBe(readNationalRules().titles.length);
    const rows = await store.db.select().from(titles);
    expect(rows.every((r) => r.rulesVersion === '152-2025')).toBe(true);
    const audits = await store.db.select().from(auditLog).where(eq(auditLog.action, 'national.insert'));
    expect(audits).toHaveLength(first.inserted);
    expect(audits[0]!.actorAccount).toBe('system:national');
    const [setting] = await store.db.select().from(settings).where(eq(settings.key, 'national_rules'));
    expect(setting!.value).toMatchObject({ rules_version: '152-2025', revision: 1 });

    const before = await auditCount(store);
    const again = await ensureNationalContent(store, { now: NOW });
    expect(again).toMatchObject({ inserted: 0, updated: 0, retired: [] });
    expect(await auditCount(store)).toBe(before);
  });

  it('upgrades to a new rule set: changed titles updated, dropped ones kept as historical, all audited', async () => {
    store = await openTestStore();
    await ensureNationalContent(store, { now: NOW });
    const current = readNationalRules();
    const next = {
      ...current,
      rules_version: 'next-2027',
      titles: current.titles
        .filter((t) => t.code !== 'xa_tieu_bieu')
        .map((t) => (t.code === 'lao_dong_tien_tien' ? { ...t, criteria: [...t.criteria, 'Tiêu chí mới'] } : t)),
    };
    const before = await auditCount(store);
    const r = await store.tx((tx) => writeNationalContent(tx, next, NOW));
    expect(r.retired).toEqual(['xa_tieu_bieu']);
    expect(r.updated).toBe(current.titles.length - 1); // every row moves to the new version; one also changes its criteria
    const ldtt = (await store.db.select().from(titles).where(eq(titles.code, 'lao_dong_tien_tien')))[0]!;
    expect(ldtt.criteria).toContain('Tiêu chí mới');
    expect(ldtt.rulesVersion).toBe('next-2027');
    const old = (await store.db.select().from(titles).where(eq(titles.code, 'xa_tieu_bieu')))[0]!;
    expect(old.historical).toBe(true);
    expect(await auditCount(store)).toBe(before + r.updated + 1 + 1); // updates, the retirement, the setting
  });

  it('takes over the national titles an older data file wrote (an existing installation), audited', async () => {
    store = await openTestStore();
    const opts = { timezone: 'Asia/Ho_Chi_Minh', now: NOW, actor: { personId: null, account: 'test' } };
    await importDataFile(store, FIXTURE_MINI, opts);
    const r = await ensureNationalContent(store, { now: NOW });
    expect(r.tookOver).toEqual([
      'lao_dong_tien_tien',
      'chien_si_thi_dua_co_so',
      'tap_the_lao_dong_tien_tien',
      'tap_the_lao_dong_xuat_sac',
    ]);
    const cstd = (await store.db.select().from(titles).where(eq(titles.code, 'chien_si_thi_dua_co_so')))[0]!;
    expect(cstd.rulesVersion).toBe('152-2025');
    expect(cstd.criteria).toEqual(
      readNationalRules().titles.find((t) => t.code === 'chien_si_thi_dua_co_so')!.criteria,
    );
    const audit = (await store.db.select().from(auditLog).where(eq(auditLog.entityId, 'chien_si_thi_dua_co_so'))).find(
      (a) => a.action === 'national.update',
    )!;
    expect(audit.before).toMatchObject({
      criteria: ['Đạt danh hiệu Lao động tiên tiến', 'Có sáng kiến được công nhận'],
      rulesVersion: null,
    });
    // The file's own award form stays the jurisdiction's.
    const local = (await store.db.select().from(titles).where(eq(titles.code, 'giay_khen_xa')))[0]!;
    expect(local.rulesVersion).toBeNull();

    // Importing the old file again keeps working: its national entries are skipped and named, nothing changes.
    const before = await auditCount(store);
    const again = await importDataFile(store, FIXTURE_MINI, opts);
    expect(again.skippedNational).toEqual([
      'lao_dong_tien_tien',
      'chien_si_thi_dua_co_so',
      'tap_the_lao_dong_tien_tien',
      'tap_the_lao_dong_xuat_sac',
    ]);
    expect(again).toMatchObject({ inserted: 0, updated: 0 });
    expect(await auditCount(store)).toBe(before);
    expect(
      (await store.db.select().from(titles).where(eq(titles.code, 'chien_si_thi_dua_co_so')))[0]!.criteria,
    ).toEqual(cstd.criteria);
  });
});

describe('national and local titles together', () => {
  let app: TestApp;
  afterEach(async () => app?.close());

  it('the commune finds the national criteria and its own Giấy khen', async () => {
    app = await createTestApp({ seed: DATA_BINH_LU, national: true, now: NOW.toISOString() });
    const chat = app.chat({ stranger: 'citizen' }, { channel: 'zalo-bot', caps: TEXT_CAPS });
    const [ldtt] = await chat.send('/tieuchi lao dong tien tien');
    expect(ldtt).toContain('Lao động tiên tiến');
    expect(ldtt).toContain('Hoàn thành tốt nhiệm vụ trở lên');
    expect(ldtt).toContain('Luật TĐKT 2022, Điều 24 khoản 1');
    const [gk] = await chat.send('/tieuchi giay khen chu tich ubnd xa');
    expect(gk).toContain('Chủ tịch UBND xã Bình Lư quyết định');
  });
});
