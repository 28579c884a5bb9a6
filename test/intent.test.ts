/**
 * The pure matcher on the labelled set (accuracy floors), on the second demo file's own
 * names, and on bad input. Timing is measured by bench/intent.ts, not asserted here.
 */
import { describe, expect, it } from 'vitest';
import { loadQuestions, run, vocabularyOf } from './helpers/intents.js';
import { INTENTS } from '../handlers/intent/lexicon.js';
import { LONG_QUESTION, matchIntent } from '../handlers/intent/match.js';
import { DATA_BINH_LU, DATA_TAM_DUONG } from './helpers/app.js';

const FIXTURE = new URL('./fixtures/intents.vi.yaml', import.meta.url).pathname;
const tamDuong = vocabularyOf(DATA_TAM_DUONG);
const binhLu = vocabularyOf(DATA_BINH_LU);

describe('labelled questions (test/fixtures/intents.vi.yaml)', () => {
  const items = loadQuestions(FIXTURE);
  const results = run(items, tamDuong);

  it('has at least 300 questions covering every intent', () => {
    expect(items.length).toBeGreaterThanOrEqual(300);
    for (const i of [...INTENTS, 'unknown'])
      expect(items.filter((x) => x.intent === i).length, i).toBeGreaterThanOrEqual(10);
  });

  it('is at least 90 % right over all and 80 % for every intent', () => {
    const ok = results.filter((r) => r.ok).length;
    expect(ok / results.length).toBeGreaterThanOrEqual(0.9);
    for (const i of [...INTENTS, 'unknown']) {
      const mine = results.filter((r) => r.item.intent === i);
      expect(mine.filter((r) => r.ok).length / mine.length, i).toBeGreaterThanOrEqual(0.8);
    }
  });
});

describe('another jurisdiction’s names (data/lai-chau/binh-lu.yaml)', () => {
  const cases: Array<[string, string, Record<string, string>]> = [
    ['Trạm Y tế nộp báo cáo sơ kết chưa', 'unit_status', { unit: 'tram-y-te', deadline: 'so-ket' }],
    ['cong an xa nop chua', 'unit_status', { unit: 'cong-an' }],
    ['trường mầm non đã gửi báo cáo tổng kết chưa', 'unit_status', { unit: 'truong-mn', deadline: 'tong-ket' }],
    ['GK xã cần những gì', 'criteria', { doc: 'giay_khen_chu_tich_ubnd_xa' }],
    ['tieu chuan CSTDCS', 'criteria', { doc: 'chien_si_thi_dua_co_so' }],
    ['hạn tổng kết là bao giờ', 'deadline', { deadline: 'tong-ket' }],
    ['đơn vị nào chưa nộp sơ kết', 'missing', { deadline: 'so-ket' }],
    ['tôi còn việc gì', 'my_tasks', {}],
  ];
  for (const [q, intent, want] of cases) {
    it(`"${q}" → ${intent} ${JSON.stringify(want)}`, () => {
      const m = matchIntent(q, binhLu);
      expect(m.intent).toBe(intent);
      if (want.unit) expect(m.unit?.code).toBe(want.unit);
      if (want.deadline) expect(m.deadline?.code).toBe(want.deadline);
      if (want.doc) expect(m.doc?.code).toBe(want.doc);
    });
  }

  it('knows the commune’s units, not the district’s', () => {
    expect(matchIntent('xã Bản Bo nộp chưa', binhLu).unit).toBeUndefined();
    expect(matchIntent('xã Bản Bo nộp chưa', tamDuong).unit?.code).toBe('xa-ban-bo');
  });
});

describe('bad input', () => {
  it('two units: both, and the problem named', () => {
    const m = matchIntent('xã Bình Lư và xã Bản Bo nộp báo cáo chưa', tamDuong);
    expect(m.intent).toBe('unit_status');
    expect(m.problems).toContain('two_units');
    expect([m.unit?.code, m.otherUnit?.code].sort()).toEqual(['xa-ban-bo', 'xa-binh-lu']);
  });

  it('a unit that does not exist: the name as typed', () => {
    const m = matchIntent('xã Phong Thổ nộp báo cáo chưa', tamDuong);
    expect(m.intent).toBe('unit_status');
    expect(m.problems).toContain('unknown_unit');
    expect(m.unknownName).toContain('Phong Thổ');
    expect(m.unit).toBeUndefined();
  });

  it('emoji, other scripts, and very long text', () => {
    expect(matchIntent('😀🎉👍', tamDuong).problems).toEqual(['no_words']);
    expect(matchIntent('这是什么意思请告诉我', tamDuong).problems).toEqual(['foreign']);
    const long = matchIntent(`hạn tổng kết là bao giờ ${'bla '.repeat(200)}`, tamDuong);
    expect(long.problems).toContain('too_long');
    expect(long.intent).toBe('deadline');
    expect(matchIntent('x'.repeat(LONG_QUESTION * 10), tamDuong).intent).toBe('unknown');
  });

  it('typos and missing diacritics on names', () => {
    expect(matchIntent('chien si thi dau co so can gi', tamDuong).doc?.code).toBe('chien_si_thi_dua_co_so');
    expect(matchIntent('xa binh lu nop bao cao chua', tamDuong).unit?.code).toBe('xa-binh-lu');
    expect(matchIntent('Sùng Phaai nộp chưa', tamDuong).unit?.code).toBe('xa-sung-phai');
  });

  it('an unplaceable question gets at most two guesses', () => {
    const m = matchIntent('thời tiết hôm nay thế nào', tamDuong);
    expect(m.intent).toBe('unknown');
    expect(m.guesses.length).toBeLessThanOrEqual(2);
  });
});
