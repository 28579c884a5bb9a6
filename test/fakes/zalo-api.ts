/**
 * FakeZaloApi: one node:http server on 127.0.0.1 (a free port) that plays both Zalo APIs, for
 * end-to-end tests of the Zalo channels with the real engine and a real test database.
 *
 *   const fake = await FakeZaloApi.start({ botToken: '1234:abcd', appSecret: 'app-secret' });
 *   createTestApp({ env: { ZALO_BOT_TOKEN: fake.botToken, ZALO_BOT_API_ROOT: fake.url,
 *                          ZALO_OA_API_ROOT: fake.url, ZALO_OA_OAUTH_ROOT: fake.url, … } })
 *   …
 *   await fake.close();
 *
 * Served routes (route keys are `"<METHOD> <path>"`):
 *   Bot API    POST /bot<token>/<method>   getMe, getUpdates, setWebhook, deleteWebhook,
 *              getWebhookInfo, sendMessage, sendPhoto, sendChatAction. `fake.bot('sendMessage')`
 *              gives the key. A wrong token answers 401. getUpdates waits for an update pushed
 *              with `pushBotUpdate(u)` (at most `timeout` seconds, capped by `maxPollMs`), then
 *              answers it or 408 `{ok:false, error_code:408}`.
 *   OA API     POST /v3.0/oa/message/cs, POST /v3.0/oa/message/template,
 *              POST /v2.0/oa/upload/image (→ attachment_id), POST /v2.0/oa/upload/file (→ token),
 *              GET /v3.0/oa/user/detail?data={"user_id":…} (display name from `setUserName`).
 *   CDN        GET /cdn/<name>: a file registered with `hostFile(name, bytes)` (its URL goes in events).
 *              Envelope `{error, message, data}` with HTTP 200.
 *   OAuth      POST /v4/oa/access_token (grant_type=refresh_token; `secret_key` header checked
 *              when `appSecret` was given) → `{access_token, refresh_token, expires_in:"90000"}`.
 *
 * Token realism: once `grantOaTokens(access, refresh)` was called, the OA API answers -216 to
 * any other access token, and OAuth accepts each granted refresh token once (single use), then
 * `{error:-14014}`. Without a grant every token is accepted.
 *
 * Scripting: `script(route, ...replies)` queues one-shot replies for a route, used in order
 * before the default behaviour resumes; `setDefault(route, reply)` replaces the default. A
 * reply is `{status?, json?, body?, headers?, delayMs?, drop?, passThrough?}` (`drop` destroys
 * the connection without an answer; `passThrough` answers as the built-in behaviour would, e.g.
 * `{delayMs: 300, passThrough: true}` for a slow refresh) or a function of the recorded request
 * returning one (may be async).
 *
 * Recording: `requests` holds every request in order: method, path, route, query, headers, raw
 * body, text, and the parsed `json` (long integers kept as strings), `form` (urlencoded) or
 * `multipart` (fields and files). Helpers: `requestsTo(route)`, `botTexts(chatId?)`,
 * `oaMessages(userId?)`, `waitFor(predicate)`, `waitForRequests(route, n)`.
 *
 * Webhook helpers for driving our own server: `oaEvent.*` build OA webhook bodies,
 * `signOa(raw, id, timestamp, secretKey)` signs one, `botUpdate.*` build Bot updates, and
 * `postRaw(url, body, headers)` posts exact bytes.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { parseJsonKeepingIds } from '../../bot/zalo-common/json.js';

export interface FakeRequest {
  method: string;
  path: string;
  /** `"<METHOD> <path>"`. */
  route: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  text: string;
  // The parsed JSON body, as the client sent it (like Payload in the Telegram fake).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json?: any;
  form?: Record<string, string>;
  multipart?: {
    fields: Record<string, string>;
    files: Array<{ field: string; filename?: string; contentType?: string; data: Buffer }>;
  };
  at: number;
}

export interface FakeReply {
  status?: number;
  json?: unknown;
  body?: string | Buffer;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Destroy the connection without answering. */
  drop?: boolean;
  /** Answer with the built-in behaviour (after `delayMs`): a slow but normal answer. */
  passThrough?: boolean;
}

export type FakeResponder = FakeReply | ((req: FakeRequest) => FakeReply | Promise<FakeReply>);

export interface FakeZaloApiOptions {
  botToken?: string;
  /** When set, OAuth checks the `secret_key` header against it. */
  appSecret?: string;
  /** Longest a getUpdates call waits for a pushed update (default 1,000 ms). */
  maxPollMs?: number;
}

