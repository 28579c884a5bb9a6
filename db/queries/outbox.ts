/** The outbox: every proactive message is a row first, keyed so it can only be queued once. */
import { and, asc, desc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../store.js';
import { outbox } from '../schema.js';
import type { Scoped } from '../scope.js';

export type OutboxRow = typeof outbox.$inferSelect;

export interface OutboxItem {
  key: string;
  kind: string;
  personId: number;
  payload: unknown;
  dueAt: Date;
  broadcastId?: number | null;
  /** The jurisdiction the message speaks for (default: the scope it is queued in). */
  jurisdictionId?: number | null;
}

/**
 * Inserts rows whose keys are new; returns how many were queued (duplicates are skipped).
 * The rows travel as one jsonb parameter per 5,000: drizzle builds a multi-row VALUES at about
 * 60 µs a row, which made a tick queueing 62,000 reminders take 3-5 s (bench/reminders.ts).
 */
export async function enqueue(into: Db | Scoped, items: OutboxItem[], now: Date): Promise<number> {
  if (items.length === 0) return 0;
  const scope = 'jurisdictionId' in into && 'tx' in into ? into : undefined;
  const db = scope ? scope.tx : (into as Db);
  let queued = 0;
  for (let i = 0; i < items.length; i += 5000) {
    const rows = items.slice(i, i + 5000).map((it) => ({
      key: it.key,
      kind: it.kind,
      person_id: it.personId,
      payload: it.payload,
      due_at: it.dueAt.toISOString(),
      broadcast_id: it.broadcastId ?? null,
      jurisdiction_id: it.jurisdictionId ?? scope?.jurisdictionId ?? null,
    }));
    const result = await db.execute(sql`
      insert into ${outbox} (key, kind, person_id, payload, due_at, broadcast_id, jurisdiction_id, created_at)
      select x.key, x.kind, x.person_id, x.payload, x.due_at, x.broadcast_id, x.jurisdiction_id, ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(key text, kind text, person_id integer, payload jsonb, due_at timestamptz, broadcast_id integer,
             jurisdiction_id integer)
      on conflict (key) do nothing
      returning id`);
    queued += rowsOf(result).length;
  }
  return queued;
}

/**
 * Claims up to `limit` rows that are due: pending ones, failed ones whose retry time has come,
 * and ones whose claim lease expired (the process that took them died). SKIP LOCKED lets
 * several deliverers work the same table without taking the same row.
 */
export async function claimDue(
  db: Db,
  opts: { now: Date; limit: number; leaseMs: number; worker: string },
): Promise<OutboxRow[]> {
  const { now, limit, leaseMs, worker } = opts;
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        lte(outbox.dueAt, now),
        or(
          and(eq(outbox.status, 'pending'), or(isNull(outbox.nextAttemptAt), lte(outbox.nextAttemptAt, now))),
          and(eq(outbox.status, 'sending'), lt(outbox.claimedUntil, now)),
        ),
      ),
    )
    .orderBy(asc(outbox.dueAt), asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(outbox)
    .set({
      status: 'sending',
      claimedUntil: new Date(now.getTime() + leaseMs),
      claimedBy: worker,
      attempts: sql`${outbox.attempts} + 1`,
    })
    .where(inArray(outbox.id, due))
    .returning();
  return rows.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);
}

/** postgres.js returns an array, PGlite `{ rows }`: one shape for callers. */
export async function markSent(db: Db, id: number, channel: string, now: Date, worker: string): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ status: 'sent', sentAt: now, sentChannel: channel, claimedUntil: null, lastError: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'sending'), eq(outbox.claimedBy, worker)))
    .returning({ id: outbox.id });
  return rows.length > 0;
}

export async function markRetry(
  db: Db,
  id: number,
  error: string,
  nextAttemptAt: Date,
  worker: string,
  refundAttempt = false,
): Promise<void> {
  await db
    .update(outbox)
    .set({
      status: 'pending',
      nextAttemptAt,
      lastError: error.slice(0, 500),
      claimedUntil: null,
      ...(refundAttempt ? { attempts: sql`greatest(${outbox.attempts} - 1, 0)` } : {}),
    })
    .where(and(eq(outbox.id, id), eq(outbox.claimedBy, worker)));
}

export async function markFailed(db: Db, id: number, error: string, worker: string): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'failed', lastError: error.slice(0, 500), claimedUntil: null })
    .where(and(eq(outbox.id, id), eq(outbox.claimedBy, worker)));
}

export async function listFailed(db: Db, limit = 50): Promise<OutboxRow[]> {
  return db.select().from(outbox).where(eq(outbox.status, 'failed')).orderBy(desc(outbox.createdAt)).limit(limit);
}

export async function outboxOfBroadcast(db: Db, broadcastId: number): Promise<OutboxRow[]> {
  return db.select().from(outbox).where(eq(outbox.broadcastId, broadcastId));
}

/** Rows that will still be attempted (pending, or being sent), for status displays. */
export async function countOpen(db: Db): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(outbox)
    .where(or(eq(outbox.status, 'pending'), eq(outbox.status, 'sending')));
  return Number(rows[0]?.n ?? 0);
}

export async function markCancelled(db: Db, id: number, reason: string, worker: string): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'cancelled', lastError: reason.slice(0, 500), claimedUntil: null })
    .where(and(eq(outbox.id, id), eq(outbox.claimedBy, worker)));
}

/** Whether every row of a broadcast has reached a final state. */
export async function broadcastFinished(db: Db, broadcastId: number): Promise<boolean> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(outbox)
    .where(and(eq(outbox.broadcastId, broadcastId), or(eq(outbox.status, 'pending'), eq(outbox.status, 'sending'))));
  return Number(rows[0]?.n ?? 0) === 0;
}
