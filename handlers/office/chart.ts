/**
 * Charts for the office: the progress of one deadline by unit kind, and submissions over a
 * period. Both are SVG strings built from plain data (no DOM, no browser); `renderPng` turns
 * them into PNG with resvg and the bundled DejaVu fonts, which cover Vietnamese.
 *
 * Text is laid out with the advance widths of DejaVu Sans (the tables below were read from
 * the font files), so titles wrap and counts fit their segments without measuring at run time.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import type { Resvg as ResvgClass, ResvgRenderOptions } from '@resvg/resvg-js';
import { formatDate, formatDateTime, formatNumber } from '../../domain/format.js';
import { addLocalDays, localParts, weekdayOf } from '../../domain/time.js';
import { kindLabel, kindOrder, officeLabels } from './labels.js';
import type { DeadlineOverview, SubmissionSeries, UnitProgress } from './model.js';

// ------------------------------------------------------------------ text metrics

/** Advance widths of ASCII 32…126 in DejaVu Sans, per 1000 em. */
const REGULAR = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636,
  636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863,
  748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635,
  615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636,
  337, 636, 838,
];
/** The same for DejaVu Sans Bold. */
const BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696,
  696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995,
  837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716,
  678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712,
  365, 712, 838,
];
/** Letters and marks whose width differs from their ASCII base letter. */
const EXTRA: Record<string, [number, number]> = {
  đ: [635, 716],
  Đ: [775, 838],
  Ơ: [913, 874],
  Ư: [858, 835],
  '…': [1000, 1000],
  '—': [1000, 1000],
  '–': [500, 500],
  '·': [318, 380],
  '“': [518, 657],
  '”': [518, 657],
  '‘': [318, 380],
  '’': [318, 380],
};

function charWidth(ch: string, bold: boolean): number {
  const table = bold ? BOLD : REGULAR;
  const code = ch.codePointAt(0)!;
  if (code >= 32 && code < 127) return table[code - 32]!;
  const extra = EXTRA[ch];
  if (extra) return extra[bold ? 1 : 0];
  if (code >= 0x300 && code <= 0x36f) return 0; // combining marks sit on the letter before
  // Vietnamese letters are Latin letters with marks: as wide as the base letter.
  const base = ch.normalize('NFD').codePointAt(0)!;
  if (base >= 32 && base < 127) return table[base - 32]!;
  return bold ? 720 : 660;
}

/** Width in px of `s` set in DejaVu Sans at `size` px. */
export function textWidth(s: string, size: number, bold = false): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch, bold);
  return (w * size) / 1000;
}

function truncate(s: string, maxWidth: number, size: number, bold: boolean): string {
  if (textWidth(s, size, bold) <= maxWidth) return s;
  const chars = [...s];
  while (chars.length > 0 && textWidth(chars.join('').trimEnd() + '…', size, bold) > maxWidth) chars.pop();
  return chars.join('').trimEnd() + '…';
}

/** Greedy word wrap into at most `maxLines` lines; the last line ends in "…" when text is cut. */
function wrap(s: string, maxWidth: number, size: number, bold: boolean, maxLines: number): string[] {
  const words = s.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < words.length; i++) {
    let word = words[i]!;
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate, size, bold) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) {
      lines.push(line);
      line = '';
    }
    // A single word wider than the line is broken by characters.
    while (textWidth(word, size, bold) > maxWidth) {
      const chars = [...word];
      let n = chars.length;
      while (n > 1 && textWidth(chars.slice(0, n).join(''), size, bold) > maxWidth) n--;
      lines.push(chars.slice(0, n).join(''));
      word = chars.slice(n).join('');
    }
    line = word;
    if (lines.length >= maxLines) {
      const rest = [lines.splice(maxLines - 1).join(' '), line, ...words.slice(i + 1)].filter(Boolean).join(' ');
      lines.push(truncate(rest, maxWidth, size, bold));
      return lines;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const rest = lines.splice(maxLines - 1).join(' ');
    lines.push(truncate(rest, maxWidth, size, bold));
  }
  return lines.length ? lines : [''];
}

// ------------------------------------------------------------------ SVG helpers

