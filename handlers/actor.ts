/** Who is speaking: the person behind a platform account, or an anonymous visitor. */
import type { Db } from '../db/store.js';
import { findAccountOwner } from '../db/queries/directory.js';
import { isRole, type Actor } from './authz.js';

/**
 * A deactivated person, or one with a role this version does not know, is treated as an
 * anonymous visitor: public features only, at once, without touching their history.
 */
export interface ResolvedActor {
  actor: Actor;
  accountId?: number;
  /** When the account last wrote to us, and whether a platform said it was unreachable. */
  lastInboundAt?: Date | null;
  unreachable?: boolean;
}

export async function resolveActor(tx: Db, channel: string, externalId: string): Promise<ResolvedActor> {
  const owner = await findAccountOwner(tx, channel, externalId);
  if (!owner) return { actor: { kind: 'anonymous' } };
  if (!owner.person.active || !isRole(owner.person.role)) return { actor: { kind: 'anonymous', deactivated: true } };
  return {
    accountId: owner.account.id,
    lastInboundAt: owner.account.lastInboundAt,
    unreachable: owner.account.unreachableSince !== null,
    actor: {
      kind: 'person',
      personId: owner.person.id,
      accountId: owner.account.id,
      fullName: owner.person.fullName,
      role: owner.person.role,
      unitId: owner.unit.id,
      unitName: owner.unit.name,
      locale: owner.person.locale,
    },
  };
}
