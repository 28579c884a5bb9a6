/**
 * A fake Telegram Bot API server (node:http on 127.0.0.1, port 0) for tests and benches.
 * Point a bot at it with `apiRoot` (TELEGRAM_API_ROOT) and talk to it like a person would.
 *
 * Start / stop
 *   const tg = await startFakeTelegram({ botInfo?, maxPollWaitMs?, latencyMs?, conflictOnConcurrentPoll? });
 *   tg.apiRoot  tg.token  tg.botInfo  tg.port        // TELEGRAM_API_ROOT, TELEGRAM_BOT_TOKEN, getMe result
 *   await tg.close();
 *
 * Updates (queued for getUpdates, which honours offset/limit/timeout and wakes on push)
 *   tg.pushText(chatId, text, { from?, chatType?, chatTitle?, token? })       → Update (commands get a bot_command entity)
 *   tg.pushCallback(chatId, data, messageId, { from?, chatType?, token? })    → Update (message = the bot's stored message)
 *   tg.press(chatId, /label/ | 'label', opts?)   → Update: presses a button on the latest bot message that has it
 *   tg.pushDocument(chatId, { fileName?, mime?, size?, fileId?, caption? }, opts?) → Update
 *   tg.pushPhoto(chatId, { sizes?, caption? }, opts?)                        → Update
 *   tg.setFileContent(fileId, bytes) / tg.expireFile(fileId)                 → what getFile + /file/bot<token>/<path> serve
 *   tg.pushUpdate(raw, { token? }) / tg.pushUpdates([raw, raw])               → pushes as-is (same update twice = a redelivery)
 *   tg.textUpdate / callbackUpdate / documentUpdate / photoUpdate(...same arguments) → build an Update without queueing it
 *     (for postWebhook; the bot's messages still appear in chatView)
 *   tg.postWebhook(update, { secret?: string | null, url?, token? })         → { status, body } POSTed like Telegram does
 *   Chat ids: numbers or numeric strings; negative ids are groups (chatType defaults to 'supergroup').
 *   In groups pass `from` (default sender id 424242). In private chats `from.id` defaults to the chat id.
 *
 * What the bot did (every call is recorded, getUpdates included)
 *   tg.calls: ApiCall[]  { seq, token, method, payload, files, at, answeredAt, outcome, status, result, error, scripted }
 *     payload is the parsed JSON or multipart body; an uploaded file appears in place of its
 *     `attach://` reference as { filename, size, data } (also in `files`). at/answeredAt = Date.now().
 *   tg.callsOf(method, token?)                → ApiCall[]
 *   tg.sentTo(chatId)                         → SentMessage[]: successful sendMessage/sendDocument/sendPhoto/editMessageText
 *   tg.textsTo(chatId)                        → string[]: their text (or caption)
 *   tg.chatView(chatId)                       → ChatMessage[]: what the person sees now (edits applied, user messages too)
 *   tg.lastBotMessage(chatId)                 → ChatMessage | undefined
 *   tg.waitFor(() => value, timeoutMs?, what?) → resolves with the first truthy value (checked after every call event)
 *   tg.waitForSent(chatId, count, timeoutMs?) → SentMessage[] once at least `count` messages reached the chat
 *   tg.onCall(listener)                       → unsubscribe; listener(call) when a call is answered (or dropped)
 *   tg.peakRate({ windowMs, chatId?, methods? }) → most successful sends inside any window (throttling checks)
 *   tg.commands(languageCode?, token?)        → BotCommand[] last set with setMyCommands
 *   tg.webhookOf(token?)                      → the registered webhook or undefined
 *
 * Scripted trouble, for the next N matching calls (method name or '*', optionally one chat)
 *   tg.rateLimitNext(method, retryAfterSeconds = 1, times = 1, chatId?)   → 429 with parameters.retry_after
 *   tg.serverErrorNext(method, times = 1, chatId?)                        → 500 Internal Server Error
 *   tg.dropNext(method, times = 1, chatId?)                               → connection destroyed, no answer
 *   tg.delayNext(method, ms, times = 1, chatId?)                          → normal answer after `ms`
 *   tg.failNext(method, failure, { times?, chatId?, token? })             → any Failure, e.g. { kind: 'error', code: 400, description }
 *   tg.blockChat(chatId) / tg.forgetChat(chatId) / tg.restoreChat(chatId) → 403 "bot was blocked" / 400 "chat not found"
 *   tg.revokeToken(token)                                                 → 401 Unauthorized for that token
 *
 * Behaviour worth knowing
 * - Answers like Telegram for the methods a bot of this project uses: getMe, getUpdates,
 *   sendMessage, editMessageText, sendDocument, sendPhoto, answerCallbackQuery, setMyCommands,
 *   getMyCommands, deleteMyCommands, setWebhook, deleteWebhook, getWebhookInfo, deleteMessage,
 *   sendChatAction; any other method answers `true`.
 * - Telegram's checks and wording: empty or >4096-character text, >1024-character caption,
 *   callback_data over 64 bytes, editing a message that does not exist / is not the bot's /
 *   has no text / would not change ("message is not modified"), answering an unknown or
 *   already answered callback query, getUpdates while a webhook is set, and a second
 *   concurrent getUpdates for one token (the older request gets 409, as with two pollers).
 * - Every token of the form <digits>:<chars> is a bot with its own queue, messages and webhook
 *   (getMe of tokens other than the main one answers a generated bot), so two bots, or two
 *   processes of one bot, can share one server. Long polls wait at most `maxPollWaitMs`
 *   (default 1000) so a stopping client is never held up.
 * - Built for volume: calls are indexed per chat, message ids are global counters, and
 *   thousands of calls and chats are cheap. `reset()` clears calls and scripts between tests.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotCommand, Chat, Update, User, UserFromGetMe } from 'grammy/types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Payload = Record<string, any>;

export const FAKE_TOKEN = '123456789:AAFakeTokenForThiduaBotTests_0123';
export const FAKE_BOT_USERNAME = 'thidua_test_bot';

export interface UploadedFile {
  filename: string;
  contentType?: string;
  size: number;
  data: Buffer;
}

export type Failure =
  | { kind: 'rate'; retryAfter: number }
  | { kind: 'error'; code: number; description: string; parameters?: Payload }
  | { kind: 'drop' }
  | { kind: 'delay'; ms: number }
  | { kind: 'hang' };

export interface ApiCall {
  seq: number;
  token: string;
  method: string;
  payload: Payload;
  files: Record<string, UploadedFile>;
  /** Date.now() when the request was read, and when it was answered. */
  at: number;
  answeredAt?: number;
  outcome: 'pending' | 'ok' | 'error' | 'dropped' | 'aborted';
  status?: number;
  result?: unknown;
  error?: { error_code: number; description: string; parameters?: Payload };
  /** Set when a scripted failure decided the answer. */
  scripted?: Failure['kind'];
}

