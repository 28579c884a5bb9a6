/** Units, people and their platform accounts. */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../store.js';
import { accounts, people, units } from '../schema.js';

export type UnitRow = typeof units.$inferSelect;
export type PersonRow = typeof people.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;

export interface AccountOwner {
  account: AccountRow;
  person: PersonRow;
  unit: UnitRow;
}

export async function findAccountOwner(db: Db, channel: string, externalId: string): Promise<AccountOwner | undefined> {
  const rows = await db
    .select({ account: accounts, person: people, unit: units })
    .from(accounts)
    .innerJoin(people, eq(people.id, accounts.personId))
    .innerJoin(units, eq(units.id, people.unitId))
    .where(and(eq(accounts.channel, channel), eq(accounts.externalId, externalId)))
    .limit(1);
  return rows[0];
}

export async function listUnits(db: Db, opts: { activeOnly?: boolean } = {}): Promise<UnitRow[]> {
  return db
    .select()
    .from(units)
    .where(opts.activeOnly ? eq(units.active, true) : undefined)
    .orderBy(asc(units.isOffice), asc(units.kind), asc(units.name));
}

export async function findUnitByCode(db: Db, code: string): Promise<UnitRow | undefined> {
  const rows = await db.select().from(units).where(eq(units.code, code)).limit(1);
  return rows[0];
}

export async function findUnitById(db: Db, id: number): Promise<UnitRow | undefined> {
  const rows = await db.select().from(units).where(eq(units.id, id)).limit(1);
  return rows[0];
}

export async function findPerson(db: Db, id: number): Promise<PersonRow | undefined> {
  const rows = await db.select().from(people).where(eq(people.id, id)).limit(1);
  return rows[0];
}

export async function findPersonByCode(db: Db, code: string): Promise<PersonRow | undefined> {
  const rows = await db.select().from(people).where(eq(people.code, code)).limit(1);
  return rows[0];
}

export interface PersonWithUnit {
  person: PersonRow;
  unit: UnitRow;
}

export async function listPeople(db: Db, filter: { unitIds?: number[]; roles?: string[]; activeOnly?: boolean } = {}): Promise<PersonWithUnit[]> {
  const conds = [];
  if (filter.unitIds) conds.push(filter.unitIds.length ? inArray(people.unitId, filter.unitIds) : sql`false`);
  if (filter.roles) conds.push(filter.roles.length ? inArray(people.role, filter.roles) : sql`false`);
  if (filter.activeOnly) conds.push(eq(people.active, true));
  return db
    .select({ person: people, unit: units })
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(units.name), asc(people.fullName));
}

export async function accountsOfPerson(db: Db, personId: number): Promise<AccountRow[]> {
  return db.select().from(accounts).where(eq(accounts.personId, personId)).orderBy(asc(accounts.id));
}

export async function accountsOfPeople(db: Db, personIds: number[]): Promise<AccountRow[]> {
  if (personIds.length === 0) return [];
  return db.select().from(accounts).where(inArray(accounts.personId, personIds)).orderBy(asc(accounts.id));
}

export async function touchAccount(db: Db, accountId: number, now: Date): Promise<void> {
  await db
    .update(accounts)
    .set({ lastInboundAt: now, unreachableSince: null, unreachableReason: null })
    .where(eq(accounts.id, accountId));
}

export async function markAccountUnreachable(db: Db, accountId: number, reason: string, now: Date): Promise<void> {
  await db
    .update(accounts)
    .set({ unreachableSince: now, unreachableReason: reason })
    .where(and(eq(accounts.id, accountId), isNull(accounts.unreachableSince)));
}
