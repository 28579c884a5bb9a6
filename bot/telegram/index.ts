/**
 * The Telegram channel (grammY). Turns updates into `InboundEvent`s for the flow engine and
 * the engine's replies into Bot API calls; `send` delivers proactive messages for the outbox.
 *
 *   const tg = createTelegramChannel(app);        // nothing happens until start()
 *   server routes: tg.routes                       // [] when polling, one POST when webhook
 *   await tg.start();                              // getMe (unless botInfo), menus, poll or setWebhook
 *   await tg.send(chatId, { text, buttons });      // → SendOutcome, never retried here
 *   await tg.stop();                               // stop intake, finish in-flight updates
 *
 * Receiving: long polling with @grammyjs/runner (concurrent, `sequentialize` by chat keeps
 * each chat in order) unless a webhook is configured. Either way every update goes through
 * `bot.handleUpdate` → in-flight tracking → error boundary → sequentialize → `processUpdate`.
 *
 * An update the engine reports as transient (database unavailable) is not lost: by webhook
 * the answer is 503, so Telegram delivers it again; by long polling the offset is not moved
 * past it and it is retried here with back-off, in its chat's order. The person is told once
 * that the answer will come (bot/retry-notice.ts).
 *
 * Sending: replies go through auto-retry (429 with retry_after, 5xx and network errors with
 * capped back-off); proactive sends do not retry (the outbox does). Both go through the same
 * throttler: ~30 msg/s overall (TELEGRAM_GLOBAL_RATE), 1/s per private chat, 20/min per group.
 *
 * This file wires the pieces and keeps the channel's life cycle (start, stop, what is in
 * flight): client.ts (the Apis), updates.ts (one update: engine, replies, retry), polling.ts
 * (long polling and offsets), webhook.ts (the route), inbound.ts, outbound.ts, commands.ts.
 */
