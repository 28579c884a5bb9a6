/**
 * Housekeeping the scheduler runs about once an hour: bookkeeping rows that only matter for a
 * while are deleted, so these tables stay small however long the bot runs.
 */
import type { Db } from '../db/store.js';
import { pruneButtonTokens, pruneProcessedUpdates } from '../db/queries/conversation.js';
import { pruneInviteFailures } from '../db/queries/invites.js';
import { pruneDownloads } from '../db/queries/downloads.js';

const DAY = 86_400_000;

/** The longest a platform keeps redelivering an update (Zalo OA's retry ladder: 1 h, up to 12 h in one source). */
export const PLATFORM_RETRY_HORIZON_MS = DAY / 2;

/**
 * Buttons older than this answer "stale". Processed update ids are kept far longer than the
 * Zalo OA freshness window (at most MAX_EVENT_AGE_LIMIT_SECONDS, a day) plus the retry
 * horizon, so an event is either still remembered or already refused by its age
 * (test/zalo-oa.test.ts checks the inequality and the replay after a purge).
 */
export const KEEP = { buttonTokensMs: 30 * DAY, processedUpdatesMs: 7 * DAY, inviteFailuresMs: DAY };

export async function maintenance(db: Db, now: Date): Promise<void> {
  await pruneButtonTokens(db, new Date(now.getTime() - KEEP.buttonTokensMs));
  await pruneProcessedUpdates(db, new Date(now.getTime() - KEEP.processedUpdatesMs));
  await pruneInviteFailures(db, new Date(now.getTime() - KEEP.inviteFailuresMs));
  await pruneDownloads(db, now);
}
