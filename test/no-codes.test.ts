/**
 * Issue 13, item 10: internal codes and research notes never reach a person. Every text a person
 * can read from the shipped data (titles and awards as /tieuchi shows them, plans and their
 * sections, the ratios cited in registration warnings, report templates' titles and items) and
 * the /lichsu and /quanly screens are walked, and none holds a snake_case code, a research file
 * ("domain.md", "criteria.vi.yaml") or a source-strength mark ("S1", "S2/S3").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { only } from './helpers/db.js';
import { writeAudit } from '../db/queries/audit.js';
import { findUnitByCode } from '../db/queries/directory.js';
import { loadRuleSets } from '../db/rule-sets.js';
import { campaigns, reportTemplates, ruleParams, sections, titles } from '../db/schema.js';
import { renderSection, renderTitle } from '../handlers/flows/criteria.js';
import { translator } from '../handlers/i18n/index.js';
import { publicText, sectionLabel } from '../handlers/public-text.js';
import { createTestApp, DATA_BINH_LU, DATA_TAM_DUONG, TEXT_CAPS, type TestApp } from './helpers/app.js';

const ctx = { t: translator('vi') };
/** What must never be shown: a code, a research file, a source mark. */
const LEAKS: [string, RegExp][] = [
  ['snake_case code', /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/],
  ['research file', /\b[\w-]+\.(?:md|ya?ml)\b/],
  ['source mark', /(?<![\w.])S\d\b/],
  ['valid_until', /valid_until/],
];

function leaksIn(where: string, text: string | null | undefined): string[] {
  if (!text) return [];
  return LEAKS.filter(([, re]) => re.test(text)).map(
    ([what, re]) => `${where}: ${what} "${re.exec(text)![0]}" in «${text}»`,
  );
}

let app: TestApp | undefined;
afterEach(async () => app?.close());

async function readableData(seed: string): Promise<string[]> {
  app = await createTestApp({ seed, national: true });
  const db = app.store.db;
  const found: string[] = [];
  for (const t of await db.select().from(titles)) found.push(...leaksIn(`title ${t.code}`, renderTitle(ctx, t)));
  for (const c of await db.select().from(campaigns)) {
    found.push(...leaksIn(`plan ${c.code}`, [c.title, c.issuer, c.summary, c.note && publicText(c.note)].join('\n')));
  }
  for (const s of await db.select().from(sections)) {
    found.push(...leaksIn(`section ${s.code}`, `${sectionLabel(s.code, s.title)}\n${renderSection(ctx, s)}`));
  }
  for (const p of await db.select().from(ruleParams)) {
    found.push(
      ...leaksIn(`ratio ${p.code}`, ctx.t('reg.rule_cite', { label: p.label, source: publicText(p.source ?? '') })),
    );
  }
  for (const tpl of await db.select().from(reportTemplates)) {
    const items = tpl.items as { label: string; options?: string[]; help?: string }[];
    found.push(...leaksIn(`template ${tpl.code}`, tpl.title));
    for (const it of items)
      found.push(...leaksIn(`template ${tpl.code}`, [it.label, it.help, ...(it.options ?? [])].join('\n')));
  }
  return found;
}

describe('no internal codes in what a person reads (item 10)', () => {
  it.each([
    ['binh-lu', DATA_BINH_LU],
    ['tam-duong', DATA_TAM_DUONG],
  ])('the shipped data of %s with the national content', async (_name, seed) => {
    expect(await readableData(seed)).toEqual([]);
  });

  it('the national eligibility rules: titles, ratios, rule texts, their legal basis and sources', () => {
    const found: string[] = [];
    for (const set of loadRuleSets()) {
      found.push(...leaksIn(`rule set ${set.rules_version}`, set.name));
      for (const t of set.titles) found.push(...leaksIn(`title ${t.code}`, [t.name, t.short].join('\n')));
      for (const p of set.params) found.push(...leaksIn(`ratio ${p.code}`, `${p.label}\n${publicText(p.source)}`));
      for (const r of set.rules) {
        const shown = [r.text.vi, r.text.en, r.legal_basis, r.source && publicText(r.source)];
        found.push(...leaksIn(`rule ${r.code}`, shown.join('\n')));
      }
    }
    expect(found).toEqual([]);
  });
});