/** Escapes text for SVG content and attributes; drops characters XML does not allow. */
export function escapeXml(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Coordinates rounded to 0.1 px. */
function n(v: number): string {
  return String(Math.round(v * 10) / 10);
}

interface TextOpts {
  size: number;
  bold?: boolean;
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
}

function text(x: number, y: number, s: string, o: TextOpts): string {
  const attrs = [`x="${n(x)}"`, `y="${n(y)}"`, `font-size="${o.size}"`];
  if (o.bold) attrs.push('font-weight="bold"');
  if (o.anchor && o.anchor !== 'start') attrs.push(`text-anchor="${o.anchor}"`);
  attrs.push(`fill="${o.fill ?? C.text}"`);
  return `<text ${attrs.join(' ')}>${escapeXml(s)}</text>`;
}

/** A text drawn over a white outline, legible where it crosses a line. */
function halo(textElement: string): string {
  return textElement.replace(
    '<text ',
    '<text stroke="#FFFFFF" stroke-width="4" stroke-linejoin="round" paint-order="stroke" ',
  );
}

function rect(x: number, y: number, w: number, h: number, fill: string, extra = ''): string {
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(Math.max(0, w))}" height="${n(Math.max(0, h))}" fill="${fill}"${extra ? ' ' + extra : ''}/>`;
}

function svgDocument(width: number, height: number, title: string, desc: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.ceil(height)}" viewBox="0 0 ${width} ${Math.ceil(height)}" font-family="DejaVu Sans">`,
    `<title>${escapeXml(title)}</title>`,
    `<desc>${escapeXml(desc)}</desc>`,
    rect(0, 0, width, Math.ceil(height), C.background),
    ...body,
    '</svg>',
  ].join('\n');
}

const C = {
  background: '#FFFFFF',
  text: '#1F2933',
  muted: '#52606D',
  faint: '#9AA5B1',
  grid: '#E4E7EB',
  track: '#F1F3F5',
  submitted: '#2F9E44',
  draft: '#F59F00',
  notStarted: '#CED4DA',
  overdue: '#E03131',
  bar: '#4263EB',
  line: '#E8590C',
};

const W = 1000;
const PAD = 36;
const TITLE_SIZE = 26;
const TITLE_LINE = 33;

/** Title (up to two lines), subtitle; returns the SVG and the y below them. */
function heading(title: string, subtitle: string): { svg: string[]; bottom: number } {
  const lines = wrap(title.normalize('NFC'), W - 2 * PAD, TITLE_SIZE, true, 2);
  const svg: string[] = [];
  let y = PAD + TITLE_SIZE - 2;
  for (const l of lines) {
    svg.push(text(PAD, y, l, { size: TITLE_SIZE, bold: true }));
    y += TITLE_LINE;
  }
  y += 2;
  svg.push(text(PAD, y, truncate(subtitle, W - 2 * PAD, 17, false), { size: 17, fill: C.muted }));
  return { svg, bottom: y + 12 };
}

interface LegendEntry {
  label: string;
  swatch: (x: number, yMid: number) => string;
}

/** A row of legend entries, wrapping onto further rows; returns the y below it. */
function legend(entries: LegendEntry[], top: number, svg: string[]): number {
  const size = 15;
  const rowH = 26;
  let x = PAD;
  let yMid = top + rowH / 2;
  for (const e of entries) {
    const w = 22 + textWidth(e.label, size) + 28;
    if (x > PAD && x + w > W - PAD) {
      x = PAD;
      yMid += rowH;
    }
    svg.push(e.swatch(x, yMid));
    svg.push(text(x + 22, yMid + 5, e.label, { size, fill: C.text }));
    x += w;
  }
  return yMid + rowH / 2;
}

function boxSwatch(color: string): LegendEntry['swatch'] {
  return (x, yMid) => rect(x, yMid - 7, 15, 15, color, 'rx="3"');
}

// ------------------------------------------------------------------ deadline progress

type Segment = 'submitted' | 'draft' | 'notStarted' | 'overdue';
const SEGMENTS: readonly Segment[] = ['submitted', 'draft', 'notStarted', 'overdue'];

/** Where a unit falls on the progress bar: done, being drafted, not started, or overdue. */
export function progressSegment(u: Pick<UnitProgress, 'state' | 'overdue'>): Segment {
  if (u.state === 'submitted' || u.state === 'accepted') return 'submitted';
  if (u.overdue) return 'overdue';
  if (u.state === 'draft' || u.state === 'returned') return 'draft';
  return 'notStarted';
}

function countSegments(units: UnitProgress[]): Record<Segment, number> {
  const c: Record<Segment, number> = { submitted: 0, draft: 0, notStarted: 0, overdue: 0 };
  for (const u of units) c[progressSegment(u)]++;
  return c;
}

