/**
 * A typed client for the Zalo Official Account Open API (v3 messages, v2 uploads), on Node's
 * own fetch. Authentication is the `access_token` header; answers are `{error, message, data}`
 * with HTTP 200 even for errors.
 *
 * Error handling (spec §1.5, §6.5):
 *   auth (-216, -220)        refresh once (only if the stored token is still the one that
 *                            failed) and retry once; refused again → the channel needs re-consent
 *   rate (-32, HTTP 429)     back-off with jitter, `rateAttempts` tries, then `rate`
 *   window (-213, -217, -227, -230, -232, -244)   no retry: the user is out of reach for now
 *   transient                network errors, HTTP 5xx: reads and uploads are retried; sends only
 *                            when the request provably never reached Zalo (DNS, refused)
 *   config / permanent       no retry
 * The loop itself (timeout, retry decision, back-off, body parsing) is zalo-common/request.ts;
 * this file keeps the endpoints, the envelope and the error codes.
 */
import { DEFAULT_RETRY, describeNetworkError, scrub, type FetchLike, type RetryOptions } from '../zalo-common/http.js';
import { idString, isRecord } from '../zalo-common/json.js';
import { requestWithRetry, type Answer } from '../zalo-common/request.js';
import { ellipsis, splitText } from '../../domain/text.js';
import { ZaloOaTokenError, type OaTokenManager } from './tokens.js';

export type OaErrorCategory = 'auth' | 'rate' | 'window' | 'transient' | 'config' | 'permanent';

/** Zalo OA error codes and how the client treats them; any other code is `permanent`. */
export const OA_ERROR_CATEGORIES: Readonly<Record<number, OaErrorCategory>> = {
  [-216]: 'auth', // Access token is invalid
  [-220]: 'auth', // access_token is expired or removed
  [-124]: 'auth', // (ZBS template API) access token invalid
  [-32]: 'rate', // application/OA reached the API call limit
  [-213]: 'window', // user has not followed the OA
  [-217]: 'window', // user blocked invitations from the OA
  [-227]: 'window', // user banned or inactive for more than 45 days
  [-230]: 'window', // no interaction with the OA in the past 7 days
  [-232]: 'window', // no interaction, or the last one expired
  [-244]: 'window', // user restricted this message type
  [-100]: 'transient', // attachment expired: upload again
  [-209]: 'config', // API not supported (app not activated)
  [-212]: 'config', // app has not registered this API
  [-221]: 'config', // OA must be verified
  [-223]: 'config', // OA has not authorized this API
  [-224]: 'config', // OA must upgrade its package
  [-242]: 'config', // invalid appsecret_proof
  [-211]: 'config', // out of quota (the OA's package)
};

export function classifyOaError(code: number): OaErrorCategory {
  return OA_ERROR_CATEGORIES[code] ?? 'permanent';
}

export class ZaloOaError extends Error {
  override name = 'ZaloOaError';
  constructor(
    message: string,
    readonly category: OaErrorCategory,
    readonly code?: number,
    readonly httpStatus?: number,
    /** A send that may have reached Zalo (timeout, reset, 5xx). */
    readonly ambiguous = false,
    /** For `rate`: the back-off delay before trying again. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export const OA_MAX_TEXT = 2000;
export const OA_MAX_BUTTONS = 5;
export const OA_MAX_BUTTON_TITLE = 100;
export const OA_MAX_BUTTON_PAYLOAD = 1000;

export interface OaQueryButton {
  title: string;
  /** Sent back by Zalo as a `user_send_text` whose text is this payload. */
  payload: string;
}

export interface OaSent {
  message_id: string;
  user_id?: string;
}

export interface OaUserDetail {
  user_id?: string;
  display_name?: string;
  user_is_follower?: boolean;
  [k: string]: unknown;
}

export interface OaSendOptions {
  /** Attempts on a rate limit for this call (proactive sends use 1 and report `rate`). */
  rateAttempts?: number;
}

export interface ZaloOaClientOptions {
  /** Default https://openapi.zalo.me (config ZALO_OA_API_ROOT). */
  apiRoot: string;
  tokens: Pick<OaTokenManager, 'getAccessToken' | 'refreshAfterAuthFailure' | 'markNeedsReconsent'>;
  fetch?: FetchLike;
  /** Timeout of API calls (default 30 s) and of uploads (default 60 s). */
  timeoutMs?: number;
  uploadTimeoutMs?: number;
  retry?: Partial<RetryOptions>;
  random?: () => number;
  /**
   * [UNVERIFIED] shape of a text-with-buttons message. Default: no `template_type` in the
   * attachment payload (eSMS mirror of the official table); set `'button'` for the variant
   * some SDKs send.
   */
  buttonTemplateType?: string;
  /** `oa.query.show` (default: the payload appears in the user's chat) or `oa.query.hide`. */
  buttonType?: 'oa.query.show' | 'oa.query.hide';
}

export interface ZaloOaClient {
  /** Text (split in parts of 2,000 characters after NFC) with up to 5 query buttons on the last part. */
  sendText(userId: string, text: string, buttons?: OaQueryButton[], o?: OaSendOptions): Promise<OaSent>;
  sendImage(
    userId: string,
    image: { attachmentId: string } | { url: string },
    caption?: string,
    o?: OaSendOptions,
  ): Promise<OaSent>;
  sendFile(userId: string, fileToken: string, o?: OaSendOptions): Promise<OaSent>;
  /** POST /v2.0/oa/upload/image (jpg/png ≤ 1 MB) → attachment_id. */
  uploadImage(data: Uint8Array, fileName: string, mime: string): Promise<string>;
  /** POST /v2.0/oa/upload/file (pdf/doc/docx ≤ 5 MB) → token. */
  uploadFile(data: Uint8Array, fileName: string, mime: string): Promise<string>;
  getUserDetail(userId: string): Promise<OaUserDetail>;
  /** ZBS template message by user id: POST /v3.0/oa/message/template. */
  sendTemplate(
    userId: string,
    templateId: string,
    templateData: Record<string, string>,
    o?: OaSendOptions,
  ): Promise<OaSent>;
}

interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  json?: unknown;
  form?: () => FormData;
}

