import { describe, expect, it } from 'vitest';
import {
  deadlineProgressSvg,
  escapeXml,
  progressSegment,
  renderPng,
  renderRgba,
  seriesBuckets,
  submissionsOverTimeSvg,
  textWidth,
} from '../handlers/office/chart/index.js';
import type { DeadlineOverview, SubmissionSeries, UnitProgress } from '../handlers/office/model.js';

const TZ = 'Asia/Ho_Chi_Minh';
const TITLE = 'Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2026';

function unit(i: number, kind: string, state: UnitProgress['state'], overdue = false): UnitProgress {
  return {
    unitId: i,
    code: `u${i}`,
    name: `Đơn vị ${i}`,
    kind,
    state,
    overdue,
    version: state === 'not_started' ? 0 : 1,
    answers: {},
  };
}

function overview(units: UnitProgress[], title = TITLE, locale: 'vi' | 'en' = 'vi'): DeadlineOverview {
  return {
    deadline: { id: 1, code: 'so-ket', title, kind: 'midyear_review', dueAt: new Date('2026-06-20T10:00:00Z') },
    items: [],
    units,
    generatedAt: new Date('2026-06-24T02:30:00Z'),
    timezone: TZ,
    locale,
    issuer: 'UBND huyện Yên Thế',
    office: 'Phòng Nội vụ',
  };
}

// 7 communes: 3 done (2 submitted, 1 accepted), 1 draft, 1 returned, 1 not started, 1 overdue draft.
// 5 agencies: 4 done, 1 overdue not started.
const UNITS: UnitProgress[] = [
  unit(1, 'commune', 'submitted'),
  unit(2, 'commune', 'submitted'),
  unit(3, 'commune', 'accepted'),
  unit(4, 'commune', 'draft'),
  unit(5, 'commune', 'returned'),
  unit(6, 'commune', 'not_started'),
  unit(7, 'commune', 'draft', true),
  unit(8, 'agency', 'submitted'),
  unit(9, 'agency', 'submitted'),
  unit(10, 'agency', 'accepted'),
  unit(11, 'agency', 'accepted'),
  unit(12, 'agency', 'not_started', true),
];

