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
 */
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.js';
import type { ChannelAdapter, SendOutcome } from '../channel.js';
import { send as sendJson, type HttpRoute } from '../http/server.js';
import { markUpdateProcessed } from '../../db/queries/conversation.js';
import { isTransientDbFault } from '../../db/faults.js';
import { translator } from '../../handlers/i18n/index.js';
import { createInboundJournal, type Attempt } from '../inbound-journal.js';
import { splitText } from '../../domain/text.js';
import type { ChannelCapabilities, InboundEvent, OutboundFile, OutboundMessage } from '../../handlers/types.js';
import {
  backoffDelay,
  DEFAULT_RETRY,
  RateBackoff,
  safeEqual,
  sleep,
  type FetchLike,
  type RetryOptions,
} from '../zalo-common/http.js';
import { idString, isRecord, parseJsonKeepingIds } from '../zalo-common/json.js';
import { contentEventKey } from '../zalo-common/event-key.js';
import { failureOutcome, unexpectedOutcome } from '../zalo-common/outcome.js';
import { ChatLanes } from '../zalo-common/queue.js';
import { getDownload, putDownload } from '../../db/queries/downloads.js';
import { urlFileFetcher } from '../files/download.js';
import { createZaloBotClient, ZALO_BOT_MAX_TEXT, ZaloBotError, type BotUpdate, type ZaloBotClient } from './client.js';

export { createZaloBotClient, ZaloBotError } from './client.js';
export type { BotMessage, BotSent, BotUpdate, ZaloBotClient, ZaloBotClientOptions } from './client.js';

export const ZALO_BOT_CAPS: ChannelCapabilities = {
  buttons: false,
  maxButtons: 0,
  editMessages: false,
  documents: false,
  maxTextLength: ZALO_BOT_MAX_TEXT,
};

