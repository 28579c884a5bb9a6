/**
 * OAuth tokens of a channel (the Zalo OA) in `channel_tokens`: one row per channel with a
 * version counter. A rotation writes the new pair only if the row still has the version it
 * read (compare-and-swap), and on PostgreSQL runs under a transaction-scoped advisory lock so
 * two instances never spend the same single-use refresh token.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../store.js';
import { channelTokens } from '../schema.js';

export type ChannelTokenRow = typeof channelTokens.$inferSelect;

export interface TokenPairInput {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: Date;
  refreshIssuedAt: Date;
}

/** First key of the two-key advisory lock space used for token rotation (second: the channel). */
const TOKEN_LOCK_CLASS = 727_002;

export async function getChannelTokens(db: Db, channel: string): Promise<ChannelTokenRow | undefined> {
  const rows = await db.select().from(channelTokens).where(eq(channelTokens.channel, channel)).limit(1);
  return rows[0];
}

/**
 * Stores a pair given by an administrator (the CLI): a new version, clearing any re-consent
 * mark and last error.
 */
export async function putChannelTokens(db: Db, channel: string, pair: TokenPairInput, now: Date): Promise<ChannelTokenRow> {
  const [row] = await db
    .insert(channelTokens)
    .values({ channel, ...pair, version: 1, needsReconsent: false, lastError: null, updatedAt: now })
    .onConflictDoUpdate({
      target: channelTokens.channel,
      set: { ...pair, version: sql`${channelTokens.version} + 1`, needsReconsent: false, lastError: null, updatedAt: now },
    })
    .returning();
  return row!;
}

/** Writes a rotated pair if the row is still at `expectedVersion`; undefined when it moved on. */
export async function swapChannelTokens(
  db: Db,
  channel: string,
  expectedVersion: number,
  pair: TokenPairInput,
  now: Date,
): Promise<ChannelTokenRow | undefined> {
  const rows = await db
    .update(channelTokens)
    .set({ ...pair, version: expectedVersion + 1, needsReconsent: false, lastError: null, updatedAt: now })
    .where(and(eq(channelTokens.channel, channel), eq(channelTokens.version, expectedVersion)))
    .returning();
  return rows[0];
}

/** Marks the channel as needing a new OAuth consent; true when it was not marked before. */
export async function markNeedsReconsent(db: Db, channel: string, error: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(channelTokens)
    .set({ needsReconsent: true, lastError: error, updatedAt: now })
    .where(and(eq(channelTokens.channel, channel), eq(channelTokens.needsReconsent, false)))
    .returning({ channel: channelTokens.channel });
  if (rows.length > 0) return true;
  await db.update(channelTokens).set({ lastError: error, updatedAt: now }).where(eq(channelTokens.channel, channel));
  return false;
}

/** Records a refresh error that does not call for re-consent (network, server error). */
export async function recordTokenError(db: Db, channel: string, error: string, now: Date): Promise<void> {
  await db.update(channelTokens).set({ lastError: error, updatedAt: now }).where(eq(channelTokens.channel, channel));
}

/**
 * PostgreSQL only: blocks until no other transaction holds the rotation lock of `channel`, and
 * holds it until the calling transaction ends.
 */
export async function lockChannelTokens(tx: Db, channel: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${TOKEN_LOCK_CLASS}::int, hashtext(${channel}))`);
}
