/**
 * The reminder policy and the office's working calendar, as pure functions of local dates in
 * the configured time zone (Asia/Ho_Chi_Minh has no daylight saving; the code does not assume
 * it, it works in wall-clock dates and converts once).
 */
import { addLocalDays, localParts, weekdayOf, zonedTime } from '../time.js';

export interface ReminderPolicy {
  /** Reminders this many days before the due date, at `onDayAt`. */
  beforeDays: number[];
  /** Local time of day reminders are scheduled for. */
  onDayAt: string;
  /** While overdue, a reminder every this many working days. */
  overdueEveryWorkingDays: number;
  /** Stop overdue reminders after this many (undefined: while overdue). */
  overdueMax?: number;
}

export const DEFAULT_POLICY: ReminderPolicy = { beforeDays: [7, 3, 1], onDayAt: '08:00', overdueEveryWorkingDays: 2 };

export interface WorkCalendar {
  timezone: string;
  /** ISO weekdays, 1 = Monday. */
  workingDays: number[];
  windowStart: string;
  windowEnd: string;
}

/** A deadline's own policy (from the data file or an admin) over the defaults. */
export function policyFor(override: unknown, defaults: ReminderPolicy = DEFAULT_POLICY): ReminderPolicy {
  const o = (override ?? {}) as Partial<{
    before_days: number[];
    on_day_at: string;
    overdue_every_working_days: number;
    overdue_max: number;
  }>;
  return {
    beforeDays: o.before_days ?? defaults.beforeDays,
    onDayAt: o.on_day_at ?? defaults.onDayAt,
    overdueEveryWorkingDays: o.overdue_every_working_days ?? defaults.overdueEveryWorkingDays,
    overdueMax: o.overdue_max ?? defaults.overdueMax,
  };
}

export type LocalDate = { year: number; month: number; day: number };

const hm = (s: string): [number, number] => s.split(':').map(Number) as [number, number];

export function at(date: LocalDate, time: string, tz: string): Date {
  const [h, m] = hm(time);
  return zonedTime(date.year, date.month, date.day, h, m, tz);
}

export function localDate(t: Date, tz: string): LocalDate {
  const p = localParts(t, tz);
  return { year: p.year, month: p.month, day: p.day };
}

export function isWorkingDay(date: LocalDate, cal: WorkCalendar): boolean {
  return cal.workingDays.includes(weekdayOf(date));
}

/** The first instant at or after `t` inside the sending window of a working day. */
export function nextOpening(t: Date, cal: WorkCalendar): Date {
  let date = localDate(t, cal.timezone);
  for (let i = 0; i < 370; i++) {
    if (isWorkingDay(date, cal)) {
      const start = at(date, cal.windowStart, cal.timezone);
      const end = at(date, cal.windowEnd, cal.timezone);
      if (t.getTime() < start.getTime()) return start;
      if (t.getTime() <= end.getTime()) return t;
    }
    date = addLocalDays(date, 1);
    t = at(date, '00:00', cal.timezone);
  }
  return t; // no working day configured at all: send when asked
}

export function isInWindow(t: Date, cal: WorkCalendar): boolean {
  return nextOpening(t, cal).getTime() === t.getTime();
}

/*
 * Working-day arithmetic by whole weeks: a deadline overdue since the spring is asked about
 * hundreds of days later, and walking day by day cost /hanchot most of its time.
 * Days are counted from 1970-01-01 (a Thursday, ISO weekday 4).
 */
const dayNumber = (d: LocalDate): number => Math.round(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
const weekdayOfDay = (n: number): number => ((((n + 3) % 7) + 7) % 7) + 1;

function fromDayNumber(n: number): LocalDate {
  const d = new Date(n * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Working days among day numbers [0, n) — negative for n < 0, so differences always work. */
function workingDaysBefore(n: number, cal: WorkCalendar): number {
  const week = new Set(cal.workingDays).size;
  const weeks = Math.floor(n / 7);
  let count = weeks * week;
  for (let d = weeks * 7; d < n; d++) if (cal.workingDays.includes(weekdayOfDay(d))) count++;
  return count;
}

/** The working day `n` working days after `date` (n ≥ 1). */
export function addWorkingDays(date: LocalDate, n: number, cal: WorkCalendar): LocalDate {
  const week = new Set(cal.workingDays).size;
  if (week === 0) return addLocalDays(date, 3700); // no working day at all: as far as we look
  if (n < 1) return date;
  // Skip whole weeks, then walk at most one more week.
  const weeks = Math.floor((n - 1) / week);
  let day = dayNumber(date) + weeks * 7;
  let left = n - weeks * week;
  while (left > 0) {
    day++;
    if (cal.workingDays.includes(weekdayOfDay(day))) left--;
  }
  return fromDayNumber(day);
}

/** Working days strictly after `from` up to and including `to`. */
export function workingDaysBetween(from: LocalDate, to: LocalDate, cal: WorkCalendar): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (b <= a) return 0;
  return workingDaysBefore(b + 1, cal) - workingDaysBefore(a + 1, cal);
}

export function sameLocalDate(a: Date, b: Date, tz: string): boolean {
  const x = localDate(a, tz);
  const y = localDate(b, tz);
  return x.year === y.year && x.month === y.month && x.day === y.day;
}
