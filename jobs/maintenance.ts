/**
 * Housekeeping the scheduler runs about once an hour: bookkeeping rows that only matter for a
 * while are deleted, so these tables stay small however long the bot runs. Every step is a
 * plain conditional delete, so two instances running it at once on one PostgreSQL do the same
 * work twice at worst and never conflict (the outbox prune claims rows with SKIP LOCKED).
 */
import type { Db } from '../db/store.js';
import { pruneButtonTokens, pruneProcessedUpdates } from '../db/queries/conversation.js';
import { pruneInviteFailures } from '../db/queries/invites.js';
import { pruneOrphanFiles, pruneOutbox } from '../db/queries/retention.js';

const DAY = 86_400_000;

/** Buttons older than this answer "stale"; platforms stop redelivering updates within a day. */
export const KEEP = { buttonTokensMs: 30 * DAY, processedUpdatesMs: 7 * DAY, inviteFailuresMs: DAY, orphanFilesMs: DAY };

/** Default age after which finished outbox rows are deleted (`OUTBOX_RETENTION_DAYS`). */
export const DEFAULT_OUTBOX_RETENTION_DAYS = 400;

export interface MaintenanceOptions {
  outboxRetentionDays?: number;
}

export async function maintenance(db: Db, now: Date, opts: MaintenanceOptions = {}): Promise<{ outboxPruned: number }> {
  await pruneButtonTokens(db, new Date(now.getTime() - KEEP.buttonTokensMs));
  await pruneProcessedUpdates(db, new Date(now.getTime() - KEEP.processedUpdatesMs));
  await pruneInviteFailures(db, new Date(now.getTime() - KEEP.inviteFailuresMs));
  const outboxPruned = await pruneOutbox(db, new Date(now.getTime() - (opts.outboxRetentionDays ?? DEFAULT_OUTBOX_RETENTION_DAYS) * DAY));
  await pruneOrphanFiles(db, new Date(now.getTime() - KEEP.orphanFilesMs));
  return { outboxPruned };
}
