/**
 * The eligibility engine against the shipped rule sets (data/national/*.yaml): every rule with
 * a pass, a fail and its boundary; history across a unit merged in 2025; overrides.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyOverride,
  carryOverride,
  evaluate,
  matchTitle,
  OverrideError,
  parseRuleSet,
  RuleSetError,
  selectRuleSet,
  type AwardRecord,
  type CollectiveStats,
  type EvaluationInput,
  type FlagRecord,
  type InitiativeRecord,
  type NomineeHistory,
  type Nomination,
  type RatingRecord,
  type RoundContext,
  type RuleSet,
  type Verdict,
} from '../domain/commendation/index.js';
import { loadRuleSets, NATIONAL_DIR } from '../db/rule-sets.js';

const sets = loadRuleSets();
const RS = sets.find((s) => s.rules_version === '152-2025')!;
const OLD = sets.find((s) => s.rules_version === '91-2017')!;
const MESSAGES = fs.readFileSync(path.join(NATIONAL_DIR, 'messages.vi-en.yaml'), 'utf8');

const ME = 'p1';
const award = (year: number, titleCode: string, extra: Partial<AwardRecord> = {}): AwardRecord => ({
  holder: ME,
  year,
  titleCode,
  formName: RS.titles.find((t) => t.code === titleCode)?.name ?? titleCode,
  type: 'cong_trang',
  decisionNo: `${year}/QĐ-UBND`,
  decisionDate: `${year}-12-20`,
  ...extra,
});
const ini = (
  year: number,
  scope: InitiativeRecord['scope'],
  extra: Partial<InitiativeRecord> = {},
): InitiativeRecord => ({
  holder: ME,
  title: `Sáng kiến ${year} ${scope}`,
  kind: 'sang_kien',
  scope,
  year,
  ...extra,
});
const htxs = (year: number): RatingRecord => ({ holder: ME, year, rating: 'htxs' });

interface Case {
  name: string;
  title: string;
  year?: number;
  kind?: 'individual' | 'collective' | 'household';
  type?: Nomination['type'];
  awards?: AwardRecord[];
  initiatives?: InitiativeRecord[];
  ratings?: RatingRecord[];
  flags?: FlagRecord[];
  round?: RoundContext;
  collective?: CollectiveStats;
  unit?: NomineeHistory['unit'];
  params?: Record<string, number>;
  achievementKey?: string;
  rs?: RuleSet;
  /** Expected computed status. */
  status: 'eligible' | 'warning' | 'blocked';
  /** Rules that must be among the findings (exactly these when `only`). */
  rules?: string[];
  /** Substrings of the Vietnamese messages. */
  says?: string[];
}

function input(c: Case): EvaluationInput {
  return {
    nomination: {
      titleCode: c.title,
      year: c.year ?? 2025,
      type: c.type ?? 'cong_trang',
      asOf: '2026-01-15',
      achievementKey: c.achievementKey ?? null,
    },
    history: {
      nominee: {
        key: ME,
        kind: c.kind ?? 'individual',
        name: c.kind === 'collective' ? 'Trường Tiểu học xã Bình Lư' : 'Lò Thị Mai',
      },
      unit: c.unit ?? { key: 'u1', name: 'Trường Tiểu học xã Bình Lư' },
      lineage: [],
      awards: c.awards ?? [],
      initiatives: c.initiatives ?? [],
      ratings: c.ratings ?? [],
      flags: c.flags ?? [],
    },
    round: c.round,
    collective: c.collective,
    params: c.params,
  };
}

function check(c: Case): Verdict {
  const v = evaluate(c.rs ?? RS, input(c));
  expect(v.status, JSON.stringify(v.findings.map((f) => [f.rule, f.message.vi]))).toBe(c.status);
  expect(v.finalStatus).toBe(c.status);
  expect(v.findings.map((f) => f.rule).sort()).toEqual([...(c.rules ?? [])].sort());
  const text = v.findings.map((f) => f.message.vi).join(' | ');
  for (const s of c.says ?? []) expect(text).toContain(s);
  for (const f of v.findings) {
    expect(f.message.en.length).toBeGreaterThan(0);
    expect(f.message.vi).not.toMatch(/\{\w+\}/);
    expect(f.message.en).not.toMatch(/\{\w+\}/);
  }
  return v;
}

