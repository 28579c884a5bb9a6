/** Dates and numbers the way Vietnamese offices write them, in the configured time zone. */
import type { Locale } from './types.js';

const dateFmt = new Map<string, Intl.DateTimeFormat>();

function parts(d: Date, tz: string): Record<string, string> {
  let f = dateFmt.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    dateFmt.set(tz, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** 26/11/2026 */
export function formatDate(d: Date, tz: string): string {
  const p = parts(d, tz);
  return `${p.day}/${p.month}/${p.year}`;
}

/** 08:00 26/11/2026 (time first, as Vietnamese documents write it) */
export function formatDateTime(d: Date, tz: string): string {
  const p = parts(d, tz);
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

/** The calendar date in `tz` as YYYY-MM-DD. */
export function localDateKey(d: Date, tz: string): string {
  const p = parts(d, tz);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Whole local calendar days from `now` to `due` (negative when overdue). */
export function daysBetween(now: Date, due: Date, tz: string): number {
  const a = Date.parse(localDateKey(now, tz) + 'T00:00:00Z');
  const b = Date.parse(localDateKey(due, tz) + 'T00:00:00Z');
  return Math.round((b - a) / 86_400_000);
}

/** 1.234,5 in Vietnamese, 1,234.5 in English. */
export function formatNumber(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 2 }).format(n);
}
