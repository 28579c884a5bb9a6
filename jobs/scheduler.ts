/**
 * The scheduler: a node-cron tick every minute in the configured time zone. Each tick runs the
 * planner over the current data and inserts the due reminders (and the office's daily digest)
 * into the outbox; the outbox's unique key makes a second tick, a restart or a second
 * instance unable to queue anything twice. Then it wakes the deliverer.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { and, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Logger } from '../handlers/logger.js';
import type { Db, Store } from '../db/store.js';
import { deadlines, jurisdictions, people, settings, submissions, units } from '../db/schema.js';
import { enqueue, type OutboxItem } from '../db/queries/outbox.js';
import type { Clock } from '../handlers/types.js';
import { localDateKey } from '../domain/format.js';
import { planReminders, type PlannedReminder } from '../domain/reminders/planner.js';
import {
  at,
  isInWindow,
  isWorkingDay,
  localDate,
  type ReminderPolicy,
  type WorkCalendar,
} from '../domain/reminders/policy.js';
import { reminderPayload } from '../domain/outbox.js';
import { maintenance, type MaintenanceOptions } from './maintenance.js';

export interface SchedulerDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  calendar: WorkCalendar;
  policy: ReminderPolicy;
  /** Local time of the office's daily digest. */
  digestAt: string;
  /** Called after a tick queued something. */
  onQueued?: () => void;
  /** Retention settings of the hourly housekeeping. */
  retention?: MaintenanceOptions;
}

export interface TickResult {
  planned: number;
  queued: number;
  digests: number;
  ms: number;
}

const LAST_TICK = 'scheduler.last_tick';
/** Reminders that came due this long before the previous tick are offered again: instances' clocks may differ a little. */
const OVERLAP_MS = 10 * 60_000;

/**
 * What the planner needs, in five queries whatever the number of units. Installation-wide on
 * purpose: one tick plans every jurisdiction (the planner keeps each deadline to its own).
 */
export async function loadPlannerInput(store: Store, now: Date = new Date()) {
  const db = store.db;
  // A dissolved jurisdiction (a district abolished on 1 July 2025) keeps its history and sends nothing.
  const today = now.toISOString().slice(0, 10);
  const open = await db
    .select({
      id: deadlines.id,
      jurisdictionId: deadlines.jurisdictionId,
      dueAt: deadlines.dueAt,
      audience: deadlines.audience,
      status: deadlines.status,
      reminderPolicy: deadlines.reminderPolicy,
      updatedAt: deadlines.updatedAt,
    })
    .from(deadlines)
    .innerJoin(jurisdictions, eq(jurisdictions.id, deadlines.jurisdictionId))
    .where(and(eq(deadlines.status, 'open'), or(isNull(jurisdictions.activeTo), gte(jurisdictions.activeTo, today))));
  if (open.length === 0) return { deadlines: open, units: [], people: [], submissions: [] };
  const unitRows = await db
    .select({
      id: units.id,
      jurisdictionId: units.jurisdictionId,
      code: units.code,
      kind: units.kind,
      isOffice: units.isOffice,
      active: units.active,
    })
    .from(units)
    .where(eq(units.active, true));
  const own = await db
    .select({ id: people.id, unitId: people.unitId, role: people.role, active: people.active })
    .from(people)
    .where(and(eq(people.active, true), inArray(people.role, ['focal', 'head'])));
  // A commune's office acts for the commune in the province's cycle: its admins and focal
  // points are the focal points of the commune's unit there, its head the head.
  const parentUnit = alias(units, 'parent_unit');
  const office = alias(units, 'office_unit');
  const forCommunes = await db
    .select({ id: people.id, unitId: parentUnit.id, role: people.role, active: people.active })
    .from(people)
    .innerJoin(office, and(eq(office.id, people.unitId), eq(office.isOffice, true)))
    .innerJoin(jurisdictions, eq(jurisdictions.id, office.jurisdictionId))
    .innerJoin(
      parentUnit,
      and(eq(parentUnit.jurisdictionId, jurisdictions.parentId), eq(parentUnit.code, jurisdictions.unitCodeInParent)),
    )
    .where(and(eq(people.active, true), inArray(people.role, ['admin', 'focal', 'head'])));
  const peopleRows = [...own, ...forCommunes.map((p) => ({ ...p, role: p.role === 'head' ? 'head' : 'focal' }))];
  const subRows = await db
    .select({ deadlineId: submissions.deadlineId, unitId: submissions.unitId, status: submissions.status })
    .from(submissions)
    .where(
      inArray(
        submissions.deadlineId,
        open.map((d) => d.id),
      ),
    );
  return { deadlines: open, units: unitRows, people: peopleRows, submissions: subRows };
}

