/**
 * The progress chart of one deadline: a 100% stacked bar per unit kind (submitted, draft or
 * returned, not started, overdue), with the counts in the segments and the share submitted.
 *
 * Why: the office's first question about a deadline is "who has not reported yet, and where";
 * one bar per kind answers it at a glance, on a phone too.
 * Trade-off: proportions rather than absolute bar lengths, so a kind with 3 units reads as
 * clearly as one with 120 (the counts are written beside each bar); the count of a segment too
 * narrow to hold it moves above the bar, and is dropped when it would collide with another.
 */
import { formatDate, formatDateTime, formatNumber } from '../../../domain/format.js';
import { kindLabel, kindOrder, officeLabels } from '../labels.js';
import type { DeadlineOverview, UnitProgress } from '../model.js';
import { textWidth, truncate } from './font-metrics.js';
import { boxSwatch, C, heading, legend, PAD, W, type LegendEntry } from './frame.js';
import { n, rect, svgDocument, text } from './svg.js';

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
