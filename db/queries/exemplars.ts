/** Read side of the exemplary models (điển hình tiên tiến) units reported. */
import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../store.js';
import { exemplars, units } from '../schema.js';

export interface ExemplarWithUnit {
  id: number;
  name: string;
  field: string;
  achievement: string;
  unitName: string;
  createdAt: Date;
}

/** Exemplars recorded in [from, to), oldest first, with their unit's name. */
export async function exemplarsBetween(db: Db, from: Date, to: Date): Promise<ExemplarWithUnit[]> {
  return db
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
    .where(and(gte(exemplars.createdAt, from), lt(exemplars.createdAt, to)))
    .orderBy(asc(exemplars.createdAt), asc(exemplars.id));
}
