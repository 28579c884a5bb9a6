/**
 * Wall-clock arithmetic in a named time zone, without a date library: the planner, the
 * loader and the formatters all need "08:00 on that day in Asia/Ho_Chi_Minh" as an instant.
 */

const fmts = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = fmts.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    fmts.set(tz, f);
  }
  return f;
}

export interface LocalParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/**
 * Offset changes (daylight saving, a country moving its clock) happen at whole quarter hours
 * in UTC, so within one quarter hour the offset is fixed. Asking Intl once per quarter hour
 * and zone, instead of per call, makes the planner and the formatters ~20× faster: a
 * deadline list computes hundreds of local dates.
 */
const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();

/** Offset of `tz` from UTC at instant `t` (ms), in milliseconds. */
function offsetAt(t: number, tz: string): number {
  let zone = offsets.get(tz);
  if (!zone) {
    zone = new Map();
    offsets.set(tz, zone);
  }
  const bucket = Math.floor(t / QUARTER_HOUR);
  let offset = zone.get(bucket);
  if (offset === undefined) {
    if (zone.size > 50_000) zone.clear();
    const start = bucket * QUARTER_HOUR;
    const p = intlParts(new Date(start), tz);
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - start;
    zone.set(bucket, offset);
  }
  return offset;
}

/** The slow, authoritative reading, from Intl. */
export function intlParts(d: Date, tz: string): LocalParts {
  const out: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(d)) out[p.type] = p.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour),
    minute: Number(out.minute),
    second: Number(out.second),
    weekday: WEEKDAYS[out.weekday!]!,
  };
}

/** The wall clock in `tz` at instant `d`. */
export function localParts(d: Date, tz: string): LocalParts {
  const local = new Date(d.getTime() + offsetAt(d.getTime(), tz));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    weekday: local.getUTCDay() || 7,
  };
}

/** The instant at which the wall clock in `tz` shows the given local time. */
export function zonedTime(year: number, month: number, day: number, hour: number, minute: number, tz: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let t = guess - offsetAt(guess, tz);
  // A second pass settles instants near an offset change.
  t = guess - offsetAt(t, tz);
  return new Date(t);
}

/** Adds whole calendar days to a local date (month and year ends handled by Date.UTC). */
export function addLocalDays(
  p: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO weekday of a local calendar date. */
export function weekdayOf(p: { year: number; month: number; day: number }): number {
  const w = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
  return w === 0 ? 7 : w;
}

/**
 * Parses "2026-07-15", "2026-07-15 17:00" (local time in `tz`) or a full ISO instant with an
 * offset. Returns undefined for anything else, including impossible dates like 2026-02-30.
 */
export function parseLocalDateTime(s: string, tz: string, defaultTime = '17:00'): Date | undefined {
  const trimmed = s.trim();
  if (/[zZ]$|[+-]\d\d:?\d\d$/.test(trimmed) && trimmed.includes('T')) {
    const d = new Date(trimmed);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(trimmed);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi] = m[4] ? [Number(m[4]), Number(m[5])] : (defaultTime.split(':').map(Number) as [number, number]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return undefined;
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1) return undefined;
  return zonedTime(y, mo, d, h, mi, tz);
}
