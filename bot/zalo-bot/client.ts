/**
 * A typed client for the Zalo Bot API (bot.zaloplatforms.com), on Node's own fetch.
 *
 * Every call is `POST {apiRoot}/bot<token>/<method>` with a JSON body; the answer is
 * `{ok:true, result}` or `{ok:false, error_code, description}`. Whether Zalo signals errors as
 * an HTTP status or in the body is not documented, so both are checked. The token is part of
 * the URL: no URL ever goes into an error message or a log line.
 *
 * Retries: a rate limit (429) is retried with back-off and jitter; a request that provably
 * never reached Zalo (DNS, refused connection) is retried; sends are never retried after a
 * timeout or a reset, because the message may have been delivered. That loop is shared with the
 * OA client (zalo-common/request.ts); this file keeps the methods, the envelope and the kinds.
 */
import { DEFAULT_RETRY, describeNetworkError, scrub, type FetchLike, type RetryOptions } from '../zalo-common/http.js';
import { idString, isRecord } from '../zalo-common/json.js';
import { requestWithRetry, type Answer } from '../zalo-common/request.js';

export interface ZaloBotClientOptions {
  token: string;
  /** Default https://bot-api.zaloplatforms.com (config ZALO_BOT_API_ROOT). */
  apiRoot: string;
  fetch?: FetchLike;
  /** Timeout of ordinary calls (default 30 s). */
  timeoutMs?: number;
  /** Timeout of sendPhoto: Zalo downloads the picture before it answers (default 150 s). */
  photoTimeoutMs?: number;
  retry?: Partial<RetryOptions>;
  random?: () => number;
}

export interface BotMessage {
  message_id: string;
  date?: number;
  from: { id: string; display_name?: string; is_bot?: boolean };
  chat: { id: string; chat_type?: string };
  text?: string;
  photo?: string;
  photo_url?: string;
  caption?: string;
  sticker?: string;
  url?: string;
}

export interface BotUpdate {
  event_name: string;
  message?: BotMessage;
}

export interface BotSent {
  message_id: string;
  date?: number;
}

/**
 * Kinds: `auth` (401: token revoked or reset), `rate` (429), `transient` (network, 5xx, 408),
 * `refused` (403, 404: Zalo documents 403 as "internal server error", but it is what a refusal
 * to deliver to this chat looks like; not retried), `permanent` (400 and anything else).
 * `ambiguous` is true when a send may have reached Zalo.
 */
export type BotErrorKind = 'auth' | 'rate' | 'transient' | 'refused' | 'permanent';

export class ZaloBotError extends Error {
  override name = 'ZaloBotError';
  constructor(
    message: string,
    readonly kind: BotErrorKind,
    readonly errorCode?: number,
    readonly httpStatus?: number,
    readonly ambiguous = false,
    /** For `rate`: how long to wait before trying again. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

function kindOf(code: number): BotErrorKind {
  if (code === 401) return 'auth';
  if (code === 429) return 'rate';
  if (code === 403 || code === 404) return 'refused';
  if (code === 408 || code >= 500) return 'transient';
  return 'permanent';
}

interface CallOptions {
  /** Safe to repeat after a timeout (reads, webhook settings). */
  idempotent: boolean;
  timeoutMs?: number;
  /** Attempts on 429 for this call (overrides the client's setting). */
  rateAttempts?: number;
  signal?: AbortSignal;
  /** 408 is a normal answer (getUpdates). */
  allow408?: boolean;
}

export interface ZaloBotClient {
  getMe(): Promise<{ id: string; account_name?: string; account_type?: string; can_join_groups?: boolean }>;
  /** Long poll: one update per call (an array is accepted too); an empty list on 408. */
  getUpdates(timeoutSec: number, signal?: AbortSignal): Promise<BotUpdate[]>;
  setWebhook(url: string, secretToken: string): Promise<unknown>;
  deleteWebhook(): Promise<unknown>;
  getWebhookInfo(): Promise<{ url?: string; updated_at?: number }>;
  sendMessage(chatId: string, text: string, opts?: { rateAttempts?: number }): Promise<BotSent>;
  sendPhoto(chatId: string, photoUrl: string, caption?: string, opts?: { rateAttempts?: number }): Promise<BotSent>;
  sendChatAction(chatId: string, action?: 'typing'): Promise<void>;
}

export const ZALO_BOT_MAX_TEXT = 2000;

export function createZaloBotClient(opts: ZaloBotClientOptions): ZaloBotClient {
  const fetchImpl = opts.fetch ?? fetch;
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...opts.retry };
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const base = opts.apiRoot.replace(/\/+$/, '');
  const clean = (s: string) => scrub(s, [opts.token]);