import { sequentialize, type RunnerHandle } from '@grammyjs/runner';
import type { Bot, Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { App } from '../app.js';
import type { ChannelAdapter } from '../channel.js';
import type { HttpRoute } from '../http/server.js';
import type { Logger } from '../logger.js';
import { FLOWS } from '../../handlers/flows/index.js';
import type { ChannelCapabilities } from '../../handlers/types.js';
import { createTelegramApis, proxyFor, type RetryOptions, type ThrottleOptions } from './client.js';
import { publishCommandMenus } from './commands.js';
import { errorFields } from './errors.js';
import { ALLOWED_UPDATES } from './inbound.js';
import { answerCallback, deliverReplies, sendProactive } from './outbound.js';
import { startLongPolling } from './polling.js';
import { processUpdate, processWithRetry, type PollingRetry, type UpdateContext } from './updates.js';
import { within } from './wait.js';
import { createWebhookRoute, type WebhookOutcome } from './webhook.js';
import { RetryNotice } from '../retry-notice.js';
import { telegramFileFetcher } from '../files/download.js';

export interface TelegramChannelOptions {
  /** The bot's own user; when given no getMe call is made (tests, or a cached value). */
  botInfo?: UserFromGetMe;
  /** Overrides config.telegram.apiRoot (TELEGRAM_API_ROOT). */
  apiRoot?: string;
  /** Overrides config.telegram.token. */
  token?: string;
  /** Overrides config.telegram.webhook; `null` forces long polling. */
  webhook?: { url: string; secret: string } | null;
  /**
   * Proxy for outgoing calls. Default: config.httpsProxy when the API root is https and not
   * on this machine. A string forces that proxy, `null` disables it.
   */
  proxy?: string | null;
  /** Outgoing limits; defaults: config.telegram.globalRate /s, 1 s per private chat, 20/min per group. */
  throttle?: Partial<ThrottleOptions>;
  /** Retrying of replies; default 4 attempts after the first, 429 waits up to 60 s. */
  retry?: Partial<RetryOptions>;
  /** One call's network time limit (uploads ×4); default 30 s. */
  requestTimeoutMs?: number;
  /** getUpdates long-poll timeout; default 30 s. */
  pollTimeoutSeconds?: number;
  /** Most updates handled at once when polling; default 100. */
  concurrency?: number;
  /**
   * The webhook is answered once the engine has decided (200, or 503 for a transient failure),
   * or after this long with 503 so that Telegram delivers it again; default the update
   * deadline (UPDATE_DEADLINE_SECONDS) + 5 s.
   */
  webhookAnswerMs?: number;
  /** Long polling: first and longest wait between retries of an update that failed for a transient reason; default 1 s and 30 s. */
  retryDelayMs?: { first: number; max: number };
  /** stop() waits this long for in-flight updates, then logs and returns; default 25 000 ms. */
  stopTimeoutMs?: number;
  /** Publish the command menus at start (default true). */
  publishCommands?: boolean;
  /**
   * Long polling stopped for good (Telegram rejected the token: 401). Default: only the
   * fatal log line; a process supervisor may prefer to exit and be restarted.
   */
  onFatal?: (err: unknown) => void;
}

export interface TelegramChannel extends ChannelAdapter {
  readonly channel: 'telegram';
  readonly bot: Bot;
  /** Updates being handled right now. */
  inFlight(): number;
}

const DEFAULTS = {
  retry: { maxRetryAttempts: 4, maxDelaySeconds: 60 } satisfies RetryOptions,
  requestTimeoutMs: 30_000,
  pollTimeoutSeconds: 30,
  concurrency: 100,
  stopTimeoutMs: 25_000,
};

/** What the channel can do; with the bot's username, links into its private chat and invites. */
export function telegramCaps(username?: string): ChannelCapabilities {
  return {
    buttons: true,
    maxButtons: 100,
    editMessages: true,
    documents: true,
    maxTextLength: 4096,
    ...(username
      ? { privateChatLink: `https://t.me/${username}`, inviteLinkTemplate: `https://t.me/${username}?start={code}` }
      : {}),
  };
}

export function createTelegramChannel(app: App, opts: TelegramChannelOptions = {}): TelegramChannel {
  const cfg = app.config.telegram;
  const token = opts.token ?? cfg?.token;
  if (!token) throw new Error('The Telegram channel needs TELEGRAM_BOT_TOKEN');
  const apiRoot = opts.apiRoot ?? cfg?.apiRoot ?? 'https://api.telegram.org';
  const webhook = opts.webhook === null ? undefined : (opts.webhook ?? cfg?.webhook);
  const proxy = opts.proxy === null ? undefined : (opts.proxy ?? proxyFor(apiRoot, app.config.httpsProxy));
  const pollTimeout = opts.pollTimeoutSeconds ?? DEFAULTS.pollTimeoutSeconds;
  const stopTimeoutMs = opts.stopTimeoutMs ?? DEFAULTS.stopTimeoutMs;
  const log: Logger = app.logger.child({ channel: 'telegram' });

  const { bot, poll, replies, once } = createTelegramApis({
    token,
    apiRoot,
    proxy,
    requestTimeoutMs: opts.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    pollTimeoutSeconds: pollTimeout,
    throttle: {
      globalPerSecond: opts.throttle?.globalPerSecond ?? cfg?.globalRate ?? 30,
      privateChatIntervalMs: opts.throttle?.privateChatIntervalMs ?? 1000,
      groupPerMinute: opts.throttle?.groupPerMinute ?? 20,
    },
    retry: { ...DEFAULTS.retry, ...opts.retry },
    botInfo: opts.botInfo,
  });

  let me: UserFromGetMe | undefined = opts.botInfo;
  let caps = telegramCaps(me?.username);

  // ---- intake state
  let state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';
  const inflight = new Set<Promise<unknown>>();
  /** Webhook updates accepted but maybe not yet inside the middleware (init may be pending). */
  const accepted = new Set<Promise<unknown>>();
  const background = new AbortController();
  const backgroundTasks = new Set<Promise<unknown>>();
  let runner: RunnerHandle | undefined;
  let startPromise: Promise<void> | undefined;
  let stopPromise: Promise<void> | undefined;
  /** Webhook updates waiting for the engine's decision, by update id. */
  const decisions = new Map<number, (o: WebhookOutcome) => void>();
  const decide = (updateId: number, o: WebhookOutcome) => {
    decisions.get(updateId)?.(o);
    decisions.delete(updateId);
  };

  // ---- handling one update (updates.ts)
  const ctx: UpdateContext = {
    engine: app.engine,
    caps: () => caps,
    botUsername: () => me?.username ?? '',
    defaultLocale: app.config.defaultLocale,
    log,
    notice: new RetryNotice(),
    decide,
    sendReplies: (chatId, list, pressedMessageId, ulog) =>
      deliverReplies(replies, chatId, list, { pressedMessageId, canEdit: caps.editMessages, log: ulog }),
    answerCallback: (id, ulog) => answerCallback(once.messages, id, ulog),
  };
  const pollingRetry: PollingRetry = {
    delayMs: { first: opts.retryDelayMs?.first ?? 1000, max: opts.retryDelayMs?.max ?? 30_000 },
    signal: background.signal,
    databaseUp: () => app.store.ping(1000),
  };

  // ---- middleware: track → error boundary → per-chat order → handle
  bot.use((_ctx, next) => track(next(), inflight));
  const onError = (err: { error: unknown; ctx: Context }) => {
    log.error({ update_id: err.ctx.update.update_id, ...errorFields(err.error) }, 'telegram update failed');
  };
  const guarded = bot.errorBoundary(onError);
  guarded.use(sequentialize((c: Context) => (c.chat ? String(c.chat.id) : [])));
  guarded.use((c) =>
    webhook ? processUpdate(ctx, c.update).then(() => {}) : processWithRetry(ctx, pollingRetry, c.update),
  );
  bot.catch(onError);

  // ---- receiving
  async function init(): Promise<void> {
    if (!me) {
      await bot.init();
      me = bot.botInfo;
    }
    caps = telegramCaps(me.username);
  }

  async function start(): Promise<void> {
    if (startPromise) return startPromise;
    if (state !== 'new') throw new Error('the Telegram channel was stopped; create a new one');
    state = 'starting';
    startPromise = (async () => {
      await init();
      // Published in the background; publishCommandMenus logs its own failures and never rejects.
      if (opts.publishCommands !== false)
        void track(
          publishCommandMenus(
            bot.api,
            FLOWS.map((f) => f.name),
            background.signal,
            log,
          ),
          backgroundTasks,
        );
      if (webhook) {
        await bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: [...ALLOWED_UPDATES] });
        log.info({ bot: me!.username, url: webhook.url }, 'telegram webhook registered');
      } else {
        await bot.api.deleteWebhook({ drop_pending_updates: false });
        if (state !== 'starting') return; // stop() was called while we were starting
        runner = startLongPolling({
          poll,
          handleUpdate: (u) => bot.handleUpdate(u),
          pollTimeoutSeconds: pollTimeout,
          concurrency: opts.concurrency ?? DEFAULTS.concurrency,
          log,
          onFatal: opts.onFatal,
        });
        log.info({ bot: me!.username }, 'telegram long polling started');
      }
      if (state === 'starting') state = 'running';
    })();
    return startPromise;
  }

  async function stop(): Promise<void> {
    if (stopPromise) return stopPromise;
    state = 'stopping';
    stopPromise = (async () => {
      background.abort();
      if (runner) {
        try {
          await runner.stop(); // no more getUpdates; the last batch has been handed over
        } catch (err) {
          log.warn({ ...errorFields(err) }, 'error while stopping long polling');
        }
      }
      const deadline = Date.now() + stopTimeoutMs;
      const busy = () => inflight.size + accepted.size;
      while (busy() > 0 && Date.now() < deadline) {
        await within(Promise.allSettled([...inflight, ...accepted]), deadline - Date.now());
      }
      if (busy() > 0) log.warn({ unfinished: busy() }, 'stopped while updates were still being handled');
      await within(Promise.allSettled([...backgroundTasks]), 1000);
      state = 'stopped';
      log.info('telegram channel stopped');
    })();
    return stopPromise;
  }

  // ---- webhook route
  /** Starts handling a webhook update: `decided` resolves once the engine has decided. */
  function processWebhookUpdate(update: Update) {
    const decided = new Promise<WebhookOutcome>((resolve) => decisions.set(update.update_id, resolve));
    const handling = track(
      (async () => {
        try {
          if (startPromise) await startPromise;
          else await init();
          await bot.handleUpdate(update);
        } catch (err) {
          log.error({ update_id: update.update_id, ...errorFields(err) }, 'telegram update failed');
        } finally {
          decide(update.update_id, 'ok');
        }
      })(),
      accepted,
    );
    return { decided, handling };
  }

  const routes: HttpRoute[] = webhook
    ? [
        createWebhookRoute({
          url: webhook.url,
          secret: webhook.secret,
          logger: log,
          answerWithinMs: opts.webhookAnswerMs ?? app.config.updateDeadlineMs + 5000,
          accepting: () => state === 'starting' || state === 'running' || state === 'new',
          process: processWebhookUpdate,
        }),
      ]
    : [];

  return {
    channel: 'telegram',
    get caps() {
      return caps;
    },
    routes,
    start,
    stop,
    send: (chatId, message) => sendProactive(once, chatId, message, log),
    fetchFile: telegramFileFetcher({ token, apiRoot }),
    bot,
    inFlight: () => inflight.size,
  };
}

/** Keeps `p` in `set` until it settles. */
function track<T>(p: Promise<T>, set: Set<Promise<unknown>>): Promise<T> {
  set.add(p);
  const remove = () => set.delete(p);
  p.then(remove, remove);
  return p;
}

export type { UserFromGetMe };