const SEGMENT_TEXT: Record<Segment, string> = {
  submitted: '#FFFFFF',
  draft: '#1F2933',
  notStarted: '#1F2933',
  overdue: '#FFFFFF',
};
/** Colour of a count written outside its (too narrow) segment. */
const SEGMENT_INK: Record<Segment, string> = {
  submitted: '#2B8A3E',
  draft: '#B35C00',
  notStarted: '#52606D',
  overdue: '#C92A2A',
};

/**
 * One 100% stacked horizontal bar per unit kind (and one for all units when there are several
 * kinds): submitted, draft or returned, not started, overdue; counts in the segments.
 */
export function deadlineProgressSvg(o: DeadlineOverview): string {
  const L = officeLabels(o.locale).chart;
  const total = o.units.length;
  const all = countSegments(o.units);
  const due = formatDate(o.deadline.dueAt, o.timezone);
  const subtitle = L.progressSubtitle(all.submitted, total, due);
  const svg: string[] = [];
  const head = heading(o.deadline.title, subtitle);
  svg.push(...head.svg);

  const entries = SEGMENTS.map((s): LegendEntry => ({
    label: `${L.segment[s]} (${formatNumber(all[s], o.locale)})`,
    swatch: boxSwatch(C[s]),
  }));
  let y = total > 0 ? legend(entries, head.bottom + 6, svg) + 16 : head.bottom + 16;

  const footer = (top: number): number => {
    const fy = top + 28;
    svg.push(
      `<line x1="${PAD}" y1="${n(top + 8)}" x2="${W - PAD}" y2="${n(top + 8)}" stroke="${C.grid}" stroke-width="1"/>`,
    );
    svg.push(text(PAD, fy, truncate(o.office || o.issuer, W / 2 - PAD, 13, false), { size: 13, fill: C.faint }));
    svg.push(
      text(W - PAD, fy, L.updatedAt(formatDateTime(o.generatedAt, o.timezone)), {
        size: 13,
        fill: C.faint,
        anchor: 'end',
      }),
    );
    return fy + PAD - 8;
  };

  if (total === 0) {
    svg.push(rect(PAD, y, W - 2 * PAD, 96, '#F8F9FA', `rx="8" stroke="${C.grid}"`));
    svg.push(text(W / 2, y + 54, L.noUnits, { size: 17, fill: C.muted, anchor: 'middle' }));
    const height = footer(y + 110);
    return svgDocument(W, height, o.deadline.title, subtitle, svg);
  }

  const kinds = kindOrder(o.units.map((u) => u.kind));
  const rows: Array<{ label: string; counts: Record<Segment, number>; total: number; strong: boolean }> = [];
  if (kinds.length > 1) rows.push({ label: L.allUnits, counts: all, total, strong: true });
  for (const k of kinds) {
    const units = o.units.filter((u) => u.kind === k);
    rows.push({
      label: kindLabel(o.locale, k),
      counts: countSegments(units),
      total: units.length,
      strong: kinds.length === 1,
    });
  }

  const labelSize = 16;
  const labelW = Math.min(300, Math.max(120, ...rows.map((r) => textWidth(r.label, labelSize, r.strong) + 4)));
  const rightW = 120;
  const x0 = PAD + labelW + 16;
  const x1 = W - PAD - rightW;
  const barW = x1 - x0;
  const rowH = 54;
  const barH = 30;

  // Percentage grid behind the bars.
  const gridTop = y;
  const gridBottom = y + rows.length * rowH + (rows.length > 1 && rows[0]!.strong ? 12 : 0);
  for (const p of [0, 25, 50, 75, 100]) {
    const gx = x0 + (barW * p) / 100;
    svg.push(
      `<line x1="${n(gx)}" y1="${n(gridTop)}" x2="${n(gx)}" y2="${n(gridBottom)}" stroke="${C.grid}" stroke-width="1"/>`,
    );
    svg.push(text(gx, gridBottom + 18, `${p}%`, { size: 13, fill: C.muted, anchor: 'middle' }));
  }

  rows.forEach((r, i) => {
    const top = y + (rowH - barH) / 2 + 6;
    const mid = top + barH / 2;
    const label = truncate(r.label, labelW, labelSize, r.strong);
    svg.push(text(PAD, mid + 6, label, { size: labelSize, bold: r.strong, fill: C.text }));
    svg.push(
      `<clipPath id="bar${i}"><rect x="${n(x0)}" y="${n(top)}" width="${n(barW)}" height="${barH}" rx="5"/></clipPath>`,
    );
    svg.push(`<g clip-path="url(#bar${i})">`);
    svg.push(rect(x0, top, barW, barH, C.track));
    let x = x0;
    const outside: Array<{ cx: number; s: Segment; label: string }> = [];
    const inside: string[] = [];
    for (const s of SEGMENTS) {
      const c = r.counts[s];
      if (c === 0) continue;
      const w = (barW * c) / r.total;
      svg.push(rect(x, top, w, barH, C[s]));
      const label = formatNumber(c, o.locale);
      if (textWidth(label, 14, true) + 10 <= w) {
        inside.push(text(x + w / 2, mid + 5, label, { size: 14, bold: true, fill: SEGMENT_TEXT[s], anchor: 'middle' }));
      } else outside.push({ cx: x + w / 2, s, label });
      // A thin white gap between segments.
      if (x > x0) svg.push(rect(x - 0.75, top, 1.5, barH, '#FFFFFF'));
      x += w;
    }
    svg.push('</g>');
    svg.push(...inside);
    // Counts of narrow segments sit just above the bar, left to right without overlapping.
    let free = x0 - 100;
    for (const t of outside) {
      const w = textWidth(t.label, 12, true);
      const cx = Math.max(t.cx, free + w / 2 + 3);
      if (cx + w / 2 > x1 + rightW - 8) continue;
      svg.push(text(cx, top - 4, t.label, { size: 12, bold: true, fill: SEGMENT_INK[t.s], anchor: 'middle' }));
      free = cx + w / 2;
    }
    const pct = Math.round((100 * r.counts.submitted) / r.total);
    svg.push(text(x1 + 14, mid + 6, `${r.counts.submitted}/${r.total}`, { size: 16, bold: true, fill: C.text }));
    svg.push(text(W - PAD, mid + 6, `${pct}%`, { size: 15, fill: C.muted, anchor: 'end' }));
    y += rowH;
    if (r.strong && rows.length > 1 && i === 0) {
      svg.push(
        `<line x1="${PAD}" y1="${n(y + 5)}" x2="${W - PAD}" y2="${n(y + 5)}" stroke="${C.grid}" stroke-width="1.5" stroke-dasharray="4 4"/>`,
      );
      y += 12;
    }
  });

  const height = footer(gridBottom + 24);
  return svgDocument(W, height, o.deadline.title, subtitle, svg);
}

