/** The outbox: every proactive message is a row first, keyed so it can only be queued once. */
import { and, asc, desc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../store.js';
import { outbox } from '../schema.js';

export type OutboxRow = typeof outbox.$inferSelect;

export interface OutboxItem {
  key: string;
  kind: string;
  personId: number;
  payload: unknown;
  dueAt: Date;
  broadcastId?: number | null;
}

/** Inserts rows whose keys are new; returns how many were queued (duplicates are skipped). */
export async function enqueue(db: Db, items: OutboxItem[], now: Date): Promise<number> {
  if (items.length === 0) return 0;
  let queued = 0;
  for (let i = 0; i < items.length; i += 500) {
    const rows = await db
      .insert(outbox)
      .values(items.slice(i, i + 500).map((it) => ({ ...it, broadcastId: it.broadcastId ?? null, createdAt: now })))
      .onConflictDoNothing({ target: outbox.key })
      .returning({ id: outbox.id });
    queued += rows.length;
  }
  return queued;
}

/**
 * Claims up to `limit` rows that are due: pending ones, failed ones whose retry time has come,
 * and ones whose claim lease expired (the process that took them died). SKIP LOCKED lets
 * several deliverers work the same table without taking the same row.
 */
export async function claimDue(db: Db, opts: { now: Date; limit: number; leaseMs: number; worker: string }): Promise<OutboxRow[]> {
  const { now, limit, leaseMs, worker } = opts;
  const until = new Date(now.getTime() + leaseMs);
  const rows = await db.execute(sql`
    update ${outbox} set status = 'sending', claimed_until = ${until}, claimed_by = ${worker}, attempts = ${outbox.attempts} + 1
    where ${outbox.id} in (
      select ${outbox.id} from ${outbox}
      where ${outbox.dueAt} <= ${now}
        and (
          (${outbox.status} = 'pending' and (${outbox.nextAttemptAt} is null or ${outbox.nextAttemptAt} <= ${now}))
          or (${outbox.status} = 'sending' and ${outbox.claimedUntil} < ${now})
        )
      order by ${outbox.dueAt}, ${outbox.id}
      limit ${limit}
      for update skip locked
    )
    returning ${outbox.id} as id`);
  const ids = rowsOf<{ id: number | string }>(rows).map((r) => Number(r.id));
  if (ids.length === 0) return [];
  return db.select().from(outbox).where(inArray(outbox.id, ids)).orderBy(asc(outbox.dueAt), asc(outbox.id));
}

/** postgres.js returns an array, PGlite `{ rows }`: one shape for callers. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export async function markSent(db: Db, id: number, channel: string, now: Date, worker: string): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ status: 'sent', sentAt: now, sentChannel: channel, claimedUntil: null, lastError: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'sending'), eq(outbox.claimedBy, worker)))
    .returning({ id: outbox.id });
  return rows.length > 0;
}

export async function markRetry(db: Db, id: number, error: string, nextAttemptAt: Date, worker: string): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'pending', nextAttemptAt, lastError: error.slice(0, 500), claimedUntil: null })
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

export async function findByKey(db: Db, key: string): Promise<OutboxRow | undefined> {
  return (await db.select().from(outbox).where(eq(outbox.key, key)).limit(1))[0];
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

export async function dueBefore(db: Db, t: Date): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(and(lte(outbox.dueAt, t), isNull(outbox.sentAt)));
}
