/**
 * Who is speaking: the person behind a platform account, in one of their seats, or an
 * anonymous visitor.
 *
 * A seat is a place a person acts from: their role at a unit of one jurisdiction (one `people`
 * row each; a person may hold roles in two communes), and — for the people of a commune's
 * office — the commune itself as a unit of the province, where the office acts for the commune
 * as its focal point. The chat remembers the seat picked with /donvi (conversation_state.seat);
 * without a choice the first one holds. Trade-off: the seats in a parent are derived from the
 * office (no role rows to keep in step), so a province cannot name another person of the
 * commune for its cycle without inviting them to a unit of its own.
 */
import type { Db } from '../db/store.js';
import { accountKey, findSpeakers, type Speaker } from '../db/queries/directory.js';
import { isRole, type Actor, type Role } from '../domain/authz.js';

export interface Seat {
  /** "<person id>:<jurisdiction id>": what the chat stores. */
  key: string;
  personId: number;
  jurisdictionId: number;
  unitId: number;
  unitName: string;
  role: Role;
  /** The commune office acting for the commune in the province's cycle. */
  forCommune: boolean;
}

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
  /** Every seat the account may act from, the current one included (empty for a stranger). */
  seats: Seat[];
  /** Every account row of the identity (one per linked person): all are reachable again when it writes. */
  accountIds?: number[];
}

/** Roles of a commune's office that act for the commune in the province (as its focal point). */
const ACTS_FOR_COMMUNE: readonly Role[] = ['admin', 'focal', 'head'];

export async function resolveActor(
  tx: Db,
  channel: string,
  externalId: string,
  seat?: string | null,
): Promise<ResolvedActor> {
  const speakers = await findSpeakers(tx, [{ channel, externalId }]);
  return resolvedFrom(speakers.get(accountKey(channel, externalId)), seat);
}

/** The seats of an account's people, own seats first, in the order the accounts were linked. */
export function seatsOf(list: readonly Speaker[]): Array<{ seat: Seat; speaker: Speaker }> {
  const own: Array<{ seat: Seat; speaker: Speaker }> = [];
  const inParent: Array<{ seat: Seat; speaker: Speaker }> = [];
  for (const s of list) {
    if (!s.active || !isRole(s.role)) continue;
    own.push({
      speaker: s,
      seat: {
        key: `${s.personId}:${s.jurisdictionId}`,
        personId: s.personId,
        jurisdictionId: s.jurisdictionId,
        unitId: s.unitId,
        unitName: s.unitName,
        role: s.role,
        forCommune: false,
      },
    });
    if (s.inParent && ACTS_FOR_COMMUNE.includes(s.role)) {
      inParent.push({
        speaker: s,
        seat: {
          key: `${s.personId}:${s.inParent.jurisdictionId}`,
          personId: s.personId,
          jurisdictionId: s.inParent.jurisdictionId,
          unitId: s.inParent.unitId,
          unitName: s.inParent.unitName,
          role: 'focal',
          forCommune: true,
        },
      });
    }
  }
  const seen = new Set<string>();
  return [...own, ...inParent].filter(({ seat }) => !seen.has(seat.key) && seen.add(seat.key));
}

/** Who is speaking, from what the database knows about the account (nothing: a stranger). */
export function resolvedFrom(list: readonly Speaker[] | undefined, chosen?: string | null): ResolvedActor {
  if (!list || list.length === 0) return { actor: { kind: 'anonymous' }, seats: [] };
  const all = seatsOf(list);
  if (all.length === 0) return { actor: { kind: 'anonymous', deactivated: true }, seats: [] };
  const { seat, speaker: s } = all.find((x) => x.seat.key === chosen) ?? all[0]!;
  return {
    accountId: s.accountId,
    accountIds: [...new Set(list.map((x) => x.accountId))],
    lastInboundAt: list.reduce<Date | null>(
      (min, x) => (x.lastInboundAt === null || min === null ? null : x.lastInboundAt < min ? x.lastInboundAt : min),
      s.lastInboundAt,
    ),
    unreachable: list.some((x) => x.unreachable),
    seats: all.map((x) => x.seat),
    actor: {
      kind: 'person',
      personId: s.personId,
      accountId: s.accountId,
      fullName: s.fullName,
      role: seat.role,
      unitId: seat.unitId,
      unitName: seat.unitName,
      jurisdictionId: seat.jurisdictionId,
      ...(seat.forCommune ? { forCommune: true } : {}),
      locale: s.locale,
    },
  };
}