const LDTT = 'lao_dong_tien_tien';
const CSTDCS = 'chien_si_thi_dua_co_so';
const CSTDT = 'chien_si_thi_dua_cap_tinh';
const BK = 'bang_khen_chu_tich_ubnd_tinh';
const GKX = 'giay_khen_chu_tich_ubnd_xa';
const TTLDXS = 'tap_the_lao_dong_xuat_sac';

describe('CSTDCS-LDTT-SK: grassroots emulation fighter needs LĐTT the same year and an initiative', () => {
  it.each<Case>([
    {
      name: 'LĐTT and a grassroots initiative in 2025',
      title: CSTDCS,
      awards: [award(2025, LDTT)],
      initiatives: [ini(2025, 'co_so')],
      status: 'eligible',
    },
    {
      name: 'LĐTT proposed in the same round counts',
      title: CSTDCS,
      round: { sameRoundTitles: [LDTT] },
      initiatives: [ini(2025, 'co_so')],
      status: 'eligible',
    },
    {
      name: 'a scientific work instead of an initiative',
      title: CSTDCS,
      awards: [award(2025, LDTT)],
      initiatives: [ini(2025, 'co_so', { kind: 'de_tai' })],
      status: 'eligible',
    },
    {
      name: 'no LĐTT in 2025',
      title: CSTDCS,
      awards: [award(2024, LDTT)],
      initiatives: [ini(2025, 'co_so')],
      status: 'blocked',
      rules: ['CSTDCS-LDTT-SK'],
      says: ['cần LĐTT năm 2025 — chưa có trong lịch sử khen thưởng'],
    },
    {
      name: 'boundary: the initiative is from the year before',
      title: CSTDCS,
      awards: [award(2025, LDTT)],
      initiatives: [ini(2024, 'co_so')],
      status: 'blocked',
      rules: ['CSTDCS-LDTT-SK'],
      says: ['cần 1 sáng kiến', 'hiện có 0'],
    },
    {
      name: 'does not apply to a one-off (đột xuất) commendation',
      title: CSTDCS,
      type: 'dot_xuat',
      status: 'eligible',
    },
  ])('$name', (c) => void check(c));
});

describe('CSTDCS-CAP: grassroots emulation fighters capped at 15 % of LĐTT (uncertain, configurable)', () => {
  const ok = { awards: [award(2025, LDTT)], initiatives: [ini(2025, 'co_so')] };
  it.each<Case>([
    {
      name: 'boundary: 3 of 20 is exactly 15 %',
      title: CSTDCS,
      ...ok,
      round: { unitCounts: { [CSTDCS]: 3, [LDTT]: 20 } },
      status: 'eligible',
    },
    {
      name: '4 of 20 is over the cap',
      title: CSTDCS,
      ...ok,
      round: { unitCounts: { [CSTDCS]: 4, [LDTT]: 20 } },
      status: 'warning',
      rules: ['CSTDCS-CAP'],
      says: ['4 người trên 20 LĐTT (20 %)', 'vượt mức tối đa 15 %', 'chỉ được tối đa 3 người'],
    },
    {
      name: 'the jurisdiction configures 20 %',
      title: CSTDCS,
      ...ok,
      round: { unitCounts: { [CSTDCS]: 4, [LDTT]: 20 } },
      params: { cstdcs_max_share_of_ldtt: 0.2 },
      status: 'eligible',
    },
    {
      name: 'a unit without LĐTT can have none',
      title: CSTDCS,
      ...ok,
      round: { unitCounts: { [CSTDCS]: 1 } },
      status: 'warning',
      rules: ['CSTDCS-CAP'],
      says: ['tối đa 0 người'],
    },
  ])('$name', (c) => void check(c));

  it('the cap is marked uncertain and cites the old decree', () => {
    const v = check({
      name: '',
      title: CSTDCS,
      ...ok,
      round: { unitCounts: { [CSTDCS]: 4, [LDTT]: 20 } },
      status: 'warning',
      rules: ['CSTDCS-CAP'],
    });
    expect(v.findings[0]!.uncertain).toBe(true);
    expect(v.findings[0]!.legal_basis).toContain('91/2017');
  });
});

