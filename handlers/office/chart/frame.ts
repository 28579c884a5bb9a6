/**
 * What every chart shares: the palette, the page width and margins, the title block, the legend.
 *
 * Why: both charts must look like one family (the same colours for the same states, the same
 * heading and legend), so those decisions live once here rather than in each chart.
 * Trade-off: a fixed 1000 px page and fixed type sizes rather than a responsive layout; the PNG
 * is scaled to the width asked for, so a chart looks the same on every platform.
 */
import { textWidth, truncate, wrap } from './font-metrics.js';
import { INK, PAPER, rect, text } from './svg.js';

export const C = {
  background: PAPER,
  text: INK,
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

export const W = 1000;
export const PAD = 36;
const TITLE_SIZE = 26;
const TITLE_LINE = 33;

/** Title (up to two lines), subtitle; returns the SVG and the y below them. */
export function heading(title: string, subtitle: string): { svg: string[]; bottom: number } {
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

export interface LegendEntry {
  label: string;
  swatch: (x: number, yMid: number) => string;
}

/** A row of legend entries, wrapping onto further rows; returns the y below it. */
export function legend(entries: LegendEntry[], top: number, svg: string[]): number {
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

export function boxSwatch(color: string): LegendEntry['swatch'] {
  return (x, yMid) => rect(x, yMid - 7, 15, 15, color, 'rx="3"');
}
