/**
 * People management for the office: list, change role, move to another unit, deactivate and
 * reactivate; and a person's own language. Every change is authorised here and audited in the
 * same transaction.
 */
import { and, eq } from 'drizzle-orm';
import { people } from '../../db/schema.js';
import type { Scoped } from '../../db/scope.js';
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

export async function peopleOfUnit(s: Scoped, actor: Actor, unitId: number): Promise<PersonWithUnit[]> {
  assertCan(actor, 'people.read', unitId);
  return listPeople(s, { unitIds: [unitId] });
}

async function load(s: Scoped, personId: number): Promise<PersonRow> {
  const p = await findPerson(s, personId);
  if (!p) throw new NotFound(`person ${personId}`);
  return p;
}

async function update(
  s: Scoped,
  actor: Actor,
  person: PersonRow,
  action: string,
  patch: Partial<Pick<PersonRow, 'role' | 'unitId' | 'active' | 'locale'>>,
  now: Date,
): Promise<PersonRow> {
  const { tx } = s;
  const before = Object.fromEntries(Object.keys(patch).map((k) => [k, person[k as keyof PersonRow]]));
  const [after] = await tx
    .update(people)
    .set({ ...patch, updatedAt: now })
    .where(and(eq(people.jurisdictionId, s.jurisdictionId), eq(people.id, person.id)))
    .returning();
  await writeAudit(
    s,
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

export async function changeRole(s: Scoped, actor: Actor, personId: number, role: Role, now: Date): Promise<PersonRow> {
  const p = await load(s, personId);
  assertCan(actor, 'people.manage', p.unitId);
  if (p.role === role) return p;
  return update(s, actor, p, 'person.role', { role }, now);
}

export async function moveToUnit(
  s: Scoped,
  actor: Actor,
  personId: number,
  unitId: number,
  now: Date,
): Promise<PersonRow> {
  const p = await load(s, personId);
  assertCan(actor, 'people.manage', p.unitId);
  assertCan(actor, 'people.manage', unitId);
  if (!(await findUnitById(s, unitId))) throw new NotFound(`unit ${unitId}`);
  if (p.unitId === unitId) return p;
  const moved = await update(s, actor, p, 'person.move', { unitId }, now);
  // The receiving unit's history shows the arrival too.
  await writeAudit(
    s,
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
  s: Scoped,
  actor: Actor,
  personId: number,
  active: boolean,
  now: Date,
): Promise<PersonRow> {
  const p = await load(s, personId);
  assertCan(actor, 'people.manage', p.unitId);
  if (p.active === active) return p;
  return update(s, actor, p, active ? 'person.activate' : 'person.deactivate', { active }, now);
}

/** A person's own language for the bot's messages (`/ngonngu`): theirs to change, audited. */
export async function setOwnLocale(s: Scoped, actor: Actor, locale: 'vi' | 'en', now: Date): Promise<void> {
  if (actor.kind !== 'person') return;
  const p = await load(s, actor.personId);
  if (p.locale === locale) return;
  await update(s, actor, p, 'person.locale', { locale }, now);
}