describe('CSTDT-3CSTDCS: provincial emulation fighter needs 3 consecutive CSTĐCS and a province-wide initiative', () => {
  const three = [award(2023, CSTDCS), award(2024, CSTDCS), award(2025, CSTDCS)];
  it.each<Case>([
    {
      name: '2023–2025 and a provincial initiative',
      title: CSTDT,
      awards: three,
      initiatives: [ini(2024, 'tinh')],
      status: 'eligible',
    },
    {
      name: 'a national initiative is wider than provincial',
      title: CSTDT,
      awards: three,
      initiatives: [ini(2023, 'toan_quoc')],
      status: 'eligible',
    },
    {
      name: "this year's CSTĐCS proposed in the same round",
      title: CSTDT,
      awards: three.slice(0, 2),
      round: { sameRoundTitles: [CSTDCS] },
      initiatives: [ini(2025, 'tinh')],
      status: 'eligible',
    },
    {
      name: 'a gap in 2024 breaks the run',
      title: CSTDT,
      awards: [award(2022, CSTDCS), award(2023, CSTDCS), award(2025, CSTDCS)],
      initiatives: [ini(2024, 'tinh')],
      status: 'blocked',
      rules: ['CSTDT-3CSTDCS'],
      says: ['cần CSTĐCS năm 2024 — chưa có trong lịch sử khen thưởng'],
    },
    {
      name: 'only a grassroots initiative',
      title: CSTDT,
      awards: three,
      initiatives: [ini(2024, 'co_so')],
      status: 'blocked',
      rules: ['CSTDT-3CSTDCS'],
      says: ['phạm vi tỉnh (bộ, ngành) trở lên trong năm 2023–2025'],
    },
    {
      name: 'boundary: the provincial initiative is from 2022, outside the three years',
      title: CSTDT,
      awards: three,
      initiatives: [ini(2022, 'tinh')],
      status: 'blocked',
      rules: ['CSTDT-3CSTDCS'],
    },
  ])('$name', (c) => void check(c));
});

describe('BKT-CANHAN: provincial chairman’s certificate for an individual (point d, a warning)', () => {
  it.each<Case>([
    {
      name: 'two consecutive CSTĐCS',
      title: BK,
      awards: [award(2024, CSTDCS), award(2025, CSTDCS)],
      status: 'eligible',
    },
    {
      name: 'two years HTXSNV with two grassroots initiatives',
      title: BK,
      ratings: [htxs(2024), htxs(2025)],
      initiatives: [ini(2024, 'co_so'), ini(2025, 'co_so')],
      status: 'eligible',
    },
    {
      name: 'HTXSNV two years but one initiative, and CSTĐCS once',
      title: BK,
      awards: [award(2025, CSTDCS)],
      ratings: [htxs(2024), htxs(2025)],
      initiatives: [ini(2025, 'co_so')],
      status: 'warning',
      rules: ['BKT-CANHAN'],
      says: [
        'theo CSTĐCS: cần CSTĐCS năm 2024',
        '; hoặc theo hoàn thành xuất sắc nhiệm vụ: cần 2 sáng kiến',
        'hiện có 1',
      ],
    },
    {
      name: 'boundary: the HTXSNV years are not consecutive',
      title: BK,
      ratings: [htxs(2023), htxs(2025)],
      initiatives: [ini(2024, 'co_so'), ini(2025, 'co_so')],
      status: 'warning',
      rules: ['BKT-CANHAN'],
      says: ['cần xếp loại hoàn thành xuất sắc nhiệm vụ năm 2024'],
    },
    {
      name: 'a collective is not checked against the individual criterion',
      title: BK,
      kind: 'collective',
      status: 'eligible',
    },
    {
      name: 'NO-LADDER: no Giấy khen needed before the Bằng khen (152/2025)',
      title: BK,
      awards: [award(2024, CSTDCS), award(2025, CSTDCS)],
      status: 'eligible',
    },
  ])('$name', (c) => void check(c));
});