/** Loads what the planner needs and returns the reminders due now. */
export async function planFromStore(
  store: Store,
  now: Date,
  calendar: WorkCalendar,
  policy: ReminderPolicy,
): Promise<{ reminders: PlannedReminder[]; updated: Map<number, Date> }> {
  const input = await loadPlannerInput(store, now);
  const reminders = planReminders({ now, ...input, policy, calendar });
  return { reminders, updated: new Map(input.deadlines.map((d) => [d.id, d.updatedAt])) };
}

export function createScheduler(deps: SchedulerDeps) {
  const log = deps.logger.child({ component: 'scheduler' });
  const tasks: ScheduledTask[] = [];
  let running: Promise<TickResult> | undefined;
  let lastMaintenance = 0;

  async function tick(): Promise<TickResult> {
    const started = Date.now();
    const now = deps.clock.now();
    const lastRaw = (await deps.store.db.select().from(settings).where(eq(settings.key, LAST_TICK)).limit(1))[0]?.value;
    const last = typeof lastRaw === 'string' ? new Date(lastRaw) : undefined;

    const { reminders, updated } = await planFromStore(deps.store, now, deps.calendar, deps.policy);
    // Reminders that came due before the last tick were offered then; a deadline edited since
    // is planned afresh. This keeps a tick cheap without ever skipping a new reminder.
    const fresh = reminders.filter(
      (r) =>
        !last ||
        r.effectiveAt.getTime() > last.getTime() - OVERLAP_MS ||
        (updated.get(r.deadlineId)?.getTime() ?? 0) >= last.getTime(),
    );
    const items: OutboxItem[] = fresh.map((r) => ({
      jurisdictionId: r.jurisdictionId,
      key: r.key,
      kind: 'reminder',
      personId: r.personId,
      dueAt: now,
      payload: reminderPayload(r),
    }));

    let digests = 0;
    const today = localDate(now, deps.calendar.timezone);
    if (
      isWorkingDay(today, deps.calendar) &&
      now.getTime() >= at(today, deps.digestAt, deps.calendar.timezone).getTime() &&
      isInWindow(now, deps.calendar)
    ) {
      const date = localDateKey(now, deps.calendar.timezone);
      for (const { personId, jurisdictionId } of await officeAdminsEverywhere(deps.store.db)) {
        items.push({
          jurisdictionId,
          key: `digest:${date}:${personId}`,
          kind: 'digest',
          personId,
          dueAt: now,
          payload: { type: 'digest', date },
        });
        digests++;
      }
    }
    const queued = await deps.store.tx(async (tx) => {
      const n = await enqueue(tx, items, now);
      await tx
        .insert(settings)
        .values({ key: LAST_TICK, value: now.toISOString(), updatedAt: now })
        .onConflictDoUpdate({ target: settings.key, set: { value: now.toISOString(), updatedAt: now } });
      return n;
    });
    if (now.getTime() - lastMaintenance >= 3_600_000) {
      await maintenance(deps.store.db, now, deps.retention);
      lastMaintenance = now.getTime();
    }
    const result = { planned: reminders.length, queued, digests, ms: Date.now() - started };
    if (queued > 0) {
      log.info(result, 'tick queued messages');
      deps.onQueued?.();
    } else log.debug(result, 'tick');
    return result;
  }

  /** One tick at a time per process; an overlapping fire waits for the running one. */
  function guardedTick(): Promise<TickResult> {
    running ??= tick().finally(() => (running = undefined));
    return running;
  }

  return {
    tick: guardedTick,
    start() {
      const opts = { timezone: deps.calendar.timezone, noOverlap: true };
      tasks.push(
        cron.schedule(
          '* * * * *',
          async () => {
            await guardedTick().catch((err) => log.error({ err }, 'tick failed'));
          },
          { ...opts, name: 'reminders' },
        ),
      );
      const [h, m] = deps.digestAt.split(':').map(Number);
      tasks.push(
        cron.schedule(
          `${m} ${h} * * ${deps.calendar.workingDays.map((d) => d % 7).join(',')}`,
          async () => {
            await guardedTick().catch((err) => log.error({ err }, 'digest tick failed'));
          },
          { ...opts, name: 'digest' },
        ),
      );
    },
    async stop() {
      for (const t of tasks) await t.destroy();
      tasks.length = 0;
      await running;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;

/** The admins of every jurisdiction's office, each with the jurisdiction their digest is about. */
async function officeAdminsEverywhere(db: Db): Promise<Array<{ personId: number; jurisdictionId: number }>> {
  return db
    .select({ personId: people.id, jurisdictionId: units.jurisdictionId })
    .from(people)
    .innerJoin(units, and(eq(units.id, people.unitId), eq(units.isOffice, true)))
    .where(and(eq(people.active, true), eq(people.role, 'admin')))
    .orderBy(people.id);
}
