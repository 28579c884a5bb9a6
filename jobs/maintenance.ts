/**
 * Housekeeping the scheduler runs about once an hour: bookkeeping rows that only matter for a
 * while are deleted, so these tables stay small however long the bot runs. Every step is a
 * plain conditional delete, so two instances running it at once on one PostgreSQL do the same
 * work twice at worst and never conflict (the outbox prune claims rows with SKIP LOCKED).
 */
import type { Db } from '../db/store.js';
import { pruneButtonTokens, pruneProcessedUpdates } from '../db/queries/conversation.js';
import { pruneInviteFailures } from '../db/queries/invites.js';
import { pruneDownloads } from '../db/queries/downloads.js';
import { pruneOrphanFiles, pruneOutbox } from '../db/queries/retention.js';

const DAY = 86_400_000;

/** The longest a platform keeps redelivering an update (Zalo OA's retry ladder: 1 h, up to 12 h in one source). */
export const PLATFORM_RETRY_HORIZON_MS = DAY / 2;

/**
 * Buttons older than this answer "stale". Processed update ids are kept far longer than the
 * Zalo OA freshness window (at most MAX_EVENT_AGE_LIMIT_SECONDS, a day) plus the retry
 * horizon, so an event is either still remembered or already refused by its age
 * (test/zalo-oa.test.ts checks the inequality and the replay after a purge).
 */
export const KEEP = {
  buttonTokensMs: 30 * DAY,
  processedUpdatesMs: 7 * DAY,
  inviteFailuresMs: DAY,
  orphanFilesMs: DAY,
};

/** Default age after which finished outbox rows are deleted (`OUTBOX_RETENTION_DAYS`). */
export const DEFAULT_OUTBOX_RETENTION_DAYS = 400;

export interface MaintenanceOptions {
  outboxRetentionDays?: number;
}

export async function maintenance(db: Db, now: Date, opts: MaintenanceOptions = {}): Promise<{ outboxPruned: number }> {
  await pruneButtonTokens(db, new Date(now.getTime() - KEEP.buttonTokensMs));
  await pruneProcessedUpdates(db, new Date(now.getTime() - KEEP.processedUpdatesMs));
  await pruneInviteFailures(db, new Date(now.getTime() - KEEP.inviteFailuresMs));
  await pruneDownloads(db, now);
  const outboxPruned = await pruneOutbox(
    db,
    new Date(now.getTime() - (opts.outboxRetentionDays ?? DEFAULT_OUTBOX_RETENTION_DAYS) * DAY),
  );
  await pruneOrphanFiles(db, new Date(now.getTime() - KEEP.orphanFilesMs));
  return { outboxPruned };
}
