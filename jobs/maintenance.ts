/**
 * Housekeeping the scheduler runs about once an hour: bookkeeping rows that only matter for a
 * while are deleted, so these tables stay small however long the bot runs.
 */
import type { Db } from '../db/store.js';
import { pruneButtonTokens, pruneProcessedUpdates } from '../db/queries/conversation.js';
import { pruneInviteFailures } from '../db/queries/invites.js';
import { pruneDownloads } from '../db/queries/downloads.js';

const DAY = 86_400_000;

/** Buttons older than this answer "stale"; platforms stop redelivering updates within a day. */
export const KEEP = { buttonTokensMs: 30 * DAY, processedUpdatesMs: 7 * DAY, inviteFailuresMs: DAY };

export async function maintenance(db: Db, now: Date): Promise<void> {
  await pruneButtonTokens(db, new Date(now.getTime() - KEEP.buttonTokensMs));
  await pruneProcessedUpdates(db, new Date(now.getTime() - KEEP.processedUpdatesMs));
  await pruneInviteFailures(db, new Date(now.getTime() - KEEP.inviteFailuresMs));
  await pruneDownloads(db, now);
}