export interface OaSentMessage {
  userId: string;
  text?: string;
  buttons: Array<{ title: string; type: string; payload: unknown }>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as the client sent it
  attachment?: any;
  request: FakeRequest;
}

export class FakeZaloApi {
  readonly requests: FakeRequest[] = [];
  readonly botToken: string;
  /** Valid OA access and refresh tokens (see "Token realism"). */
  readonly oaAccessTokens = new Set<string>();
  readonly oaRefreshTokens = new Set<string>();
  /** The webhook the bot registered with setWebhook, if any. */
  botWebhook: { url: string; secret: string } | undefined;
  private readonly queues = new Map<string, FakeResponder[]>();
  private readonly defaults = new Map<string, FakeResponder>();
  private readonly userNames = new Map<string, string>();
  private readonly botUpdates: unknown[] = [];
  private readonly pollWaiters = new Set<() => void>();
  private readonly sockets = new Set<Socket>();
  private readonly listeners = new Set<() => void>();
  private seq = 0;
  /** Files served at GET /cdn/<name>, as Zalo's CDN serves what people send. */
  private readonly cdn = new Map<string, Buffer>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    private readonly opts: FakeZaloApiOptions,
  ) {
    this.botToken = opts.botToken ?? '1234567890:fake-bot-token';
  }

  static async start(opts: FakeZaloApiOptions = {}): Promise<FakeZaloApi> {
    let fake!: FakeZaloApi;
    const server = http.createServer((req, res) => void fake.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    fake = new FakeZaloApi(server, `http://127.0.0.1:${port}`, opts);
    server.on('connection', (s) => {
      fake.sockets.add(s);
      s.on('close', () => fake.sockets.delete(s));
    });
    return fake;
  }

  async close(): Promise<void> {
    for (const w of this.pollWaiters) w();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Route key of a Bot API method with the fake's token. */
  bot(method: string): string {
    return `POST /bot${this.botToken}/${method}`;
  }

  script(route: string, ...replies: FakeResponder[]): this {
    const q = this.queues.get(route) ?? [];
    q.push(...replies);
    this.queues.set(route, q);
    return this;
  }

  setDefault(route: string, reply: FakeResponder | undefined): this {
    if (reply === undefined) this.defaults.delete(route);
    else this.defaults.set(route, reply);
    return this;
  }

  setUserName(userId: string, name: string): this {
    this.userNames.set(userId, name);
    return this;
  }

  /** Serves `data` at the returned URL (a file a person sent, on Zalo's CDN). */
  hostFile(name: string, data: Uint8Array): string {
    this.cdn.set(name, Buffer.from(data));
    return `${this.url}/cdn/${encodeURIComponent(name)}`;
  }

  grantOaTokens(access: string, refresh: string): this {
    this.oaAccessTokens.add(access);
    this.oaRefreshTokens.add(refresh);
    return this;
  }

  pushBotUpdate(update: unknown): void {
    this.botUpdates.push(update);
    for (const w of this.pollWaiters) w();
  }

  requestsTo(route: string): FakeRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  /** Texts the bot sent with sendMessage, optionally to one chat. */
  botTexts(chatId?: string): string[] {
    return this.requestsTo(this.bot('sendMessage'))
      .filter((r) => chatId === undefined || r.json?.chat_id === chatId)
      .map((r) => String(r.json?.text ?? ''));
  }

  /** Messages the OA sent through /v3.0/oa/message/cs, optionally to one user. */
  oaMessages(userId?: string): OaSentMessage[] {
    return this.requestsTo('POST /v3.0/oa/message/cs')
      .map((r) => {
        const m = r.json?.message ?? {};
        const payload = m.attachment?.payload;
        return {
          userId: String(r.json?.recipient?.user_id ?? ''),
          text: typeof m.text === 'string' ? m.text : undefined,
          buttons: Array.isArray(payload?.buttons) ? payload.buttons : [],
          attachment: m.attachment,
          request: r,
        };
      })
      .filter((m) => userId === undefined || m.userId === userId);
  }

  /** Resolves when `predicate()` holds (checked after every request), or rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (predicate()) {
          cleanup();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `FakeZaloApi: timed out waiting for ${what}; requests: ${this.requests.map((r) => r.route).join(', ')}`,
          ),
        );
      }, timeoutMs);
      const poll = setInterval(check, 20);
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }

  waitForRequests(route: string, count: number, timeoutMs = 5000): Promise<FakeRequest[]> {
    return this.waitFor(() => this.requestsTo(route).length >= count, timeoutMs, `${count} × ${route}`).then(() =>
      this.requestsTo(route),
    );
  }

  // ---- serving ---------------------------------------------------------------------------

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const text = raw.toString('utf8');
    const rec: FakeRequest = {
      method: req.method ?? 'GET',
      path: u.pathname,
      route: `${req.method} ${u.pathname}`,
      query: u.searchParams,
      headers: req.headers,
      raw,
      text,
      at: Date.now(),
    };
    const ct = String(req.headers['content-type'] ?? '');
    try {
      if (ct.includes('application/json') && text) rec.json = parseJsonKeepingIds(text);
      else if (ct.includes('application/x-www-form-urlencoded'))
        rec.form = Object.fromEntries(new URLSearchParams(text));
      else if (ct.includes('multipart/form-data')) rec.multipart = parseMultipart(raw, ct);
    } catch {
      /* recorded raw only */
    }
    this.requests.push(rec);
    for (const l of [...this.listeners]) l();

    const queued = this.queues.get(rec.route);
    const responder =
      queued && queued.length > 0
        ? queued.shift()!
        : (this.defaults.get(rec.route) ?? ((r: FakeRequest) => this.builtIn(r)));
    let reply: FakeReply;
    try {
      reply = typeof responder === 'function' ? await responder(rec) : responder;
    } catch (err) {
      reply = { status: 500, body: `fake responder failed: ${(err as Error).message}` };
    }
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply.passThrough) reply = await this.builtIn(rec);
    if (reply.drop) {
      req.socket.destroy();
      return;
    }
    const body = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.body ?? '');
    res.writeHead(reply.status ?? 200, {
      'content-type': reply.json !== undefined ? 'application/json; charset=utf-8' : 'text/html',
      ...reply.headers,
    });
    res.end(body);
  }

  private id(): string {
    return `${(++this.seq).toString(16).padStart(4, '0')}${randomBytes(8).toString('hex')}`;
  }

  private async builtIn(r: FakeRequest): Promise<FakeReply> {
    if (r.method === 'GET' && r.path.startsWith('/cdn/')) {
      const data = this.cdn.get(decodeURIComponent(r.path.slice(5)));
      return data
        ? { body: data, headers: { 'content-type': 'application/octet-stream' } }
        : { status: 404, body: 'not found' };
    }
    const bot = /^\/bot([^/]+)\/(\w+)$/.exec(r.path);
    if (bot) return this.botMethod(bot[1]!, bot[2]!, r);
    const oaOk = (data: unknown): FakeReply => ({ json: { error: 0, message: 'Success', data } });
    if (r.path.startsWith('/v3.0/') || r.path.startsWith('/v2.0/')) {
      const token = String(r.headers['access_token'] ?? '');
      if (this.oaAccessTokens.size > 0 && !this.oaAccessTokens.has(token)) {
        return { json: { error: -216, message: 'Access token is invalid' } };
      }
    }
    switch (r.route) {
      case 'POST /v3.0/oa/message/cs':
        return oaOk({ message_id: this.id(), user_id: String(r.json?.recipient?.user_id ?? '') });
      case 'POST /v3.0/oa/message/template':
        return oaOk({ msg_id: this.id(), message_id: this.id(), sent_time: String(Date.now()) });
      case 'POST /v2.0/oa/upload/image':
        return oaOk({ attachment_id: `att-${this.id()}` });
      case 'POST /v2.0/oa/upload/file':
        return oaOk({ token: `file-${this.id()}` });
      case 'GET /v3.0/oa/user/detail': {
        let userId = '';
        try {
          // The fake echoes whatever user_id the client sent, as text.
          // eslint-disable-next-line @typescript-eslint/no-base-to-string
          userId = String((parseJsonKeepingIds(r.query.get('data') ?? '{}') as { user_id?: unknown }).user_id ?? '');
        } catch {
          /* empty */
        }
        return oaOk({
          user_id: userId,
          display_name: this.userNames.get(userId) ?? 'Người dùng Zalo',
          user_is_follower: true,
        });
      }
      case 'POST /v4/oa/access_token':
        return this.oauth(r);
      default:
        return { status: 404, json: { error: -404, message: `fake: no route ${r.route}` } };
    }
  }

  private oauth(r: FakeRequest): FakeReply {
    const f = r.form ?? {};
    if (this.opts.appSecret !== undefined && r.headers['secret_key'] !== this.opts.appSecret) {
      return { json: { error: -14002, error_name: 'Invalid app secret', error_reason: 'secret_key does not match' } };
    }
    if (f.grant_type !== 'refresh_token' || !f.refresh_token || !f.app_id) {
      return { json: { error: -14001, error_name: 'Invalid parameter' } };
    }
    if (this.oaRefreshTokens.size > 0 && !this.oaRefreshTokens.has(f.refresh_token)) {
      return {
        json: { error: -14014, error_name: 'Invalid refresh token', error_reason: 'refresh token is invalid or used' },
      };
    }
    this.oaRefreshTokens.delete(f.refresh_token);
    const n = ++this.seq;
    const access = `fake-access-${n}`;
    const refresh = `fake-refresh-${n}`;
    this.grantOaTokens(access, refresh);
    return { json: { access_token: access, refresh_token: refresh, expires_in: '90000' } };
  }

  private async botMethod(token: string, method: string, r: FakeRequest): Promise<FakeReply> {
    if (token !== this.botToken)
      return { status: 401, json: { ok: false, error_code: 401, description: 'Unauthorized' } };
    const ok = (result: unknown): FakeReply => ({ json: { ok: true, result } });
    const p = r.json ?? {};
    switch (method) {
      case 'getMe':
        return ok({
          id: '1459232241454765289',
          account_name: 'bot.Fake',
          account_type: 'BASIC',
          can_join_groups: false,
        });
      case 'sendMessage':
      case 'sendPhoto':
        if (!p.chat_id)
          return { status: 400, json: { ok: false, error_code: 400, description: 'chat_id is required' } };
        if (
          method === 'sendMessage' &&
          (typeof p.text !== 'string' || [...p.text].length < 1 || [...p.text].length > 2000)
        ) {
          return { status: 400, json: { ok: false, error_code: 400, description: 'text must be 1-2000 characters' } };
        }
        return ok({ message_id: this.id(), date: Date.now() });
      case 'sendChatAction':
        return ok(true);
      case 'setWebhook':
        this.botWebhook = { url: String(p.url), secret: String(p.secret_token) };
        return ok({ url: p.url, updated_at: Date.now() });
      case 'deleteWebhook':
        this.botWebhook = undefined;
        return ok({ url: '', updated_at: Date.now() });
      case 'getWebhookInfo':
        return ok({ url: this.botWebhook?.url ?? '', updated_at: Date.now() });
      case 'getUpdates': {
        if (this.botWebhook)
          return { status: 400, json: { ok: false, error_code: 400, description: 'webhook is active' } };
        const wait = Math.min(Number(p.timeout ?? 30) * 1000, this.opts.maxPollMs ?? 1000);
        if (this.botUpdates.length === 0) {
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(t);
              this.pollWaiters.delete(done);
              resolve();
            };
            const t = setTimeout(done, wait);
            this.pollWaiters.add(done);
          });
        }
        const next = this.botUpdates.shift();
        if (next === undefined)
          return { status: 408, json: { ok: false, error_code: 408, description: 'Request timeout' } };
        return ok(next);
      }
      default:
        return { status: 404, json: { ok: false, error_code: 404, description: `fake: no method ${method}` } };
    }
  }
}

