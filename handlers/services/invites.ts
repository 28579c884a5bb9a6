/**
 * One-time invite codes: creation (admins, the CLI, or a person linking another platform)
 * and redemption with expiry, single use and a brute-force lock-out.
 */
import { createHash, randomInt } from 'node:crypto';
import { accounts, people } from '../../db/schema.js';
import { scoped, type Scoped } from '../../db/scope.js';
import type { Db } from '../../db/store.js';
import { getJurisdiction } from '../../db/queries/jurisdictions.js';
import { writeAudit } from '../../db/queries/audit.js';
import { accountOwners, accountsOfPerson, findPerson, findUnitById } from '../../db/queries/directory.js';
import {
  claimInvite,
  findInviteByHash,
  insertInvite,
  recentInviteFailures,
  recordInviteFailure,
  type InviteRow,
} from '../../db/queries/invites.js';
import { type Actor, actorLabel, actorPersonId, assertCan, auditedBy, isRole, type Role } from '../../domain/authz.js';

/** Crockford base32 without I, L, O, U: nothing to misread when typed from paper. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10; // 50 bits

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 10 * 60_000;
export const LOCKOUT_DURATION_MS = 10 * 60_000;

export function generateCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** Shown as ABCDE-FGHJK; accepted with or without the dash, any case, O/I/L read as 0/1/1. */
export function formatCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export function normalizeCode(input: string): string | undefined {
  const s = input.trim().toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== CODE_LENGTH) return undefined;
  for (const ch of s) if (!ALPHABET.includes(ch)) return undefined;
  return s;
}

/** Whether a typed text looks like an invite code (so it is redeemed rather than misread). */
export function looksLikeCode(input: string): boolean {
  // People copy codes with spaces ("abcde fghij", "ABCDE - FGHIJ"): spaces never count.
  return /^[0-9A-Za-z]{5}-?[0-9A-Za-z]{5}$/.test(input.replace(/\s+/g, ''));
}

export function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/**
 * When an identity with these failure times may try again, or undefined if it is not locked:
 * five failures within ten minutes lock it for ten minutes after the fifth.
 */
export function lockedUntil(failures: Date[], now: Date): Date | undefined {
  const times = failures.map((d) => d.getTime()).sort((a, b) => a - b);
  for (let i = times.length - 1; i >= LOCKOUT_FAILURES - 1; i--) {
    const last = times[i]!;
    const first = times[i - LOCKOUT_FAILURES + 1]!;
    if (last - first <= LOCKOUT_WINDOW_MS && now.getTime() - last < LOCKOUT_DURATION_MS) {
      return new Date(last + LOCKOUT_DURATION_MS);
    }
  }
  return undefined;
}

export interface CreatedInvite {
  code: string;
  invite: InviteRow;
}

export async function createInvite(
  s: Scoped,
  actor: Actor,
  input: { unitId: number; role: Role; fullName?: string | null; personId?: number; ttlDays: number; now: Date },
): Promise<CreatedInvite> {
  const { tx } = s;
  assertCan(actor, 'invite.create', input.unitId);
  const unit = await findUnitById(s, input.unitId);
  if (!unit) throw new Error(`unknown unit ${input.unitId}`);
  const code = generateCode();
  const invite = await insertInvite(tx, {
    jurisdictionId: s.jurisdictionId,
    codeHash: hashCode(code),
    unitId: input.unitId,
    role: input.role,
    fullName: input.fullName ?? null,
    personId: input.personId ?? null,
    createdBy: actorPersonId(actor),
    createdAt: input.now,
    expiresAt: new Date(input.now.getTime() + input.ttlDays * 86_400_000),
  });
  await writeAudit(
    s,
    {
      ...auditedBy(actor),
      action: 'invite.create',
      entity: 'invite',
      entityId: invite.id,
      unitId: input.unitId,
      after: {
        role: input.role,
        unit: unit.code,
        fullName: input.fullName ?? null,
        ...(input.personId === undefined ? {} : { personId: input.personId }),
        expiresAt: invite.expiresAt.toISOString(),
      },
    },
    input.now,
  );
  return { code, invite };
}

/**
 * A code for a person already on the roster (imported, or who lost their phone): redeeming it
 * links the account to that person, so no second person is made. Unit and role are the
 * person's own. Undefined when the person is gone or deactivated (a stale card).
 */
export async function createPersonInvite(
  s: Scoped,
  actor: Actor,
  input: { personId: number; ttlDays: number; now: Date },
): Promise<CreatedInvite | undefined> {
  const person = await findPerson(s, input.personId);
  if (!person?.active || !isRole(person.role)) return undefined;
  return createInvite(s, actor, {
    unitId: person.unitId,
    role: person.role,
    fullName: person.fullName,
    personId: person.id,
    ttlDays: input.ttlDays,
    now: input.now,
  });
}

