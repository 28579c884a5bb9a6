/**
 * Read side of the exemplary models (điển hình tiên tiến) units reported. A model the office
 * removed keeps its row (`removed_at`) and its photos; every read here skips it.
 */
import { and, asc, count, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import type { Db } from '../store.js';
import type { Scoped } from '../scope.js';
import { attachments, exemplars, units } from '../schema.js';

export interface ExemplarWithUnit {
  id: number;
  name: string;
  field: string;
  achievement: string;
  unitName: string;
  createdAt: Date;
}

/** One exemplar as a list or a card shows it. */
export interface ExemplarCard extends ExemplarWithUnit {
  unitId: number;
  photos: number;
}

const withUnit = {
  id: exemplars.id,
  name: exemplars.name,
  field: exemplars.field,
  achievement: exemplars.achievement,
  unitId: exemplars.unitId,
  unitName: units.name,
  createdAt: exemplars.createdAt,
};

/** Exemplars recorded in [from, to), oldest first, with their unit's name. */
export async function exemplarsBetween(s: Scoped, from: Date, to: Date): Promise<ExemplarWithUnit[]> {
  return s.tx
    .select({
      id: exemplars.id,
      name: exemplars.name,
      field: exemplars.field,
      achievement: exemplars.achievement,
      unitName: units.name,
      createdAt: exemplars.createdAt,
    })
    .from(exemplars)
    .innerJoin(units, eq(units.id, exemplars.unitId))
    .where(
      and(
        eq(exemplars.jurisdictionId, s.jurisdictionId),
        gte(exemplars.createdAt, from),
        lt(exemplars.createdAt, to),
        isNull(exemplars.removedAt),
      ),
    )
    .orderBy(asc(exemplars.createdAt), asc(exemplars.id));
}

/** The number of photos of each exemplar. */
async function photoCounts(db: Db, ids: number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (!ids.length) return counts;
  const rows = await db
    .select({ ownerId: attachments.ownerId, n: count() })
    .from(attachments)
    .where(and(eq(attachments.ownerKind, 'exemplar'), inArray(attachments.ownerId, ids)))
    .groupBy(attachments.ownerId);
  for (const r of rows) counts.set(r.ownerId, r.n);
  return counts;
}

/** The exemplars of one unit, or of every unit without `unitId`, in no particular order (callers collate). */
export async function listExemplars(s: Scoped, unitId?: number): Promise<ExemplarCard[]> {
  const rows = await s.tx
    .select(withUnit)
    .from(exemplars)
    .innerJoin(units, eq(units.id, exemplars.unitId))
    .where(
      and(
        eq(exemplars.jurisdictionId, s.jurisdictionId),
        isNull(exemplars.removedAt),
        unitId === undefined ? undefined : eq(exemplars.unitId, unitId),
      ),
    );
  const photos = await photoCounts(
    s.tx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, photos: photos.get(r.id) ?? 0 }));
}

/** One exemplar that has not been removed, or undefined. */
export async function getExemplar(s: Scoped, id: number): Promise<ExemplarCard | undefined> {
  const [row] = await s.tx
    .select(withUnit)
    .from(exemplars)
    .innerJoin(units, eq(units.id, exemplars.unitId))
    .where(and(eq(exemplars.jurisdictionId, s.jurisdictionId), eq(exemplars.id, id), isNull(exemplars.removedAt)));
  if (!row) return undefined;
  return { ...row, photos: (await photoCounts(s.tx, [id])).get(id) ?? 0 };
}