export const ZALO_BOT_SECRET_HEADER = 'x-bot-api-secret-token';

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
  const rateBackoff = new RateBackoff(retry);
  const typingAfterMs = opts.typingAfterMs ?? 1000;
  const mediaTtlMs = opts.mediaTtlMs ?? 15 * 60_000;
  const mediaPath = opts.mediaPath ?? '/zalo-bot/media';
  const publicBaseUrl = opts.publicBaseUrl?.replace(/\/+$/, '');
  // Documents reach a Zalo Bot chat as a short-lived link on our public address, when there is one.
  const caps: ChannelCapabilities = publicBaseUrl ? { ...ZALO_BOT_CAPS, documents: true } : ZALO_BOT_CAPS;
  let poller: { abort: AbortController; done: Promise<void> } | undefined;

  // ---- inbound ---------------------------------------------------------------------------

  function toEvent(
    u: BotUpdate,
  ): { event?: InboundEvent; unsupported?: { chatId: string; updateId: string } } | undefined {
    const m = u.message;
    if (!isRecord(m) || !isRecord(m.from) || !isRecord(m.chat)) return undefined;
    if (m.from.is_bot === true) return undefined;
    const accountId = idString(m.from.id);
    const chatId = idString(m.chat.id) || accountId;
    if (!accountId || !chatId) return undefined;
    const messageId = idString(m.message_id);
    const updateId = messageId
      ? `${u.event_name}:${messageId}`
      : contentEventKey(String(u.event_name), accountId, idString(m.date), u);
    const base: InboundEvent = {
      channel: 'zalo-bot',
      accountId,
      chatId,
      chatType: String(m.chat.chat_type ?? '').toUpperCase() === 'GROUP' ? 'group' : 'private',
      displayName: typeof m.from.display_name === 'string' ? m.from.display_name : undefined,
      updateId,
    };
    switch (u.event_name) {
      case 'message.text.received':
        return { event: { ...base, text: typeof m.text === 'string' ? m.text : '' } };
      case 'message.image.received': {
        const url = [m.photo_url, m.photo, m.url].find((x) => typeof x === 'string' && x !== '');
        if (!url) return { unsupported: { chatId, updateId } };
        return { event: { ...base, file: { fileId: url, kind: 'photo' } } };
      }
      default:
        return base.chatType === 'private' ? { unsupported: { chatId, updateId } } : undefined;
    }
  }

  const t = translator(app.config.defaultLocale);
  const transient = (): Attempt => ({ status: 'transient', notice: [{ text: t('common.retry_later') }] });

  async function processUpdate(u: BotUpdate): Promise<Attempt> {
    const mapped = toEvent(u);
    if (!mapped) {
      logger.debug({ event: u.event_name }, 'zalo-bot: update ignored');
      return { status: 'handled' };
    }
    if (mapped.unsupported) {
      const { chatId, updateId } = mapped.unsupported;
      let fresh: boolean;
      try {
        fresh = await app.store.tx((tx) => markUpdateProcessed(tx, 'zalo-bot', updateId, app.clock.now()));
      } catch (err) {
        if (isTransientDbFault(err)) return transient();
        throw err;
      }
      if (fresh) await deliver(chatId, { text: t('zalo.unsupported_bot') });
      return { status: 'handled' };
    }
    const event = mapped.event!;
    let typing: NodeJS.Timeout | undefined;
    if (typingAfterMs > 0) {
      typing = setTimeout(() => {
        client.sendChatAction(event.chatId).catch(() => {});
      }, typingAfterMs);
    }
    let result;
    try {
      result = await app.engine.handle(event, caps);
    } finally {
      clearTimeout(typing);
    }
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

  async function deliverAll(chatId: string, replies: OutboundMessage[], update?: string): Promise<void> {
    for (const reply of replies) {
      try {
        await deliver(chatId, reply);
      } catch (err) {
        logger.error({ err, update }, 'zalo-bot: reply not delivered');
        return;
      }
    }
  }

  const journal = createInboundJournal<BotUpdate>({
    file: opts.journalFile ?? path.join(app.config.dataDir, 'inbound', 'zalo-bot.jsonl'),
    maxEvents: app.config.inboundJournal.maxEvents,
    logger,
    inLane: (chat, fn) => lanes.run(chat, fn),
    handle: processUpdate,
    tell: (chat, messages) => deliverAll(chat, messages),
    resendLater: [{ text: t('common.error') }],
    healthy: () => app.store.ping(1000),
    retryMs: opts.journalRetryMs,
  });

  function accept(u: BotUpdate): void {
    const chat = isRecord(u.message) && isRecord(u.message.chat) ? idString(u.message.chat.id) : '';
    void lanes.run(chat || '-', () => journal.accept(chat || '-', u));
  }

  // ---- outbound --------------------------------------------------------------------------

  /** Sends one message: text in parts of 2,000, a picture by URL when possible. */
  /** A link on our own public address where the file can be fetched for a short while. */
  async function linkTo(chatId: string, file: OutboundFile): Promise<string> {
    const { token } = await putDownload(app.store.db, file, { chatId, now: app.clock.now(), ttlMs: mediaTtlMs });
    return `${publicBaseUrl}${mediaPath}?id=${token}`;
  }

  async function deliver(chatId: string, m: OutboundMessage, rateAttempts?: number): Promise<string | undefined> {
    const notes: string[] = [];
    let photoUrl: string | undefined;
    if (m.document) {
      if (publicBaseUrl)
        notes.push(
          t('zalo.document_link', {
            fileName: m.document.fileName,
            url: await linkTo(chatId, m.document),
            minutes: Math.round(mediaTtlMs / 60_000),
          }),
        );
      else notes.push(t('zalo.document_unavailable', { fileName: m.document.fileName }));
    }
    if (m.photo) {
      if (publicBaseUrl) photoUrl = await linkTo(chatId, m.photo);
      else notes.push(t('zalo.photo_unavailable', { fileName: m.photo.fileName }));
    }
    const text = [m.text.normalize('NFC'), ...notes].filter((s) => s.trim() !== '').join('\n\n');
    let lastId: string | undefined;
    if (text !== '') {
      for (const part of splitText(text, ZALO_BOT_MAX_TEXT)) {
        if (part.trim() === '') continue;
        lastId = (await client.sendMessage(chatId, part, { rateAttempts })).message_id;
      }
    }
    if (photoUrl && m.photo) {
      const caption = m.photo.caption ? splitText(m.photo.caption.normalize('NFC'), ZALO_BOT_MAX_TEXT)[0] : undefined;
      lastId = (await client.sendPhoto(chatId, photoUrl, caption, { rateAttempts })).message_id;
    }
    return lastId;
  }

  async function send(chatId: string, message: OutboundMessage): Promise<SendOutcome> {
    try {
      const messageId = await deliver(chatId, message, 1);
      rateBackoff.reset();
      return { ok: true, messageId };
    } catch (err) {
      if (!(err instanceof ZaloBotError)) return unexpectedOutcome(err);
      if (err.kind === 'auth')
        logger.error({ err: err.message }, 'zalo-bot: the bot token was rejected (reset in Zalo Bot Creator?)');
      const kind =
        err.kind === 'rate' || err.kind === 'transient'
          ? err.kind
          : err.kind === 'refused'
            ? 'unreachable'
            : 'permanent';
      return failureOutcome(kind, err, rateBackoff);
    }
  }

  // ---- routes ----------------------------------------------------------------------------

  const routes: HttpRoute[] = [];
  if (mode === 'webhook' && webhook) {
    routes.push({
      method: 'POST',
      path: new URL(webhook.url).pathname,
      authorize(req: IncomingMessage) {
        const got = req.headers[ZALO_BOT_SECRET_HEADER];
        return safeEqual(typeof got === 'string' ? got : undefined, webhook.secret);
      },
      handle(_req: IncomingMessage, res: ServerResponse, raw: Buffer) {
        if (!lanes.accepting) return sendJson(res, 503, { ok: false });
        let body: unknown;
        try {
          body = parseJsonKeepingIds(raw.toString('utf8'));
        } catch {
          return sendJson(res, 400, { ok: false });
        }
        const update = unwrapUpdate(body);
        sendJson(res, 200, { ok: true });
        if (update) accept(update);
        else logger.warn('zalo-bot: webhook body is not an update');
      },
    });
  }
  if (publicBaseUrl) {
    routes.push({
      method: 'GET',
      path: mediaPath,
      async handle(req: IncomingMessage, res: ServerResponse) {
        const id = new URL(req.url ?? '/', 'http://localhost').searchParams.get('id') ?? '';
        const file = await getDownload(app.store.db, id, app.clock.now()).catch((err: unknown) => {
          logger.error({ err }, 'zalo-bot: reading a download failed');
          return undefined;
        });
        if (!file) return sendJson(res, 404, { ok: false });
        // A picture is shown inline; a document is saved under its own (ASCII) name.
        const disposition = file.mime.startsWith('image/')
          ? 'inline'
          : `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`;
        res.writeHead(200, {
          'content-type': file.mime,
          'content-length': file.data.length,
          'cache-control': 'no-store',
          'content-disposition': disposition,
        });
        res.end(Buffer.from(file.data));
      },
    });
  }

  // ---- lifecycle -------------------------------------------------------------------------

  async function pollLoop(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const updates = await client.getUpdates(opts.pollTimeoutSec ?? 30, signal);
        failures = 0;
        for (const u of updates) accept(u);
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof ZaloBotError && err.kind === 'auth') {
          logger.error({ err: err.message }, 'zalo-bot: the bot token was rejected; polling stopped');
          break;
        }
        logger.warn({ err: (err as Error).message }, 'zalo-bot: getUpdates failed');
        await sleep(backoffDelay(failures++, retry), signal);
      }
    }
  }

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
      poller = { abort, done: pollLoop(abort.signal) };
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
    send,
  };
}

/** The update inside a webhook body: `{ok, result: update}` or the bare update. */
export function unwrapUpdate(body: unknown): BotUpdate | undefined {
  if (!isRecord(body)) return undefined;
  if (isRecord(body.result) && typeof body.result.event_name === 'string') return body.result as unknown as BotUpdate;
  if (typeof body.event_name === 'string') return body as unknown as BotUpdate;
  return undefined;
}