/** A code for the actor's own person, to link an account on another platform. */
export async function createLinkCode(s: Scoped, actor: Actor, ttlDays: number, now: Date): Promise<CreatedInvite> {
  const { tx } = s;
  if (actor.kind !== 'person') throw new Error('only a known person can link another account');
  const code = generateCode();
  const invite = await insertInvite(tx, {
    jurisdictionId: s.jurisdictionId,
    codeHash: hashCode(code),
    unitId: actor.unitId,
    role: actor.role,
    personId: actor.personId,
    createdBy: actor.personId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlDays * 86_400_000),
  });
  await writeAudit(
    s,
    {
      actorPersonId: actor.personId,
      actorAccount: actorLabel(actor),
      action: 'invite.create_link',
      entity: 'invite',
      entityId: invite.id,
      unitId: actor.unitId,
      after: { personId: actor.personId, expiresAt: invite.expiresAt.toISOString() },
    },
    now,
  );
  return { code, invite };
}

export type RedeemResult =
  | {
      ok: true;
      personId: number;
      fullName: string;
      unitName: string;
      role: string;
      linked: boolean;
      /** The jurisdiction the invite was for: the chat acts there from now on. */
      jurisdictionId: number;
      jurisdictionName: string;
      /** The account already acts elsewhere: this is another seat (/donvi switches). */
      anotherSeat: boolean;
    }
  | { ok: false; reason: 'locked'; until: Date }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' | 'already_linked' | 'inactive' };

/**
 * Redeems a code typed by anyone (a stranger, or a person adding a seat in another
 * jurisdiction). The code names its jurisdiction: everything after it is scoped there.
 */
export async function redeemInvite(
  tx: Db,
  input: { channel: string; externalId: string; chatId: string; displayName?: string; code: string; now: Date },
): Promise<RedeemResult> {
  const { channel, externalId, now } = input;
  const failures = await recentInviteFailures(
    tx,
    channel,
    externalId,
    new Date(now.getTime() - LOCKOUT_WINDOW_MS - LOCKOUT_DURATION_MS),
  );
  const until = lockedUntil(failures, now);
  if (until) return { ok: false, reason: 'locked', until };

  const fail = async (reason: 'unknown' | 'expired' | 'used'): Promise<RedeemResult> => {
    await recordInviteFailure(tx, channel, externalId, now);
    return { ok: false, reason };
  };
  const code = normalizeCode(input.code);
  if (!code) return fail('unknown');
  const invite = await findInviteByHash(tx, hashCode(code));
  if (!invite) return fail('unknown');
  if (invite.usedAt) return fail('used');
  if (invite.expiresAt.getTime() <= now.getTime()) return fail('expired');

  const s = scoped(tx, invite.jurisdictionId);
  // One seat per jurisdiction: an account that already acts here cannot take a second one.
  const owners = await accountOwners(tx, channel, externalId);
  const existing = owners.find((o) => o.person.id === invite.personId);
  if (!existing && owners.some((o) => o.person.jurisdictionId === invite.jurisdictionId))
    return { ok: false, reason: 'already_linked' };

  let personId = invite.personId;
  // "Linked" (another platform of the same person) only when the person already had an account;
  // a roster person's first account is a welcome, as for a new person.
  let linked = personId !== null && (await accountsOfPerson(tx, personId)).length > 0;
  if (personId === null) {
    linked = false;
    const [p] = await tx
      .insert(people)
      .values({
        jurisdictionId: invite.jurisdictionId,
        fullName: invite.fullName ?? input.displayName?.slice(0, 120) ?? 'Người dùng mới',
        unitId: invite.unitId,
        role: invite.role,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    personId = p!.id;
    await writeAudit(
      s,
      {
        jurisdictionId: invite.jurisdictionId,
        actorPersonId: personId,
        actorAccount: `${channel}:${externalId}`,
        action: 'person.create',
        entity: 'person',
        entityId: personId,
        unitId: invite.unitId,
        after: { fullName: p!.fullName, role: p!.role, unitId: p!.unitId, via: 'invite', inviteId: invite.id },
      },
      now,
    );
  }
  const person = await findPerson(s, personId);
  if (!person?.active) return { ok: false, reason: 'inactive' };

  let accountId = existing?.account.id;
  if (!accountId) {
    const [acc] = await tx
      .insert(accounts)
      .values({
        personId,
        channel,
        externalId,
        chatId: input.chatId,
        displayName: input.displayName ?? null,
        linkedAt: now,
        lastInboundAt: now,
      })
      .returning({ id: accounts.id });
    accountId = acc!.id;
  }
  if (!(await claimInvite(tx, invite.id, accountId, now))) {
    // Another redemption of this code committed first; ours must not survive.
    throw new InviteRaceError();
  }
  await writeAudit(
    s,
    {
      jurisdictionId: invite.jurisdictionId,
      actorPersonId: personId,
      actorAccount: `${channel}:${externalId}`,
      action: 'account.link',
      entity: 'account',
      entityId: accountId,
      unitId: person.unitId,
      after: { channel, personId, inviteId: invite.id },
    },
    now,
  );
  const unit = await findUnitById(s, person.unitId);
  return {
    ok: true,
    personId,
    fullName: person.fullName,
    unitName: unit?.name ?? '',
    role: person.role,
    linked,
    jurisdictionId: invite.jurisdictionId,
    jurisdictionName: (await getJurisdiction(tx, invite.jurisdictionId))?.name ?? '',
    anotherSeat: owners.length > 0 && !existing,
  };
}

export class InviteRaceError extends Error {
  override name = 'InviteRaceError';
}
