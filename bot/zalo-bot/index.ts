/**
 * The Zalo Bot channel (Zalo Bot Creator bots, for pilots): updates arrive on a webhook of the
 * shared HTTP server, or by long polling during development; replies go out through the Bot
 * API. The Bot API has no buttons and cannot send files, so the engine shows buttons as
 * numbered choices (caps.buttons = false) and documents become a short note.
 *
 * Webhook: `X-Bot-Api-Secret-Token` is compared in constant time before the body is read
 * (401 otherwise); both the documented `{ok, result: update}` body and the bare update are
 * accepted; the answer is 200 at once and the update is handled after, one chat at a time.
 * A repeated delivery is recognised by `event_name:message_id` and handled once.
 *
 *   const zb = createZaloBotChannel(app, { publicBaseUrl });  // nothing happens until start()
 *   server routes: zb.routes        // webhook POST (+ GET picture route with publicBaseUrl)
 *   await zb.start();               // setWebhook, or deleteWebhook + long polling
 *   await zb.send(chatId, message); // → SendOutcome; rate limits are not waited for here
 *   await zb.stop();                // stop intake, finish updates in flight
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.js';
import type { ChannelAdapter, SendOutcome } from '../channel.js';
import { send as sendJson, type HttpRoute } from '../http/server.js';
import { markUpdateProcessed } from '../../db/queries/conversation.js';
import { splitText } from '../../handlers/text.js';
import type { ChannelCapabilities, InboundEvent, OutboundFile, OutboundMessage } from '../../handlers/types.js';
import { backoffDelay, DEFAULT_RETRY, RateBackoff, safeEqual, sleep, type FetchLike, type RetryOptions } from '../zalo-common/http.js';
import { idString, isRecord, parseJsonKeepingIds } from '../zalo-common/json.js';
import { failureOutcome, unexpectedOutcome } from '../zalo-common/outcome.js';
import { ChatLanes } from '../zalo-common/queue.js';
import { ZALO_TEXTS } from '../zalo-common/texts.js';
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
   * sends pictures by URL, so with this set the adapter serves each outgoing picture for a
   * short while at `{publicBaseUrl}{mediaPath}?id=<random>`; without it pictures become a note.
   */
  publicBaseUrl?: string;
  /** Path of that picture route on the shared server (default /zalo-bot/media). */
  mediaPath?: string;
  /** How long a served picture stays available (default 15 min). */
  mediaTtlMs?: number;
  /** Long-poll timeout passed to getUpdates (default 30 s). */
  pollTimeoutSec?: number;
  /** Show "typing…" when an answer takes longer than this (default 1 s; 0 = never). */
  typingAfterMs?: number;
  /** Timeout of Bot API calls (default 30 s; sendPhoto 150 s). */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
}

