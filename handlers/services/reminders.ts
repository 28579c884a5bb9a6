/**
 * Reminders the office sends by hand: "Nhắc ngay" in `/chuanop` queues an immediate reminder
 * to the focal points of the units that have not submitted, and records who was reminded.
 * The office confirms first: `planNudge` says what `nudgeUnits` would do, writing nothing.
 * The queue and the audit are written in the caller's transaction, so a reminder is never
 * sent without its record nor recorded without being queued. Trade-off: the once-an-hour
 * limit per unit is read from the audit log itself rather than from a table of its own, so
 * the record of a reminder is also what holds back the next one.
 */
import { and, eq, gte } from 'drizzle-orm';
import { auditLog } from '../../db/schema.js';
import type { Scoped } from '../../db/scope.js';
import { writeAudit } from '../../db/queries/audit.js';
import { unitContacts } from '../../db/queries/directory.js';
import { enqueue, type OutboxItem } from '../../db/queries/outbox.js';
import { type Actor, assertCan, auditedBy } from '../../domain/authz.js';
import type { ReminderPayload } from '../../domain/outbox.js';

/** How often one unit may be reminded by hand about one deadline. */
const NUDGE_EVERY_MS = 3_600_000;

export interface NudgeResult {
  /** Units reminded now. */
  units: number;
  /** Focal points a reminder was queued for. */
  people: number;
  /** Units left out because they were reminded within the hour. */
  skipped: number;
}

export interface NudgePlan {
  /** The units a reminder would go to now (not reminded within the hour), in the order given. */
  unitIds: number[];
  /** Focal points of those units a reminder would be queued for. */
  people: number;
  /** Of those units, the ones without an active focal point (nobody would receive it). */
  withoutFocal: number;
  /** Units left out because they were reminded within the hour. */
  skipped: number;
}

/**
 * What "Nhắc ngay" would do now, written nowhere: the confirmation names it before
 * `nudgeUnits` sends it (the same rules, so the two say the same thing).
 */
export async function planNudge(
  s: Scoped,
  actor: Actor,
  input: { deadlineId: number; unitIds: readonly number[]; now: Date },
): Promise<NudgePlan> {
  assertCan(actor, 'reminder.nudge');
  const { targets, people } = await recipients(s, input);
  const reached = new Set(people.map((p) => p.unitId));
  return {
    unitIds: targets,
    people: people.length,
    withoutFocal: targets.filter((id) => !reached.has(id)).length,
    skipped: input.unitIds.length - targets.length,
  };
}

/**
 * The given units not reminded within the hour about the deadline, and who acts for each (its
 * focal points; for a commune in the province's cycle, the commune's office).
 */
async function recipients(s: Scoped, input: { deadlineId: number; unitIds: readonly number[]; now: Date }) {
  const hourAgo = new Date(input.now.getTime() - NUDGE_EVERY_MS);
  const recent = await s.tx
    .select({ unitId: auditLog.unitId })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.jurisdictionId, s.jurisdictionId),
        eq(auditLog.action, 'reminder.nudge'),
        eq(auditLog.entityId, String(input.deadlineId)),
        gte(auditLog.at, hourAgo),
      ),
    );
  const skip = new Set(recent.map((r) => r.unitId));
  const targets = input.unitIds.filter((id) => !skip.has(id));
  const people = await unitContacts(s, targets, ['focal']);
  return { targets, people };
}

/** An immediate reminder through the outbox to the given units' focal points, at most once per unit per hour. */
export async function nudgeUnits(
  s: Scoped,
  actor: Actor,
  input: { deadlineId: number; unitIds: readonly number[]; overdue: boolean; now: Date },
): Promise<NudgeResult> {
  assertCan(actor, 'reminder.nudge');
  const { deadlineId, now } = input;
  const { targets, people } = await recipients(s, input);
  const items: OutboxItem[] = people.map((p) => ({
    key: `nudge:${deadlineId}:${p.unitId}:${p.personId}:${now.getTime()}`,
    kind: 'reminder',
    personId: p.personId,
    dueAt: now,
    payload: {
      type: 'reminder',
      deadlineId,
      unitId: p.unitId,
      offset: 'now',
      overdue: input.overdue,
      escalation: false,
    } satisfies ReminderPayload,
  }));
  await enqueue(s, items, now);
  for (const unitId of targets) {
    await writeAudit(
      s,
      {
        ...auditedBy(actor),
        action: 'reminder.nudge',
        entity: 'deadline',
        entityId: deadlineId,
        unitId,
        after: { recipients: people.filter((p) => p.unitId === unitId).length },
      },
      now,
    );
  }
  return { units: targets.length, people: items.length, skipped: input.unitIds.length - targets.length };
}
