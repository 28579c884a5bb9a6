/**
 * The submissions-over-time chart: submissions per month (per week for three months or less)
 * as bars, with the running total as a line on a second axis.
 *
 * Why: the office reviews a year (or a quarter) at a glance: when units report, and how far
 * the period has come.
 * Trade-off: buckets follow the calendar of the office's time zone, not a rolling window, so
 * bars match the months people talk about; the two axes share their grid lines (the right
 * axis's step is chosen to fit them), which keeps the chart quiet at the cost of less round
 * numbers on the right.
 */
import { formatDate, formatNumber } from '../../../domain/format.js';
import { addLocalDays, localParts, weekdayOf } from '../../../domain/time.js';
import { officeLabels } from '../labels.js';
import type { SubmissionSeries } from '../model.js';
import { textWidth } from './font-metrics.js';
import { boxSwatch, C, heading, legend, PAD, W } from './frame.js';
import { halo, n, rect, svgDocument, text } from './svg.js';

export interface SeriesBucket {
  /** Label under the bar (month or week start). */
  label: string;
  /** Second line under the label: the year, on the first bucket and at each January. */
  year?: string;
  count: number;
}

function dayNumber(p: { year: number; month: number; day: number }): number {
  return Math.round(Date.UTC(p.year, p.month - 1, p.day) / 86_400_000);
}

/**
 * The bars of the series chart: calendar months of `s.timezone` from `from` to `to`, or weeks
 * (Monday to Sunday) when the period is three months or shorter. Points outside are ignored.
 */
export function seriesBuckets(s: SubmissionSeries): {
  buckets: SeriesBucket[];
  weekly: boolean;
  inRange: SubmissionSeries['points'];
} {
  const L = officeLabels(s.locale).chart;
  const [from, to] = s.from.getTime() <= s.to.getTime() ? [s.from, s.to] : [s.to, s.from];
  const a = localParts(from, s.timezone);
  const b = localParts(to, s.timezone);
  const monthsApart = (b.year - a.year) * 12 + (b.month - a.month);
  const weekly = monthsApart < 3 || (monthsApart === 3 && b.day <= a.day);
  const inRange = s.points.filter((p) => p.at.getTime() >= from.getTime() && p.at.getTime() <= to.getTime());
  const out: SeriesBucket[] = [];

  if (weekly) {
    const monday = addLocalDays(a, -(weekdayOf(a) - 1));
    const first = dayNumber(monday);
    const weeks = Math.floor((dayNumber(b) - first) / 7) + 1;
    for (let i = 0; i < weeks; i++) {
      const d = addLocalDays(monday, i * 7);
      const label =
        s.locale === 'vi'
          ? `${String(d.day).padStart(2, '0')}/${String(d.month).padStart(2, '0')}`
          : `${d.day} ${L.months[d.month - 1]}`;
      out.push({ label, year: i === 0 || (d.month === 1 && d.day <= 7) ? String(d.year) : undefined, count: 0 });
    }
    for (const p of inRange) {
      const i = Math.floor((dayNumber(localParts(p.at, s.timezone)) - first) / 7);
      if (out[i]) out[i].count++;
    }
  } else {
    for (let i = 0; i <= monthsApart; i++) {
      const m = ((a.month - 1 + i) % 12) + 1;
      const y = a.year + Math.floor((a.month - 1 + i) / 12);
      out.push({ label: L.months[m - 1]!, year: i === 0 || m === 1 ? String(y) : undefined, count: 0 });
    }
    for (const p of inRange) {
      const q = localParts(p.at, s.timezone);
      const i = (q.year - a.year) * 12 + (q.month - a.month);
      if (out[i]) out[i].count++;
    }
  }
  return { buckets: out, weekly, inRange };
}

/** A step of 1, 2, 2.5 or 5 × 10^k (whole numbers only) at least `raw`. */
function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) {
    const step = m * p;
    if (step >= raw && Number.isInteger(step)) return step;
  }
  return 10 * p;
}

/**
 * Submissions per month (per week when the period is three months or shorter) as bars, with
 * the running total as a line on a second axis.
 */
