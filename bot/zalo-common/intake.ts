/**
 * What both Zalo channels do with an inbound event once it has been mapped: content the bot
 * cannot read is answered once with a note, an event goes to the engine and its replies go out
 * in order, and an event that met an unavailable database waits in the inbound journal
 * (bot/inbound-journal.ts) with the notice that the answer will come.
 *
 * Exists because the OA and the Bot channel did this in two copies of the same lines. Trade-off:
 * the pieces are small functions each channel calls from its own handler, not one generic
 * handler with hooks — the channels differ around the engine call (the OA looks up the
 * sender's name first, the Bot shows "typing…"), and that stays visible in each channel.
 */
import path from 'node:path';
import type { App } from '../app.js';
import type { Logger } from '../logger.js';
import { markUpdateProcessed } from '../../db/queries/conversation.js';
import { isTransientDbFault } from '../../db/faults.js';
import type { HandleResult } from '../../handlers/engine/index.js';
import { translator } from '../../handlers/i18n/index.js';
import type { InboundEvent, OutboundMessage } from '../../handlers/types.js';
import { createInboundJournal, type Attempt, type InboundJournal } from '../inbound-journal.js';
import type { ChatLanes } from './queue.js';

export type ZaloChannelName = 'zalo-oa' | 'zalo-bot';

/** Sends replies in order; the first that fails is reported and the rest are not sent. */
export type DeliverAll = (chatId: string, replies: OutboundMessage[], update?: string) => Promise<void>;

export function deliverInOrder(
  deliver: (chatId: string, message: OutboundMessage) => Promise<unknown>,
  onFailure: (err: unknown, update: string | undefined) => void,
): DeliverAll {
  return async (chatId, replies, update) => {
    for (const reply of replies) {
      try {
        await deliver(chatId, reply);
      } catch (err) {
        onFailure(err, update);
        return;
      }
    }
  };
}

/** The attempt the journal keeps: the database was unavailable, the person is told to wait. */
export function transientAttempt(app: App): Attempt {
  return { status: 'transient', notice: [{ text: translator(app.config.defaultLocale)('common.retry_later') }] };
}

/**
 * Content the bot cannot read: the note goes out the first time this update is seen (a repeated
 * delivery stays silent). Waits in the journal when the database cannot record it.
 */
export async function answerUnreadable(
  app: App,
  channel: ZaloChannelName,
  updateId: string,
  sendNote: () => Promise<unknown>,
): Promise<Attempt> {
  let fresh: boolean;
  try {
    fresh = await app.store.tx((tx) => markUpdateProcessed(tx, channel, updateId, app.clock.now()));
  } catch (err) {
    if (isTransientDbFault(err)) return transientAttempt(app);
    throw err;
  }
  if (fresh) await sendNote();
  return { status: 'handled' };
}

/** The engine's result for `event`: its replies go out, or the journal keeps the event. */
export async function settleResult(
  result: HandleResult,
  event: InboundEvent,
  deliverAll: DeliverAll,
): Promise<Attempt> {
  if (result.transient) {
    // Past its deadline the attempt may still commit: then its replies go out (a replay finds a repeat).
    void result.late?.then((r) =>
      r.transient || r.duplicate ? undefined : deliverAll(event.chatId, r.replies, event.updateId),
    );
    return { status: 'transient', notice: result.replies };
  }
  await deliverAll(event.chatId, result.replies, event.updateId);
  return { status: 'handled' };
}

export interface ZaloJournalOptions<T> {
  logger: Logger;
  lanes: ChatLanes;
  handle: (payload: T) => Promise<Attempt>;
  deliverAll: DeliverAll;
  /** Default DATA_DIR/inbound/<channel>.jsonl. */
  file?: string;
  retryMs?: { first: number; max: number };
}

/** The channel's inbound journal, replaying in each chat's lane while the database answers. */
export function createZaloJournal<T>(
  app: App,
  channel: ZaloChannelName,
  opts: ZaloJournalOptions<T>,
): InboundJournal<T> {
  return createInboundJournal<T>({
    file: opts.file ?? path.join(app.config.dataDir, 'inbound', `${channel}.jsonl`),
    maxEvents: app.config.inboundJournal.maxEvents,
    logger: opts.logger,
    inLane: (chat, fn) => opts.lanes.run(chat, fn),
    handle: opts.handle,
    tell: (chat, messages) => opts.deliverAll(chat, messages),
    resendLater: [{ text: translator(app.config.defaultLocale)('common.error') }],
    healthy: () => app.store.ping(1000),
    retryMs: opts.retryMs,
  });
}
