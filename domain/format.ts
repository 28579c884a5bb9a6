/** Dates and numbers the way Vietnamese offices write them, in the configured time zone. */
import { localParts } from './time.js';
import type { Locale } from './locale.js';

const pad = (n: number) => String(n).padStart(2, '0');

function parts(d: Date, tz: string): { year: string; month: string; day: string; hour: string; minute: string } {
  const p = localParts(d, tz);
  return { year: String(p.year), month: pad(p.month), day: pad(p.day), hour: pad(p.hour), minute: pad(p.minute) };
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
const numberFormats = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }),
} satisfies Record<Locale, Intl.NumberFormat>;

export function formatNumber(n: number, locale: Locale): string {
  return numberFormats[locale].format(n);
}