export function submissionsOverTimeSvg(s: SubmissionSeries): string {
  const L = officeLabels(s.locale).chart;
  const { buckets: bs, weekly, inRange } = seriesBuckets(s);
  const [from, to] = s.from.getTime() <= s.to.getTime() ? [s.from, s.to] : [s.to, s.from];
  const total = inRange.length;
  const deadlines = new Set(inRange.map((p) => p.deadlineTitle)).size;
  const subtitle = L.seriesSubtitle(total, deadlines, formatDate(from, s.timezone), formatDate(to, s.timezone));
  const svg: string[] = [];
  const head = heading(s.title, subtitle);
  svg.push(...head.svg);
  const legendBottom = legend(
    [
      { label: weekly ? L.perWeek : L.perMonth, swatch: boxSwatch(C.bar) },
      {
        label: L.cumulative,
        swatch: (x, yMid) =>
          `<line x1="${n(x - 2)}" y1="${n(yMid)}" x2="${n(x + 17)}" y2="${n(yMid)}" stroke="${C.line}" stroke-width="3"/>` +
          `<circle cx="${n(x + 7.5)}" cy="${n(yMid)}" r="4" fill="#FFFFFF" stroke="${C.line}" stroke-width="2.5"/>`,
      },
    ],
    head.bottom + 6,
    svg,
  );

  const maxCount = Math.max(0, ...bs.map((b) => b.count));
  // Left axis: counts per bucket; right axis: running total, on the same grid lines.
  const leftStep = niceStep(maxCount / 5);
  let leftMax = Math.max(1, Math.ceil(maxCount / leftStep)) * leftStep;
  if (leftStep === 1 && leftMax < 4) leftMax = 4;
  const divisions = leftMax / leftStep;
  const rightStep = niceStep(total / divisions);
  const rightMax = divisions * rightStep;

  const plotTop = legendBottom + 26;
  const plotH = 340;
  const plotBottom = plotTop + plotH;
  const fmt = (v: number): string => formatNumber(v, s.locale);
  const axisW = Math.max(28, textWidth(fmt(leftMax), 13) + 10);
  const rightAxisW = Math.max(28, textWidth(fmt(rightMax), 13) + 10);
  const px0 = PAD + axisW;
  const px1 = W - PAD - rightAxisW;
  const plotW = px1 - px0;
  const yOf = (v: number, max: number): number => plotBottom - (plotH * v) / max;

  for (let i = 0; i <= divisions; i++) {
    const gy = yOf(i * leftStep, leftMax);
    svg.push(
      `<line x1="${n(px0)}" y1="${n(gy)}" x2="${n(px1)}" y2="${n(gy)}" stroke="${i === 0 ? C.faint : C.grid}" stroke-width="1"/>`,
    );
    svg.push(text(px0 - 8, gy + 4.5, fmt(i * leftStep), { size: 13, fill: C.muted, anchor: 'end' }));
    svg.push(text(px1 + 8, gy + 4.5, fmt(i * rightStep), { size: 13, fill: C.line }));
  }

  const slot = plotW / bs.length;
  const barW = Math.min(52, slot * 0.62);
  const labelEvery = Math.max(1, Math.ceil(Math.max(...bs.map((b) => textWidth(b.label, 13))) / (slot - 6)));
  let running = 0;
  const line: Array<[number, number]> = [];
  const valueLabels: string[] = [];
  bs.forEach((b, i) => {
    const cx = px0 + slot * (i + 0.5);
    if (b.count > 0) {
      const top = yOf(b.count, leftMax);
      svg.push(rect(cx - barW / 2, top, barW, plotBottom - top, C.bar, 'rx="2"'));
      if (barW >= 14)
        valueLabels.push(
          halo(text(cx, top - 6, fmt(b.count), { size: 13, bold: true, fill: C.bar, anchor: 'middle' })),
        );
    }
    if (i % labelEvery === 0) {
      svg.push(text(cx, plotBottom + 20, b.label, { size: 13, fill: C.text, anchor: 'middle' }));
      if (b.year) svg.push(text(cx, plotBottom + 37, b.year, { size: 12, fill: C.faint, anchor: 'middle' }));
    }
    running += b.count;
    line.push([cx, yOf(running, rightMax)]);
  });

  if (total > 0) {
    svg.push(
      `<polyline points="${line.map(([x, y]) => `${n(x)},${n(y)}`).join(' ')}" fill="none" stroke="${C.line}" stroke-width="3" stroke-linejoin="round" stroke-linecap="round"/>`,
    );
    for (const [x, y] of line)
      svg.push(`<circle cx="${n(x)}" cy="${n(y)}" r="4" fill="#FFFFFF" stroke="${C.line}" stroke-width="2.5"/>`);
  }
  // Bar values on top of the line, with a white halo where they cross it.
  svg.push(...valueLabels);
  const last = line[line.length - 1];
  if (last && total > 0) {
    const label = fmt(total);
    const lw = textWidth(label, 14, true);
    const lx = Math.min(last[0] + 8, px1 - lw - 2);
    svg.push(rect(lx - 3, last[1] - 27, lw + 6, 19, '#FFFFFF', 'fill-opacity="0.85" rx="3"'));
    svg.push(text(lx, last[1] - 12, label, { size: 14, bold: true, fill: C.line }));
  }

  if (total === 0) {
    const msgW = textWidth(L.noSubmissions, 17) + 48;
    svg.push(rect(W / 2 - msgW / 2, plotTop + plotH / 2 - 28, msgW, 52, '#F8F9FA', `rx="8" stroke="${C.grid}"`));
    svg.push(text(W / 2, plotTop + plotH / 2 + 4, L.noSubmissions, { size: 17, fill: C.muted, anchor: 'middle' }));
  }

  const height = plotBottom + 46 + PAD;
  return svgDocument(W, height, s.title, subtitle, svg);
}
