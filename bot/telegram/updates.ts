/**
 * Handling one Telegram update once it is inside the middleware: map it, run the engine, send
 * the replies, answer the button press. An update the engine reports as transient (database
 * unavailable) is not lost: the webhook learns `retry` (its answer is 503, Telegram delivers it
 * again); long polling retries it here with back-off, in its chat's order. The person is told
 * once that the answer will come (bot/retry-notice.ts).
 *
 * Top-level functions over an explicit `UpdateContext` rather than a closure, so the rules can
 * be read apart from the wiring. Trade-off: the context is a wide bag (engine, replies, notice,
 * decisions, logger); it is built once in index.ts and nothing here keeps state of its own.
 */
import type { Update } from 'grammy/types';
import type { Logger } from '../logger.js';
import type { RetryNotice } from '../retry-notice.js';
import type { Engine, HandleResult } from '../../handlers/engine/index.js';
import { translator } from '../../handlers/i18n/index.js';
import type { ChannelCapabilities, Locale, OutboundMessage } from '../../handlers/types.js';
import { errorFields } from './errors.js';
import { toInboundEvent } from './inbound.js';
import type { WebhookOutcome } from './webhook.js';
import { sleep } from './wait.js';

export interface UpdateContext {
  engine: Pick<Engine, 'handle'>;
  caps: () => ChannelCapabilities;
  botUsername: () => string;
  defaultLocale: Locale;
  log: Logger;
  notice: RetryNotice;
  /** Tells a waiting webhook answer what became of the update (once; later calls do nothing). */
  decide: (updateId: number, outcome: WebhookOutcome) => void;
  /** Sends replies in order (through the retrying Api); `pressedMessageId` may be edited. */
  sendReplies: (
    chatId: string,
    list: OutboundMessage[],
    pressedMessageId: number | undefined,
    log: Logger,
  ) => Promise<void>;
  answerCallback: (id: string, log: Logger) => Promise<void>;
}

/**
 * Handles one update: 'done' when it was handled (or refused, or ignored), 'retry' when the
 * engine found the database unavailable and nothing was recorded.
 */
export async function processUpdate(ctx: UpdateContext, update: Update): Promise<'done' | 'retry'> {
  const ulog = ctx.log.child({ update_id: update.update_id });
  const decide = (o: WebhookOutcome) => ctx.decide(update.update_id, o);
  const mapped = toInboundEvent(update, ctx.botUsername());
  // Every press is answered, even stale, forged or repeated ones, so no spinner is left.
  const answering = mapped.callbackQueryId ? ctx.answerCallback(mapped.callbackQueryId, ulog) : undefined;
  try {
    if (mapped.kind === 'ignore') {
      ulog.debug({ reason: mapped.reason }, 'update ignored');
      return 'done';
    }
    const event = mapped.event;
    let result: HandleResult;
    try {
      result = await ctx.engine.handle(event, ctx.caps());
    } catch (err) {
      // The engine promises not to throw; if it ever does, the person still gets an answer.
      ulog.error({ ...errorFields(err) }, 'engine failed');
      result = { replies: [{ text: translator(ctx.defaultLocale)('common.error') }] };
    }
    if (result.transient) {
      decide('retry');
      if (ctx.notice.shouldTell(event.chatId)) await ctx.sendReplies(event.chatId, result.replies, undefined, ulog);
      if (!result.late) return 'retry';
      // The attempt past its deadline may still commit: then it is done, and its replies go out.
      result = await result.late;
      if (result.transient) return 'retry';
      ulog.info('update handled after its deadline');
    } else {
      decide('ok');
    }
    ctx.notice.clear(event.chatId);
    if (result.duplicate) {
      ulog.debug('repeated delivery, nothing sent');
      return 'done';
    }
    await ctx.sendReplies(event.chatId, result.replies, mapped.pressedMessageId, ulog);
    return 'done';
  } finally {
    decide('ok');
    if (answering) await answering;
  }
}

export interface PollingRetry {
  /** First and longest wait between tries. */
  delayMs: { first: number; max: number };
  /** Aborted on stop: the update is left unconfirmed for the next start. */
  signal: AbortSignal;
  /** Whether the database answers now. */
  databaseUp: () => Promise<boolean>;
}

/** After this many transient tries while the database answers, the update is given up. */
export const MAX_RETRIES_WHEN_UP = 5;

/** Polling: handles an update until it is not transient, waiting with back-off between tries. */
export async function processWithRetry(ctx: UpdateContext, retry: PollingRetry, update: Update): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const outcome = await processUpdate(ctx, update);
    if (outcome === 'done' || retry.signal.aborted) return; // stopping: left unconfirmed for the next start
    if (attempt >= MAX_RETRIES_WHEN_UP && (await retry.databaseUp())) {
      // The database answers, yet this update keeps timing out: it is not an outage.
      ctx.log.error(
        { update_id: update.update_id, attempts: attempt + 1 },
        'update keeps failing while the database is up; given up',
      );
      const mapped = toInboundEvent(update, ctx.botUsername());
      if (mapped.kind !== 'ignore')
        await ctx.sendReplies(
          mapped.event.chatId,
          [{ text: translator(ctx.defaultLocale)('common.error') }],
          undefined,
          ctx.log,
        );
      return;
    }
    const delay = Math.min(retry.delayMs.max, retry.delayMs.first * 2 ** attempt);
    ctx.log.info(
      { update_id: update.update_id, attempt: attempt + 1, retry_in_ms: delay },
      'update failed for a transient reason; retrying',
    );
    await sleep(delay, retry.signal);
    if (retry.signal.aborted) return;
  }
}
