/**
 * OAuth tokens of a channel (the Zalo OA) in `channel_tokens`: one row per channel with a
 * version counter. A rotation writes the new pair only if the row still has the version it
 * read (compare-and-swap), and on PostgreSQL runs under a transaction-scoped advisory lock so
 * two instances never spend the same single-use refresh token.
 *
 * The two token columns are sealed with the `SecretBox` (AES-256-GCM, `SECRETS_KEY`) on every
 * write and opened on every read, so the rest of the code only ever sees plain tokens. A row
 * written before a key was set reads as it is and is sealed on its next write.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../store.js';
import { channelTokens } from '../schema.js';
import { PLAIN_BOX, type SecretBox } from '../secret-box.js';

export type ChannelTokenRow = typeof channelTokens.$inferSelect;

export interface TokenPairInput {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: Date;
  refreshIssuedAt: Date;
}

/** First key of the two-key advisory lock space used for token rotation (second: the channel). */
const TOKEN_LOCK_CLASS = 727_002;

const ctx = (channel: string, column: 'access' | 'refresh') => `channel_tokens:${channel}:${column}`;

function sealPair(box: SecretBox, channel: string, pair: TokenPairInput): TokenPairInput {
  return {
    ...pair,
    accessToken: box.seal(pair.accessToken, ctx(channel, 'access')),
    refreshToken: box.seal(pair.refreshToken, ctx(channel, 'refresh')),
  };
}

function openRow(box: SecretBox, row: ChannelTokenRow): ChannelTokenRow {
  return {
    ...row,
    accessToken: box.open(row.accessToken, ctx(row.channel, 'access')),
    refreshToken: box.open(row.refreshToken, ctx(row.channel, 'refresh')),
  };
}

/** The channel's tokens, opened. `box` defaults to no key: sealed values then come back as stored. */
export async function getChannelTokens(
  db: Db,
  channel: string,
  box: SecretBox = PLAIN_BOX,
): Promise<ChannelTokenRow | undefined> {
  const rows = await db.select().from(channelTokens).where(eq(channelTokens.channel, channel)).limit(1);
  if (!rows[0]) return undefined;
  return box === PLAIN_BOX ? rows[0] : openRow(box, rows[0]);
}

/**
 * Re-seals every token with the box's current key (values sealed with a former key, or plain
 * ones); returns how many rows changed. The version is not bumped: the tokens are the same.
 * Each row is written only if it still holds what was read, so a rotation racing it wins.
 */
export async function resealChannelTokens(db: Db, box: SecretBox): Promise<number> {
  let changed = 0;
  for (const row of await db.select().from(channelTokens)) {
    if (box.isCurrent(row.accessToken) && box.isCurrent(row.refreshToken)) continue;
    const open = openRow(box, row);
    const sealed = sealPair(box, row.channel, open);
    const done = await db
      .update(channelTokens)
      .set({ accessToken: sealed.accessToken, refreshToken: sealed.refreshToken })
      .where(
        and(
          eq(channelTokens.channel, row.channel),
          eq(channelTokens.accessToken, row.accessToken),
          eq(channelTokens.refreshToken, row.refreshToken),
        ),
      )
      .returning({ channel: channelTokens.channel });
    changed += done.length;
  }
  return changed;
}

/**
 * Stores a pair given by an administrator (the CLI): a new version, clearing any re-consent
 * mark and last error.
 */
export async function putChannelTokens(
  db: Db,
  channel: string,
  plain: TokenPairInput,
  now: Date,
  box: SecretBox = PLAIN_BOX,
): Promise<ChannelTokenRow> {
  const pair = sealPair(box, channel, plain);
  const [row] = await db
    .insert(channelTokens)
    .values({ channel, ...pair, version: 1, needsReconsent: false, lastError: null, updatedAt: now })
    .onConflictDoUpdate({
      target: channelTokens.channel,
      set: {
        ...pair,
        version: sql`${channelTokens.version} + 1`,
        needsReconsent: false,
        lastError: null,
        updatedAt: now,
      },
    })
    .returning();
  return openRow(box, row!);
}

/** Writes a rotated pair if the row is still at `expectedVersion`; undefined when it moved on. */
export async function swapChannelTokens(
  db: Db,
  channel: string,
  expectedVersion: number,
  plain: TokenPairInput,
  now: Date,
  box: SecretBox = PLAIN_BOX,
): Promise<ChannelTokenRow | undefined> {
  const pair = sealPair(box, channel, plain);
  const rows = await db
    .update(channelTokens)
    .set({ ...pair, version: expectedVersion + 1, needsReconsent: false, lastError: null, updatedAt: now })
    .where(and(eq(channelTokens.channel, channel), eq(channelTokens.version, expectedVersion)))
    .returning();
  return rows[0] && openRow(box, rows[0]);
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