// ------------------------------------------------------------------ submissions over time

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
      if (out[i]) out[i]!.count++;
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
      if (out[i]) out[i]!.count++;
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
  let leftStep = niceStep(maxCount / 5);
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

// ------------------------------------------------------------------ rendering

let fonts: string[] | undefined;
let resvg: typeof ResvgClass | undefined;

/** The native renderer, loaded on the first chart rather than at every start. */
function Resvg(): typeof ResvgClass {
  resvg ??= (createRequire(import.meta.url)('@resvg/resvg-js') as { Resvg: typeof ResvgClass }).Resvg;
  return resvg;
}

/** DejaVu Sans regular and bold from the `dejavu-fonts-ttf` package (never system fonts). */
export function chartFontFiles(): string[] {
  if (!fonts) {
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const files = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(dir, f));
    for (const f of files) if (!fs.existsSync(f)) throw new Error(`chart font missing: ${f}`);
    fonts = files;
  }
  return fonts;
}

function resvgOptions(width: number): ResvgRenderOptions {
  return {
    fitTo: { mode: 'width', value: Math.max(1, Math.round(width)) },
    background: '#FFFFFF',
    font: {
      fontFiles: chartFontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  };
}

/** Renders an SVG to raw RGBA pixels (for checks that look at the image itself). */
export function renderRgba(
  svg: string,
  opts: { width?: number } = {},
): { width: number; height: number; pixels: Buffer } {
  const img = new (Resvg())(svg, resvgOptions(opts.width ?? 1000)).render();
  return { width: img.width, height: img.height, pixels: img.pixels };
}

/** Renders an SVG to PNG, `width` px wide (default 1000), the height following the aspect. */
export function renderPng(svg: string, opts: { width?: number } = {}): Buffer {
  return new (Resvg())(svg, resvgOptions(opts.width ?? 1000)).render().asPng();
}
