/** Invite codes and failed redemption attempts. */
import { and, eq, gte, isNull, lt } from 'drizzle-orm';
import type { Db } from '../store.js';
import { inviteFailures, invites } from '../schema.js';

export type InviteRow = typeof invites.$inferSelect;

export async function insertInvite(db: Db, values: typeof invites.$inferInsert): Promise<InviteRow> {
  const [row] = await db.insert(invites).values(values).returning();
  return row!;
}

export async function findInviteByHash(db: Db, codeHash: string): Promise<InviteRow | undefined> {
  return (await db.select().from(invites).where(eq(invites.codeHash, codeHash)).limit(1))[0];
}

/** Marks an invite used; false if another redemption got there first. */
export async function claimInvite(db: Db, id: number, accountId: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(invites)
    .set({ usedAt: now, usedByAccountId: accountId })
    .where(and(eq(invites.id, id), isNull(invites.usedAt)))
    .returning({ id: invites.id });
  return rows.length > 0;
}

export async function recordInviteFailure(db: Db, channel: string, externalId: string, now: Date): Promise<void> {
  await db.insert(inviteFailures).values({ channel, externalId, at: now });
}

export async function recentInviteFailures(db: Db, channel: string, externalId: string, since: Date): Promise<Date[]> {
  const rows = await db
    .select({ at: inviteFailures.at })
    .from(inviteFailures)
    .where(
      and(
        eq(inviteFailures.channel, channel),
        eq(inviteFailures.externalId, externalId),
        gte(inviteFailures.at, since),
      ),
    )
    .orderBy(inviteFailures.at);
  return rows.map((r) => r.at);
}

export async function pruneInviteFailures(db: Db, olderThan: Date): Promise<void> {
  await db.delete(inviteFailures).where(lt(inviteFailures.at, olderThan));
}