describe('TTLDXS: excellent labour collective', () => {
  const base = { title: TTLDXS, kind: 'collective' as const };
  it.each<Case>([
    {
      name: 'boundary: exactly 70 % LĐTT, 100 % complete, one CSTĐCS',
      ...base,
      collective: { members: 20, completedTasks: 20, ldtt: 14, cstdcs: 1 },
      status: 'eligible',
    },
    {
      name: '65 % LĐTT',
      ...base,
      collective: { members: 20, completedTasks: 20, ldtt: 13, cstdcs: 1 },
      status: 'blocked',
      rules: ['TTLDXS'],
      says: ['cá nhân đạt Lao động tiên tiến ≥ 70 % — hiện 65 % (13/20 người)'],
    },
    {
      name: 'one member did not complete the tasks',
      ...base,
      collective: { members: 20, completedTasks: 19, ldtt: 14, cstdcs: 1 },
      status: 'blocked',
      rules: ['TTLDXS'],
      says: ['≥ 100 %'],
    },
    {
      name: 'no CSTĐCS',
      ...base,
      collective: { members: 20, completedTasks: 20, ldtt: 20, cstdcs: 0 },
      status: 'blocked',
      rules: ['TTLDXS'],
      says: ['cần ít nhất 1 cá nhân đạt Chiến sĩ thi đua cơ sở — hiện có 0'],
    },
    { name: 'figures not given', ...base, status: 'blocked', rules: ['TTLDXS'] },
  ])('$name', (c) => void check(c));
});

describe('KIND: the title must fit the nominee', () => {
  it.each<Case>([
    {
      name: 'LĐTT for a collective',
      title: LDTT,
      kind: 'collective',
      status: 'blocked',
      rules: ['KIND'],
      says: ['LĐTT chỉ xét cho cá nhân; Trường Tiểu học xã Bình Lư là tập thể'],
    },
    { name: 'Giấy khen for a household', title: GKX, kind: 'household', status: 'eligible' },
  ])('$name', (c) => void check(c));
});

describe('BLOCK-PENDING: discipline, investigation, inspection, complaint', () => {
  it.each(['discipline', 'investigation', 'inspection', 'complaint'] as const)('a pending %s blocks', (kind) => {
    check({
      name: '',
      title: GKX,
      flags: [{ kind, openedOn: '2025-11-02' }],
      status: 'blocked',
      rules: ['BLOCK-PENDING'],
      says: ['(từ 02/11/2025) — chưa khen thưởng cho đến khi có kết luận'],
    });
  });
  it.each<Case>([
    {
      name: 'concluded before the check',
      title: GKX,
      flags: [{ kind: 'complaint', openedOn: '2025-03-01', closedOn: '2025-06-01' }],
      status: 'eligible',
    },
    {
      name: 'boundary: concluded on the day of the check',
      title: GKX,
      flags: [{ kind: 'inspection', openedOn: '2025-03-01', closedOn: '2026-01-15' }],
      status: 'eligible',
    },
    {
      name: 'concluded after the check date',
      title: GKX,
      flags: [{ kind: 'inspection', openedOn: '2025-03-01', closedOn: '2026-02-01' }],
      status: 'blocked',
      rules: ['BLOCK-PENDING'],
    },
    {
      name: 'opened after the check date',
      title: GKX,
      flags: [{ kind: 'investigation', openedOn: '2026-03-01' }],
      status: 'eligible',
    },
  ])('$name', (c) => void check(c));
});

describe('UNIT-DISSOLVED: units dissolved in the 2025 reorganisation (TT 15/2025)', () => {
  it.each<Case>([
    {
      name: 'a dissolved collective',
      title: GKX,
      kind: 'collective',
      unit: { key: ME, name: 'Phòng Nội vụ huyện Tam Đường', dissolvedOn: '2025-07-01' },
      status: 'blocked',
      rules: ['UNIT-DISSOLVED'],
      says: ['Phòng Nội vụ huyện Tam Đường đã giải thể ngày 01/07/2025'],
    },
    {
      name: 'an individual of a dissolved unit is proposed by the successor',
      title: GKX,
      unit: { key: 'old', name: 'Phòng Nội vụ huyện Tam Đường', dissolvedOn: '2025-07-01' },
      status: 'eligible',
    },
    {
      name: 'dissolution after the check date',
      title: GKX,
      kind: 'collective',
      unit: { key: ME, name: 'X', dissolvedOn: '2026-07-01' },
      status: 'eligible',
    },
  ])('$name', (c) => void check(c));
});

