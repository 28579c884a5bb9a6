/** The audit log: who changed what, written in the same transaction as the change. */
import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { Db } from '../store.js';
import type { Scoped } from '../scope.js';
import { auditLog } from '../schema.js';

export interface AuditEntry {
  actorPersonId: number | null;
  actorAccount: string;
  action: string;
  entity: string;
  entityId?: string | number | null;
  unitId?: number | null;
  /** The jurisdiction of the change; null for installation-wide changes (national content). */
  jurisdictionId?: number | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit row; given a scope, the row belongs to its jurisdiction. */
export async function writeAudit(into: Db | Scoped, e: AuditEntry, now: Date): Promise<void> {
  const scope = 'jurisdictionId' in into && 'tx' in into ? into : undefined;
  const db = scope ? scope.tx : (into as Db);
  await db.insert(auditLog).values({
    at: now,
    actorPersonId: e.actorPersonId,
    actorAccount: e.actorAccount,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId == null ? null : String(e.entityId),
    unitId: e.unitId ?? null,
    jurisdictionId: e.jurisdictionId ?? scope?.jurisdictionId ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
  });
}

export type AuditRow = typeof auditLog.$inferSelect;

export async function listAudit(
  s: Scoped,
  filter: { unitId?: number; since?: Date; until?: Date; limit?: number },
): Promise<AuditRow[]> {
  const conds = [eq(auditLog.jurisdictionId, s.jurisdictionId)];
  if (filter.unitId !== undefined) conds.push(eq(auditLog.unitId, filter.unitId));
  if (filter.since) conds.push(gte(auditLog.at, filter.since));
  if (filter.until) conds.push(lte(auditLog.at, filter.until));
  return s.tx
    .select()
    .from(auditLog)
    .where(and(...conds))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.limit ?? 1000);
}
