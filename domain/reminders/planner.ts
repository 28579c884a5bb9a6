/**
 * The reminder planner: a pure function of (now, deadlines, units, people, submissions,
 * policy) that says which reminders are due. It returns, for each recipient, only the most
 * recent reminder that applies, so a bot that was down sends one reminder, not a backlog.
 * Each reminder has a stable key; the outbox's unique index makes re-planning harmless.
 */
import { audienceIncludes } from '../submission.js';
import {
  addWorkingDays,
  at,
  localDate,
  nextOpening,
  policyFor,
  sameLocalDate,
  workingDaysBetween,
  type ReminderPolicy,
  type WorkCalendar,
} from './policy.js';
import { addLocalDays } from '../time.js';

export interface PlanDeadline {
  id: number;
  /** Only units of the deadline's own jurisdiction are in its audience. */
  jurisdictionId: number;
  dueAt: Date;
  audience: unknown;
  status: string;
  reminderPolicy?: unknown;
}

export interface PlanUnit {
  id: number;
  jurisdictionId: number;
  code: string;
  kind: string;
  isOffice: boolean;
  active: boolean;
}

export interface PlanPerson {
  id: number;
  unitId: number;
  role: string;
  active: boolean;
}

export interface PlanSubmission {
  deadlineId: number;
  unitId: number;
  status: string;
}

export interface PlannerInput {
  now: Date;
  deadlines: PlanDeadline[];
  units: PlanUnit[];
  people: PlanPerson[];
  submissions: PlanSubmission[];
  policy: ReminderPolicy;
  calendar: WorkCalendar;
}

export interface SchedulePoint {
  /** "-7d", "-3d", "-1d", "d0", then "o1", "o2", … while overdue. */
  offset: string;
  scheduledAt: Date;
  /** When it goes out: the scheduled time, or the next opening of the sending window. */
  effectiveAt: Date;
  overdue: boolean;
}

export interface PlannedReminder {
  key: string;
  /** The deadline's jurisdiction: the reminder is rendered and answered there. */
  jurisdictionId: number;
  deadlineId: number;
  unitId: number;
  personId: number;
  offset: string;
  effectiveAt: Date;
  overdue: boolean;
  /** Sent to the unit head because the unit is overdue. */
  escalation: boolean;
}

/**
 * The reminder points of one deadline, in time order. Pre-due points that would only go out
 * after the deadline (a weekend pushing them past it) are dropped, and of two points that go
 * out on the same day only the later is kept. Of the overdue points only those around
 * `around` are listed (the last one before it and `ahead` after it), however long overdue.
 */
export function schedule(
  dueAt: Date,
  policy: ReminderPolicy,
  cal: WorkCalendar,
  around: Date,
  ahead = 1,
): SchedulePoint[] {
  const tz = cal.timezone;
  const dueDate = localDate(dueAt, tz);
  const pre: SchedulePoint[] = [];
  for (const days of [...new Set(policy.beforeDays)].sort((a, b) => b - a)) {
    const scheduledAt = at(addLocalDays(dueDate, -days), policy.onDayAt, tz);
    pre.push({ offset: `-${days}d`, scheduledAt, effectiveAt: nextOpening(scheduledAt, cal), overdue: false });
  }
  const onDay = at(dueDate, policy.onDayAt, tz);
  pre.push({ offset: 'd0', scheduledAt: onDay, effectiveAt: nextOpening(onDay, cal), overdue: false });
  const kept = pre.filter((p, i) => {
    if (p.effectiveAt.getTime() > dueAt.getTime()) return false;
    const next = pre.slice(i + 1).find((q) => q.effectiveAt.getTime() <= dueAt.getTime());
    return !(next && sameLocalDate(p.effectiveAt, next.effectiveAt, tz));
  });

  const overdue: SchedulePoint[] = [];
  const every = Math.max(1, policy.overdueEveryWorkingDays);
  const kNow = Math.floor(workingDaysBetween(dueDate, localDate(around, tz), cal) / every);
  const lastK = policy.overdueMax === undefined ? kNow + ahead : Math.min(kNow + ahead, policy.overdueMax);
  for (let k = Math.max(1, kNow - 1); k <= lastK; k++) {
    const scheduledAt = at(addWorkingDays(dueDate, every * k, cal), policy.onDayAt, tz);
    overdue.push({ offset: `o${k}`, scheduledAt, effectiveAt: nextOpening(scheduledAt, cal), overdue: true });
  }
  return [...kept, ...overdue];
}

/** The latest point that has gone out by `now`, if any. */
export function latestDue(points: SchedulePoint[], now: Date): SchedulePoint | undefined {
  let best: SchedulePoint | undefined;
  for (const p of points) if (p.effectiveAt.getTime() <= now.getTime()) best = p;
  return best;
}

export function reminderKey(deadlineId: number, dueAt: Date, unitId: number, personId: number, offset: string): string {
  return `rem:${deadlineId}:${Math.floor(dueAt.getTime() / 60_000)}:${unitId}:${personId}:${offset}`;
}

const DONE = new Set(['submitted', 'accepted']);

export function planReminders(input: PlannerInput): PlannedReminder[] {
  const { now, calendar } = input;
  const done = new Set(input.submissions.filter((s) => DONE.has(s.status)).map((s) => `${s.deadlineId}:${s.unitId}`));
  const byUnit = new Map<number, PlanPerson[]>();
  for (const p of input.people) {
    if (!p.active || (p.role !== 'focal' && p.role !== 'head')) continue;
    const list = byUnit.get(p.unitId) ?? [];
    list.push(p);
    byUnit.set(p.unitId, list);
  }
  const unitsOf = new Map<number, PlanUnit[]>();
  for (const u of input.units) {
    const list = unitsOf.get(u.jurisdictionId) ?? [];
    list.push(u);
    unitsOf.set(u.jurisdictionId, list);
  }
  const out: PlannedReminder[] = [];
  for (const d of input.deadlines) {
    if (d.status !== 'open') continue;
    const point = latestDue(schedule(d.dueAt, policyFor(d.reminderPolicy, input.policy), calendar, now), now);
    if (!point) continue;
    for (const u of unitsOf.get(d.jurisdictionId) ?? []) {
      if (!audienceIncludes(d.audience, u) || done.has(`${d.id}:${u.id}`)) continue;
      for (const p of byUnit.get(u.id) ?? []) {
        const escalation = p.role === 'head';
        if (escalation && !point.overdue) continue;
        out.push({
          key: reminderKey(d.id, d.dueAt, u.id, p.id, point.offset),
          jurisdictionId: d.jurisdictionId,
          deadlineId: d.id,
          unitId: u.id,
          personId: p.id,
          offset: point.offset,
          effectiveAt: point.effectiveAt,
          overdue: point.overdue,
          escalation,
        });
      }
    }
  }
  return out;
}

/** The reminders a person will still get for a deadline (for `/hanchot`), up to `limit`. */
export function upcomingFor(
  d: PlanDeadline,
  role: string,
  policy: ReminderPolicy,
  calendar: WorkCalendar,
  now: Date,
  limit = 4,
): SchedulePoint[] {
  return schedule(d.dueAt, policyFor(d.reminderPolicy, policy), calendar, now, limit)
    .filter((p) => p.effectiveAt.getTime() > now.getTime() && (role === 'focal' || p.overdue))
    .slice(0, limit);
}
