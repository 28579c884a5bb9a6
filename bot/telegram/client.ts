/**
 * How outgoing Bot API calls are made: the HTTP client options (API root, proxy) and the
 * transformer stack. Every `Api` of one channel shares ONE throttler, so replies and
 * proactive sends together stay inside Telegram's limits.
 *
 * Stack, outermost first (grammY runs the transformer installed last first):
 *   [retry]  → throttler → network (grammY's client, with its per-call time limit)
 * so each attempt of a retried call waits for its turn again, and the time limit measures the
 * network round trip, not the time spent queued.
 *
 * Time limits are grammY's own `timeoutSeconds`, one per client: the channel keeps one client
 * for messages, one for uploads (four times as long) and one for long polling (the poll's
 * timeout plus a margin). A transformer of our own that aborted calls cost a sixth of a
 * reply's CPU (timers and abort signals on every call; bench/telegram-throughput.ts).
 * `createTelegramApis` builds that whole set for one channel.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { Api, Bot, type ApiClientOptions, type Transformer } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { Senders } from './outbound.js';
import { SlotThrottle } from './throttle.js';

/** grammY types signals with the abort-controller polyfill; native signals work at run time. */
export type ApiSignal = NonNullable<Parameters<Api['getUpdates']>[1]>;
export const asApiSignal = (s: AbortSignal): ApiSignal => s as unknown as ApiSignal;

export interface ThrottleOptions {
  /** Messages per second over all chats (Telegram: about 30). */
  globalPerSecond: number;
  /** Least time between two messages to one private chat (Telegram: about 1 s). */
  privateChatIntervalMs: number;
  /** Messages per minute to one group (Telegram: 20). */
  groupPerMinute: number;
}

export interface RetryOptions {
  /** Attempts after the first one, for 429, 5xx and network errors. */
  maxRetryAttempts: number;
  /** A 429 asking to wait longer than this is not retried (the reply is stale by then). */
  maxDelaySeconds: number;
}

/** Methods that put a message into a chat: the ones Telegram's limits count. */
const THROTTLED = new Set([
  'sendMessage',
  'sendDocument',
  'sendPhoto',
  'editMessageText',
  'sendMediaGroup',
  'copyMessage',
  'forwardMessage',
]);

/**
 * One throttler; install the returned transformer on every Api that sends, so replies and
 * proactive sends share the limits. See throttle.ts for why it is our own.
 */
export function createThrottler(o: ThrottleOptions): Transformer {
  const throttle = new SlotThrottle(o);
  return async (prev, method, payload, signal) => {
    const chat = (payload as { chat_id?: unknown } | undefined)?.chat_id;
    if (chat === undefined || !THROTTLED.has(method)) return prev(method, payload, signal);
    const key = typeof chat === 'string' || typeof chat === 'number' ? String(chat) : JSON.stringify(chat);
    const abort = signal as unknown as AbortSignal | undefined;
    // A timer cannot wait less than a millisecond: a shorter wait is no wait.
    const wait = throttle.reserve(key, Date.now());
    if (wait >= 1) await sleep(wait, abort);
    for (let late = throttle.start(key, Date.now()); late > 0; late = throttle.start(key, Date.now()))
      await sleep(Math.max(1, late), abort);
    return prev(method, payload, signal);
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(abortReason(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retries 429 (honouring retry_after), 5xx and network errors with capped back-off. Not for getUpdates. */
export function createRetry(o: RetryOptions): Transformer {
  const retry = autoRetry({ maxRetryAttempts: o.maxRetryAttempts, maxDelaySeconds: o.maxDelaySeconds });
  return (prev, method, payload, signal) =>
    method === 'getUpdates' ? prev(method, payload, signal) : retry(prev, method, payload, signal);
}

/**
 * HTTPS_PROXY applies to an https API root that is not on this machine (curl's convention:
 * a plain-http root such as a self-hosted Bot API server on localhost goes direct).
 */
export function proxyFor(apiRoot: string, httpsProxy: string | undefined): string | undefined {
  if (!httpsProxy) return undefined;
  const u = new URL(apiRoot);
  if (u.protocol !== 'https:') return undefined;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return undefined;
  return httpsProxy;
}

export function clientOptions(apiRoot: string, proxy: string | undefined, timeoutSeconds: number): ApiClientOptions {
  const root = apiRoot.replace(/\/+$/, '');
  return {
    apiRoot: root,
    timeoutSeconds,
    ...(proxy ? { baseFetchConfig: { agent: new HttpsProxyAgent(proxy, { keepAlive: true }), compress: true } } : {}),
  };
}

export interface TelegramApisOptions {
  token: string;
  apiRoot: string;
  proxy: string | undefined;
  /** One call's network time limit; uploads get four times as long. */
  requestTimeoutMs: number;
  /** getUpdates' long-poll timeout; the poll's client allows 30 s more. */
  pollTimeoutSeconds: number;
  throttle: ThrottleOptions;
  retry: RetryOptions;
  botInfo?: UserFromGetMe;
}

export interface TelegramApis {
  /** The bot (middleware, getMe, setWebhook); its `api` sends replies, throttled and retried. */
  bot: Bot;
  /** Long polling only. */
  poll: Api;
  /** Replies: throttled and retried. */
  replies: Senders;
  /** Proactive sends and callback answers: throttled, never retried here (the outbox retries). */
  once: Senders;
}

export function createTelegramApis(o: TelegramApisOptions): TelegramApis {
  // grammY's per-call time limit is per client: messages, uploads (×4) and the long poll.
  const client = clientOptions(o.apiRoot, o.proxy, o.requestTimeoutMs / 1000); // one proxy agent for all
  const uploadClient = { ...client, timeoutSeconds: (4 * o.requestTimeoutMs) / 1000 };
  const throttler = createThrottler(o.throttle);
  const retry = createRetry(o.retry);

  const bot = new Bot(o.token, { client, ...(o.botInfo ? { botInfo: o.botInfo } : {}) });
  bot.api.config.use(throttler, retry);
  const poll = new Api(o.token, { ...client, timeoutSeconds: o.pollTimeoutSeconds + 30 });
  const replies: Senders = { messages: bot.api, uploads: new Api(o.token, uploadClient) };
  replies.uploads.config.use(throttler, retry);
  const once: Senders = { messages: new Api(o.token, client), uploads: new Api(o.token, uploadClient) };
  once.messages.config.use(throttler);
  once.uploads.config.use(throttler);
  return { bot, poll, replies, once };
}

/** The abort's reason as an Error (AbortSignal.reason may be any value). */
function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  return r instanceof Error ? r : new Error(String(r));
}