export function createZaloOaClient(opts: ZaloOaClientOptions): ZaloOaClient {
  const fetchImpl = opts.fetch ?? fetch;
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...opts.retry };
  const base = opts.apiRoot.replace(/\/+$/, '');
  const buttonType = opts.buttonType ?? 'oa.query.show';

  async function request<T>(
    spec: RequestSpec,
    co: { idempotent: boolean; rateAttempts?: number; timeoutMs?: number },
  ): Promise<T> {
    const name = spec.path;
    let token: string | undefined;
    let refreshed = false;
    const url = base + spec.path + (spec.query ? `?${new URLSearchParams(spec.query).toString()}` : '');
    return requestWithRetry<T>(
      { fetch: fetchImpl, retry, random: opts.random },
      {
        idempotent: co.idempotent,
        rateAttempts: co.rateAttempts ?? retry.rateAttempts,
        timeoutMs: co.timeoutMs ?? opts.timeoutMs ?? 30_000,
        async prepare() {
          try {
            token ??= await opts.tokens.getAccessToken();
          } catch (err) {
            throw tokenFailure(name, err);
          }
          const headers: Record<string, string> = { access_token: token };
          let body: string | FormData | undefined;
          if (spec.json !== undefined) {
            headers['content-type'] = 'application/json';
            body = JSON.stringify(spec.json);
          } else if (spec.form) body = spec.form();
          return { url, init: { method: spec.method, headers, body } };
        },
        networkError: (err, _failure, ambiguous) =>
          new ZaloOaError(
            `Zalo OA ${name}: ${describeNetworkError(err)}`,
            'transient',
            undefined,
            undefined,
            ambiguous,
          ),
        async answer(res, parsed): Promise<Answer<T>> {
          const envelope = isRecord(parsed) ? parsed : undefined;
          const code = envelope && envelope.error !== undefined ? Number(envelope.error) : undefined;

          if (res.ok && envelope && (code === 0 || (code === undefined && 'data' in envelope)))
            return { kind: 'done', value: envelope.data as T };

          let category: OaErrorCategory;
          if (code !== undefined && Number.isFinite(code) && code !== 0) category = classifyOaError(code);
          else if (res.status === 429) category = 'rate';
          else if (res.status >= 500 || res.status === 408) category = 'transient';
          else category = 'permanent';
          const detail = scrub(
            `${code !== undefined && code !== 0 ? `error ${code}` : `HTTP ${res.status}`}${envelope && typeof envelope.message === 'string' ? ` ${envelope.message}` : ''}`,
            [token],
          );
          const message = `Zalo OA ${name}: ${detail}`;

          if (category === 'auth') {
            if (!refreshed) {
              refreshed = true;
              try {
                token = await opts.tokens.refreshAfterAuthFailure(token!);
              } catch (err) {
                throw tokenFailure(name, err);
              }
              return { kind: 'again' };
            }
            await opts.tokens.markNeedsReconsent(`access token refused after a refresh (${detail})`);
            return { kind: 'fail', error: new ZaloOaError(message, 'auth', code, res.status) };
          }
          if (category === 'rate')
            return {
              kind: 'rate',
              error: (retryAfterMs) => new ZaloOaError(message, 'rate', code, res.status, false, retryAfterMs),
            };
          // HTTP 5xx: the request reached Zalo; the loop repeats only what is safe to repeat.
          if (category === 'transient' && code === undefined)
            return {
              kind: 'server',
              error: (ambiguous) => new ZaloOaError(message, 'transient', undefined, res.status, ambiguous),
            };
          return { kind: 'fail', error: new ZaloOaError(message, category, code, res.status) };
        },
      },
    );
  }

  const sent = (d: unknown): OaSent => {
    const r = isRecord(d) ? d : {};
    return { message_id: idString(r.message_id), user_id: r.user_id === undefined ? undefined : idString(r.user_id) };
  };

  const sendCs = async (userId: string, message: Record<string, unknown>, o?: OaSendOptions) =>
    sent(
      await request(
        { method: 'POST', path: '/v3.0/oa/message/cs', json: { recipient: { user_id: userId }, message } },
        { idempotent: false, rateAttempts: o?.rateAttempts },
      ),
    );

  const upload = async (
    kind: 'image' | 'file',
    data: Uint8Array,
    fileName: string,
    mime: string,
    key: string,
  ): Promise<string> => {
    const d = await request<unknown>(
      {
        method: 'POST',
        path: `/v2.0/oa/upload/${kind}`,
        form: () => {
          const f = new FormData();
          f.append('file', new Blob([data], { type: mime }), fileName);
          return f;
        },
      },
      { idempotent: true, timeoutMs: opts.uploadTimeoutMs ?? 60_000 },
    );
    const v = isRecord(d) ? idString(d[key]) : '';
    if (!v) throw new ZaloOaError(`Zalo OA /v2.0/oa/upload/${kind}: no ${key} in the answer`, 'permanent');
    return v;
  };

  return {
    async sendText(userId, text, buttons, o) {
      const parts = splitText(text.normalize('NFC'), OA_MAX_TEXT).filter((p) => p.trim() !== '');
      if (parts.length === 0) parts.push('…');
      const list = (buttons ?? []).slice(0, OA_MAX_BUTTONS);
      let last: OaSent = { message_id: '' };
      for (let i = 0; i < parts.length; i++) {
        const message: Record<string, unknown> = { text: parts[i] };
        if (i === parts.length - 1 && list.length > 0) {
          const payload: Record<string, unknown> = {};
          if (opts.buttonTemplateType) payload.template_type = opts.buttonTemplateType;
          payload.buttons = list.map((b) => ({
            title: ellipsis(b.title.normalize('NFC'), OA_MAX_BUTTON_TITLE),
            type: buttonType,
            payload: b.payload.slice(0, OA_MAX_BUTTON_PAYLOAD),
          }));
          message.attachment = { type: 'template', payload };
        }
        last = await sendCs(userId, message, o);
      }
      return last;
    },

    sendImage(userId, image, caption, o) {
      const element =
        'attachmentId' in image
          ? { media_type: 'image', attachment_id: image.attachmentId }
          : { media_type: 'image', url: image.url };
      const message: Record<string, unknown> = {
        attachment: { type: 'template', payload: { template_type: 'media', elements: [element] } },
      };
      if (caption) message.text = splitText(caption.normalize('NFC'), OA_MAX_TEXT)[0];
      return sendCs(userId, message, o);
    },

    sendFile(userId, fileToken, o) {
      return sendCs(userId, { attachment: { type: 'file', payload: { token: fileToken } } }, o);
    },

    uploadImage: (data, fileName, mime) => upload('image', data, fileName, mime, 'attachment_id'),
    uploadFile: (data, fileName, mime) => upload('file', data, fileName, mime, 'token'),

    async getUserDetail(userId) {
      const d = await request<unknown>(
        { method: 'GET', path: '/v3.0/oa/user/detail', query: { data: JSON.stringify({ user_id: userId }) } },
        { idempotent: true },
      );
      const r = isRecord(d) ? d : {};
      return { ...r, user_id: r.user_id === undefined ? undefined : idString(r.user_id) };
    },

    async sendTemplate(userId, templateId, templateData, o) {
      return sent(
        await request(
          {
            method: 'POST',
            path: '/v3.0/oa/message/template',
            json: { user_id: userId, template_id: templateId, template_data: templateData },
          },
          { idempotent: false, rateAttempts: o?.rateAttempts },
        ),
      );
    },
  };
}

function tokenFailure(name: string, err: unknown): ZaloOaError {
  if (err instanceof ZaloOaTokenError) {
    const category: OaErrorCategory =
      err.kind === 'transient' ? 'transient' : err.kind === 'missing' ? 'config' : 'auth';
    return new ZaloOaError(`Zalo OA ${name}: ${err.message}`, category);
  }
  return new ZaloOaError(`Zalo OA ${name}: token store failed: ${(err as Error)?.message ?? String(err)}`, 'transient');
}
