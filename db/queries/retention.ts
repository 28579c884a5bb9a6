/**
 * Retention of the tables that grow with use: finished outbox rows and, only on an
 * administrator's explicit command, the audit log. Deletions run in small batches claimed with
 * FOR UPDATE SKIP LOCKED, so several instances doing housekeeping on one PostgreSQL split the
 * work instead of blocking each other, and no statement holds many row locks for long.
 * Trade-off: rows are deleted, not moved to an archive table — the audit log keeps the office's
 * record, and an outbox row older than a year says nothing the audit log does not.
 */
import { and, asc, eq, inArray, lt, notExists, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../store.js';
import { attachments, auditLog, files, outbox } from '../schema.js';
import type { AuditRow } from './audit.js';

const BATCH = 5000;

/** Outbox states that will never be attempted again. */
export const FINISHED_OUTBOX_STATES = ['sent', 'failed', 'cancelled'] as const;

/**
 * Deletes finished outbox rows created and due before `olderThan`; returns how many went.
 * Pending and in-flight rows are never touched, whatever their age.
 */
export async function pruneOutbox(db: Db, olderThan: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db.execute(sql`
      delete from ${outbox} where ${outbox.id} in (
        select ${outbox.id} from ${outbox}
        where ${outbox.status} in ('sent', 'failed', 'cancelled')
          and ${outbox.createdAt} < ${olderThan.toISOString()}::timestamptz
          and ${outbox.dueAt} < ${olderThan.toISOString()}::timestamptz
        order by ${outbox.id}
        limit ${BATCH}
        for update skip locked)
      returning ${outbox.id}`);
    const n = rowsOf(result).length;
    total += n;
    if (n < BATCH) return total;
  }
}

/** Audit rows strictly before `before`, oldest first (what `audit-prune` would delete). */
export async function auditRowsBefore(db: Db, before: Date): Promise<AuditRow[]> {
  return db.select().from(auditLog).where(lt(auditLog.at, before)).orderBy(asc(auditLog.at), asc(auditLog.id));
}

/** Deletes the audit rows with these ids (in batches); returns how many went. */
export async function deleteAuditRows(db: Db, ids: number[]): Promise<number> {
  let total = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    const rows = await db
      .delete(auditLog)
      .where(and(inArray(auditLog.id, ids.slice(i, i + BATCH))))
      .returning({ id: auditLog.id });
    total += rows.length;
  }
  return total;
}

/**
 * Archived bytes no attachment refers to (a file sent where none was wanted, refused after the
 * archive had stored it), older than `olderThan`. Database storage only: objects in an object
 * store are left to the bucket's own lifecycle rules.
 */
export async function pruneOrphanFiles(db: Db, olderThan: Date): Promise<number> {
  const rows = await db
    .delete(files)
    .where(
      and(
        eq(files.storage, 'db'),
        lt(files.createdAt, olderThan),
        notExists(
          db
            .select({ one: sql`1` })
            .from(attachments)
            .where(eq(attachments.sha256, files.sha256)),
        ),
      ),
    )
    .returning({ sha256: files.sha256 });
  return rows.length;
}