function parseMultipart(raw: Buffer, contentType: string): NonNullable<FakeRequest['multipart']> {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const out: NonNullable<FakeRequest['multipart']> = { fields: {}, files: [] };
  if (!m) return out;
  const delimiter = Buffer.from(`--${m[1] ?? m[2]}`);
  let pos = raw.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, start);
    if (next === -1) break;
    const part = raw.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const data = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    const ctype = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
    if (filename !== undefined) out.files.push({ field: name, filename, contentType: ctype, data: Buffer.from(data) });
    else out.fields[name] = data.toString('utf8');
    pos = next;
  }
  return out;
}

// ---- webhook helpers ---------------------------------------------------------------------

/** The OA webhook signature: sha256 hex of id + raw body + timestamp + OA secret key. */
export function signOa(raw: string | Buffer, id: string, timestamp: string, secretKey: string): string {
  return 'mac=' + createHash('sha256').update(id).update(raw).update(timestamp).update(secretKey).digest('hex');
}

let oaMsgSeq = 0;
const nextMsgId = () => `msg${Date.now().toString(16)}${(++oaMsgSeq).toString(16).padStart(6, '0')}`;

/** OA webhook bodies as Zalo sends them (ids as strings). */
export const oaEvent = {
  text(o: { appId: string; oaId: string; userId: string; text: string; msgId?: string; timestamp?: string }) {
    return {
      app_id: o.appId,
      user_id_by_app: `app-${o.userId}`,
      event_name: 'user_send_text',
      timestamp: o.timestamp ?? String(Date.now()),
      sender: { id: o.userId },
      recipient: { id: o.oaId },
      message: { text: o.text, msg_id: o.msgId ?? nextMsgId() },
    };
  },
  image(o: { appId: string; oaId: string; userId: string; url: string; msgId?: string }) {
    return {
      app_id: o.appId,
      event_name: 'user_send_image',
      timestamp: String(Date.now()),
      sender: { id: o.userId },
      recipient: { id: o.oaId },
      message: {
        msg_id: o.msgId ?? nextMsgId(),
        text: '',
        attachments: [{ type: 'image', payload: { url: o.url, thumbnail: o.url } }],
      },
    };
  },
  file(o: {
    appId: string;
    oaId: string;
    userId: string;
    url: string;
    name: string;
    size: string | number;
    type: string;
    msgId?: string;
  }) {
    return {
      app_id: o.appId,
      event_name: 'user_send_file',
      timestamp: String(Date.now()),
      sender: { id: o.userId },
      recipient: { id: o.oaId },
      message: {
        msg_id: o.msgId ?? nextMsgId(),
        attachments: [
          { type: 'file', payload: { url: o.url, name: o.name, size: String(o.size), type: o.type, checksum: 'x' } },
        ],
      },
    };
  },
  sticker(o: { appId: string; oaId: string; userId: string; msgId?: string }) {
    return {
      app_id: o.appId,
      event_name: 'user_send_sticker',
      timestamp: String(Date.now()),
      sender: { id: o.userId },
      recipient: { id: o.oaId },
      message: {
        msg_id: o.msgId ?? nextMsgId(),
        attachments: [{ type: 'sticker', payload: { id: 'abc', url: 'https://zalo.example/s.png' } }],
      },
    };
  },
  follow(o: { appId: string; oaId: string; userId: string }) {
    return {
      app_id: o.appId,
      oa_id: o.oaId,
      event_name: 'follow',
      timestamp: String(Date.now()),
      source: 'testing',
      follower: { id: o.userId },
      user_id_by_app: `app-${o.userId}`,
    };
  },
  /** The OA's echo of its own send. */
  echo(o: { appId: string; oaId: string; userId: string; text: string }) {
    return {
      app_id: o.appId,
      event_name: 'oa_send_text',
      timestamp: String(Date.now()),
      sender: { id: o.oaId },
      recipient: { id: o.userId },
      message: { text: o.text, msg_id: nextMsgId() },
    };
  },
};

