/** The audit log: who changed what, written in the same transaction as the change. */
import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { Db } from '../store.js';
import { auditLog } from '../schema.js';

export interface AuditEntry {
  actorPersonId: number | null;
  actorAccount: string;
  action: string;
  entity: string;
  entityId?: string | number | null;
  unitId?: number | null;
  before?: unknown;
  after?: unknown;
}

export async function writeAudit(db: Db, e: AuditEntry, now: Date): Promise<void> {
  await db.insert(auditLog).values({
    at: now,
    actorPersonId: e.actorPersonId,
    actorAccount: e.actorAccount,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId == null ? null : String(e.entityId),
    unitId: e.unitId ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
  });
}

export type AuditRow = typeof auditLog.$inferSelect;

export async function listAudit(
  db: Db,
  filter: { unitId?: number; since?: Date; until?: Date; limit?: number },
): Promise<AuditRow[]> {
  const conds = [];
  if (filter.unitId !== undefined) conds.push(eq(auditLog.unitId, filter.unitId));
  if (filter.since) conds.push(gte(auditLog.at, filter.since));
  if (filter.until) conds.push(lte(auditLog.at, filter.until));
  return db
    .select()
    .from(auditLog)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.limit ?? 1000);
}
