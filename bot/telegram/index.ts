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
 */
import { sequentialize, createConcurrentSink, createRunner, createSource, type RunnerHandle } from '@grammyjs/runner';
import { Api, Bot, GrammyError, type Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { App } from '../app.js';
import type { ChannelAdapter, SendOutcome } from '../channel.js';
import type { HttpRoute } from '../http/server.js';
import type { Logger } from '../logger.js';
import type { HandleResult } from '../../handlers/engine/index.js';
import { FLOWS } from '../../handlers/flows/index.js';
import { translator } from '../../handlers/i18n/index.js';
import type { ChannelCapabilities, OutboundMessage } from '../../handlers/types.js';
import {
  asApiSignal,
  clientOptions,
  createRetry,
  createThrottler,
  proxyFor,
  type ApiSignal,
  type RetryOptions,
  type ThrottleOptions,
} from './client.js';
import { botCommands, menuCommands } from './commands.js';
import { classifySendError, errorFields } from './errors.js';
import { ALLOWED_UPDATES, toInboundEvent } from './inbound.js';
import { deliver, type Senders } from './outbound.js';
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

export function createTelegramChannel(app: App, opts: TelegramChannelOptions = {}): TelegramChannel {
  const cfg = app.config.telegram;
  const token = opts.token ?? cfg?.token;
  if (!token) throw new Error('The Telegram channel needs TELEGRAM_BOT_TOKEN');
  const apiRoot = opts.apiRoot ?? cfg?.apiRoot ?? 'https://api.telegram.org';
  const webhook = opts.webhook === null ? undefined : (opts.webhook ?? cfg?.webhook);
  const proxy = opts.proxy === null ? undefined : (opts.proxy ?? proxyFor(apiRoot, app.config.httpsProxy));
  const pollTimeout = opts.pollTimeoutSeconds ?? DEFAULTS.pollTimeoutSeconds;
  const requestTimeoutMs = opts.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
  const stopTimeoutMs = opts.stopTimeoutMs ?? DEFAULTS.stopTimeoutMs;
  const log: Logger = app.logger.child({ channel: 'telegram' });

  // grammY's per-call time limit is per client: messages, uploads (×4) and the long poll.
  const client = clientOptions(apiRoot, proxy, requestTimeoutMs / 1000); // one proxy agent for all
  const uploadClient = { ...client, timeoutSeconds: (4 * requestTimeoutMs) / 1000 };
  const throttler = createThrottler({
    globalPerSecond: opts.throttle?.globalPerSecond ?? cfg?.globalRate ?? 30,
    privateChatIntervalMs: opts.throttle?.privateChatIntervalMs ?? 1000,
    groupPerMinute: opts.throttle?.groupPerMinute ?? 20,
  });
  const retry = createRetry({ ...DEFAULTS.retry, ...opts.retry });

  const bot = new Bot(token, { client, ...(opts.botInfo ? { botInfo: opts.botInfo } : {}) });
  bot.api.config.use(throttler, retry);
  const poll = new Api(token, { ...client, timeoutSeconds: pollTimeout + 30 });
  // Replies: throttled and retried. Proactive sends and callback answers: throttled, never
  // retried here (the outbox retries).
  const replies: Senders = { messages: bot.api, uploads: new Api(token, uploadClient) };
  replies.uploads.config.use(throttler, retry);
  const once: Senders = { messages: new Api(token, client), uploads: new Api(token, uploadClient) };
  once.messages.config.use(throttler);
  once.uploads.config.use(throttler);

  let me: UserFromGetMe | undefined = opts.botInfo;
  const capsFor = (username?: string): ChannelCapabilities => ({
    buttons: true,
    maxButtons: 100,
    editMessages: true,
    documents: true,
    maxTextLength: 4096,
    ...(username
      ? { privateChatLink: `https://t.me/${username}`, inviteLinkTemplate: `https://t.me/${username}?start={code}` }
      : {}),
  });
  let caps = capsFor(me?.username);

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

  function track<T>(p: Promise<T>, set: Set<Promise<unknown>>): Promise<T> {
    set.add(p);
    const remove = () => set.delete(p);
    p.then(remove, remove);
    return p;
  }

  // ---- transient failures: told once, retried (polling) or refused with 503 (webhook)
  const notice = new RetryNotice();
  /** Webhook updates waiting for the engine's decision, by update id. */
  const decisions = new Map<number, (o: WebhookOutcome) => void>();
  const retryDelay = { first: opts.retryDelayMs?.first ?? 1000, max: opts.retryDelayMs?.max ?? 30_000 };
  const MAX_RETRIES_WHEN_UP = 5;

  /** Polling: handles an update until it is not transient, waiting with back-off between tries. */
  async function processWithRetry(update: Update): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await processUpdate(update);
      if (outcome === 'done' || background.signal.aborted) return; // stopping: left unconfirmed for the next start
      if (attempt >= MAX_RETRIES_WHEN_UP && (await app.store.ping(1000))) {
        // The database answers, yet this update keeps timing out: it is not an outage.
        log.error(
          { update_id: update.update_id, attempts: attempt + 1 },
          'update keeps failing while the database is up; given up',
        );
        const mapped = toInboundEvent(update, me?.username ?? '');
        if (mapped.kind !== 'ignore')
          await sendReplies(
            mapped.event.chatId,
            [{ text: translator(app.config.defaultLocale)('common.error') }],
            undefined,
            log,
          );
        return;
      }
      const delay = Math.min(retryDelay.max, retryDelay.first * 2 ** attempt);
      log.info(
        { update_id: update.update_id, attempt: attempt + 1, retry_in_ms: delay },
        'update failed for a transient reason; retrying',
      );
      await sleep(delay, background.signal);
      if (background.signal.aborted) return;
    }
  }

  // ---- middleware: track → error boundary → per-chat order → handle
  bot.use((_ctx, next) => track(next(), inflight));
  const onError = (err: { error: unknown; ctx: Context }) => {
    log.error({ update_id: err.ctx.update.update_id, ...errorFields(err.error) }, 'telegram update failed');
  };
  const guarded = bot.errorBoundary(onError);
  guarded.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : [])));
  guarded.use((ctx) => (webhook ? processUpdate(ctx.update).then(() => {}) : processWithRetry(ctx.update)));
  bot.catch(onError);

  /**
   * Handles one update: 'done' when it was handled (or refused, or ignored), 'retry' when the
   * engine found the database unavailable and nothing was recorded.
   */
  async function processUpdate(update: Update): Promise<'done' | 'retry'> {
    const ulog = log.child({ update_id: update.update_id });
    const decide = (o: WebhookOutcome) => {
      decisions.get(update.update_id)?.(o);
      decisions.delete(update.update_id);
    };
    const mapped = toInboundEvent(update, me?.username ?? '');
    // Every press is answered, even stale, forged or repeated ones, so no spinner is left.
    const answering = mapped.callbackQueryId ? answerCallback(mapped.callbackQueryId, ulog) : undefined;
    try {
      if (mapped.kind === 'ignore') {
        ulog.debug({ reason: mapped.reason }, 'update ignored');
        return 'done';
      }
      const event = mapped.event;
      let result: HandleResult;
      try {
        result = await app.engine.handle(event, caps);
      } catch (err) {
        // The engine promises not to throw; if it ever does, the person still gets an answer.
        ulog.error({ ...errorFields(err) }, 'engine failed');
        result = { replies: [{ text: translator(app.config.defaultLocale)('common.error') }] };
      }
      if (result.transient) {
        decide('retry');
        if (notice.shouldTell(event.chatId)) await sendReplies(event.chatId, result.replies, undefined, ulog);
        if (!result.late) return 'retry';
        // The attempt past its deadline may still commit: then it is done, and its replies go out.
        result = await result.late;
        if (result.transient) return 'retry';
        ulog.info('update handled after its deadline');
      } else {
        decide('ok');
      }
      notice.clear(event.chatId);
      if (result.duplicate) {
        ulog.debug('repeated delivery, nothing sent');
        return 'done';
      }
      await sendReplies(event.chatId, result.replies, mapped.pressedMessageId, ulog);
      return 'done';
    } finally {
      decide('ok');
      if (answering) await answering;
    }
  }

  async function sendReplies(
    chatId: string,
    list: OutboundMessage[],
    pressedMessageId: number | undefined,
    ulog: Logger,
  ): Promise<void> {
    let editable = pressedMessageId;
    for (let i = 0; i < list.length; i++) {
      const reply = list[i]!;
      const editMessageId = reply.replace && caps.editMessages ? editable : undefined;
      if (editMessageId !== undefined) editable = undefined; // one reply replaces the pressed message
      try {
        await deliver(replies, chatId, reply, {
          editMessageId,
          onEditRefused: (err) => ulog.info({ ...errorFields(err) }, 'edit refused, sending a new message'),
        });
      } catch (err) {
        ulog.error({ chat: chatId, reply: i, ...errorFields(err) }, 'could not send the reply');
        break; // later parts would fail the same way, or arrive out of context
      }
    }
  }

  async function answerCallback(id: string, ulog: Logger): Promise<void> {
    try {
      await once.messages.answerCallbackQuery(id);
    } catch (err) {
      ulog.warn({ ...errorFields(err) }, 'could not answer the callback query');
    }
  }

  // ---- receiving
  async function init(): Promise<void> {
    if (!me) {
      await bot.init();
      me = bot.botInfo;
    }
    caps = capsFor(me.username);
  }

  function publishCommands(): void {
    if (opts.publishCommands === false) return;
    const list = menuCommands(FLOWS.map((f) => f.name));
    const signal = background.signal;
    const task = (async () => {
      for (const locale of ['vi', 'en'] as const) {
        try {
          await bot.api.setMyCommands(
            botCommands(list, locale),
            locale === 'en' ? { language_code: 'en' } : {},
            asApiSignal(signal),
          );
        } catch (err) {
          if (signal.aborted) return;
          log.warn({ locale, ...errorFields(err) }, 'could not publish the command menu (the bot works without it)');
        }
      }
    })();
    track(task, backgroundTasks);
  }

  function startPolling(): void {
    // Confirming an update to Telegram means asking for a higher offset. An update is held
    // from its fetch until it was handled (a transient failure keeps it held while it is
    // retried), and the offset asked for never passes the lowest held one: if the process
    // stops, Telegram delivers it again. Updates Telegram sends again because of that are
    // recognised here (held or finished) and not handed over twice. Trade-off: while the
    // lowest one is held, at most 100 updates past it are fetched (getUpdates' limit), so a
    // long outage delays later updates of other chats too — they wait at Telegram, none lost.
    const held = new Set<number>();
    const finished = new Set<number>();
    let next = 0;
    const offsetToAsk = (): number => {
      if (held.size === 0) {
        finished.clear();
        return next;
      }
      let floor = Infinity;
      for (const id of held) floor = Math.min(floor, id);
      for (const id of finished) if (id < floor) finished.delete(id);
      return floor;
    };
    const finish = (id: number) => {
      held.delete(id);
      finished.add(id);
    };
    const supply = async (batchSize: number, apiSignal: ApiSignal): Promise<Update[]> => {
      const signal = apiSignal as unknown as AbortSignal;
      let wait = 500;
      for (;;) {
        try {
          const updates = await poll.getUpdates(
            {
              offset: offsetToAsk(),
              limit: Math.max(1, Math.min(100, batchSize)),
              timeout: pollTimeout,
              allowed_updates: [...ALLOWED_UPDATES],
            },
            apiSignal,
          );
          const fresh = updates.filter((u) => !held.has(u.update_id) && !finished.has(u.update_id));
          for (const u of fresh) {
            held.add(u.update_id);
            next = Math.max(next, u.update_id + 1);
          }
          if (updates.length > 0 && fresh.length === 0) {
            await sleep(500, signal); // only updates already in hand: do not spin on them
            if (signal.aborted) return [];
            continue;
          }
          return fresh;
        } catch (err) {
          if (signal.aborted) throw err;
          if (err instanceof GrammyError && err.error_code === 401) {
            log.fatal({ ...errorFields(err) }, 'Telegram rejected the bot token; long polling stopped');
            throw err;
          }
          let delay = wait;
          if (err instanceof GrammyError && err.error_code === 429) delay = (err.parameters.retry_after ?? 1) * 1000;
          else if (err instanceof GrammyError && err.error_code === 409) delay = Math.max(wait, 5000);
          wait = Math.min(wait * 2, 30_000);
          log.warn({ ...errorFields(err), retry_in_ms: delay }, 'getUpdates failed, retrying');
          await sleep(delay, signal);
        }
      }
    };
    const sink = createConcurrentSink<Update>(
      { consume: (u) => bot.handleUpdate(u).finally(() => finish(u.update_id)) },
      async (err) => log.error({ ...errorFields(err) }, 'telegram update failed outside the error boundary'),
      { concurrency: opts.concurrency ?? DEFAULTS.concurrency },
    );
    runner = createRunner(createSource({ supply }), sink);
    runner.start();
    runner.task()?.catch((err: unknown) => {
      log.fatal({ ...errorFields(err) }, 'telegram long polling stopped');
      opts.onFatal?.(err);
    });
  }

  async function start(): Promise<void> {
    if (startPromise) return startPromise;
    if (state !== 'new') throw new Error('the Telegram channel was stopped; create a new one');
    state = 'starting';
    startPromise = (async () => {
      await init();
      publishCommands();
      if (webhook) {
        await bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: [...ALLOWED_UPDATES] });
        log.info({ bot: me!.username, url: webhook.url }, 'telegram webhook registered');
      } else {
        await bot.api.deleteWebhook({ drop_pending_updates: false });
        if (state !== 'starting') return; // stop() was called while we were starting
        startPolling();
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
  const routes: HttpRoute[] = webhook
    ? [
        createWebhookRoute({
          url: webhook.url,
          secret: webhook.secret,
          logger: log,
          answerWithinMs: opts.webhookAnswerMs ?? app.config.updateDeadlineMs + 5000,
          accepting: () => state === 'starting' || state === 'running' || state === 'new',
          process: (update) => {
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
                  decisions.get(update.update_id)?.('ok');
                  decisions.delete(update.update_id);
                }
              })(),
              accepted,
            );
            return { decided, handling };
          },
        }),
      ]
    : [];

  // ---- proactive messages
  async function send(chatId: string, message: OutboundMessage): Promise<SendOutcome> {
    try {
      const { messageId } = await deliver(once, chatId, message);
      return { ok: true, ...(messageId !== undefined ? { messageId: String(messageId) } : {}) };
    } catch (err) {
      const outcome = classifySendError(err);
      log.warn({ chat: chatId, kind: outcome.kind, ...errorFields(err) }, 'proactive message not delivered');
      return outcome;
    }
  }

  return {
    channel: 'telegram',
    get caps() {
      return caps;
    },
    routes,
    start,
    stop,
    send,
    fetchFile: telegramFileFetcher({ token, apiRoot }),
    bot,
    inFlight: () => inflight.size,
  };
}

/** Waits for `p` at most `ms`; the timer never outlives the wait. */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))))]);
  clearTimeout(timer);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export type { UserFromGetMe };
