/**
 * The Zalo Bot channel (Zalo Bot Creator bots, for pilots): updates arrive on a webhook of the
 * shared HTTP server, or by long polling during development; replies go out through the Bot
 * API. The Bot API has no buttons and cannot send files, so the engine shows buttons as
 * numbered choices (caps.buttons = false); pictures and documents go by a short-lived link
 * when a public address is configured, and become a short note otherwise.
 *
 * Webhook: `X-Bot-Api-Secret-Token` is compared in constant time before the body is read
 * (401 otherwise); both the documented `{ok, result: update}` body and the bare update are
 * accepted; the answer is 200 at once and the update is handled after, one chat at a time.
 * A repeated delivery is recognised by `event_name:message_id` and handled once; an update
 * without a message id is keyed by its whole content (zalo-common/event-key.ts), never by a
 * shared empty id. An update that fails because the database is unavailable waits in the
 * inbound journal (bot/inbound-journal.ts) and is handled when the database is back, in its
 * chat's order.
 *
 *   const zb = createZaloBotChannel(app, { publicBaseUrl });  // nothing happens until start()
 *   server routes: zb.routes        // webhook POST (+ GET picture route with publicBaseUrl)
 *   await zb.start();               // setWebhook, or deleteWebhook + long polling
 *   await zb.send(chatId, message); // → SendOutcome; rate limits are not waited for here
 *   await zb.stop();                // stop intake, finish updates in flight
 *
 * This file wires the pieces: inbound.ts (update → InboundEvent), outbound.ts (message → API
 * calls, media links), webhook.ts (webhook and media routes), polling.ts, client.ts, and
 * zalo-common/intake.ts (engine, replies, inbound journal).
 */
import type { App } from '../app.js';
import type { ChannelAdapter } from '../channel.js';
import type { HttpRoute } from '../http/server.js';
import type { HandleResult } from '../../handlers/engine/index.js';
import type { ChannelCapabilities } from '../../handlers/types.js';
import type { Attempt } from '../inbound-journal.js';
import { DEFAULT_RETRY, RateBackoff, type FetchLike, type RetryOptions } from '../zalo-common/http.js';
import { answerUnreadable, createZaloJournal, deliverInOrder, settleResult } from '../zalo-common/intake.js';
import { ChatLanes } from '../zalo-common/queue.js';
import { translator } from '../../handlers/i18n/index.js';
import { urlFileFetcher } from '../files/download.js';
import { createZaloBotClient, ZALO_BOT_MAX_TEXT, type BotUpdate, type ZaloBotClient } from './client.js';
import { botUpdateLane, toBotEvent } from './inbound.js';
import { createBotSender } from './outbound.js';
import { pollUpdates } from './polling.js';
import { createBotWebhookRoute, createMediaRoute } from './webhook.js';

export { createZaloBotClient, ZaloBotError } from './client.js';
export type { BotMessage, BotSent, BotUpdate, ZaloBotClient, ZaloBotClientOptions } from './client.js';

export const ZALO_BOT_CAPS: ChannelCapabilities = {
  buttons: false,
  maxButtons: 0,
  editMessages: false,
  documents: false,
  maxTextLength: ZALO_BOT_MAX_TEXT,
};

export { ZALO_BOT_SECRET_HEADER } from './webhook.js';
export { unwrapUpdate } from './inbound.js';

export interface ZaloBotChannelOptions {
  /** A ready client (tests); by default one is built from config.zaloBot. */
  client?: ZaloBotClient;
  fetch?: FetchLike;
  /** `webhook` when config.zaloBot.webhook is set, else `polling` (development). */
  mode?: 'webhook' | 'polling';
  /** `start()` registers the webhook with setWebhook (default true). */
  registerWebhook?: boolean;
  /**
   * Public origin of the shared HTTP server (https://bot.example.gov.vn). The Bot API only
   * sends pictures by URL and cannot send documents, so with this set the adapter serves each
   * outgoing picture or document for a short while at `{publicBaseUrl}{mediaPath}?id=<random>`
   * (the bytes live in the database, so any instance can serve any link); a document arrives as
   * that link. Without it pictures and documents become a note.
   */
  publicBaseUrl?: string;
  /** Path of that route on the shared server (default /zalo-bot/media). */
  mediaPath?: string;
  /** How long a served picture or document stays available (default 15 min). */
  mediaTtlMs?: number;
  /** Long-poll timeout passed to getUpdates (default 30 s). */
  pollTimeoutSec?: number;
  /** Show "typing…" when an answer takes longer than this (default 1 s; 0 = never). */
  typingAfterMs?: number;
  /** Timeout of Bot API calls (default 30 s; sendPhoto 150 s). */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** The inbound journal's file (default DATA_DIR/inbound/zalo-bot.jsonl) and replay back-off. */
  journalFile?: string;
  journalRetryMs?: { first: number; max: number };
}

