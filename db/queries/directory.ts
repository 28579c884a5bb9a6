/** Units, people and their platform accounts. */
import { sortVi } from '../../domain/collation.js';
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../store.js';
import type { Scoped } from '../scope.js';
import { accounts, jurisdictions, people, units } from '../schema.js';

export type UnitRow = typeof units.$inferSelect;
export type PersonRow = typeof people.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;

export interface AccountOwner {
  account: AccountRow;
  person: PersonRow;
  unit: UnitRow;
}

/** The people a platform identity is linked to, one per jurisdiction at most (an installation-wide read). */
export async function accountOwners(db: Db, channel: string, externalId: string): Promise<AccountOwner[]> {
  return db
    .select({ account: accounts, person: people, unit: units })
    .from(accounts)
    .innerJoin(people, eq(people.id, accounts.personId))
    .innerJoin(units, eq(units.id, people.unitId))
    .where(and(eq(accounts.channel, channel), eq(accounts.externalId, externalId)))
    .orderBy(asc(accounts.id));
}

export function accountKey(channel: string, externalId: string): string {
  return `${channel}\u0000${externalId}`;
}

/**
 * What the engine needs to know about whoever sent an update: one entry per person the
 * account is linked to (a person may hold roles in two jurisdictions, one `people` row each).
 */
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
  jurisdictionId: number;
  /**
   * For a person of a commune's office: the unit that stands for the commune in its parent
   * (the province), where the office acts for the commune.
   */
  inParent?: { jurisdictionId: number; unitId: number; unitName: string };
}