describe('DISCIPLINE-RESET: after discipline, achievement counts from the end of its period', () => {
  const three = [award(2023, CSTDCS), award(2024, CSTDCS), award(2025, CSTDCS)];
  const ended2023: FlagRecord = {
    kind: 'discipline',
    openedOn: '2022-10-01',
    closedOn: '2022-12-01',
    periodEnd: '2023-06-30',
  };
  it.each<Case>([
    {
      name: 'CSTĐCS 2023 earned before the period ended does not count',
      title: CSTDT,
      awards: three,
      initiatives: [ini(2024, 'tinh')],
      flags: [ended2023],
      status: 'blocked',
      rules: ['CSTDT-3CSTDCS', 'DISCIPLINE-RESET'],
      says: ['CSTĐCS 2023 không được tính: thành tích chỉ tính từ khi hết thời hạn kỷ luật (30/06/2023)'],
    },
    {
      name: 'a period that ended in 2022 leaves 2023–2025 intact',
      title: CSTDT,
      awards: three,
      initiatives: [ini(2024, 'tinh')],
      flags: [{ ...ended2023, periodEnd: '2022-12-31' }],
      status: 'eligible',
    },
    {
      name: 'the period runs into the nomination year',
      title: GKX,
      flags: [{ ...ended2023, periodEnd: '2025-09-30' }],
      status: 'blocked',
      rules: ['DISCIPLINE-RESET'],
      says: ['thời hạn kỷ luật kết thúc ngày 30/09/2025: thành tích năm 2025 chưa được tính; có thể xét từ năm 2026'],
    },
  ])('$name', (c) => void check(c));

  it('end_year_counts: true (the other reading) lets the year of the end count', () => {
    const lenient: RuleSet = {
      ...RS,
      rules: RS.rules.map((r) =>
        r.check.kind === 'discipline_reset' ? { ...r, check: { ...r.check, end_year_counts: true } } : r,
      ),
    };
    check({
      name: '',
      rs: lenient,
      title: CSTDT,
      awards: three,
      initiatives: [ini(2024, 'tinh')],
      flags: [ended2023],
      status: 'eligible',
    });
  });
});

describe('DOTXUAT-CHUYENDE: one-off and thematic results do not count toward merit awards', () => {
  it('a CSTĐCS recorded as đột xuất does not complete the run', () => {
    check({
      name: '',
      title: CSTDT,
      awards: [award(2023, CSTDCS), award(2024, CSTDCS, { type: 'dot_xuat' }), award(2025, CSTDCS)],
      initiatives: [ini(2024, 'tinh')],
      status: 'blocked',
      rules: ['CSTDT-3CSTDCS', 'DOTXUAT-CHUYENDE'],
      says: ['CSTĐCS 2024 là khen thưởng đột xuất/chuyên đề — không làm căn cứ khen thưởng công trạng'],
    });
  });
  it('a record excluded on one route does not matter when another route passes', () => {
    check({
      name: '',
      title: BK,
      awards: [award(2024, CSTDCS, { type: 'chuyen_de' }), award(2025, CSTDCS)],
      ratings: [htxs(2024), htxs(2025)],
      initiatives: [ini(2024, 'co_so'), ini(2025, 'co_so')],
      status: 'eligible',
    });
  });
  it('a thematic Bằng khen does not make a merit Bằng khen a double reward', () => {
    check({
      name: '',
      title: BK,
      awards: [award(2024, CSTDCS), award(2025, CSTDCS), award(2025, GKX, { type: 'chuyen_de' })],
      status: 'eligible',
    });
  });
});

