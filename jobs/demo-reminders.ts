/**
 * The demo's "reminders already sent": after the simulated year is written, the reminders the
 * scheduler would send right now to units that have not submitted are recorded as delivered, as
 * if earlier ticks had sent them. The demo then shows a lived-in outbox, and its first start does
 * not fire a burst of reminders to fictional people.
 *
 * Trade-off: only for a file with a `demo:` section (bot/main.ts checks), never for a real
 * jurisdiction, where a reminder marked sent without being sent would be a lie. Uses the planner
 * itself, so the keys are exactly the ones a tick would queue (and then skip as duplicates).
 */
import type { Store } from '../db/store.js';
import { outbox } from '../db/schema.js';
import type { ReminderPolicy, WorkCalendar } from '../domain/reminders/policy.js';
import { planFromStore } from './scheduler.js';
import { reminderPayload } from '../domain/outbox.js';

export async function markDueRemindersSent(
  store: Store,
  opts: { now: Date; calendar: WorkCalendar; policy: ReminderPolicy },
): Promise<number> {
  const { reminders } = await planFromStore(store, opts.now, opts.calendar, opts.policy);
  if (reminders.length === 0) return 0;
  const rows = reminders.map((r) => ({
    key: r.key,
    kind: 'reminder',
    personId: r.personId,
    payload: reminderPayload(r),
    dueAt: r.effectiveAt,
    status: 'sent',
    attempts: 1,
    sentAt: r.effectiveAt,
    createdAt: r.effectiveAt,
  }));
  const inserted = await store.db
    .insert(outbox)
    .values(rows)
    .onConflictDoNothing({ target: outbox.key })
    .returning({ id: outbox.id });
  return inserted.length;
}
