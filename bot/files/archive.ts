/**
 * The attachment archive: every file a person sends is downloaded from the platform when it
 * arrives, checked by its content and stored by the bot under its SHA-256, so the office's
 * evidence does not depend on a platform's file id (a new bot token, the platform's retention
 * or a move to another channel would lose it).
 *
 * - `intake(event)` runs before the engine's transaction (a download must not hold one open):
 *   it downloads at most `maxBytes`, sniffs the type, stores the bytes and marks the event's
 *   file `archived`; the flow then decides whether the file is wanted. Bytes a flow refuses are
 *   orphans and are deleted by the hourly housekeeping after a day (`pruneOrphanFiles`).
 * - When the platform is down the event goes on with `archiveError: 'unavailable'`: the answer
 *   is saved with the file id as before, and `retryPending` (every 10 minutes while the bot
 *   runs, and before `npm run admin -- files`) downloads it later, up to MAX_ATTEMPTS times.
 * - Intake never throws: whatever fails, the person's message is still handled.
 */
import crypto from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { FileFetcher } from '../channel.js';
import type { Logger } from '../logger.js';
import type { Store } from '../../db/store.js';
import { attachments } from '../../db/schema.js';
import { sanitizeDisplayName } from '../../handlers/files/names.js';
import { sniffFileType } from '../../handlers/files/sniff.js';
import type { FileVault } from '../../handlers/files/vault.js';
import type { Channel, InboundEvent } from '../../handlers/types.js';
import type { BlobStore } from './blob-store.js';

export const MAX_ARCHIVE_ATTEMPTS = 12;

export interface FileArchive extends FileVault {
  readonly blobs: BlobStore;
  /** Lets the archive download files of a channel (an adapter's `fetchFile`). */
  register(channel: Channel, fetcher: FileFetcher): void;
  intake(event: InboundEvent): Promise<InboundEvent>;
  /** Archives attachments saved while their platform was unreachable; returns how many now are. */
  retryPending(opts?: { limit?: number; ownerIds?: number[] }): Promise<number>;
}

export function createFileArchive(deps: {
  store: Store;
  blobs: BlobStore;
  logger: Logger;
  maxBytes: number;
  now: () => Date;
}): FileArchive {
  const fetchers = new Map<Channel, FileFetcher>();
  const log = deps.logger.child({ component: 'files' });

  async function keep(data: Uint8Array, declared: { name?: string; mime?: string }) {
    const sniffed = sniffFileType(data, declared);
    const sha256 = crypto.createHash('sha256').update(data).digest('hex');
    const mime = sniffed?.mime ?? 'application/octet-stream';
    await deps.blobs.put(deps.store.db, { sha256, size: data.length, mime, data });
    return { sha256, size: data.length, mime, group: sniffed?.group };
  }

  return {
    blobs: deps.blobs,
    register(channel, fetcher) {
      fetchers.set(channel, fetcher);
    },

    async intake(event) {
      const file = event.file;
      if (!file) return event;
      const named = { ...file, name: sanitizeDisplayName(file.name) };
      if (named.name === undefined) delete named.name;
      const fetcher = fetchers.get(event.channel);
      if (!fetcher || (file.size !== undefined && file.size > deps.maxBytes)) return { ...event, file: named };
      try {
        const got = await fetcher(file, deps.maxBytes);
        if (!got.ok) {
          log.warn(
            { channel: event.channel, reason: got.reason, error: got.error },
            'attachment not archived on arrival',
          );
          return { ...event, file: { ...named, archiveError: got.reason } };
        }
        return { ...event, file: { ...named, archived: await keep(got.data, file) } };
      } catch (err) {
        log.warn({ channel: event.channel, err: (err as Error).message }, 'attachment not archived on arrival');
        return { ...event, file: { ...named, archiveError: 'unavailable' } };
      }
    },

    async retryPending(opts = {}) {
      const db = deps.store.db;
      const rows = await db
        .select()
        .from(attachments)
        .where(
          and(
            isNull(attachments.archivedAt),
            lt(attachments.archiveAttempts, MAX_ARCHIVE_ATTEMPTS),
            opts.ownerIds
              ? and(
                  eq(attachments.ownerKind, 'submission'),
                  inArray(attachments.ownerId, opts.ownerIds.length ? opts.ownerIds : [-1]),
                )
              : undefined,
          ),
        )
        .orderBy(asc(attachments.createdAt))
        .limit(opts.limit ?? 50);
      let done = 0;
      for (const a of rows) {
        const fetcher = fetchers.get(a.channel as Channel);
        if (!fetcher) continue;
        const got = await fetcher(
          { fileId: a.fileId, kind: 'document', name: a.fileName ?? undefined, mime: a.mime ?? undefined },
          deps.maxBytes,
        ).catch((err: unknown) => ({
          ok: false as const,
          reason: 'unavailable' as const,
          error: (err as Error).message,
        }));
        if (!got.ok) {
          // gone and too_big will not change: stop trying.
          const attempts =
            got.reason === 'unavailable' ? sql`${attachments.archiveAttempts} + 1` : MAX_ARCHIVE_ATTEMPTS;
          await db
            .update(attachments)
            .set({ archiveAttempts: attempts, archiveError: got.error.slice(0, 300) })
            .where(eq(attachments.id, a.id));
          continue;
        }
        try {
          const kept = await keep(got.data, { name: a.fileName ?? undefined, mime: a.mime ?? undefined });
          await db
            .update(attachments)
            .set({
              sha256: kept.sha256,
              archivedAt: deps.now(),
              archiveError: null,
              mime: kept.mime === 'application/octet-stream' ? a.mime : kept.mime,
              size: kept.size,
            })
            .where(eq(attachments.id, a.id));
          done++;
        } catch (err) {
          log.warn({ attachment: a.id, err: (err as Error).message }, 'archive store failed; will retry');
          await db
            .update(attachments)
            .set({ archiveAttempts: sql`${attachments.archiveAttempts} + 1`, archiveError: 'store failed' })
            .where(eq(attachments.id, a.id));
        }
      }
      if (done) log.info({ archived: done }, 'attachments archived on retry');
      return done;
    },

    read(db, sha256) {
      return deps.blobs.get(db, sha256);
    },
  };
}