describe('DOUBLE-REWARD: one achievement, one form', () => {
  const bkOk = [award(2024, CSTDCS), award(2025, CSTDCS)];
  it.each<Case>([
    {
      name: 'the same form twice in a year',
      title: GKX,
      awards: [award(2025, GKX, { decisionNo: '15/QĐ-UBND', decisionDate: '2025-12-30' })],
      status: 'blocked',
      rules: ['DOUBLE-REWARD'],
      says: ['đã được tặng Giấy khen của Chủ tịch UBND xã năm 2025 (QĐ 15/QĐ-UBND (30/12/2025))'],
    },
    {
      name: 'another form the same year',
      title: BK,
      awards: [...bkOk, award(2025, GKX)],
      status: 'warning',
      rules: ['DOUBLE-REWARD'],
      says: ['đề nghị thêm Bằng khen của Chủ tịch UBND tỉnh cho cùng thành tích là khen hai hình thức'],
    },
    { name: 'the same form in another year', title: GKX, awards: [award(2024, GKX)], status: 'eligible' },
    {
      name: 'titles stack: LĐTT and CSTĐCS the same year',
      title: CSTDCS,
      awards: [award(2025, LDTT)],
      initiatives: [ini(2025, 'co_so')],
      status: 'eligible',
    },
    {
      name: 'the same achievement under another form is blocked',
      title: BK,
      achievementKey: 'lu-2025',
      awards: [...bkOk, award(2025, GKX, { achievementKey: 'lu-2025' })],
      status: 'blocked',
      rules: ['DOUBLE-REWARD'],
    },
    {
      name: 'an unrecognised form the same year counts as another form',
      title: GKX,
      awards: [award(2025, null as unknown as string, { titleCode: null, formName: 'Giấy khen của Giám đốc Sở' })],
      status: 'warning',
      rules: ['DOUBLE-REWARD'],
    },
  ])('$name', (c) => void check(c));
});

describe('lineage: a unit merged in 2025 keeps its predecessors’ history', () => {
  // No collective rule of 152/2025 counts consecutive titles (Cờ thi đua criteria: U), so the
  // mechanism is tested with a rule added to a copy of the rule set.
  const withRun: RuleSet = {
    ...RS,
    rules: [
      ...RS.rules,
      {
        code: 'TEST-2TTLDXS',
        titles: [GKX],
        types: [],
        nominee_kinds: ['collective'],
        severity: 'blocked',
        check: {
          kind: 'prerequisite',
          routes: [{ all: [{ kind: 'title', title: TTLDXS, years: 2, ending_offset: -1, same_round_counts: true }] }],
        },
        text: { vi: 'thử', en: 'test' },
        legal_basis: 'test',
        source: 'test',
        uncertain: false,
        overridable: true,
      },
    ],
  };
  const run = (awards: AwardRecord[], lineage: NomineeHistory['lineage']) => {
    const i = input({ name: '', title: GKX, kind: 'collective', status: 'eligible' });
    i.history.awards = awards;
    i.history.lineage = lineage;
    i.history.nominee.key = 'xa-binh-lu';
    return evaluate(withRun, i);
  };
  const t = (holder: string, year: number) => ({ ...award(year, TTLDXS), holder });
  it('2023 of the merged-in predecessor and 2024 of the successor make two consecutive years', () => {
    const v = run(
      [t('tt-tam-duong', 2023), t('xa-binh-lu', 2024)],
      [{ successor: 'xa-binh-lu', predecessor: 'tt-tam-duong', on: '2025-07-01', kind: 'merge' }],
    );
    expect(v.status).toBe('eligible');
  });
  it('through a rename before the merger, transitively', () => {
    const v = run(
      [t('tt-old-name', 2023), t('xa-binh-lu', 2024)],
      [
        { successor: 'xa-binh-lu', predecessor: 'tt-tam-duong', on: '2025-07-01', kind: 'merge' },
        { successor: 'tt-tam-duong', predecessor: 'tt-old-name', on: '2020-01-01', kind: 'rename' },
      ],
    );
    expect(v.status).toBe('eligible');
  });
  it('an unrelated unit’s award does not count', () => {
    const v = run(
      [t('xa-khun-ha', 2023), t('xa-binh-lu', 2024)],
      [{ successor: 'xa-binh-lu', predecessor: 'tt-tam-duong', on: '2025-07-01', kind: 'merge' }],
    );
    expect(v.status).toBe('blocked');
    expect(v.findings[0]!.message.vi).toContain('cần TTLĐXS năm 2023');
  });
});