/** The people behind these platform accounts, by `accountKey`; unknown accounts are absent. */
export async function findSpeakers(
  db: Db,
  refs: ReadonlyArray<{ channel: string; externalId: string }>,
): Promise<Map<string, Speaker[]>> {
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
           p.id as person_id, p.full_name, p.role, p.active, p.locale, u.id as unit_id, u.name as unit_name,
           p.jurisdiction_id, pu.jurisdiction_id as parent_jurisdiction_id, pu.id as parent_unit_id,
           pu.name as parent_unit_name
    from ${accounts} a
    join ${people} p on p.id = a.person_id
    join ${units} u on u.id = p.unit_id
    join ${jurisdictions} j on j.id = p.jurisdiction_id
    left join ${units} pu on u.is_office and pu.jurisdiction_id = j.parent_id and pu.code = j.unit_code_in_parent
    where (a.channel, a.external_id) in
      (select r.channel, r.external_id from jsonb_to_recordset(${wanted}::jsonb) as r(channel text, external_id text))
    order by a.id`;
}

export function speakersFrom(rows: readonly SpeakerRow[]): Map<string, Speaker[]> {
  const out = new Map<string, Speaker[]>();
  for (const r of rows) {
    const key = accountKey(r.channel, r.external_id);
    const list = out.get(key) ?? [];
    out.set(key, list);
    list.push({
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
      jurisdictionId: r.jurisdiction_id,
      ...(r.parent_unit_id !== null && r.parent_jurisdiction_id !== null
        ? {
            inParent: {
              jurisdictionId: r.parent_jurisdiction_id,
              unitId: r.parent_unit_id,
              unitName: r.parent_unit_name ?? '',
            },
          }
        : {}),
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
  jurisdiction_id: number;
  parent_jurisdiction_id: number | null;
  parent_unit_id: number | null;
  parent_unit_name: string | null;
}

export async function listUnits(s: Scoped, opts: { activeOnly?: boolean } = {}): Promise<UnitRow[]> {
  const here = eq(units.jurisdictionId, s.jurisdictionId);
  const rows = await s.tx
    .select()
    .from(units)
    .where(opts.activeOnly ? and(here, eq(units.active, true)) : here)
    .orderBy(asc(units.isOffice), asc(units.kind), asc(units.name));
  // Names in Vietnamese order ("Bản Bo" before "Bình Lư"), whatever the database's collation.
  return sortVi(
    rows,
    (u) => u.isOffice,
    (u) => u.kind,
    (u) => u.name,
  );
}

export async function findUnitByCode(s: Scoped, code: string): Promise<UnitRow | undefined> {
  const rows = await s.tx
    .select()
    .from(units)
    .where(and(eq(units.jurisdictionId, s.jurisdictionId), eq(units.code, code)))
    .limit(1);
  return rows[0];
}

/** A unit of this jurisdiction; another jurisdiction's id (a forged button) is not found. */
export async function findUnitById(s: Scoped, id: number): Promise<UnitRow | undefined> {
  const rows = await s.tx
    .select()
    .from(units)
    .where(and(eq(units.jurisdictionId, s.jurisdictionId), eq(units.id, id)))
    .limit(1);
  return rows[0];
}

export async function findPerson(s: Scoped, id: number): Promise<PersonRow | undefined> {
  const rows = await s.tx
    .select()
    .from(people)
    .where(and(eq(people.jurisdictionId, s.jurisdictionId), eq(people.id, id)))
    .limit(1);
  return rows[0];
}

/** Which jurisdiction a unit belongs to (an installation-wide read, for data kept outside any scope). */
export async function jurisdictionOfUnit(db: Db, unitId: number): Promise<number | undefined> {
  const rows = await db.select({ j: units.jurisdictionId }).from(units).where(eq(units.id, unitId)).limit(1);
  return rows[0]?.j;
}

/**
 * The person an outbox row goes to, whatever their jurisdiction: delivery is installation-wide
 * (a commune office receives the province's reminders for the commune).
 */
export async function recipient(db: Db, id: number): Promise<PersonRow | undefined> {
  const rows = await db.select().from(people).where(eq(people.id, id)).limit(1);
  return rows[0];
}

export async function findPersonByCode(s: Scoped, code: string): Promise<PersonRow | undefined> {
  const rows = await s.tx
    .select()
    .from(people)
    .where(and(eq(people.jurisdictionId, s.jurisdictionId), eq(people.code, code)))
    .limit(1);
  return rows[0];
}

export interface PersonWithUnit {
  person: PersonRow;
  unit: UnitRow;
}

export async function listPeople(
  s: Scoped,
  filter: { unitIds?: number[]; roles?: string[]; activeOnly?: boolean } = {},
): Promise<PersonWithUnit[]> {
  const conds: SQL[] = [eq(people.jurisdictionId, s.jurisdictionId)];
  if (filter.unitIds) conds.push(filter.unitIds.length ? inArray(people.unitId, filter.unitIds) : sql`false`);
  if (filter.roles) conds.push(filter.roles.length ? inArray(people.role, filter.roles) : sql`false`);
  if (filter.activeOnly) conds.push(eq(people.active, true));
  const rows = await s.tx
    .select({ person: people, unit: units })
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(and(...conds))
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

/**
 * Who acts for these units of the scope: their own active people with one of `roles`; and
 * for a unit that stands for a commune (a province's unit for a child jurisdiction), the
 * people of that commune's office with one of `roles` or admin — the office acts for the
 * commune in the province's cycle (handlers/actor.ts). One statement, whatever the number.
 */
export async function unitContacts(
  s: Scoped,
  unitIds: readonly number[],
  roles: readonly string[],
): Promise<Array<{ personId: number; unitId: number }>> {
  if (unitIds.length === 0 || roles.length === 0) return [];
  const ids = JSON.stringify([...new Set(unitIds)]);
  const own = JSON.stringify(roles);
  const office = JSON.stringify([...new Set([...roles, 'admin'])]);
  const rows = rowsOf<{ person_id: number; unit_id: number }>(
    await s.tx.execute(sql`
      select p.id as person_id, p.unit_id
      from ${people} p
      where p.jurisdiction_id = ${s.jurisdictionId} and p.active
        and p.unit_id in (select jsonb_array_elements_text(${ids}::jsonb)::int)
        and p.role in (select jsonb_array_elements_text(${own}::jsonb))
      union
      select p.id as person_id, u.id as unit_id
      from ${units} u
      join ${jurisdictions} c on c.parent_id = u.jurisdiction_id and c.unit_code_in_parent = u.code
      join ${units} o on o.jurisdiction_id = c.id and o.is_office
      join ${people} p on p.unit_id = o.id and p.active
      where u.jurisdiction_id = ${s.jurisdictionId}
        and u.id in (select jsonb_array_elements_text(${ids}::jsonb)::int)
        and p.role in (select jsonb_array_elements_text(${office}::jsonb))
      order by person_id`),
  );
  return rows.map((r) => ({ personId: Number(r.person_id), unitId: Number(r.unit_id) }));
}
