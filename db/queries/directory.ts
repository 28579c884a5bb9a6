/** Units, people and their platform accounts. */
import { sortVi } from '../../domain/collation.js';
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../store.js';
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

export function accountKey(channel: string, externalId: string): string {
  return `${channel}\u0000${externalId}`;
}

/** What the engine needs to know about whoever sent an update. */
export interface Speaker {
  accountId: number;
  lastInboundAt: Date | null;
  unreachable: boolean;
  personId: number;
  fullName: string;
  role: string;
  active: boolean;
  locale: string | null;
  unitId: number;
  unitName: string;
}

/** The people behind these platform accounts, by `accountKey`; unknown accounts are absent. */
export async function findSpeakers(
  db: Db,
  refs: ReadonlyArray<{ channel: string; externalId: string }>,
): Promise<Map<string, Speaker>> {
  if (refs.length === 0) return new Map();
  return speakersFrom(rowsOf<SpeakerRow>(await db.execute(speakersQuery(refs))));
}

/**
 * The people behind several platform accounts (keyed by `accountKey` through
 * `speakersFrom`). Every update runs this, inside the engine's opening statement
 * (opening.ts), so it is written by hand: only the columns the engine uses, and the keys as
 * one JSON parameter — building and mapping the same query with drizzle cost more than the
 * database spent on it (bench/telegram-throughput.ts).
 */
export function speakersQuery(refs: ReadonlyArray<{ channel: string; externalId: string }>): SQL {
  const wanted = JSON.stringify(refs.map((r) => ({ channel: r.channel, external_id: r.externalId })));
  return sql`
    select a.channel, a.external_id, a.id as account_id,
           (extract(epoch from a.last_inbound_at) * 1000)::float8 as last_inbound_ms,
           a.unreachable_since is not null as unreachable,
           p.id as person_id, p.full_name, p.role, p.active, p.locale, u.id as unit_id, u.name as unit_name
    from ${accounts} a
    join ${people} p on p.id = a.person_id
    join ${units} u on u.id = p.unit_id
    where (a.channel, a.external_id) in
      (select r.channel, r.external_id from jsonb_to_recordset(${wanted}::jsonb) as r(channel text, external_id text))`;
}

export function speakersFrom(rows: readonly SpeakerRow[]): Map<string, Speaker> {
  const out = new Map<string, Speaker>();
  for (const r of rows) {
    out.set(accountKey(r.channel, r.external_id), {
      accountId: r.account_id,
      lastInboundAt: r.last_inbound_ms === null ? null : new Date(Number(r.last_inbound_ms)),
      unreachable: r.unreachable,
      personId: r.person_id,
      fullName: r.full_name,
      role: r.role,
      active: r.active,
      locale: r.locale,
      unitId: r.unit_id,
      unitName: r.unit_name,
    });
  }
  return out;
}

export interface SpeakerRow {
  channel: string;
  external_id: string;
  account_id: number;
  last_inbound_ms: number | string | null;
  unreachable: boolean;
  person_id: number;
  full_name: string;
  role: string;
  active: boolean;
  locale: string | null;
  unit_id: number;
  unit_name: string;
}

export async function listUnits(db: Db, opts: { activeOnly?: boolean } = {}): Promise<UnitRow[]> {
  const rows = await db
    .select()
    .from(units)
    .where(opts.activeOnly ? eq(units.active, true) : undefined)
    .orderBy(asc(units.isOffice), asc(units.kind), asc(units.name));
  // Names in Vietnamese order ("Bản Bo" before "Bình Lư"), whatever the database's collation.
  return sortVi(
    rows,
    (u) => u.isOffice,
    (u) => u.kind,
    (u) => u.name,
  );
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

export async function listPeople(
  db: Db,
  filter: { unitIds?: number[]; roles?: string[]; activeOnly?: boolean } = {},
): Promise<PersonWithUnit[]> {
  const conds = [];
  if (filter.unitIds) conds.push(filter.unitIds.length ? inArray(people.unitId, filter.unitIds) : sql`false`);
  if (filter.roles) conds.push(filter.roles.length ? inArray(people.role, filter.roles) : sql`false`);
  if (filter.activeOnly) conds.push(eq(people.active, true));
  const rows = await db
    .select({ person: people, unit: units })
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(units.name), asc(people.fullName));
  return sortVi(
    rows,
    (r) => r.unit.name,
    (r) => r.person.fullName,
  );
}

export async function accountsOfPerson(db: Db, personId: number): Promise<AccountRow[]> {
  return db.select().from(accounts).where(eq(accounts.personId, personId)).orderBy(asc(accounts.id));
}

export async function accountsOfPeople(db: Db, personIds: number[]): Promise<AccountRow[]> {
  if (personIds.length === 0) return [];
  return db.select().from(accounts).where(inArray(accounts.personId, personIds)).orderBy(asc(accounts.id));
}

/** Records that these accounts wrote to us now (and so are reachable again). */
export async function touchAccounts(db: Db, accountIds: readonly number[], now: Date): Promise<void> {
  if (accountIds.length === 0) return;
  await db
    .update(accounts)
    .set({ lastInboundAt: now, unreachableSince: null, unreachableReason: null })
    .where(inArray(accounts.id, [...new Set(accountIds)]));
}

export async function markAccountUnreachable(db: Db, accountId: number, reason: string, now: Date): Promise<void> {
  await db
    .update(accounts)
    .set({ unreachableSince: now, unreachableReason: reason })
    .where(and(eq(accounts.id, accountId), isNull(accounts.unreachableSince)));
}
