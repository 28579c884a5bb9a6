/**
 * People management for the office: list, change role, move to another unit, deactivate and
 * reactivate; and a person's own language. Every change is authorised here and audited in the
 * same transaction.
 */
import { eq } from 'drizzle-orm';
import { people } from '../../db/schema.js';
import type { Db } from '../../db/store.js';
import { writeAudit } from '../../db/queries/audit.js';
import {
  findPerson,
  findUnitById,
  listPeople,
  type PersonRow,
  type PersonWithUnit,
} from '../../db/queries/directory.js';
import { type Actor, assertCan, auditedBy, type Role } from '../../domain/authz.js';

export class NotFound extends Error {
  override name = 'NotFound';
}

export async function peopleOfUnit(tx: Db, actor: Actor, unitId: number): Promise<PersonWithUnit[]> {
  assertCan(actor, 'people.read', unitId);
  return listPeople(tx, { unitIds: [unitId] });
}

async function load(tx: Db, personId: number): Promise<PersonRow> {
  const p = await findPerson(tx, personId);
  if (!p) throw new NotFound(`person ${personId}`);
  return p;
}

async function update(
  tx: Db,
  actor: Actor,
  person: PersonRow,
  action: string,
  patch: Partial<Pick<PersonRow, 'role' | 'unitId' | 'active' | 'locale'>>,
  now: Date,
): Promise<PersonRow> {
  const before = Object.fromEntries(Object.keys(patch).map((k) => [k, person[k as keyof PersonRow]]));
  const [after] = await tx
    .update(people)
    .set({ ...patch, updatedAt: now })
    .where(eq(people.id, person.id))
    .returning();
  await writeAudit(
    tx,
    {
      ...auditedBy(actor),
      action,
      entity: 'person',
      entityId: person.id,
      unitId: person.unitId,
      before,
      after: patch,
    },
    now,
  );
  return after!;
}

export async function changeRole(tx: Db, actor: Actor, personId: number, role: Role, now: Date): Promise<PersonRow> {
  const p = await load(tx, personId);
  assertCan(actor, 'people.manage', p.unitId);
  if (p.role === role) return p;
  return update(tx, actor, p, 'person.role', { role }, now);
}

export async function moveToUnit(
  tx: Db,
  actor: Actor,
  personId: number,
  unitId: number,
  now: Date,
): Promise<PersonRow> {
  const p = await load(tx, personId);
  assertCan(actor, 'people.manage', p.unitId);
  assertCan(actor, 'people.manage', unitId);
  if (!(await findUnitById(tx, unitId))) throw new NotFound(`unit ${unitId}`);
  if (p.unitId === unitId) return p;
  const moved = await update(tx, actor, p, 'person.move', { unitId }, now);
  // The receiving unit's history shows the arrival too.
  await writeAudit(
    tx,
    {
      ...auditedBy(actor),
      action: 'person.move_in',
      entity: 'person',
      entityId: p.id,
      unitId,
      before: { unitId: p.unitId },
      after: { unitId },
    },
    now,
  );
  return moved;
}

export async function setActive(
  tx: Db,
  actor: Actor,
  personId: number,
  active: boolean,
  now: Date,
): Promise<PersonRow> {
  const p = await load(tx, personId);
  assertCan(actor, 'people.manage', p.unitId);
  if (p.active === active) return p;
  return update(tx, actor, p, active ? 'person.activate' : 'person.deactivate', { active }, now);
}

/** A person's own language for the bot's messages (`/ngonngu`): theirs to change, audited. */
export async function setOwnLocale(tx: Db, actor: Actor, locale: 'vi' | 'en', now: Date): Promise<void> {
  if (actor.kind !== 'person') return;
  const p = await load(tx, actor.personId);
  if (p.locale === locale) return;
  await update(tx, actor, p, 'person.locale', { locale }, now);
}
