/**
 * Who may do what. The only place that looks at roles: flows and services ask `can` /
 * `assertCan` and never compare roles themselves. Pure, so the whole matrix is unit-tested.
 */

export const ROLES = ['member', 'focal', 'head', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

export type Actor =
  | { kind: 'anonymous'; deactivated?: boolean }
  /** The admin CLI and the scheduler act with full rights; audit rows name them. */
  | { kind: 'system'; name: string }
  | {
      kind: 'person';
      personId: number;
      accountId?: number;
      fullName: string;
      role: Role;
      unitId: number;
      unitName: string;
      /** The jurisdiction this seat acts in: every right below holds there and nowhere else. */
      jurisdictionId: number;
      /**
       * A commune office's person acting for the commune as a unit of the province (its focal
       * point there), rather than in the commune's own cycle.
       */
      forCommune?: boolean;
      locale?: string | null;
    };

export type PersonActor = Extract<Actor, { kind: 'person' }>;

/**
 * `own`: the actor's unit only. `any`: every unit (the office). `none`: not unit-scoped.
 * A role missing from the map is refused.
 */
type Rule = Partial<Record<Role | 'anonymous', 'own' | 'any' | 'none'>>;

const RULES = {
  'criteria.read': { anonymous: 'none', member: 'none', focal: 'none', head: 'none', admin: 'none' },
  'deadlines.read': { member: 'own', focal: 'own', head: 'own', admin: 'any' },
  'status.unit': { member: 'own', focal: 'own', head: 'own', admin: 'any' },
  'report.read': { focal: 'own', head: 'own', admin: 'any' },
  'report.write': { focal: 'own', head: 'own', admin: 'own' },
  'registration.write': { focal: 'own', head: 'own', admin: 'own' },
  'exemplar.write': { focal: 'own', head: 'own', admin: 'own' },
  'exemplar.read': { focal: 'own', head: 'own', admin: 'any' },
  /** Correcting or removing a unit's exemplary model: the office only; a unit records, never edits. */
  'exemplar.manage': { admin: 'any' },
  'report.review': { admin: 'any' },
  'status.district': { admin: 'none' },
  'missing.list': { admin: 'none' },
  'reminder.nudge': { admin: 'any' },
  export: { admin: 'none' },
  broadcast: { admin: 'none' },
  'people.read': { admin: 'any' },
  'people.manage': { admin: 'any' },
  'invite.create': { admin: 'any' },
  'campaign.manage': { admin: 'none' },
  'deadline.manage': { admin: 'none' },
  'audit.read': { admin: 'any' },
  /** The awards history (nominees, past awards, initiatives, flags): the office writes it. */
  'awards.read': { focal: 'own', head: 'own', admin: 'any' },
  'awards.manage': { admin: 'any' },
  'outbox.read': { admin: 'none' },
  /** Each child jurisdiction's progress (a province over its communes), read only. */
  'status.rollup': { admin: 'none' },
  'escalation.receive': { head: 'own' },
} satisfies Record<string, Rule>;

export type Permission = keyof typeof RULES;
export const PERMISSIONS = Object.keys(RULES) as Permission[];

/** Whether the permission takes a unit. */
export function isUnitScoped(p: Permission): boolean {
  return Object.values(RULES[p] as Rule).some((s) => s === 'own' || s === 'any');
}

/** A unit as rights see it: which one, and in which jurisdiction. */
export interface UnitRef {
  id: number;
  jurisdictionId: number;
}

/**
 * May `actor` do `perm` (on `unit` when the permission is unit-scoped)? A unit-scoped
 * permission asked without a unit means "on their own unit". A unit given as a bare id is
 * one the caller loaded through the actor's scope (db/scope.ts); given as a `UnitRef`, a unit
 * of another jurisdiction is refused whatever the role ("any" means any unit of one's own).
 */
export function can(actor: Actor, perm: Permission, unit?: number | UnitRef): boolean {
  if (actor.kind === 'system') return true;
  const rule = RULES[perm] as Rule;
  const scope = actor.kind === 'anonymous' ? rule.anonymous : rule[actor.role];
  if (scope === undefined) return false;
  if (scope === 'none') return true;
  if (actor.kind !== 'person') return scope === 'any' && unit === undefined;
  if (typeof unit === 'object' && unit.jurisdictionId !== actor.jurisdictionId) return false;
  if (scope === 'any') return true;
  const unitId = typeof unit === 'object' ? unit.id : unit;
  return unitId === undefined || unitId === actor.unitId;
}

/** Whether the actor holds the permission for every unit (the office), not only their own. */
export function canForEveryUnit(actor: Actor, perm: Permission): boolean {
  if (actor.kind === 'system') return true;
  const rule = RULES[perm] as Rule;
  const scope = actor.kind === 'anonymous' ? rule.anonymous : rule[actor.role];
  return scope === 'any' || scope === 'none';
}

export class Forbidden extends Error {
  override name = 'Forbidden';
  constructor(
    /** The permission refused; undefined when the actor is simply not a known, active person. */
    readonly perm: Permission | undefined,
    readonly actor: Actor,
  ) {
    super(`forbidden: ${perm ?? 'not a person'}`);
  }
}

export function assertCan(
  actor: Actor,
  perm: Permission,
  unit?: number | UnitRef,
): asserts actor is PersonActor | Extract<Actor, { kind: 'system' }> {
  if (!can(actor, perm, unit)) throw new Forbidden(perm, actor);
}

/**
 * For features that need a person behind the account (their unit, their name). Anyone else
 * gets the engine's refusal for unknown or deactivated accounts.
 */
export function assertPerson(actor: Actor): asserts actor is PersonActor {
  if (actor.kind !== 'person') throw new Forbidden(undefined, actor);
}

/** The person behind an actor, for audit rows. */
export function actorPersonId(actor: Actor): number | null {
  return actor.kind === 'person' ? actor.personId : null;
}

export function actorLabel(actor: Actor): string {
  if (actor.kind === 'person') return `person:${actor.personId}`;
  if (actor.kind === 'system') return `system:${actor.name}`;
  return 'anonymous';
}

/** Who an audit row names: the person (when there is one), the account label and the jurisdiction acted in. */
export function auditedBy(actor: Actor): {
  actorPersonId: number | null;
  actorAccount: string;
  jurisdictionId?: number;
} {
  const who = { actorPersonId: actorPersonId(actor), actorAccount: actorLabel(actor) };
  return actor.kind === 'person' ? { ...who, jurisdictionId: actor.jurisdictionId } : who;
}