let botMsgSeq = 0;

/** Zalo Bot updates (the bare form; wrap in `{ok:true, result}` for the documented form). */
export const botUpdate = {
  text(o: { chatId: string; fromId?: string; name?: string; text: string; messageId?: string; group?: boolean }) {
    return {
      event_name: 'message.text.received',
      message: {
        message_id: o.messageId ?? `bm${Date.now().toString(16)}${(++botMsgSeq).toString(16)}`,
        date: Date.now(),
        from: { id: o.fromId ?? o.chatId, display_name: o.name ?? 'Người thử', is_bot: false },
        chat: { id: o.chatId, chat_type: o.group ? 'GROUP' : 'PRIVATE' },
        text: o.text,
      },
    };
  },
  image(o: { chatId: string; url: string; messageId?: string }) {
    return {
      event_name: 'message.image.received',
      message: {
        message_id: o.messageId ?? `bm${Date.now().toString(16)}${(++botMsgSeq).toString(16)}`,
        date: Date.now(),
        from: { id: o.chatId, display_name: 'Người thử', is_bot: false },
        chat: { id: o.chatId, chat_type: 'PRIVATE' },
        photo_url: o.url,
        caption: '',
      },
    };
  },
  sticker(o: { chatId: string; messageId?: string }) {
    return {
      event_name: 'message.sticker.received',
      message: {
        message_id: o.messageId ?? `bm${Date.now().toString(16)}${(++botMsgSeq).toString(16)}`,
        date: Date.now(),
        from: { id: o.chatId, display_name: 'Người thử', is_bot: false },
        chat: { id: o.chatId, chat_type: 'PRIVATE' },
        sticker: 'abc',
      },
    };
  },
};

/** POSTs exact bytes; returns the status and the body text. */
export async function postRaw(
  url: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; ms: number }> {
  const t0 = Date.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  return { status: res.status, text, ms: Date.now() - t0 };
}