  function call<T>(method: string, params: Record<string, unknown>, co: CallOptions): Promise<T> {
    const url = `${base}/bot${opts.token}/${method}`;
    return requestWithRetry<T>(
      { fetch: fetchImpl, retry, random: opts.random },
      {
        idempotent: co.idempotent,
        rateAttempts: co.rateAttempts ?? retry.rateAttempts,
        abortIsFinal: true,
        timeoutMs: co.timeoutMs ?? timeoutMs,
        signal: co.signal,
        prepare: () => ({
          url,
          init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) },
        }),
        networkError: (err, failure, ambiguous) =>
          failure === 'aborted'
            ? new ZaloBotError(`Zalo Bot ${method}: aborted`, 'transient')
            : new ZaloBotError(
                `Zalo Bot ${method}: ${describeNetworkError(err)}`,
                'transient',
                undefined,
                undefined,
                ambiguous,
              ),
        answer(res, body): Answer<T> {
          const ok = isRecord(body) && body.ok === true;
          if (res.ok && ok) return { kind: 'done', value: (body as { result: T }).result };

          const code =
            isRecord(body) && typeof body.error_code === 'number'
              ? body.error_code
              : res.status >= 400
                ? res.status
                : 0;
          if (code === 408 && co.allow408) return { kind: 'done', value: undefined as T };
          const description =
            isRecord(body) && typeof body.description === 'string' ? clean(body.description) : `HTTP ${res.status}`;
          const kind = code === 0 ? 'permanent' : kindOf(code);
          if (kind === 'rate')
            return {
              kind: 'rate',
              error: (retryAfterMs) =>
                new ZaloBotError(
                  `Zalo Bot ${method}: ${code} ${description}`,
                  'rate',
                  code,
                  res.status,
                  false,
                  retryAfterMs,
                ),
            };
          const error = (ambiguous: boolean) =>
            new ZaloBotError(
              `Zalo Bot ${method}: ${code || res.status} ${description}`,
              kind,
              code || undefined,
              res.status,
              ambiguous,
            );
          return kind === 'transient' ? { kind: 'server', error } : { kind: 'fail', error: error(false) };
        },
      },
    );
  }

  const normalizeSent = (r: unknown): BotSent => {
    const rec = isRecord(r) ? r : {};
    return { message_id: idString(rec.message_id), date: typeof rec.date === 'number' ? rec.date : undefined };
  };

  return {
    async getMe() {
      const r = await call<Record<string, unknown>>('getMe', {}, { idempotent: true });
      return { ...r, id: idString(r?.id) };
    },
    async getUpdates(timeoutSec, signal) {
      const r = await call<unknown>(
        'getUpdates',
        { timeout: String(timeoutSec) },
        { idempotent: true, allow408: true, timeoutMs: (timeoutSec + 5) * 1000, signal },
      );
      if (r === undefined || r === null) return [];
      const list = Array.isArray(r) ? r : [r];
      return list.filter(isRecord) as unknown as BotUpdate[];
    },
    setWebhook: (url, secretToken) => call('setWebhook', { url, secret_token: secretToken }, { idempotent: true }),
    deleteWebhook: () => call('deleteWebhook', {}, { idempotent: true }),
    async getWebhookInfo() {
      const r = await call<unknown>('getWebhookInfo', {}, { idempotent: true });
      return isRecord(r) ? r : {};
    },
    async sendMessage(chatId, text, o) {
      return normalizeSent(
        await call('sendMessage', { chat_id: chatId, text }, { idempotent: false, rateAttempts: o?.rateAttempts }),
      );
    },
    async sendPhoto(chatId, photoUrl, caption, o) {
      const params: Record<string, unknown> = { chat_id: chatId, photo: photoUrl };
      if (caption) params.caption = caption;
      return normalizeSent(
        await call('sendPhoto', params, {
          idempotent: false,
          rateAttempts: o?.rateAttempts,
          timeoutMs: opts.photoTimeoutMs ?? 150_000,
        }),
      );
    },
    async sendChatAction(chatId, action = 'typing') {
      await call('sendChatAction', { chat_id: chatId, action }, { idempotent: true, rateAttempts: 1 });
    },
  };
}