describe('overrides by the office', () => {
  const over = {
    round: { unitCounts: { [CSTDCS]: 4, [LDTT]: 20 } },
    awards: [award(2025, LDTT)],
    initiatives: [ini(2025, 'co_so')],
  };
  const warned = () => evaluate(RS, input({ name: '', title: CSTDCS, status: 'warning', ...over }));
  const by = { by: 'Nguyễn Văn An (Văn phòng)', at: '2026-01-20T02:00:00Z' };

  it('a warning accepted with a written reason becomes eligible, the computed status stays', () => {
    const v = applyOverride(warned(), {
      ...by,
      reason: 'Tỉnh cho phép 20 % theo công văn 12/SNV',
      rules: ['CSTDCS-CAP'],
    });
    expect(v.status).toBe('warning');
    expect(v.finalStatus).toBe('eligible');
    expect(v.override?.reason).toContain('công văn 12/SNV');
  });
  it('a block can be overridden too', () => {
    const b = evaluate(
      RS,
      input({ name: '', title: GKX, status: 'blocked', flags: [{ kind: 'complaint', openedOn: '2025-12-01' }] }),
    );
    expect(
      applyOverride(b, { ...by, reason: 'Đơn khiếu nại đã rút ngày 10/01/2026', rules: ['BLOCK-PENDING'] }).finalStatus,
    ).toBe('eligible');
  });
  it('findings not named keep their severity', () => {
    const v = evaluate(
      RS,
      input({ name: '', title: CSTDCS, status: 'blocked', round: over.round, initiatives: over.initiatives }),
    );
    expect(v.status).toBe('blocked');
    expect(
      applyOverride(v, { ...by, reason: 'Tỉnh cho phép 20 % theo công văn', rules: ['CSTDCS-CAP'] }).finalStatus,
    ).toBe('blocked');
  });
  it.each([
    ['a reason too short', { reason: 'ok', rules: ['CSTDCS-CAP'] }, 'reason_too_short'],
    ['a rule that did not fire', { reason: 'Lý do đủ dài để ghi nhận', rules: ['KIND'] }, 'unknown_rule'],
    ['no rule named', { reason: 'Lý do đủ dài để ghi nhận', rules: [] }, 'unknown_rule'],
  ] as const)('refused: %s', (_n, o, reason) => {
    expect(() => applyOverride(warned(), { ...by, ...o, rules: [...o.rules] })).toThrow(OverrideError);
    try {
      applyOverride(warned(), { ...by, ...o, rules: [...o.rules] });
    } catch (e) {
      expect((e as OverrideError).reason).toBe(reason);
    }
  });
  it('refused on an eligible verdict and on a rule marked not overridable', () => {
    const ok = evaluate(RS, input({ name: '', title: GKX, status: 'eligible' }));
    expect(() => applyOverride(ok, { ...by, reason: 'Lý do đủ dài để ghi nhận', rules: ['KIND'] })).toThrow(
      /already eligible/,
    );
    const strict: RuleSet = {
      ...RS,
      rules: RS.rules.map((r) => (r.code === 'UNIT-DISSOLVED' ? { ...r, overridable: false } : r)),
    };
    const v = evaluate(
      strict,
      input({
        name: '',
        title: GKX,
        kind: 'collective',
        status: 'blocked',
        unit: { key: ME, name: 'X', dissolvedOn: '2025-07-01' },
      }),
    );
    expect(() => applyOverride(v, { ...by, reason: 'Lý do đủ dài để ghi nhận', rules: ['UNIT-DISSOLVED'] })).toThrow(
      OverrideError,
    );
  });
  it('a stored override carried onto a new verdict does not hide a new finding', () => {
    const o = { ...by, reason: 'Tỉnh cho phép 20 % theo công văn', rules: ['CSTDCS-CAP'] };
    const later = evaluate(
      RS,
      input({
        name: '',
        title: CSTDCS,
        status: 'blocked',
        ...over,
        flags: [{ kind: 'complaint', openedOn: '2026-01-10' }],
      }),
    );
    const v = carryOverride(later, o);
    expect(v.finalStatus).toBe('blocked');
    expect(v.override).toEqual(o);
  });
});