/** Texts of the <text> elements, unescaped. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('deadlineProgressSvg', () => {
  const svg = deadlineProgressSvg(overview(UNITS));

  it('puts the title, subtitle, legend and counts in the chart', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('font-family="DejaVu Sans"');
    expect(svg).toContain(`<title>${TITLE}</title>`);
    const t = texts(svg);
    // The title wraps at a word boundary; the lines together are the whole title.
    expect(t.slice(0, 2).join(' ')).toBe(TITLE);
    expect(t).toContain('7/12 đơn vị đã nộp — hạn 20/06/2026');
    expect(t).toEqual(
      expect.arrayContaining(['Đã nộp (7)', 'Đang soạn / bị trả lại (2)', 'Chưa làm (1)', 'Quá hạn (2)']),
    );
    expect(t).toEqual(expect.arrayContaining(['Tất cả đơn vị', 'Cơ quan chuyên môn', 'Xã']));
    // Agencies first (the data file's order), then communes.
    expect(t.indexOf('Cơ quan chuyên môn')).toBeLessThan(t.indexOf('Xã'));
    expect(t).toEqual(expect.arrayContaining(['7/12', '4/5', '3/7', '58%', '80%', '43%']));
    // Segment counts: all units 7 | 2 | 1 | 2; agencies 4 | 0 | 0 | 1; communes 3 | 2 | 1 | 1.
    expect(t.filter((x) => x === '7')).toHaveLength(1);
    expect(t.filter((x) => x === '4')).toHaveLength(1);
    expect(t.filter((x) => x === '3')).toHaveLength(1);
    expect(t.filter((x) => x === '2')).toHaveLength(3);
    expect(t.filter((x) => x === '1')).toHaveLength(4);
    expect(t).not.toContain('0');
  });

  it('sorts units into segments', () => {
    expect(progressSegment({ state: 'accepted', overdue: false })).toBe('submitted');
    expect(progressSegment({ state: 'submitted', overdue: false })).toBe('submitted');
    expect(progressSegment({ state: 'returned', overdue: false })).toBe('draft');
    expect(progressSegment({ state: 'returned', overdue: true })).toBe('overdue');
    expect(progressSegment({ state: 'draft', overdue: true })).toBe('overdue');
    expect(progressSegment({ state: 'not_started', overdue: false })).toBe('notStarted');
    expect(progressSegment({ state: 'not_started', overdue: true })).toBe('overdue');
  });

  it('escapes text', () => {
    const s = deadlineProgressSvg(overview([unit(1, 'x<y>&"z"', 'submitted')], 'Thi đua <2026> & "khen thưởng" \'A\''));
    expect(s).toContain('<title>Thi đua &lt;2026&gt; &amp; &quot;khen thưởng&quot; &apos;A&apos;</title>');
    expect(s).not.toContain('<2026>');
    expect(s).not.toContain('& "');
    expect(s).toContain('x&lt;y&gt;&amp;&quot;z&quot;');
    expect(texts(s)).toContain('Thi đua <2026> & "khen thưởng" \'A\'');
    // Well-formed enough for resvg, which rejects broken XML.
    expect(() => renderPng(s)).not.toThrow();
    expect(escapeXml('a\u0001b\u0000')).toBe('ab');
  });

  it('keeps a very long title in <title> and cuts the drawn one to two lines', () => {
    const long = `${TITLE} và phương hướng, nhiệm vụ trọng tâm 6 tháng cuối năm 2026 của các cơ quan, đơn vị, địa phương trên địa bàn huyện`;
    const s = deadlineProgressSvg(overview(UNITS, long));
    expect(s).toContain(`<title>${long}</title>`);
    const t = texts(s);
    expect(t[1]!.endsWith('…')).toBe(true);
    expect(t[2]).toBe('7/12 đơn vị đã nộp — hạn 20/06/2026');
    for (const line of t.slice(0, 2)) expect(textWidth(line, 26, true)).toBeLessThanOrEqual(1000 - 2 * 36);
    // A title without spaces is broken too.
    const s2 = deadlineProgressSvg(overview(UNITS, 'Đ'.repeat(300)));
    expect(texts(s2)[1]!.endsWith('…')).toBe(true);
    expect(() => renderPng(s2)).not.toThrow();
  });

  it('handles no units, all done, one kind and unknown kinds', () => {
    const none = deadlineProgressSvg(overview([]));
    expect(texts(none)).toContain('0/0 đơn vị đã nộp — hạn 20/06/2026');
    expect(texts(none)).toContain('Chưa có đơn vị nào thuộc đối tượng của đợt này.');
    expect(none).not.toContain('NaN');

    const done = deadlineProgressSvg(overview([unit(1, 'commune', 'submitted'), unit(2, 'school', 'accepted')]));
    expect(texts(done)).toEqual(
      expect.arrayContaining(['2/2 đơn vị đã nộp — hạn 20/06/2026', '100%', 'Đã nộp (2)', 'Quá hạn (0)']),
    );

    const one = deadlineProgressSvg(overview(UNITS.filter((u) => u.kind === 'commune')));
    expect(texts(one)).not.toContain('Tất cả đơn vị');
    expect(texts(one)).toContain('Xã');
    expect(texts(one)).toContain('3/7');

    const odd = deadlineProgressSvg(overview([unit(1, 'hop_tac_xa', 'draft')], TITLE, 'en'));
    expect(texts(odd)).toEqual(
      expect.arrayContaining(['hop_tac_xa', '0/1 units submitted — due 20/06/2026', 'Draft / returned (1)']),
    );

    for (const s of [none, done, one, odd]) expect(pngSize(renderPng(s)).width).toBe(1000);
  });

  it('keeps counts readable when segments are narrow', () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      unit(i, 'village', i < 116 ? 'submitted' : i < 117 ? 'draft' : 'not_started', i >= 119),
    );
    const s = deadlineProgressSvg(overview(many));
    const t = texts(s);
    expect(t).toEqual(expect.arrayContaining(['116', '1', '2']));
    expect(s).not.toContain('NaN');
  });
});

describe('renderPng', () => {
  it('renders a PNG of the requested width', () => {
    const png = renderPng(deadlineProgressSvg(overview(UNITS)));
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    const size = pngSize(png);
    expect(size.width).toBe(1000);
    expect(size.height).toBeGreaterThanOrEqual(300);
    expect(size.height).toBeLessThanOrEqual(2000);
    expect(png.length).toBeGreaterThan(5 * 1024);

    const small = renderPng(deadlineProgressSvg(overview(UNITS)), { width: 640 });
    expect(pngSize(small).width).toBe(640);
    expect(pngSize(small).height).toBe(Math.round((size.height * 640) / 1000));
  });

  it('draws Vietnamese letters with their marks (no missing glyphs)', () => {
    const svg = (t: string): string =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="100" viewBox="0 0 480 100" font-family="DejaVu Sans">` +
      `<rect width="480" height="100" fill="#FFFFFF"/><text x="10" y="64" font-size="40" fill="#000000">${t}</text></svg>`;
    const accented = renderRgba(svg('Lao động tiên tiến'), { width: 480 });
    const plain = renderRgba(svg('Lao dong tien tien'), { width: 480 });
    expect(accented.width).toBe(480);
    expect(accented.height).toBe(100);
    expect(accented.pixels.equals(plain.pixels)).toBe(false);

    /** Dark pixels in rows [from, to). */
    const ink = (img: { width: number; pixels: Buffer }, from: number, to: number): number => {
      let n = 0;
      for (let y = from; y < to; y++)
        for (let x = 0; x < img.width; x++) if (img.pixels[(y * img.width + x) * 4]! < 128) n++;
      return n;
    };
    // Baseline at y = 64, x-height (DejaVu: 0.55 em = 22 px) reaches y ≈ 42. Between them the
    // base letters are the same in both texts; above them, the accented text has its marks.
    const body = [ink(accented, 43, 64), ink(plain, 43, 64)];
    expect(body[0]).toBeGreaterThan(1000);
    expect(Math.abs(body[0]! - body[1]!)).toBeLessThan(body[1]! * 0.05);
    const above = [ink(accented, 0, 41), ink(plain, 0, 41)];
    expect(above[1]).toBeGreaterThan(0); // L, d and t rise above the x-height
    expect(above[0]).toBeGreaterThan(above[1]! * 1.5);
    // Something is drawn on rows where the plain text has no ink at all: the marks.
    const firstInk = (img: { width: number; pixels: Buffer }): number => {
      for (let y = 0; y < 100; y++) if (ink(img, y, y + 1) > 0) return y;
      return 100;
    };
    expect(firstInk(accented)).toBeLessThan(firstInk(plain));
  });
});

