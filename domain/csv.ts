/**
 * CSV cells and lines in one of two styles. `rfc4180`: comma separator, "." decimal point.
 * `excel-vi`: what Excel on a Vietnamese Windows opens without the import wizard — semicolon
 * separator and decimal comma (its list separator and decimal symbol). Both quote a cell that
 * holds a quote, the separator or a line break. The caller adds the UTF-8 BOM and the line ends.
 */
import { localParts } from './time.js';

export type CsvStyle = 'excel-vi' | 'rfc4180';
/** The CSV_STYLE setting: a style, or `auto` (excel-vi for a Vietnamese export, rfc4180 otherwise). */
export type CsvStyleSetting = CsvStyle | 'auto';

export const CSV_STYLES = ['auto', 'excel-vi', 'rfc4180'] as const satisfies readonly CsvStyleSetting[];

export function resolveCsvStyle(setting: CsvStyleSetting | undefined, locale: string): CsvStyle {
  if (setting === 'excel-vi' || setting === 'rfc4180') return setting;
  return locale === 'vi' ? 'excel-vi' : 'rfc4180';
}

export function csvSeparator(style: CsvStyle): ',' | ';' {
  return style === 'excel-vi' ? ';' : ',';
}

/** A number as the style writes it: 45.5, or 45,5 with a decimal comma. No thousands separator. */
export function csvNumber(n: number, style: CsvStyle = 'rfc4180'): string {
  const s = String(n);
  return style === 'excel-vi' ? s.replace('.', ',') : s;
}

/** Quotes `s` when it holds a quote, the style's separator or a line break. */
export function csvQuote(s: string, style: CsvStyle = 'rfc4180'): string {
  const needs = style === 'excel-vi' ? /[";\n\r]/ : /[",\n\r]/;
  return needs.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV cell: numbers in the style's decimal mark, dates as ISO (UTC), objects as JSON. */
export function csvCell(v: unknown, style: CsvStyle = 'rfc4180'): string {
  let s: string;
  if (v === null || v === undefined) s = '';
  else if (typeof v === 'string') s = v;
  else if (typeof v === 'number') s = csvNumber(v, style);
  else if (typeof v === 'boolean' || typeof v === 'bigint') s = String(v);
  else if (v instanceof Date) s = v.toISOString();
  else s = JSON.stringify(v);
  return csvQuote(s, style);
}

/** One record: the cells (already written) joined by the style's separator. */
export function csvLine(cells: string[], style: CsvStyle = 'rfc4180'): string {
  return cells.join(csvSeparator(style));
}

const two = (n: number): string => String(n).padStart(2, '0');

/** An instant as local ISO 8601 with its offset in `tz`: "2026-03-01T15:00:00+07:00". */
export function localIsoTime(d: Date, tz: string): string {
  const p = localParts(d, tz);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offset = Math.round((wall - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}