export function createZaloBotChannel(app: App, opts: ZaloBotChannelOptions = {}): ChannelAdapter {
  const cfg = app.config.zaloBot;
  if (!cfg && !opts.client) throw new Error('Zalo Bot is not configured (ZALO_BOT_TOKEN)');
  const logger = app.logger.child({ channel: 'zalo-bot' });
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...opts.retry };
  const client =
    opts.client ??
    createZaloBotClient({ token: cfg!.token, apiRoot: cfg!.apiRoot, fetch: opts.fetch, timeoutMs: opts.timeoutMs, retry: opts.retry });
  const webhook = cfg?.webhook;
  const mode = opts.mode ?? (webhook ? 'webhook' : 'polling');
  if (mode === 'webhook' && !webhook) throw new Error('Zalo Bot webhook mode needs ZALO_BOT_WEBHOOK_URL and ZALO_BOT_WEBHOOK_SECRET');
  const lanes = new ChatLanes(logger);
  const rateBackoff = new RateBackoff(retry);
  const typingAfterMs = opts.typingAfterMs ?? 1000;
  const media = new MediaShelf(opts.mediaTtlMs ?? 15 * 60_000);
  const mediaPath = opts.mediaPath ?? '/zalo-bot/media';
  const publicBaseUrl = opts.publicBaseUrl?.replace(/\/+$/, '');
  let poller: { abort: AbortController; done: Promise<void> } | undefined;

  // ---- inbound ---------------------------------------------------------------------------

  function toEvent(u: BotUpdate): { event?: InboundEvent; unsupported?: { chatId: string; updateId: string } } | undefined {
    const m = u.message;
    if (!isRecord(m) || !isRecord(m.from) || !isRecord(m.chat)) return undefined;
    if (m.from.is_bot === true) return undefined;
    const accountId = idString(m.from.id);
    const chatId = idString(m.chat.id) || accountId;
    if (!accountId || !chatId) return undefined;
    const updateId = `${u.event_name}:${idString(m.message_id)}`;
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

  async function processUpdate(u: BotUpdate): Promise<void> {
    const mapped = toEvent(u);
    if (!mapped) {
      logger.debug({ event: u.event_name }, 'zalo-bot: update ignored');
      return;
    }
    if (mapped.unsupported) {
      const { chatId, updateId } = mapped.unsupported;
      const fresh = await app.store.tx((tx) => markUpdateProcessed(tx, 'zalo-bot', updateId, app.clock.now()));
      if (fresh) await deliver(chatId, { text: ZALO_TEXTS.unsupportedBot });
      return;
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
      result = await app.engine.handle(event, ZALO_BOT_CAPS);
    } finally {
      clearTimeout(typing);
    }
    for (const reply of result.replies) {
      try {
        await deliver(event.chatId, reply);
      } catch (err) {
        logger.error({ err, update: event.updateId }, 'zalo-bot: reply not delivered');
        return;
      }
    }
  }

  function accept(u: BotUpdate): void {
    const chat = isRecord(u.message) && isRecord(u.message.chat) ? idString(u.message.chat.id) : '';
    void lanes.run(chat || '-', () => processUpdate(u));
  }

  // ---- outbound --------------------------------------------------------------------------

  /** Sends one message: text in parts of 2,000, a picture by URL when possible. */
  async function deliver(chatId: string, m: OutboundMessage, rateAttempts?: number): Promise<string | undefined> {
    const notes: string[] = [];
    let photoUrl: string | undefined;
    if (m.document) notes.push(ZALO_TEXTS.documentUnavailable(m.document.fileName));
    if (m.photo) {
      if (publicBaseUrl) photoUrl = `${publicBaseUrl}${mediaPath}?id=${media.put(m.photo)}`;
      else notes.push(ZALO_TEXTS.photoUnavailable(m.photo.fileName));
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
      if (err.kind === 'auth') logger.error({ err: err.message }, 'zalo-bot: the bot token was rejected (reset in Zalo Bot Creator?)');
      const kind = err.kind === 'rate' || err.kind === 'transient' ? err.kind : err.kind === 'refused' ? 'unreachable' : 'permanent';
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
      handle(req: IncomingMessage, res: ServerResponse) {
        const id = new URL(req.url ?? '/', 'http://localhost').searchParams.get('id') ?? '';
        const file = media.get(id);
        if (!file) return sendJson(res, 404, { ok: false });
        res.writeHead(200, { 'content-type': file.mime, 'content-length': file.data.length, 'cache-control': 'no-store' });
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
    caps: ZALO_BOT_CAPS,
    routes,
    fetchFile: urlFileFetcher('zalo-bot'),
    async start() {
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

/** Outgoing pictures kept in memory for Zalo to fetch by URL, each under a random id. */
class MediaShelf {
  private readonly items = new Map<string, { data: Uint8Array; mime: string; expiresAt: number }>();
  constructor(private readonly ttlMs: number) {}

  put(file: OutboundFile): string {
    const now = Date.now();
    for (const [k, v] of this.items) if (v.expiresAt <= now) this.items.delete(k);
    const id = randomBytes(18).toString('base64url');
    this.items.set(id, { data: file.data, mime: file.mime || 'image/png', expiresAt: now + this.ttlMs });
    return id;
  }

  get(id: string): { data: Uint8Array; mime: string } | undefined {
    const v = this.items.get(id);
    if (!v || v.expiresAt <= Date.now()) return undefined;
    return v;
  }
}