describe('submissionsOverTimeSvg', () => {
  const at = (iso: string, deadlineTitle = 'Đăng ký thi đua năm 2026'): { at: Date; deadlineTitle: string } => ({
    at: new Date(iso),
    deadlineTitle,
  });
  const year: SubmissionSeries = {
    title: 'Báo cáo đã nhận năm 2026',
    points: [
      at('2026-01-05T03:00:00Z'),
      at('2026-01-20T03:00:00Z'),
      at('2026-01-31T18:00:00Z'), // 01:00 on 1 February in Hà Nội
      at('2026-03-10T03:00:00Z'),
      at('2026-06-18T03:00:00Z', 'Sơ kết 6 tháng'),
      at('2026-06-19T03:00:00Z', 'Sơ kết 6 tháng'),
      at('2026-06-30T16:59:00Z', 'Sơ kết 6 tháng'), // 23:59 30/06
      at('2025-12-31T16:00:00Z'), // 23:00 31/12/2025: before the period
    ],
    from: new Date('2025-12-31T17:00:00Z'), // 00:00 01/01/2026 local
    to: new Date('2026-12-31T16:59:59Z'),
    timezone: TZ,
    locale: 'vi',
  };

  it('counts submissions per local month', () => {
    const { buckets, weekly } = seriesBuckets(year);
    expect(weekly).toBe(false);
    expect(buckets.map((b) => b.label)).toEqual([
      'Th1',
      'Th2',
      'Th3',
      'Th4',
      'Th5',
      'Th6',
      'Th7',
      'Th8',
      'Th9',
      'Th10',
      'Th11',
      'Th12',
    ]);
    expect(buckets.map((b) => b.count)).toEqual([2, 1, 1, 0, 0, 3, 0, 0, 0, 0, 0, 0]);
    expect(buckets[0]!.year).toBe('2026');
  });

  it('draws bars, month labels and the running total', () => {
    const svg = submissionsOverTimeSvg(year);
    expect(svg).toContain('<title>Báo cáo đã nhận năm 2026</title>');
    expect(svg).toContain('font-family="DejaVu Sans"');
    const t = texts(svg);
    expect(t[0]).toBe('Báo cáo đã nhận năm 2026');
    expect(t).toContain('7 lượt nộp cho 2 đợt · 01/01/2026 – 31/12/2026');
    for (const m of ['Th1', 'Th6', 'Th12']) expect(t).toContain(m);
    expect(t).toEqual(expect.arrayContaining(['Số lượt nộp trong tháng', 'Lũy kế (trục phải)']));
    // Bars for the four months with submissions, one point of the line per month.
    const bars = [...svg.matchAll(/<rect [^>]*fill="#4263EB" rx="2"\/>/g)];
    expect(bars).toHaveLength(4);
    expect([...svg.matchAll(/<circle /g)].length).toBe(12 + 1); // + the legend marker
    const line = /<polyline points="([^"]+)"/
      .exec(svg)![1]!
      .split(' ')
      .map((p) => p.split(',').map(Number) as [number, number]);
    expect(line).toHaveLength(12);
    // The running total never goes down and ends at the top of its steps (7).
    for (let i = 1; i < line.length; i++) expect(line[i]![1]).toBeLessThanOrEqual(line[i - 1]![1]);
    expect(t).toContain('7');
    const png = renderPng(svg);
    expect(pngSize(png).width).toBe(1000);
  });

  it('uses weeks for three months or less, English month names', () => {
    const q: SubmissionSeries = {
      ...year,
      from: new Date('2026-05-31T17:00:00Z'),
      to: new Date('2026-08-31T16:59:59Z'),
    };
    const { buckets, weekly } = seriesBuckets(q);
    expect(weekly).toBe(true);
    expect(buckets[0]!.label).toBe('01/06'); // Monday 1 June 2026
    expect(buckets.at(-1)!.label).toBe('31/08');
    expect(buckets.reduce((a, b) => a + b.count, 0)).toBe(3);
    expect(texts(submissionsOverTimeSvg(q))).toContain('Số lượt nộp trong tuần');

    const en = seriesBuckets({ ...year, locale: 'en' });
    expect(en.buckets.map((b) => b.label)).toEqual([
      'Jan',
      'Feb',
      'Mar',
      'Apr',
      'May',
      'Jun',
      'Jul',
      'Aug',
      'Sep',
      'Oct',
      'Nov',
      'Dec',
    ]);
  });

  it('shows a period without submissions', () => {
    const empty = submissionsOverTimeSvg({ ...year, points: [], title: 'Nộp <trễ> & đúng hạn' });
    const t = texts(empty);
    expect(t).toContain('Chưa có lượt nộp nào trong giai đoạn này.');
    expect(t).toContain('0 lượt nộp · 01/01/2026 – 31/12/2026');
    expect(empty).toContain('<title>Nộp &lt;trễ&gt; &amp; đúng hạn</title>');
    expect(empty).not.toContain('NaN');
    expect(pngSize(renderPng(empty, { width: 800 })).width).toBe(800);
  });

  it('spans years with the year under January', () => {
    const s = seriesBuckets({ ...year, from: new Date('2025-09-30T17:00:00Z'), to: new Date('2026-03-31T16:59:59Z') });
    expect(s.buckets.map((b) => b.label)).toEqual(['Th10', 'Th11', 'Th12', 'Th1', 'Th2', 'Th3']);
    expect(s.buckets.map((b) => b.year)).toEqual(['2025', undefined, undefined, '2026', undefined, undefined]);
    expect(s.buckets.map((b) => b.count)).toEqual([0, 0, 1, 2, 1, 1]);
  });
});