export interface Button {
  text: string;
  data: string;
}

export interface SentMessage {
  method: 'sendMessage' | 'sendDocument' | 'sendPhoto' | 'editMessageText';
  chatId: string;
  messageId: number;
  /** Message text, or the caption of a file. */
  text: string;
  buttons: Button[][];
  file?: UploadedFile | string;
  call: ApiCall;
}

export interface ChatMessage {
  messageId: number;
  fromBot: boolean;
  kind: 'text' | 'document' | 'photo' | 'other';
  text: string;
  buttons: Button[][];
  edits: number;
  date: number;
}

export interface PushOptions {
  from?: Partial<User> & { id: number };
  chatType?: 'private' | 'group' | 'supergroup';
  chatTitle?: string;
  token?: string;
}

export interface FakeTelegramOptions {
  botInfo?: Partial<UserFromGetMe>;
  /** Upper bound for a long poll's wait (getUpdates `timeout`); default 1000 ms. */
  maxPollWaitMs?: number;
  /** Delay added to every answer except getUpdates; default 0. */
  latencyMs?: number;
  /** A second getUpdates while one is waiting ends the older with 409 (default true). */
  conflictOnConcurrentPoll?: boolean;
}

interface Script {
  method: string;
  failure: Failure;
  remaining: number;
  chatId?: string;
  token?: string;
}

interface StoredMessage extends ChatMessage {
  json: Payload;
}

interface Poller {
  wake: () => void;
  terminate: () => void;
}

interface BotState {
  token: string;
  info: UserFromGetMe;
  queue: Update[];
  poller?: Poller;
  wakeScheduled: boolean;
  webhook?: { url: string; secret_token?: string; allowed_updates?: string[]; max_connections?: number };
  commands: Map<string, BotCommand[]>;
  callbacks: Map<string, { answered: boolean }>;
  messages: Map<string, Map<number, StoredMessage>>;
}

export interface FakeTelegram {
  readonly apiRoot: string;
  readonly port: number;
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  readonly calls: ApiCall[];
  pushText(chatId: number | string, text: string, opts?: PushOptions): Update;
  pushCallback(chatId: number | string, data: string, messageId: number, opts?: PushOptions): Update;
  press(chatId: number | string, label: string | RegExp, opts?: PushOptions): Update;
  pushDocument(
    chatId: number | string,
    doc?: { fileName?: string; mime?: string; size?: number; fileId?: string; caption?: string },
    opts?: PushOptions,
  ): Update;
  pushPhoto(
    chatId: number | string,
    photo?: { sizes?: Array<{ width: number; height: number; fileSize?: number }>; caption?: string },
    opts?: PushOptions,
  ): Update;
  textUpdate(chatId: number | string, text: string, opts?: PushOptions): Update;
  callbackUpdate(chatId: number | string, data: string, messageId: number, opts?: PushOptions): Update;
  documentUpdate(
    chatId: number | string,
    doc?: { fileName?: string; mime?: string; size?: number; fileId?: string; caption?: string },
    opts?: PushOptions,
  ): Update;
  photoUpdate(
    chatId: number | string,
    photo?: { sizes?: Array<{ width: number; height: number; fileSize?: number }>; caption?: string },
    opts?: PushOptions,
  ): Update;
  pushUpdate(raw: Payload, opts?: { token?: string }): Update;
  pushUpdates(raws: Payload[], opts?: { token?: string }): Update[];
  postWebhook(
    update: Payload,
    opts?: { secret?: string | null; url?: string; token?: string },
  ): Promise<{ status: number; body: string }>;
  callsOf(method: string, token?: string): ApiCall[];
  sentTo(chatId: number | string, token?: string): SentMessage[];
  textsTo(chatId: number | string, token?: string): string[];
  chatView(chatId: number | string, token?: string): ChatMessage[];
  lastBotMessage(chatId: number | string, token?: string): ChatMessage | undefined;
  findButton(
    chatId: number | string,
    label: string | RegExp,
    token?: string,
  ): { messageId: number; data: string; text: string } | undefined;
  waitFor<T>(pred: () => T | undefined | null | false, timeoutMs?: number, what?: string): Promise<T>;
  waitForSent(chatId: number | string, count: number, timeoutMs?: number): Promise<SentMessage[]>;
  onCall(listener: (call: ApiCall) => void): () => void;
  peakRate(opts: { windowMs: number; chatId?: number | string; methods?: string[] }): number;
  commands(languageCode?: string, token?: string): BotCommand[] | undefined;
  webhookOf(token?: string): BotState['webhook'];
  failNext(method: string, failure: Failure, opts?: { times?: number; chatId?: number | string; token?: string }): void;
  rateLimitNext(method: string, retryAfterSeconds?: number, times?: number, chatId?: number | string): void;
  serverErrorNext(method: string, times?: number, chatId?: number | string): void;
  dropNext(method: string, times?: number, chatId?: number | string): void;
  delayNext(method: string, ms: number, times?: number, chatId?: number | string): void;
  blockChat(chatId: number | string): void;
  forgetChat(chatId: number | string): void;
  restoreChat(chatId: number | string): void;
  revokeToken(token: string): void;
  /** Bytes served for a file id through getFile and the file download path (any token). */
  setFileContent(fileId: string, data: Uint8Array): void;
  /** getFile refuses the id from now on, as Telegram does for an expired or foreign file id. */
  expireFile(fileId: string): void;
  reset(): void;
  close(): Promise<void>;
}

