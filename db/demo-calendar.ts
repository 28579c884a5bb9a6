/**
 * A calendar that never ages: a data file may give a deadline's due date as a number of days from
 * the day it is imported (`due: { days_from_today: -139, at: "17:00" }`) and write `{year}` in
 * deadline titles, and may describe the believable state of the demo year (`demo:`), which
 * db/demo.ts writes. Pure: every result depends only on the file, the time zone and `now`.
 *
 * Trade-off: offsets are counted from today rather than anchored to calendar months, so on any
 * date some deadlines are past, one is due within the week and some are ahead; the price is that
 * the demo year is "a year seen at the start of December", shifted to today. `{year}` is one
 * label for the whole demo year (the year of `demo.year_from_days` days from today), so every
 * deadline of the year carries the same year whatever month its shifted date falls in.
 */
import { z } from 'zod';
import { addLocalDays, localParts, parseLocalDateTime, zonedTime } from '../domain/time.js';

const code = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/i, 'must be a code of letters, digits, "_", "-" or "." (at most 64)');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const share = z.number().min(0).max(1);
const days = z.number().int().min(-730, 'at most two years back').max(730, 'at most two years ahead');

export const relativeDueSchema = z.object({ days_from_today: days, at: hhmm.default('17:00') }).strict();
export type RelativeDue = z.output<typeof relativeDueSchema>;

/** How far one deadline of the demo has got; shares are of the units the deadline asks. */
export const demoProgressSchema = z
  .object({
    deadline: code,
    /** Submitted before the due date (for a deadline still ahead: submitted early). */
    on_time: share.default(0),
    /** Submitted after the due date (only for a deadline already past). */
    late: share.default(0),
    /** Started, not submitted. */
    draft: share.default(0),
    /** Of the submitted ones, how many the office accepted. */
    accepted: z.number().int().min(0).max(1000).default(0),
    /** Of the submitted ones, how many the office sent back for changes. */
    returned: z.number().int().min(0).max(1000).default(0),
    return_comment: z.string().trim().min(1).max(500).optional(),
  })
  .strict()
  .refine((p) => p.on_time + p.late + p.draft <= 1 + 1e-9, { message: 'on_time + late + draft must not exceed 1' });
export type DemoProgress = z.output<typeof demoProgressSchema>;

export const demoSchema = z
  .object({
    note: z.string().trim().optional(),
    /** `{year}` in deadline titles is the year of this many days from today (the start of the demo year). */
    year_from_days: days.default(0),
    progress: z.array(demoProgressSchema).default([]),
  })
  .strict();
export type DemoSpec = z.output<typeof demoSchema>;

/** A due date as written in a data file: a local date-time string, a YAML date, or days from today. */
export function resolveDue(due: string | Date | RelativeDue, timezone: string, now: Date): Date | undefined {
  if (due instanceof Date) return due;
  if (typeof due === 'string') return parseLocalDateTime(due, timezone);
  const day = addLocalDays(localParts(now, timezone), due.days_from_today);
  const [h, m] = due.at.split(':').map(Number) as [number, number];
  return zonedTime(day.year, day.month, day.day, h, m, timezone);
}

/** The year `{year}` stands for: the local year `year_from_days` days from today. */
export function demoYear(demo: Pick<DemoSpec, 'year_from_days'> | undefined, timezone: string, now: Date): number {
  return addLocalDays(localParts(now, timezone), demo?.year_from_days ?? 0).year;
}

export function fillYear(text: string, year: number): string;
export function fillYear(text: string | undefined, year: number): string | undefined;
export function fillYear(text: string | undefined, year: number): string | undefined {
  return text?.replaceAll('{year}', String(year));
}