describe('no internal codes on the office screens (item 10)', () => {
  it('/lichsu names every change in words, and a change without a person as the system', async () => {
    app = await createTestApp({ national: true });
    const a = app;
    const xaA = (await findUnitByCode(await only(a.store.db), 'xa-a'))!.id;
    const here = await only(a.store.db);
    const system = (action: string) =>
      writeAudit(
        here,
        { actorPersonId: null, actorAccount: 'system:test', action, entity: 'unit', entityId: xaA, unitId: xaA },
        a.clock.now(),
      );
    await system('import.insert');
    await system('files.export'); // an action with no label of its own
    const admin = a.chat('admin1', { channel: 'shell', caps: TEXT_CAPS });
    const [units] = await admin.send('/moi');
    const [who] = await admin.send(/^(\d+)\. UBND xã A$/m.exec(units!)![1]!);
    await admin.send(/^(\d+)\. Cán Bộ A/m.exec(who!)![1]!);
    const [text] = await admin.send('/lichsu xa-a');
    expect(text).toContain('Các thay đổi gần đây của UBND xã A');
    expect(text).toContain('— hệ thống — nạp dữ liệu');
    expect(text).toContain('— hệ thống — thay đổi khác');
    expect(text).toContain('— Quản Trị Viên — tạo mã mời');
    // No dotted action codes ("import.insert"), no account labels ("test", "system:…").
    expect(text).not.toMatch(/\b[a-z]+\.[a-z_]+\b/);
    expect(text).not.toMatch(/— test —|system:/);
    expect(leaksIn('/lichsu', text)).toEqual([]);
  });

  it('/quanly and its deadline wizard show titles, not template codes', async () => {
    app = await createTestApp({ seed: DATA_TAM_DUONG, national: true });
    const admin = app.chat('demo-admin', { channel: 'shell', caps: TEXT_CAPS });
    const seen = [...(await admin.send('/quanly'))];
    for (const t of seen) expect(leaksIn('/quanly', t)).toEqual([]);
  });
});

describe('publicText removes the research marks that remained (item 10)', () => {
  it.each([
    [
      'Cùng các tổ chức vận động (seed_plan.vi.yaml III.2, cấu hình).',
      'Cùng các tổ chức vận động (tài liệu tham khảo, cấu hình).',
    ],
    [
      'mốc thường gặp (domain.md A.6; criteria.vi.yaml calendar), Lai Châu chưa có ngày cụ thể.',
      'mốc thường gặp (tài liệu tham khảo), Lai Châu chưa có ngày cụ thể.',
    ],
    ['theo biểu 0602.N/BNV-TĐKT, trích qua nguồn S3, cần xác minh.', 'theo biểu 0602.N/BNV-TĐKT, cần xác minh.'],
    [
      'Con đường thứ hai (chinhsachonline.chinhphu.vn, S1) chưa có văn bản.',
      'Con đường thứ hai (chinhsachonline.chinhphu.vn) chưa có văn bản.',
    ],
    ['Chỉ có nguồn yếu (S3) hoặc chưa đối chiếu.', 'Chỉ có nguồn yếu hoặc chưa đối chiếu.'],
    // Codes that are part of real references stay.
    [
      'dichvucong.cantho.gov.vn 1.012379.H13; TT 15/2025/TT-BNV',
      'dichvucong.cantho.gov.vn 1.012379.H13; TT 15/2025/TT-BNV',
    ],
  ])('%s', (input, shown) => {
    expect(publicText(input)).toBe(shown);
  });
});

describe('generated codes are whole words (item 10)', () => {
  it('a long title is cut after a word, never mid-word or on a dash', async () => {
    const { uniqueCode } = await import('../handlers/services/manage.js');
    const none = async () => false;
    const long = 'Báo cáo tổng kết phong trào thi đua yêu nước giai đoạn 2021 đến 2025 của xã';
    const code = await uniqueCode(long, none);
    expect(code.length).toBeLessThanOrEqual(48);
    expect(long.length).toBeGreaterThan(48);
    expect(code).toBe('bao-cao-tong-ket-phong-trao-thi-dua-yeu-nuoc');
    expect(code).not.toMatch(/-$/);
    expect(await uniqueCode('Sơ kết 6 tháng 2027', none)).toBe('so-ket-6-thang-2027');
  });
});
