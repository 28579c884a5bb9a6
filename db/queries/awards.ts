/**
 * Queries of the awards history: nominees, their lineage, past awards, initiatives, yearly
 * ratings and flags. Plain reads and writes; authorisation and audit rows are the service's
 * (handlers/services/awards-history.ts), which calls these inside its transaction.
 */
import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../store.js';
import { awardRecords, initiatives, nomineeFlags, nomineeLineage, nominees, taskRatings } from '../schema.js';

export type NomineeRow = typeof nominees.$inferSelect;
export type NewNominee = typeof nominees.$inferInsert;
export type AwardRow = typeof awardRecords.$inferSelect;
export type NewAward = typeof awardRecords.$inferInsert;
export type InitiativeRow = typeof initiatives.$inferSelect;
export type NewInitiative = typeof initiatives.$inferInsert;
export type FlagRow = typeof nomineeFlags.$inferSelect;
export type NewFlag = typeof nomineeFlags.$inferInsert;
export type LineageRow = typeof nomineeLineage.$inferSelect;
export type RatingRow = typeof taskRatings.$inferSelect;

export async function insertNominee(db: Db, v: NewNominee): Promise<NomineeRow> {
  const [row] = await db.insert(nominees).values(v).returning();
  return row!;
}

export async function updateNominee(db: Db, id: number, patch: Partial<NewNominee>, now: Date): Promise<NomineeRow> {
  const [row] = await db
    .update(nominees)
    .set({ ...patch, updatedAt: now })
    .where(eq(nominees.id, id))
    .returning();
  return row!;
}

export async function getNominee(db: Db, id: number): Promise<NomineeRow | undefined> {
  const [row] = await db.select().from(nominees).where(eq(nominees.id, id));
  return row;
}

export async function getNominees(db: Db, ids: number[]): Promise<NomineeRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(nominees).where(inArray(nominees.id, ids));
}

export async function findNomineeByCode(db: Db, code: string): Promise<NomineeRow | undefined> {
  const [row] = await db.select().from(nominees).where(eq(nominees.code, code));
  return row;
}

/**
 * Nominees with this kind, folded name and (when given) folded unit; a birth year, when
 * given, must match or be unknown on the row.
 */
export async function findNomineeMatches(
  db: Db,
  m: { kind: string; nameKey: string; unitKey?: string; birthYear?: number | null },
): Promise<NomineeRow[]> {
  const conds = [eq(nominees.kind, m.kind), eq(nominees.nameKey, m.nameKey)];
  if (m.unitKey !== undefined) conds.push(eq(nominees.unitKey, m.unitKey));
  if (m.birthYear != null) conds.push(or(isNull(nominees.birthYear), eq(nominees.birthYear, m.birthYear))!);
  return db
    .select()
    .from(nominees)
    .where(and(...conds))
    .orderBy(asc(nominees.id));
}

export async function listNomineesOfBotUnit(db: Db, unitId: number): Promise<NomineeRow[]> {
  return db.select().from(nominees).where(eq(nominees.botUnitId, unitId)).orderBy(asc(nominees.name));
}

/** Inserts the award unless the same nominee, year, form and decision number is recorded. */
export async function insertAward(db: Db, v: NewAward): Promise<AwardRow | undefined> {
  const [row] = await db.insert(awardRecords).values(v).onConflictDoNothing().returning();
  return row;
}

export async function insertInitiative(db: Db, v: NewInitiative): Promise<InitiativeRow> {
  const [row] = await db.insert(initiatives).values(v).returning();
  return row!;
}

export async function getRating(db: Db, nomineeId: number, year: number): Promise<RatingRow | undefined> {
  const [row] = await db
    .select()
    .from(taskRatings)
    .where(and(eq(taskRatings.nomineeId, nomineeId), eq(taskRatings.year, year)));
  return row;
}

export async function upsertRating(db: Db, nomineeId: number, year: number, rating: string, now: Date): Promise<void> {
  await db
    .insert(taskRatings)
    .values({ nomineeId, year, rating, updatedAt: now })
    .onConflictDoUpdate({ target: [taskRatings.nomineeId, taskRatings.year], set: { rating, updatedAt: now } });
}

