/**
 * The tree of jurisdictions: a province, its communes, dissolved districts kept for history.
 * These reads are installation-wide on purpose (a bare `Db`): they are how a scope is found in
 * the first place — from a person's row, an invite, a data file, the chat's choice.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../store.js';
import type { Scoped } from '../scope.js';
import { jurisdictions } from '../schema.js';

export type JurisdictionRow = typeof jurisdictions.$inferSelect;

export async function getJurisdiction(db: Db, id: number): Promise<JurisdictionRow | undefined> {
  return (await db.select().from(jurisdictions).where(eq(jurisdictions.id, id)).limit(1))[0];
}

export async function jurisdictionsByIds(db: Db, ids: readonly number[]): Promise<JurisdictionRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(jurisdictions)
    .where(inArray(jurisdictions.id, [...new Set(ids)]));
}

export async function findJurisdictionByCode(db: Db, code: string): Promise<JurisdictionRow | undefined> {
  return (await db.select().from(jurisdictions).where(eq(jurisdictions.code, code)).limit(1))[0];
}

export async function listJurisdictions(db: Db): Promise<JurisdictionRow[]> {
  return db.select().from(jurisdictions).orderBy(asc(jurisdictions.id));
}

/**
 * The jurisdiction a stranger's questions are answered in: the first top-level one that is
 * still active (the province of a province-wide deployment), else the first of all.
 */
export async function defaultJurisdiction(db: Db): Promise<JurisdictionRow | undefined> {
  const top = await db
    .select()
    .from(jurisdictions)
    .where(and(isNull(jurisdictions.parentId), isNull(jurisdictions.activeTo)))
    .orderBy(asc(jurisdictions.id))
    .limit(1);
  return top[0] ?? (await db.select().from(jurisdictions).orderBy(asc(jurisdictions.id)).limit(1))[0];
}

/** The jurisdictions directly under this one (a province's communes, and its former districts). */
export async function childJurisdictions(s: Scoped): Promise<JurisdictionRow[]> {
  return s.tx
    .select()
    .from(jurisdictions)
    .where(eq(jurisdictions.parentId, s.jurisdictionId))
    .orderBy(asc(jurisdictions.name));
}