describe('rule sets', () => {
  it('are chosen by the decision date; the 98/2023 period has none', () => {
    expect(selectRuleSet(sets, '2026-01-15')?.rules_version).toBe('152-2025');
    expect(selectRuleSet(sets, '2025-07-01')?.rules_version).toBe('152-2025');
    expect(selectRuleSet(sets, '2023-12-31')?.rules_version).toBe('91-2017');
    expect(selectRuleSet(sets, '2024-06-01')).toBeUndefined();
  });
  it('the old regime: CSTĐCS capped at 15 % (sourced) and TTLĐTT needs more than 50 % LĐTT', () => {
    const c = { members: 20, completedTasks: 20, ldtt: 10, cstdcs: 0 };
    check({
      name: '',
      rs: OLD,
      title: 'tap_the_lao_dong_tien_tien',
      kind: 'collective',
      year: 2022,
      collective: c,
      status: 'blocked',
      rules: ['TTLDTT-50'],
      says: ['> 50 %'],
    });
    check({
      name: '',
      rs: OLD,
      title: 'tap_the_lao_dong_tien_tien',
      kind: 'collective',
      year: 2022,
      collective: { ...c, ldtt: 11 },
      status: 'eligible',
    });
    const v = check({
      name: '',
      rs: OLD,
      title: CSTDCS,
      year: 2022,
      awards: [award(2022, LDTT)],
      initiatives: [ini(2022, 'co_so')],
      round: { unitCounts: { [CSTDCS]: 2, [LDTT]: 10 } },
      status: 'warning',
      rules: ['CSTDCS-CAP'],
    });
    expect(v.findings[0]!.uncertain).toBe(false);
  });
  it('every rule of 152/2025 has its code, both wordings, a legal basis and a source', () => {
    for (const r of RS.rules) {
      expect(r.text.vi).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵóòọõỏôộổỗồốơờớợởỡéèẻẹẽêếềệểễúùụủũưựữửừứíìịỉĩýỳỷỵỹđ]/i);
      expect(r.legal_basis.length).toBeGreaterThan(5);
      expect(r.source.length).toBeGreaterThan(5);
    }
    expect(RS.rules.map((r) => r.code)).toEqual(
      expect.arrayContaining([
        'CSTDCS-LDTT-SK',
        'CSTDCS-CAP',
        'CSTDT-3CSTDCS',
        'BKT-CANHAN',
        'TTLDXS',
        'BLOCK-PENDING',
        'UNIT-DISSOLVED',
        'DISCIPLINE-RESET',
        'DOTXUAT-CHUYENDE',
        'DOUBLE-REWARD',
        'NO-LADDER',
        'KIND',
      ]),
    );
  });
  it('a broken rule file names the file, the line and the field', () => {
    const text = fs
      .readFileSync(path.join(NATIONAL_DIR, 'eligibility-152-2025.yaml'), 'utf8')
      .replace('of_title: lao_dong_tien_tien', 'of_title: lao_dong_gioi');
    expect(() => parseRuleSet(text, 'x.yaml', MESSAGES)).toThrow(RuleSetError);
    expect(() => parseRuleSet(text, 'x.yaml', MESSAGES)).toThrow(
      /x\.yaml:\d+: rules\.\d+: unknown title lao_dong_gioi/,
    );
    const bad = fs
      .readFileSync(path.join(NATIONAL_DIR, 'eligibility-152-2025.yaml'), 'utf8')
      .replace('severity: warning', 'severity: maybe');
    expect(() => parseRuleSet(bad, 'x.yaml', MESSAGES)).toThrow(/x\.yaml:\d+: rules\.\d+\.severity/);
    expect(() =>
      parseRuleSet(fs.readFileSync(path.join(NATIONAL_DIR, 'eligibility-152-2025.yaml'), 'utf8'), 'x.yaml'),
    ).toThrow(/messages/);
  });
  it('titles match as offices write them, without diacritics; near misses do not', () => {
    expect(matchTitle(RS, 'CSTĐCS')?.code).toBe(CSTDCS);
    expect(matchTitle(RS, 'chien si thi dua co so')?.code).toBe(CSTDCS);
    expect(matchTitle(RS, 'Giấy khen của Chủ tịch Ủy ban nhân dân xã')?.code).toBe(GKX);
    expect(matchTitle(RS, 'Chiến sĩ thi đua')).toBeUndefined();
  });
});