export function createZaloBotChannel(app: App, opts: ZaloBotChannelOptions = {}): ChannelAdapter {
  const cfg = app.config.zaloBot;
  if (!cfg && !opts.client) throw new Error('Zalo Bot is not configured (ZALO_BOT_TOKEN)');
  const logger = app.logger.child({ channel: 'zalo-bot' });
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...opts.retry };
  const client =
    opts.client ??
    createZaloBotClient({
      token: cfg!.token,
      apiRoot: cfg!.apiRoot,
      fetch: opts.fetch,
      timeoutMs: opts.timeoutMs,
      retry: opts.retry,
    });
  const webhook = cfg?.webhook;
  const mode = opts.mode ?? (webhook ? 'webhook' : 'polling');
  if (mode === 'webhook' && !webhook)
    throw new Error('Zalo Bot webhook mode needs ZALO_BOT_WEBHOOK_URL and ZALO_BOT_WEBHOOK_SECRET');
  const lanes = new ChatLanes(logger);
  const typingAfterMs = opts.typingAfterMs ?? 1000;
  const mediaTtlMs = opts.mediaTtlMs ?? 15 * 60_000;
  const mediaPath = opts.mediaPath ?? '/zalo-bot/media';
  const publicBaseUrl = opts.publicBaseUrl?.replace(/\/+$/, '');
  // Documents reach a Zalo Bot chat as a short-lived link on our public address, when there is one.
  const caps: ChannelCapabilities = publicBaseUrl ? { ...ZALO_BOT_CAPS, documents: true } : ZALO_BOT_CAPS;
  const t = translator(app.config.defaultLocale);
  const sender = createBotSender({
    t,
    client,
    store: app.store,
    clock: app.clock,
    logger,
    rateBackoff: new RateBackoff(retry),
    publicBaseUrl,
    mediaPath,
    mediaTtlMs,
  });
  const deliverAll = deliverInOrder(sender.deliver, (err, update) =>
    logger.error({ err, update }, 'zalo-bot: reply not delivered'),
  );

  async function processUpdate(u: BotUpdate): Promise<Attempt> {
    const mapped = toBotEvent(u);
    if (mapped.kind === 'drop') {
      logger.debug({ event: u.event_name }, 'zalo-bot: update ignored');
      return { status: 'handled' };
    }
    if (mapped.kind === 'unsupported') {
      const { chatId, updateId } = mapped;
      return answerUnreadable(app, 'zalo-bot', updateId, () =>
        sender.deliver(chatId, { text: t('zalo.unsupported_bot') }),
      );
    }
    const event = mapped.event;
    const result = await withTyping(client, event.chatId, typingAfterMs, () => app.engine.handle(event, caps));
    return settleResult(result, event, deliverAll);
  }

  const journal = createZaloJournal(app, 'zalo-bot', {
    logger,
    lanes,
    handle: processUpdate,
    deliverAll,
    file: opts.journalFile,
    retryMs: opts.journalRetryMs,
  });

  function accept(u: BotUpdate): void {
    const chat = botUpdateLane(u);
    void lanes.run(chat || '-', () => journal.accept(chat || '-', u));
  }

  const routes: HttpRoute[] = [];
  if (mode === 'webhook' && webhook)
    routes.push(
      createBotWebhookRoute({
        url: webhook.url,
        secret: webhook.secret,
        logger,
        accepting: () => lanes.accepting,
        accept,
      }),
    );
  if (publicBaseUrl) routes.push(createMediaRoute({ path: mediaPath, store: app.store, clock: app.clock, logger }));

  let poller: { abort: AbortController; done: Promise<void> } | undefined;
  return {
    channel: 'zalo-bot',
    caps,
    routes,
    fetchFile: urlFileFetcher('zalo-bot'),
    async start() {
      journal.start();
      if (mode === 'webhook') {
        if (opts.registerWebhook === false) return;
        try {
          await client.setWebhook(webhook!.url, webhook!.secret);
          logger.info({ path: new URL(webhook!.url).pathname }, 'zalo-bot: webhook registered');
        } catch (err) {
          logger.error({ err: (err as Error).message }, 'zalo-bot: setWebhook failed; updates may not arrive');
        }
        return;
      }
      await client.deleteWebhook();
      const abort = new AbortController();
      const poll = { client, timeoutSec: opts.pollTimeoutSec ?? 30, retry, logger, accept };
      poller = { abort, done: pollUpdates(poll, abort.signal) };
      logger.info('zalo-bot: long polling started');
    },
    async stop() {
      lanes.close();
      if (poller) {
        poller.abort.abort();
        await poller.done;
        poller = undefined;
      }
      await journal.stop();
      await lanes.drain();
    },
    send: sender.send,
  };
}

/** Runs the engine, showing "typing…" in the chat when it takes longer than `afterMs` (0 = never). */
async function withTyping(
  client: ZaloBotClient,
  chatId: string,
  afterMs: number,
  handle: () => Promise<HandleResult>,
): Promise<HandleResult> {
  let typing: NodeJS.Timeout | undefined;
  if (afterMs > 0) {
    typing = setTimeout(() => {
      client.sendChatAction(chatId).catch(() => {});
    }, afterMs);
  }
  try {
    return await handle();
  } finally {
    clearTimeout(typing);
  }
}
