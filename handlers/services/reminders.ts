/**
 * Reminders the office sends by hand: "Nhắc ngay" in `/chuanop` queues an immediate reminder
 * to the focal points of the units that have not submitted, and records who was reminded.
 * The queue and the audit are written in the caller's transaction, so a reminder is never
 * sent without its record nor recorded without being queued. Trade-off: the once-an-hour
 * limit per unit is read from the audit log itself rather than from a table of its own, so
 * the record of a reminder is also what holds back the next one.
 */
import { and, eq, gte } from 'drizzle-orm';
import { auditLog } from '../../db/schema.js';
import type { Scoped } from '../../db/scope.js';
import { writeAudit } from '../../db/queries/audit.js';
import { listPeople } from '../../db/queries/directory.js';
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

/** An immediate reminder through the outbox to the given units' focal points, at most once per unit per hour. */
export async function nudgeUnits(
  s: Scoped,
  actor: Actor,
  input: { deadlineId: number; unitIds: readonly number[]; overdue: boolean; now: Date },
): Promise<NudgeResult> {
  const { tx } = s;
  assertCan(actor, 'reminder.nudge');
  const { deadlineId, now } = input;
  const hourAgo = new Date(now.getTime() - NUDGE_EVERY_MS);
  const recent = await tx
    .select({ unitId: auditLog.unitId })
    .from(auditLog)
    .where(
      and(eq(auditLog.action, 'reminder.nudge'), eq(auditLog.entityId, String(deadlineId)), gte(auditLog.at, hourAgo)),
    );
  const skip = new Set(recent.map((r) => r.unitId));
  const targets = input.unitIds.filter((id) => !skip.has(id));
  const people = await listPeople(s, { unitIds: targets, roles: ['focal'], activeOnly: true });
  const items: OutboxItem[] = people.map((p) => ({
    key: `nudge:${deadlineId}:${p.person.unitId}:${p.person.id}:${now.getTime()}`,
    kind: 'reminder',
    personId: p.person.id,
    dueAt: now,
    payload: {
      type: 'reminder',
      deadlineId,
      unitId: p.person.unitId,
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
        after: { recipients: people.filter((p) => p.person.unitId === unitId).length },
      },
      now,
    );
  }
  return { units: targets.length, people: items.length, skipped: input.unitIds.length - targets.length };
}