const SEND_METHODS = new Set(['sendMessage', 'sendDocument', 'sendPhoto', 'editMessageText']);

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: Payload,
  ) {
    super(description);
  }
}

const NOT_MODIFIED =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const maxPollWaitMs = options.maxPollWaitMs ?? 1000;
  const latencyMs = options.latencyMs ?? 0;
  const conflictOnConcurrentPoll = options.conflictOnConcurrentPoll ?? true;
  const mainInfo = {
    id: Number(FAKE_TOKEN.split(':')[0]),
    is_bot: true,
    first_name: 'Trợ lý thi đua (thử)',
    username: FAKE_BOT_USERNAME,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    ...options.botInfo,
  } as UserFromGetMe;

  const calls: ApiCall[] = [];
  const sentByChat = new Map<string, SentMessage[]>();
  const bots = new Map<string, BotState>();
  const scripts: Script[] = [];
  const blocked = new Set<string>();
  const forgotten = new Set<string>();
  const revoked = new Set<string>();
  const chats = new Map<string, Chat>();
  const waiters = new Set<() => void>();
  const listeners = new Set<(call: ApiCall) => void>();
  const hanging = new Set<ServerResponse>();
  let seq = 0;
  let nextUpdateId = 10_000;
  let nextMessageId = 1;
  let nextCallbackId = 1;
  let nextFileId = 1;
  let closed = false;
  const fileContents = new Map<string, Buffer>();

  function botState(token: string): BotState {
    let st = bots.get(token);
    if (!st) {
      const id = Number(token.split(':')[0]);
      const info =
        token === FAKE_TOKEN
          ? mainInfo
          : ({ ...mainInfo, id, first_name: `Bot ${id}`, username: `bot${id}_bot` } as UserFromGetMe);
      st = {
        token,
        info,
        queue: [],
        wakeScheduled: false,
        commands: new Map(),
        callbacks: new Map(),
        messages: new Map(),
      };
      bots.set(token, st);
    }
    return st;
  }
  botState(FAKE_TOKEN);

  function notify(): void {
    for (const w of [...waiters]) w();
  }

  // ---------------------------------------------------------------- HTTP

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` }));
      }
    });
  });
  server.keepAliveTimeout = 30_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const download = /^\/file\/bot([^/]+)\/documents\/(.+)$/.exec(url.pathname);
    if (download) {
      await readAll(req);
      const data = fileContents.get(decodeURIComponent(download[2]!));
      if (!/^\d+:[\w-]+$/.test(decodeURIComponent(download[1]!)) || !data)
        return writeJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length });
      return void res.end(data);
    }
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const body = await readAll(req);
    if (!m) return writeJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const token = decodeURIComponent(m[1]!);
    const method = m[2]!;
    const { payload, files } = parseBody(req.headers['content-type'] ?? '', body, url.searchParams);
    const call: ApiCall = { seq: ++seq, token, method, payload, files, at: Date.now(), outcome: 'pending' };
    calls.push(call);
    notify();

    if (!/^\d+:[\w-]+$/.test(token) || revoked.has(token)) return answer(res, call, new ApiError(401, 'Unauthorized'));
    const st = botState(token);

    const script = takeScript(method, payload, token);
    if (script) {
      call.scripted = script.kind;
      switch (script.kind) {
        case 'drop':
          call.outcome = 'dropped';
          call.answeredAt = Date.now();
          res.destroy();
          req.socket.destroy();
          emit(call);
          return;
        case 'hang':
          hanging.add(res);
          res.once('close', () => hanging.delete(res));
          return;
        case 'rate':
          return answer(
            res,
            call,
            new ApiError(429, `Too Many Requests: retry after ${script.retryAfter}`, {
              retry_after: script.retryAfter,
            }),
          );
        case 'error':
          return answer(res, call, new ApiError(script.code, script.description, script.parameters));
        case 'delay':
          await sleep(script.ms);
          break;
      }
    }

    if (method === 'getUpdates') return getUpdates(st, payload, res, call);
    if (latencyMs > 0) await sleep(latencyMs);
    let result: unknown;
    try {
      result = dispatch(st, method, payload);
    } catch (err) {
      if (err instanceof ApiError) return answer(res, call, err);
      throw err;
    }
    return answer(res, call, undefined, result);
  }

  function answer(res: ServerResponse, call: ApiCall, err?: ApiError, result?: unknown): void {
    call.answeredAt = Date.now();
    if (err) {
      call.outcome = 'error';
      call.status = err.code;
      call.error = {
        error_code: err.code,
        description: err.description,
        ...(err.parameters ? { parameters: err.parameters } : {}),
      };
      writeJson(res, err.code, { ok: false, ...call.error });
    } else {
      call.outcome = 'ok';
      call.status = 200;
      call.result = result;
      if (SEND_METHODS.has(call.method)) recordSent(call);
      writeJson(res, 200, { ok: true, result });
    }
    emit(call);
  }

  function emit(call: ApiCall): void {
    for (const l of listeners) l(call);
    notify();
  }

  function recordSent(call: ApiCall): void {
    const msg = call.result as Payload;
    const chatId = String(call.payload.chat_id);
    const s: SentMessage = {
      method: call.method as SentMessage['method'],
      chatId,
      messageId: msg.message_id as number,
      text: String(msg.text ?? msg.caption ?? ''),
      buttons: buttonsOf(call.payload.reply_markup),
      call,
      ...(call.method === 'sendDocument' || call.method === 'sendPhoto'
        ? { file: (call.payload.document ?? call.payload.photo) as UploadedFile | string }
        : {}),
    };
    let list = sentByChat.get(chatId);
    if (!list) sentByChat.set(chatId, (list = []));
    list.push(s);
  }

  // ---------------------------------------------------------------- getUpdates

  async function getUpdates(st: BotState, payload: Payload, res: ServerResponse, call: ApiCall): Promise<void> {
    if (st.webhook) {
      return answer(
        res,
        call,
        new ApiError(
          409,
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        ),
      );
    }
    const offset = Number(payload.offset ?? 0);
    const limit = Math.max(1, Math.min(100, Number(payload.limit ?? 100)));
    const timeoutMs = Math.min(Number(payload.timeout ?? 0) * 1000, maxPollWaitMs);
    if (offset > 0 && st.queue.some((u) => u.update_id < offset))
      st.queue = st.queue.filter((u) => u.update_id >= offset);

    if (st.queue.length === 0 && timeoutMs > 0 && !closed) {
      if (st.poller && conflictOnConcurrentPoll) st.poller.terminate();
      const outcome = await new Promise<'wake' | 'terminated' | 'aborted'>((resolve) => {
        const timer = setTimeout(() => finish('wake'), timeoutMs);
        const poller: Poller = { wake: () => finish('wake'), terminate: () => finish('terminated') };
        const onClose = () => finish('aborted');
        res.once('close', onClose);
        st.poller = poller;
        function finish(how: 'wake' | 'terminated' | 'aborted') {
          clearTimeout(timer);
          res.off('close', onClose);
          if (st.poller === poller) st.poller = undefined;
          resolve(how);
        }
      });
      if (outcome === 'aborted') {
        call.outcome = 'aborted';
        call.answeredAt = Date.now();
        return emit(call);
      }
      if (outcome === 'terminated') {
        return answer(
          res,
          call,
          new ApiError(
            409,
            'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
          ),
        );
      }
      if (st.webhook) return answer(res, call, new ApiError(409, 'Conflict: terminated by setWebhook request'));
    }
    answer(res, call, undefined, st.queue.slice(0, limit));
  }

  function enqueue(st: BotState, updates: Update[]): void {
    st.queue.push(...updates);
    if (!st.wakeScheduled) {
      st.wakeScheduled = true;
      // Wake on the next turn, so updates pushed together arrive in one batch.
      setImmediate(() => {
        st.wakeScheduled = false;
        st.poller?.wake();
      });
    }
  }

  // ---------------------------------------------------------------- methods

  function dispatch(st: BotState, method: string, p: Payload): unknown {
    switch (method) {
      case 'getMe':
        return st.info;
      case 'sendMessage': {
        const chatId = checkChat(p);
        const text = p.text === undefined ? '' : String(p.text);
        if (text.trim() === '') throw new ApiError(400, 'Bad Request: message text is empty');
        if (text.length > 4096) throw new ApiError(400, 'Bad Request: message is too long');
        const buttons = checkMarkup(p.reply_markup);
        return storeBotMessage(st, chatId, 'text', { text }, text, buttons, p.reply_markup);
      }
      case 'sendDocument':
      case 'sendPhoto': {
        const chatId = checkChat(p);
        const key = method === 'sendDocument' ? 'document' : 'photo';
        const file = p[key] as UploadedFile | string | undefined;
        if (file === undefined || file === '')
          throw new ApiError(400, `Bad Request: there is no ${key} in the request`);
        const caption = p.caption === undefined ? '' : String(p.caption);
        if (caption.length > 1024) throw new ApiError(400, 'Bad Request: message caption is too long');
        const buttons = checkMarkup(p.reply_markup);
        const fileId = `${key}-${nextFileId++}`;
        const size = typeof file === 'string' ? 1000 : file.size;
        const extra =
          key === 'document'
            ? {
                document: {
                  file_id: fileId,
                  file_unique_id: `u${fileId}`,
                  file_name: typeof file === 'string' ? 'file' : file.filename,
                  mime_type: guessMime(typeof file === 'string' ? '' : file.filename),
                  file_size: size,
                },
              }
            : {
                photo: [
                  {
                    file_id: `${fileId}-s`,
                    file_unique_id: `u${fileId}-s`,
                    width: 90,
                    height: 60,
                    file_size: Math.ceil(size / 20),
                  },
                  { file_id: fileId, file_unique_id: `u${fileId}`, width: 1280, height: 853, file_size: size },
                ],
              };
        return storeBotMessage(
          st,
          chatId,
          key,
          { ...extra, ...(caption ? { caption } : {}) },
          caption,
          buttons,
          p.reply_markup,
        );
      }
      case 'editMessageText': {
        const chatId = checkChat(p);
        const stored = st.messages.get(chatId)?.get(Number(p.message_id));
        if (!stored) throw new ApiError(400, 'Bad Request: message to edit not found');
        if (!stored.fromBot) throw new ApiError(400, "Bad Request: message can't be edited");
        if (stored.kind !== 'text') throw new ApiError(400, 'Bad Request: there is no text in the message to edit');
        const text = p.text === undefined ? '' : String(p.text);
        if (text.trim() === '') throw new ApiError(400, 'Bad Request: message text is empty');
        if (text.length > 4096) throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
        const buttons = checkMarkup(p.reply_markup);
        if (stored.text === text && JSON.stringify(stored.buttons) === JSON.stringify(buttons))
          throw new ApiError(400, NOT_MODIFIED);
        stored.text = text;
        stored.buttons = buttons;
        stored.edits++;
        const json: Payload = { ...stored.json, text, edit_date: Math.floor(Date.now() / 1000) };
        if (p.reply_markup) json.reply_markup = p.reply_markup;
        else delete json.reply_markup;
        stored.json = json;
        return json;
      }
      case 'answerCallbackQuery': {
        const cq = st.callbacks.get(String(p.callback_query_id));
        if (!cq || cq.answered)
          throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
        cq.answered = true;
        return true;
      }
      case 'setMyCommands': {
        const list = (p.commands ?? []) as BotCommand[];
        if (!Array.isArray(list) || list.length > 100) throw new ApiError(400, 'Bad Request: too many commands');
        for (const c of list) {
          if (!/^[a-z0-9_]{1,32}$/.test(String(c.command))) throw new ApiError(400, 'Bad Request: BOT_COMMAND_INVALID');
          const d = String(c.description ?? '');
          if (d.length < 1 || d.length > 256)
            throw new ApiError(400, 'Bad Request: command description must be non-empty');
        }
        st.commands.set(commandKey(p), list);
        return true;
      }
      case 'getMyCommands':
        return st.commands.get(commandKey(p)) ?? [];
      case 'deleteMyCommands':
        st.commands.delete(commandKey(p));
        return true;
      case 'setWebhook': {
        const url = String(p.url ?? '');
        if (url === '') {
          st.webhook = undefined;
          return true;
        }
        if (!/^https?:\/\//.test(url))
          throw new ApiError(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
        if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token))) {
          throw new ApiError(400, 'Bad Request: secret token contains unallowed characters');
        }
        st.webhook = {
          url,
          ...(p.secret_token !== undefined ? { secret_token: String(p.secret_token) } : {}),
          ...(p.allowed_updates ? { allowed_updates: p.allowed_updates as string[] } : {}),
          ...(p.max_connections ? { max_connections: Number(p.max_connections) } : {}),
        };
        if (p.drop_pending_updates) st.queue = [];
        st.poller?.wake();
        return true;
      }
      case 'deleteWebhook':
        st.webhook = undefined;
        if (p.drop_pending_updates) st.queue = [];
        return true;
      case 'getWebhookInfo':
        return {
          url: st.webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: st.queue.length,
          ...(st.webhook?.allowed_updates ? { allowed_updates: st.webhook.allowed_updates } : {}),
        };
      case 'deleteMessage': {
        const chatId = checkChat(p);
        const msgs = st.messages.get(chatId);
        if (!msgs?.delete(Number(p.message_id))) throw new ApiError(400, 'Bad Request: message to delete not found');
        return true;
      }
      case 'sendChatAction':
        checkChat(p);
        return true;
      case 'getFile': {
        const id = String(p.file_id ?? '');
        const data = fileContents.get(id);
        if (!data) throw new ApiError(400, 'Bad Request: wrong file_id or the file is temporarily unavailable');
        return {
          file_id: id,
          file_unique_id: `u${id}`,
          file_size: data.length,
          file_path: `documents/${encodeURIComponent(id)}`,
        };
      }
      default:
        return true;
    }
  }

  function checkChat(p: Payload): string {
    if (p.chat_id === undefined || p.chat_id === '') throw new ApiError(400, 'Bad Request: chat_id is empty');
    const chatId = String(p.chat_id);
    if (blocked.has(chatId)) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
    if (forgotten.has(chatId)) throw new ApiError(400, 'Bad Request: chat not found');
    return chatId;
  }

  function checkMarkup(markup: unknown): Button[][] {
    if (markup === undefined) return [];
    const rows = (markup as Payload).inline_keyboard as Payload[][] | undefined;
    if (!Array.isArray(rows)) return [];
    let count = 0;
    for (const row of rows) {
      for (const b of row) {
        count++;
        if (typeof b.text !== 'string' || b.text === '') throw new ApiError(400, 'Bad Request: BUTTON_TEXT_INVALID');
        const data = b.callback_data;
        if (data !== undefined && (Buffer.byteLength(String(data)) < 1 || Buffer.byteLength(String(data)) > 64)) {
          throw new ApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
        }
      }
    }
    if (count > 100) throw new ApiError(400, 'Bad Request: reply markup is too long');
    return buttonsOf(markup);
  }

  function storeBotMessage(
    st: BotState,
    chatId: string,
    kind: 'text' | 'document' | 'photo',
    content: Payload,
    text: string,
    buttons: Button[][],
    markup: unknown,
  ): Payload {
    const id = nextMessageId++;
    const date = Math.floor(Date.now() / 1000);
    const json: Payload = {
      message_id: id,
      from: botUser(st),
      chat: chatOf(chatId),
      date,
      ...content,
      ...(markup ? { reply_markup: markup } : {}),
    };
    messagesOf(st, chatId).set(id, { messageId: id, fromBot: true, kind, text, buttons, edits: 0, date, json });
    return json;
  }

  function messagesOf(st: BotState, chatId: string): Map<number, StoredMessage> {
    let m = st.messages.get(chatId);
    if (!m) st.messages.set(chatId, (m = new Map()));
    return m;
  }

  function botUser(st: BotState): User {
    return { id: st.info.id, is_bot: true, first_name: st.info.first_name, username: st.info.username };
  }

  function chatOf(chatId: string, opts: PushOptions = {}): Chat {
    const known = chats.get(chatId);
    if (known && !opts.chatType) return known;
    const id = Number(chatId);
    const type = opts.chatType ?? (id < 0 ? 'supergroup' : 'private');
    const chat =
      type === 'private'
        ? ({
            id,
            type,
            first_name: opts.from?.first_name ?? 'Người dùng',
            ...(opts.from?.last_name ? { last_name: opts.from.last_name } : {}),
          } as Chat)
        : ({ id, type, title: opts.chatTitle ?? `Nhóm ${id}` } as Chat);
    chats.set(chatId, chat);
    return chat;
  }

  function takeScript(method: string, payload: Payload, token: string): Failure | undefined {
    const i = scripts.findIndex(
      (s) =>
        (s.method === method || (s.method === '*' && method !== 'getUpdates')) &&
        (s.chatId === undefined || String(payload.chat_id) === s.chatId) &&
        (s.token === undefined || s.token === token),
    );
    if (i < 0) return undefined;
    const s = scripts[i]!;
    if (--s.remaining <= 0) scripts.splice(i, 1);
    return s.failure;
  }

  // ---------------------------------------------------------------- update builders

  function sender(chatId: string, opts: PushOptions): User {
    const id = Number(chatId);
    const base: User = {
      id: id > 0 ? id : 424242,
      is_bot: false,
      first_name: 'Người dùng',
      last_name: String(Math.abs(id) % 10_000),
      language_code: 'vi',
    };
    return { ...base, ...opts.from };
  }

  function newMessage(chatId: string, opts: PushOptions, content: Payload): Payload {
    const from = sender(chatId, opts);
    const chat = chatOf(chatId, { ...opts, from });
    const id = nextMessageId++;
    const date = Math.floor(Date.now() / 1000);
    const msg = { message_id: id, from, chat, date, ...content };
    const st = botState(opts.token ?? FAKE_TOKEN);
    const kind =
      content.text !== undefined ? 'text' : content.document ? 'document' : content.photo ? 'photo' : 'other';
    messagesOf(st, chatId).set(id, {
      messageId: id,
      fromBot: false,
      kind,
      text: String(content.text ?? content.caption ?? ''),
      buttons: [],
      edits: 0,
      date,
      json: msg,
    });
    return msg;
  }

  function build(raw: Payload): Update {
    const update = { ...raw } as Update;
    if (typeof update.update_id !== 'number') update.update_id = nextUpdateId++;
    else nextUpdateId = Math.max(nextUpdateId, update.update_id + 1);
    return update;
  }

  function push(raw: Payload, token = FAKE_TOKEN): Update {
    const update = build(raw);
    enqueue(botState(token), [update]);
    return update;
  }

  // ---------------------------------------------------------------- public API

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const fake: FakeTelegram = {
    apiRoot: `http://127.0.0.1:${port}`,
    port,
    token: FAKE_TOKEN,
    botInfo: mainInfo,
    calls,

    textUpdate(chatId, text, opts = {}) {
      const id = String(chatId);
      const cmd = /^\/\S+/.exec(text);
      const entities = cmd ? [{ type: 'bot_command', offset: 0, length: cmd[0].length }] : undefined;
      return build({ message: newMessage(id, opts, { text, ...(entities ? { entities } : {}) }) });
    },

    callbackUpdate(chatId, data, messageId, opts = {}) {
      const id = String(chatId);
      const st = botState(opts.token ?? FAKE_TOKEN);
      const from = sender(id, opts);
      const stored = st.messages.get(id)?.get(messageId);
      const message = stored?.json ?? {
        message_id: messageId,
        chat: chatOf(id, { ...opts, from }),
        date: Math.floor(Date.now() / 1000),
        text: '',
      };
      const cqId = `cq${nextCallbackId++}`;
      st.callbacks.set(cqId, { answered: false });
      return build({ callback_query: { id: cqId, from, chat_instance: `ci${id}`, data, message } });
    },

    documentUpdate(chatId, doc = {}, opts = {}) {
      const document = {
        file_id: doc.fileId ?? `in-doc-${nextFileId++}`,
        file_unique_id: `uin-${nextFileId}`,
        file_name: doc.fileName ?? 'bao-cao.xlsx',
        mime_type: doc.mime ?? guessMime(doc.fileName ?? 'bao-cao.xlsx'),
        file_size: doc.size ?? 12_345,
      };
      return build({
        message: newMessage(String(chatId), opts, { document, ...(doc.caption ? { caption: doc.caption } : {}) }),
      });
    },

    photoUpdate(chatId, photo = {}, opts = {}) {
      const sizes = photo.sizes ?? [
        { width: 90, height: 67, fileSize: 1_200 },
        { width: 320, height: 240, fileSize: 15_000 },
        { width: 1280, height: 960, fileSize: 120_000 },
      ];
      const list = sizes.map((s, i) => ({
        file_id: `in-photo-${nextFileId}-${i}`,
        file_unique_id: `uin-photo-${nextFileId}-${i}`,
        width: s.width,
        height: s.height,
        ...(s.fileSize !== undefined ? { file_size: s.fileSize } : {}),
      }));
      nextFileId++;
      return build({
        message: newMessage(String(chatId), opts, {
          photo: list,
          ...(photo.caption ? { caption: photo.caption } : {}),
        }),
      });
    },

    pushText(chatId, text, opts = {}) {
      return push(fake.textUpdate(chatId, text, opts), opts.token);
    },

    pushCallback(chatId, data, messageId, opts = {}) {
      return push(fake.callbackUpdate(chatId, data, messageId, opts), opts.token);
    },

    press(chatId, label, opts = {}) {
      const b = fake.findButton(chatId, label, opts.token);
      if (!b)
        throw new Error(
          `no button ${String(label)} in chat ${chatId}: ${JSON.stringify(fake.lastBotMessage(chatId, opts.token)?.buttons ?? [])}`,
        );
      return fake.pushCallback(chatId, b.data, b.messageId, opts);
    },

    pushDocument(chatId, doc = {}, opts = {}) {
      return push(fake.documentUpdate(chatId, doc, opts), opts.token);
    },

    pushPhoto(chatId, photo = {}, opts = {}) {
      return push(fake.photoUpdate(chatId, photo, opts), opts.token);
    },

    pushUpdate(raw, opts = {}) {
      return push(raw, opts.token);
    },

    pushUpdates(raws, opts = {}) {
      return raws.map((r) => push(r, opts.token));
    },

    async postWebhook(update, opts = {}) {
      const st = botState(opts.token ?? FAKE_TOKEN);
      const url = opts.url ?? st.webhook?.url;
      if (!url) throw new Error('no webhook is set and no url was given');
      const secret = opts.secret === undefined ? st.webhook?.secret_token : opts.secret;
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secret ? { 'X-Telegram-Bot-Api-Secret-Token': secret } : {}),
        },
        body: JSON.stringify(update),
      });
      return { status: res.status, body: await res.text() };
    },

    callsOf(method, token) {
      return calls.filter((c) => c.method === method && (token === undefined || c.token === token));
    },

    sentTo(chatId, token) {
      const list = sentByChat.get(String(chatId)) ?? [];
      return token === undefined ? [...list] : list.filter((s) => s.call.token === token);
    },

    textsTo(chatId, token) {
      return fake.sentTo(chatId, token).map((s) => s.text);
    },

    chatView(chatId, token) {
      const msgs = botState(token ?? FAKE_TOKEN).messages.get(String(chatId));
      if (!msgs) return [];
      return [...msgs.values()]
        .sort((a, b) => a.messageId - b.messageId)
        .map(({ json: _json, ...m }) => ({ ...m, buttons: m.buttons.map((r) => [...r]) }));
    },

    lastBotMessage(chatId, token) {
      const view = fake.chatView(chatId, token).filter((m) => m.fromBot);
      return view[view.length - 1];
    },

    findButton(chatId, label, token) {
      const view = fake.chatView(chatId, token).filter((m) => m.fromBot);
      for (let i = view.length - 1; i >= 0; i--) {
        for (const b of view[i]!.buttons.flat()) {
          if (typeof label === 'string' ? b.text.includes(label) : label.test(b.text))
            return { messageId: view[i]!.messageId, data: b.data, text: b.text };
        }
      }
      return undefined;
    },

    waitFor<T>(pred: () => T | undefined | null | false, timeoutMs = 5000, what?: string): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const first = pred();
        if (first) return resolve(first);
        const check = () => {
          let v: T | undefined | null | false;
          try {
            v = pred();
          } catch (err) {
            cleanup();
            reject(err instanceof Error ? err : new Error(String(err)));
            return;
          }
          if (v) {
            cleanup();
            resolve(v);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`fake Telegram: waited ${timeoutMs} ms for ${what ?? 'a condition'}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
      });
    },

    waitForSent(chatId, count, timeoutMs = 5000) {
      return fake.waitFor(
        () => {
          const list = fake.sentTo(chatId);
          return list.length >= count ? list : undefined;
        },
        timeoutMs,
        `${count} message(s) to chat ${chatId} (so far: ${JSON.stringify(fake.textsTo(chatId).map((t) => t.slice(0, 60)))})`,
      );
    },

    onCall(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    peakRate({ windowMs, chatId, methods }) {
      const wanted = new Set(methods ?? [...SEND_METHODS]);
      const times = calls
        .filter(
          (c) =>
            c.outcome === 'ok' &&
            wanted.has(c.method) &&
            (chatId === undefined || String(c.payload.chat_id) === String(chatId)),
        )
        .map((c) => c.at)
        .sort((a, b) => a - b);
      let best = 0;
      for (let lo = 0, hi = 0; hi < times.length; hi++) {
        while (times[hi]! - times[lo]! >= windowMs) lo++;
        best = Math.max(best, hi - lo + 1);
      }
      return best;
    },

    commands(languageCode, token) {
      return botState(token ?? FAKE_TOKEN).commands.get(commandKey({ language_code: languageCode }));
    },

    webhookOf(token) {
      return botState(token ?? FAKE_TOKEN).webhook;
    },

    failNext(method, failure, opts = {}) {
      scripts.push({
        method,
        failure,
        remaining: opts.times ?? 1,
        ...(opts.chatId !== undefined ? { chatId: String(opts.chatId) } : {}),
        ...(opts.token !== undefined ? { token: opts.token } : {}),
      });
    },
    rateLimitNext(method, retryAfterSeconds = 1, times = 1, chatId) {
      fake.failNext(method, { kind: 'rate', retryAfter: retryAfterSeconds }, { times, chatId });
    },
    serverErrorNext(method, times = 1, chatId) {
      fake.failNext(method, { kind: 'error', code: 500, description: 'Internal Server Error' }, { times, chatId });
    },
    dropNext(method, times = 1, chatId) {
      fake.failNext(method, { kind: 'drop' }, { times, chatId });
    },
    delayNext(method, ms, times = 1, chatId) {
      fake.failNext(method, { kind: 'delay', ms }, { times, chatId });
    },
    blockChat(chatId) {
      blocked.add(String(chatId));
    },
    forgetChat(chatId) {
      forgotten.add(String(chatId));
    },
    restoreChat(chatId) {
      blocked.delete(String(chatId));
      forgotten.delete(String(chatId));
    },
    setFileContent(fileId, data) {
      fileContents.set(fileId, Buffer.from(data));
    },

    expireFile(fileId) {
      fileContents.delete(fileId);
    },

    revokeToken(token) {
      revoked.add(token);
    },

    reset() {
      calls.length = 0;
      scripts.length = 0;
      sentByChat.clear();
    },

    async close() {
      closed = true;
      for (const st of bots.values()) st.poller?.wake();
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

// ------------------------------------------------------------------ helpers

function commandKey(p: Payload): string {
  const scope = (p.scope as Payload | undefined) ?? { type: 'default' };
  return `${JSON.stringify(scope)}|${String(p.language_code ?? '')}`;
}

function buttonsOf(markup: unknown): Button[][] {
  const rows = (markup as Payload | undefined)?.inline_keyboard as Payload[][] | undefined;
  if (!Array.isArray(rows)) return [];
  return rows.map((row) => row.map((b) => ({ text: String(b.text), data: String(b.callback_data ?? b.url ?? '') })));
}

function guessMime(name: string): string {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  const map: Record<string, string> = {
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    xls: 'application/vnd.ms-excel',
    csv: 'text/csv',
    pdf: 'application/pdf',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    doc: 'application/msword',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
  };
  return map[ext] ?? 'application/octet-stream';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function writeJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Fields whose multipart string form is a number in JSON. */
const NUMERIC_FIELDS = new Set([
  'chat_id',
  'message_id',
  'message_thread_id',
  'reply_to_message_id',
  'duration',
  'width',
  'height',
]);

function parseBody(
  contentType: string,
  body: Buffer,
  query: URLSearchParams,
): { payload: Payload; files: Record<string, UploadedFile> } {
  const payload: Payload = {};
  const files: Record<string, UploadedFile> = {};
  for (const [k, v] of query) payload[k] = fieldValue(k, v);
  if (body.length === 0) return { payload, files };
  if (contentType.startsWith('application/json')) {
    Object.assign(payload, JSON.parse(body.toString('utf8')) as Payload);
  } else if (contentType.startsWith('multipart/form-data')) {
    const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
    if (!boundary) throw new Error('multipart without boundary');
    const parts = parseMultipart(body, boundary);
    for (const part of parts) {
      if (part.filename !== undefined) {
        files[part.name] = {
          filename: part.filename,
          contentType: part.contentType,
          size: part.data.length,
          data: part.data,
        };
      }
    }
    for (const part of parts) {
      if (part.filename !== undefined) continue;
      const value = part.data.toString('utf8');
      const attached = /^attach:\/\/(.+)$/.exec(value);
      payload[part.name] = attached && files[attached[1]!] ? files[attached[1]!] : fieldValue(part.name, value);
    }
  } else if (contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) payload[k] = fieldValue(k, v);
  }
  return { payload, files };
}

function fieldValue(key: string, value: string): unknown {
  if (NUMERIC_FIELDS.has(key) && /^-?\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delim = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delim);
  while (pos !== -1) {
    let start = pos + delim.length;
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break; // closing "--"
    if (body[start] === 0x0d && body[start + 1] === 0x0a) start += 2;
    const next = body.indexOf(delim, start);
    if (next === -1) break;
    let end = next;
    if (body[end - 2] === 0x0d && body[end - 1] === 0x0a) end -= 2;
    const part = body.subarray(start, end);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8').split('\r\n');
      const data = part.subarray(headerEnd + 4);
      let name = '';
      let filename: string | undefined;
      let contentType: string | undefined;
      for (const h of headers) {
        const colon = h.indexOf(':');
        const key = h.slice(0, colon).trim().toLowerCase();
        const value = h.slice(colon + 1).trim();
        if (key === 'content-disposition') {
          const n = /(?:^|;)\s*name=(?:"([^"]*)"|([^;]*))/i.exec(value);
          name = n?.[1] ?? n?.[2]?.trim() ?? '';
          const f = /;\s*filename=(?:"([^"]*)"|(.*))$/i.exec(value);
          if (f) filename = f[1] ?? f[2]?.trim();
        } else if (key === 'content-type') {
          contentType = value;
        }
      }
      parts.push({
        name,
        data: Buffer.from(data),
        ...(filename !== undefined ? { filename } : {}),
        ...(contentType ? { contentType } : {}),
      });
    }
    pos = next;
  }
  return parts;
}
