/** Who is speaking: the person behind a platform account, or an anonymous visitor. */
import type { Db } from '../db/store.js';
import { accountKey, findSpeakers, type Speaker } from '../db/queries/directory.js';
import { isRole, type Actor } from '../domain/authz.js';

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
  const speakers = await findSpeakers(tx, [{ channel, externalId }]);
  return resolvedFrom(speakers.get(accountKey(channel, externalId)));
}

/** Who is speaking, from what the database knows about the account (nothing: a stranger). */
export function resolvedFrom(s: Speaker | undefined): ResolvedActor {
  if (!s) return { actor: { kind: 'anonymous' } };
  if (!s.active || !isRole(s.role)) return { actor: { kind: 'anonymous', deactivated: true } };
  return {
    accountId: s.accountId,
    lastInboundAt: s.lastInboundAt,
    unreachable: s.unreachable,
    actor: {
      kind: 'person',
      personId: s.personId,
      accountId: s.accountId,
      fullName: s.fullName,
      role: s.role,
      unitId: s.unitId,
      unitName: s.unitName,
      locale: s.locale,
    },
  };
}