export async function insertFlag(db: Db, v: NewFlag): Promise<FlagRow> {
  const [row] = await db.insert(nomineeFlags).values(v).returning();
  return row!;
}

export async function getFlag(db: Db, id: number): Promise<FlagRow | undefined> {
  const [row] = await db.select().from(nomineeFlags).where(eq(nomineeFlags.id, id));
  return row;
}

export async function updateFlag(db: Db, id: number, patch: Partial<NewFlag>, now: Date): Promise<FlagRow> {
  const [row] = await db
    .update(nomineeFlags)
    .set({ ...patch, updatedAt: now })
    .where(eq(nomineeFlags.id, id))
    .returning();
  return row!;
}

export async function insertLineage(db: Db, v: typeof nomineeLineage.$inferInsert): Promise<LineageRow | undefined> {
  const [row] = await db.insert(nomineeLineage).values(v).onConflictDoNothing().returning();
  return row;
}

/** Every lineage link reachable backwards from `id` (its predecessors, theirs, …). */
export async function lineageOf(db: Db, id: number): Promise<LineageRow[]> {
  const links: LineageRow[] = [];
  const seen = new Set([id]);
  let frontier = [id];
  while (frontier.length > 0) {
    const rows = await db.select().from(nomineeLineage).where(inArray(nomineeLineage.successorId, frontier));
    frontier = [];
    for (const r of rows) {
      links.push(r);
      if (!seen.has(r.predecessorId)) {
        seen.add(r.predecessorId);
        frontier.push(r.predecessorId);
      }
    }
  }
  return links;
}

export interface HistoryRows {
  awards: AwardRow[];
  initiatives: InitiativeRow[];
  ratings: RatingRow[];
  flags: FlagRow[];
}

/** Awards, initiatives and ratings of all `ids` (a nominee and its predecessors); flags of `flagsOf` only. */
export async function historyRows(db: Db, ids: number[], flagsOf: number): Promise<HistoryRows> {
  // One after another: inside a transaction both drivers run one statement at a time anyway.
  const a = await db
    .select()
    .from(awardRecords)
    .where(inArray(awardRecords.nomineeId, ids))
    .orderBy(asc(awardRecords.year), asc(awardRecords.id));
  const i = await db
    .select()
    .from(initiatives)
    .where(inArray(initiatives.nomineeId, ids))
    .orderBy(asc(initiatives.year), asc(initiatives.id));
  const r = await db
    .select()
    .from(taskRatings)
    .where(inArray(taskRatings.nomineeId, ids))
    .orderBy(asc(taskRatings.year));
  const f = await db
    .select()
    .from(nomineeFlags)
    .where(eq(nomineeFlags.nomineeId, flagsOf))
    .orderBy(asc(nomineeFlags.openedOn));
  return { awards: a, initiatives: i, ratings: r, flags: f };
}

/** Nominees whose folded name is one of `keys` (import matching), in chunks. */
export async function nomineesByNameKeys(db: Db, keys: string[]): Promise<NomineeRow[]> {
  const out: NomineeRow[] = [];
  for (let i = 0; i < keys.length; i += 1000) {
    out.push(
      ...(await db
        .select()
        .from(nominees)
        .where(inArray(nominees.nameKey, keys.slice(i, i + 1000)))
        .orderBy(asc(nominees.id))),
    );
  }
  return out;
}

export async function insertNominees(db: Db, rows: NewNominee[]): Promise<NomineeRow[]> {
  const out: NomineeRow[] = [];
  for (let i = 0; i < rows.length; i += 500)
    out.push(
      ...(await db
        .insert(nominees)
        .values(rows.slice(i, i + 500))
        .returning()),
    );
  return out;
}

/** Inserts awards in chunks; returns those that were new (duplicates are skipped). */
export async function insertAwards(db: Db, rows: NewAward[]): Promise<AwardRow[]> {
  const out: AwardRow[] = [];
  for (let i = 0; i < rows.length; i += 500)
    out.push(
      ...(await db
        .insert(awardRecords)
        .values(rows.slice(i, i + 500))
        .onConflictDoNothing()
        .returning()),
    );
  return out;
}
