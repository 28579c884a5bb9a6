/**
 * The Zalo Official Account channel (the district's OA, Open API v3).
 *
 * Inbound: a webhook on the shared HTTP server. The raw body is read first and the
 * `X-ZEvent-Signature` checked (config signatureMode `enforce` → 401 on a mismatch, `log-only`
 * → logged, handled anyway); the answer is 200 at once (Zalo wants it within 2 s) and the
 * event is handled after, one user at a time. The OA's echoes of its own sends (`oa_send_*`)
 * and other non-user events are dropped; a repeated delivery is recognised by `message.msg_id`.
 * An event whose `timestamp` is older than `maxEventAgeSeconds` (ZALO_OA_MAX_EVENT_AGE_SECONDS,
 * default 600) or more than 60 s ahead, or unreadable, is refused with 401 and logged: a replay
 * after its processed id was pruned is refused by age (zalo-common/freshness.ts).
 * An event that fails because the database is unavailable waits in the inbound journal
 * (bot/inbound-journal.ts) and is handled when the database is back, in the user's order.
 *
 * Outbound: text in parts of 2,000 characters, up to 5 buttons as `oa.query.show` whose
 * payload is `bt:<token>` (a click comes back as a `user_send_text` with that text, mapped back
 * to a button press), pictures and documents by upload.
 *
 * Proactive sends (`send`, used by the outbox) report Zalo's 7-day rule as `unreachable`, so
 * the outbox tries the person's other accounts; with config.zaloOa.reminderTemplateId set, a
 * reminder (`message.template`) outside the window goes out as a ZBS template message instead.
 *
 *   const oa = createZaloOaChannel(app, { onNeedsReconsent });  // nothing happens until start()
 *   server routes: oa.routes        // POST /webhooks/zalo-oa (option webhookPath)
 *   await oa.start();               // checks the stored tokens, starts the token timer
 *   await oa.send(userId, message); // → SendOutcome (window → unreachable, or a template)
 *   await oa.stop();                // stop intake, finish events in flight
 *   oa.tokens / oa.client           // the token manager and the typed API client
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { App } from '../app.js';
import type { ChannelAdapter, SendOutcome } from '../channel.js';
import { send as sendJson, type HttpRoute } from '../http/server.js';
import { markUpdateProcessed } from '../../db/queries/conversation.js';
import { isTransientDbFault } from '../../db/faults.js';
import { translator } from '../../handlers/i18n/index.js';
import { createInboundJournal, type Attempt } from '../inbound-journal.js';
import { looksLikeCode } from '../../handlers/services/invites.js';
import type { ChannelCapabilities, InboundEvent, InboundFile, OutboundMessage } from '../../handlers/types.js';
import { DEFAULT_RETRY, RateBackoff, type FetchLike, type RetryOptions } from '../zalo-common/http.js';
import { idString, isRecord, parseJsonKeepingIds } from '../zalo-common/json.js';
import { DEFAULT_MAX_EVENT_AGE_SECONDS, eventFreshness } from '../zalo-common/freshness.js';
import { failureOutcome, unexpectedOutcome } from '../zalo-common/outcome.js';
import { ChatLanes } from '../zalo-common/queue.js';
import { createZaloOaClient, OA_MAX_BUTTONS, OA_MAX_TEXT, ZaloOaError, type ZaloOaClient } from './client.js';
import { diagnoseOaSignature, OA_SIGNATURE_HEADER, verifyOaSignature } from './signature.js';
import { createOaTokenManager, type OaTokenManager } from './tokens.js';
import { urlFileFetcher } from '../files/download.js';

export { classifyOaError, createZaloOaClient, OA_ERROR_CATEGORIES, ZaloOaError } from './client.js';
export type {
  OaErrorCategory,
  OaQueryButton,
  OaSent,
  OaUserDetail,
  ZaloOaClient,
  ZaloOaClientOptions,
} from './client.js';
export { createOaTokenManager, seedOaTokens, ZaloOaTokenError, OA_TOKEN_CHANNEL } from './tokens.js';
export type { OaTokenManager, OaTokenManagerOptions, OaTokenStatus, SeedOaTokensOptions } from './tokens.js';
export { oaSignature, verifyOaSignature, OA_SIGNATURE_HEADER } from './signature.js';

export const ZALO_OA_CAPS: ChannelCapabilities = {
  buttons: true,
  maxButtons: OA_MAX_BUTTONS,
  editMessages: false,
  documents: true,
  maxTextLength: OA_MAX_TEXT,
};

/** Prefix of button payloads: `bt:<token>` comes back as the text of a `user_send_text`. */
export const BUTTON_PAYLOAD_PREFIX = 'bt:';
const BUTTON_TEXT = /^bt:([a-z0-9]{10})$/;

/** User events that carry content the bot cannot read: answered with a polite note. */
const UNSUPPORTED_USER_EVENTS = new Set([
  'user_send_sticker',
  'user_send_gif',
  'user_send_audio',
  'user_send_video',
  'user_send_location',
  'user_send_link',
  'user_send_business_card',
]);

export interface ZaloOaChannelOptions {
  /** Ready-made pieces (tests, tools); by default built from config.zaloOa. */
  client?: ZaloOaClient;
  tokens?: OaTokenManager;
  fetch?: FetchLike;
  /** Path of the webhook on the shared server (default /webhooks/zalo-oa). */
  webhookPath?: string;
  /** Override config.zaloOa.signatureMode / signatureId. */
  signatureMode?: 'enforce' | 'log-only';
  signatureId?: 'app_id' | 'oa_id';
  /** Override config.zaloOa.maxEventAgeSeconds (replay window). */
  maxEventAgeSeconds?: number;
  /**
   * The wall clock the event timestamps are compared with (default Date.now). Not app.clock:
   * tests move that one, while Zalo stamps events with real time.
   */
  wallClock?: () => number;
  /** Called once when the OA tokens die (refresh refused): tell the office admins elsewhere. */
  onNeedsReconsent?: (reason: string) => void | Promise<void>;
  /** Rotate the access token when it has less than this left (default 30 min). */
  refreshAheadMs?: number;
  /** How often `start()`'s timer makes sure the tokens are fresh even when idle (default 6 h; 0 = off). */
  tokenCheckIntervalMs?: number;
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** [UNVERIFIED] button message shape: `template_type` inside the payload (default none). */
  buttonTemplateType?: string;
  /** Button type for choices (default `oa.query.show`). */
  buttonType?: 'oa.query.show' | 'oa.query.hide';
  /** Override config.zaloOa.reminderTemplateId. */
  reminderTemplateId?: string;
  /**
   * ZBS template parameter → reminder field (`message.template.fields`). Without it the
   * fields are sent under their own names (identity mapping). See `mapTemplateFields`.
   */
  templateFieldMap?: Record<string, string>;
  /** Look up the sender's Zalo name when it matters (redeeming an invite, /start). Default true. */
  fetchDisplayNames?: boolean;
  /** Largest picture uploaded (default 1 MB) and document (default 5 MB); larger ones become a note. */
  maxImageBytes?: number;
  maxDocumentBytes?: number;
  /** The inbound journal's file (default DATA_DIR/inbound/zalo-oa.jsonl) and replay back-off. */
  journalFile?: string;
  journalRetryMs?: { first: number; max: number };
}

/**
 * Template parameters from a reminder's fields. With a map `{param: field}` each template
 * parameter takes the value of the named field (parameters whose field is missing are left
 * out); without one every field is passed under its own name.
 */
export function mapTemplateFields(
  fields: Record<string, string>,
  map?: Record<string, string>,
): Record<string, string> {
  if (!map || Object.keys(map).length === 0) return { ...fields };
  const out: Record<string, string> = {};
  for (const [param, field] of Object.entries(map)) {
    const v = fields[field];
    if (v !== undefined) out[param] = v;
  }
  return out;
}

/** Parses `param=field,param2=field2` (a proposed ZALO_OA_REMINDER_TEMPLATE_MAP). */
export function parseTemplateFieldMap(spec: string | undefined): Record<string, string> | undefined {
  if (!spec?.trim()) return undefined;
  const map: Record<string, string> = {};
  for (const pair of spec.split(',')) {
    const [param, field] = pair.split('=').map((s) => s.trim());
    if (!param || !field) throw new Error(`template map entry "${pair}" must look like param=field`);
    map[param] = field;
  }
  return map;
}

export function createZaloOaChannel(
  app: App,
  opts: ZaloOaChannelOptions = {},
): ChannelAdapter & { readonly tokens: OaTokenManager; readonly client: ZaloOaClient } {
  const cfg = app.config.zaloOa;
  if (!cfg && !(opts.client && opts.tokens)) throw new Error('Zalo OA is not configured (ZALO_OA_APP_ID …)');
  const logger = app.logger.child({ channel: 'zalo-oa' });
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...opts.retry };
  const tokens =
    opts.tokens ??
    createOaTokenManager({
      store: app.store,
      clock: app.clock,
      logger: app.logger,
      appId: cfg!.appId,
      appSecret: cfg!.appSecret,
      oauthRoot: cfg!.oauthRoot,
      fetch: opts.fetch,
      timeoutMs: opts.timeoutMs,
      refreshAheadMs: opts.refreshAheadMs,
      retry: opts.retry,
      onNeedsReconsent: opts.onNeedsReconsent,
      secrets: app.secrets,
    });
  // While the database is down the stored token cannot be read; the last one read still
  // works (an access token lives 25 h), so "the answer will come" can still be sent.
  let lastToken: { token: string; at: number } | undefined;
  const sendingTokens: OaTokenManager = {
    ...tokens,
    async getAccessToken() {
      try {
        const token = await tokens.getAccessToken();
        lastToken = { token, at: Date.now() };
        return token;
      } catch (err) {
        if (lastToken && isTransientDbFault(err) && Date.now() - lastToken.at < 3_600_000) return lastToken.token;
        throw err;
      }
    },
  };
  const client =
    opts.client ??
    createZaloOaClient({
      apiRoot: cfg!.apiRoot,
      tokens: sendingTokens,
      fetch: opts.fetch,
      timeoutMs: opts.timeoutMs,
      retry: opts.retry,
      buttonTemplateType: opts.buttonTemplateType,
      buttonType: opts.buttonType,
    });
  const signatureMode = opts.signatureMode ?? cfg?.signatureMode ?? 'enforce';
  const signatureId = opts.signatureId ?? cfg?.signatureId ?? 'app_id';
  const templateId = opts.reminderTemplateId ?? cfg?.reminderTemplateId;
  const maxEventAgeSeconds = opts.maxEventAgeSeconds ?? cfg?.maxEventAgeSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS;
  const wallClock = opts.wallClock ?? Date.now;
  const maxImageBytes = opts.maxImageBytes ?? 1024 * 1024;
  const maxDocumentBytes = opts.maxDocumentBytes ?? 5 * 1024 * 1024;
  const lanes = new ChatLanes(logger);
  const rateBackoff = new RateBackoff(retry);
  const names = new Map<string, string>();
  let tokenTimer: NodeJS.Timeout | undefined;

  // ---- inbound ---------------------------------------------------------------------------

  type Mapped = { event: InboundEvent; wantsName: boolean } | { unsupported: { userId: string; updateId: string } };

  function toEvent(body: Record<string, unknown>): Mapped | undefined {
    const name = typeof body.event_name === 'string' ? body.event_name : '';
    const timestamp = idString(body.timestamp);
    if (name === 'follow') {
      const userId = idString(isRecord(body.follower) ? body.follower.id : body.user_id);
      if (!userId || !sameOa(body.oa_id)) return undefined;
      return {
        event: {
          channel: 'zalo-oa',
          accountId: userId,
          chatId: userId,
          chatType: 'private',
          updateId: `follow:${timestamp}:${userId}`,
          text: '/start',
        },
        wantsName: true,
      };
    }
    if (!name.startsWith('user_send_')) return undefined; // oa_send_* echoes, seen/received, reactions, management
    const userId = idString(isRecord(body.sender) ? body.sender.id : undefined);
    if (!userId || !sameOa(isRecord(body.recipient) ? body.recipient.id : undefined)) return undefined;
    const message = isRecord(body.message) ? body.message : {};
    const updateId = idString(message.msg_id) || `${name}:${timestamp}:${userId}`;
    const base: InboundEvent = { channel: 'zalo-oa', accountId: userId, chatId: userId, chatType: 'private', updateId };
    const attachment =
      Array.isArray(message.attachments) && isRecord(message.attachments[0]) ? message.attachments[0] : undefined;
    const payload = attachment && isRecord(attachment.payload) ? attachment.payload : {};
    switch (name) {
      case 'user_send_text': {
        const text = typeof message.text === 'string' ? message.text : '';
        const button = BUTTON_TEXT.exec(text.trim());
        if (button) return { event: { ...base, buttonToken: button[1] }, wantsName: false };
        const t = text.trim();
        return { event: { ...base, text }, wantsName: looksLikeCode(t) || /^\/(start|batdau)\b/i.test(t) };
      }
      case 'user_send_image': {
        const url = [payload.url, payload.thumbnail].find((x) => typeof x === 'string' && x !== '') as
          string | undefined;
        if (!url) return { unsupported: { userId, updateId } };
        return { event: { ...base, file: { fileId: url, kind: 'photo' } }, wantsName: false };
      }
      case 'user_send_file': {
        const url = typeof payload.url === 'string' ? payload.url : '';
        if (!url) return { unsupported: { userId, updateId } };
        const file: InboundFile = { fileId: url, kind: 'document' };
        if (typeof payload.name === 'string' && payload.name) file.name = payload.name;
        const size = Number(payload.size);
        if (payload.size !== undefined && Number.isFinite(size) && size >= 0) file.size = size;
        const mime = mimeOf(typeof payload.type === 'string' ? payload.type : undefined, file.name);
        if (mime) file.mime = mime;
        return { event: { ...base, file }, wantsName: false };
      }
      default:
        return UNSUPPORTED_USER_EVENTS.has(name) ? { unsupported: { userId, updateId } } : undefined;
    }
  }

  function sameOa(v: unknown): boolean {
    const id = idString(v);
    if (!id || !cfg?.oaId || id === cfg.oaId) return true;
    logger.warn('zalo-oa: event for another official account dropped');
    return false;
  }

  async function displayName(userId: string): Promise<string | undefined> {
    if (opts.fetchDisplayNames === false) return undefined;
    const known = names.get(userId);
    if (known) return known;
    try {
      const d = await client.getUserDetail(userId);
      const name = typeof d.display_name === 'string' && d.display_name.trim() ? d.display_name.trim() : undefined;
      if (name) {
        if (names.size > 5000) names.clear();
        names.set(userId, name);
      }
      return name;
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'zalo-oa: user detail not available');
      return undefined;
    }
  }

  const t = translator(app.config.defaultLocale);
  const transient = (): Attempt => ({ status: 'transient', notice: [{ text: t('common.retry_later') }] });

  async function processEvent(body: Record<string, unknown>): Promise<Attempt> {
    const mapped = toEvent(body);
    if (!mapped) {
      logger.debug({ event: body.event_name }, 'zalo-oa: event ignored');
      return { status: 'handled' };
    }
    if ('unsupported' in mapped) {
      const { userId, updateId } = mapped.unsupported;
      let fresh: boolean;
      try {
        fresh = await app.store.tx((tx) => markUpdateProcessed(tx, 'zalo-oa', updateId, app.clock.now()));
      } catch (err) {
        if (isTransientDbFault(err)) return transient();
        throw err;
      }
      if (fresh) await deliver(userId, { text: t('zalo.unsupported_oa') });
      return { status: 'handled' };
    }
    const event = mapped.event;
    if (mapped.wantsName) event.displayName = await displayName(event.accountId);
    const result = await app.engine.handle(event, ZALO_OA_CAPS);
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

  async function deliverAll(userId: string, replies: OutboundMessage[], update?: string): Promise<void> {
    for (const reply of replies) {
      try {
        await deliver(userId, reply);
      } catch (err) {
        logger.error({ err: (err as Error).message, update }, 'zalo-oa: reply not delivered');
        return;
      }
    }
  }

  const journal = createInboundJournal<Record<string, unknown>>({
    file: opts.journalFile ?? path.join(app.config.dataDir, 'inbound', 'zalo-oa.jsonl'),
    maxEvents: app.config.inboundJournal.maxEvents,
    logger,
    inLane: (chat, fn) => lanes.run(chat, fn),
    handle: processEvent,
    tell: (chat, messages) => deliverAll(chat, messages),
    resendLater: [{ text: t('common.error') }],
    healthy: () => app.store.ping(1000),
    retryMs: opts.journalRetryMs,
  });

  // ---- outbound --------------------------------------------------------------------------

  /** An attachment failed for a reason a retry will not fix: say so in words instead. */
  const isLocalFailure = (err: unknown) =>
    err instanceof ZaloOaError && (err.category === 'permanent' || err.category === 'config');

  async function withReupload<T>(upload: () => Promise<string>, sendIt: (id: string) => Promise<T>): Promise<T> {
    const id = await upload();
    try {
      return await sendIt(id);
    } catch (err) {
      if (err instanceof ZaloOaError && err.code === -100) return sendIt(await upload()); // attachment expired
      throw err;
    }
  }

  async function deliver(userId: string, m: OutboundMessage, rateAttempts?: number): Promise<string | undefined> {
    const o = { rateAttempts };
    const buttons = (m.buttons ?? []).flat();
    if (buttons.length > OA_MAX_BUTTONS)
      logger.error({ count: buttons.length }, 'zalo-oa: more buttons than the OA allows; extra ones dropped');
    let lastId: string | undefined;
    const text = m.text.normalize('NFC');
    if (text.trim() !== '' || buttons.length > 0) {
      const sent = await client.sendText(
        userId,
        text.trim() === '' ? '…' : text,
        buttons
          .slice(0, OA_MAX_BUTTONS)
          .map((b) => ({ title: b.label, payload: `${BUTTON_PAYLOAD_PREFIX}${b.token}` })),
        o,
      );
      lastId = sent.message_id;
    }
    if (m.photo) {
      const photo = m.photo;
      const fits = photo.data.length <= maxImageBytes && /^image\/(png|jpe?g)$/i.test(photo.mime);
      try {
        if (!fits) throw new ZaloOaError('picture too large or not jpg/png', 'permanent');
        lastId = (
          await withReupload(
            () => client.uploadImage(photo.data, photo.fileName, photo.mime),
            (id) => client.sendImage(userId, { attachmentId: id }, photo.caption, o),
          )
        ).message_id;
      } catch (err) {
        if (!isLocalFailure(err)) throw err;
        logger.warn({ err: (err as Error).message }, 'zalo-oa: picture not sent');
        lastId = (await client.sendText(userId, t('zalo.photo_unavailable', { fileName: photo.fileName }), [], o))
          .message_id;
      }
    }
    if (m.document) {
      const doc = m.document;
      try {
        if (doc.data.length > maxDocumentBytes)
          throw new ZaloOaError('document larger than the OA allows', 'permanent');
        lastId = (
          await withReupload(
            () => client.uploadFile(doc.data, doc.fileName, doc.mime),
            (token) => client.sendFile(userId, token, o),
          )
        ).message_id;
      } catch (err) {
        if (!isLocalFailure(err)) throw err;
        logger.warn({ err: (err as Error).message }, 'zalo-oa: document not sent');
        lastId = (await client.sendText(userId, t('zalo.file_failed', { fileName: doc.fileName }), [], o)).message_id;
      }
    }
    return lastId;
  }

  function outcome(err: unknown): SendOutcome {
    if (!(err instanceof ZaloOaError)) return unexpectedOutcome(err);
    const kind =
      err.category === 'rate' || err.category === 'transient'
        ? err.category
        : err.category === 'window'
          ? 'unreachable'
          : 'permanent';
    return failureOutcome(kind, err, rateBackoff);
  }

  async function send(chatId: string, message: OutboundMessage): Promise<SendOutcome> {
    try {
      const messageId = await deliver(chatId, message, 1);
      rateBackoff.reset();
      return { ok: true, messageId };
    } catch (err) {
      const first = outcome(err);
      if (first.ok || first.kind !== 'unreachable' || !templateId || !message.template) return first;
      // Outside the 7-day window: a reminder goes out as an approved ZBS template.
      try {
        const data = mapTemplateFields(message.template.fields, opts.templateFieldMap);
        const sent = await client.sendTemplate(chatId, templateId, data, { rateAttempts: 1 });
        logger.info({ kind: message.template.kind }, 'zalo-oa: reminder sent as a template outside the 7-day window');
        rateBackoff.reset();
        return { ok: true, messageId: sent.message_id };
      } catch (err2) {
        return outcome(err2);
      }
    }
  }

  // ---- webhook ---------------------------------------------------------------------------

  const webhookPath = opts.webhookPath ?? '/webhooks/zalo-oa';
  const route: HttpRoute = {
    method: 'POST',
    path: webhookPath,
    handle(req: IncomingMessage, res: ServerResponse, raw: Buffer) {
      if (!lanes.accepting) return sendJson(res, 503, { ok: false });
      let body: unknown;
      try {
        body = parseJsonKeepingIds(raw.toString('utf8'));
      } catch {
        body = undefined;
      }
      const header = req.headers[OA_SIGNATURE_HEADER];
      const timestamp = isRecord(body) ? idString(body.timestamp) : '';
      const id = signatureId === 'oa_id' ? (cfg?.oaId ?? '') : (cfg?.appId ?? '');
      const valid = Boolean(cfg) && verifyOaSignature(header, raw, timestamp, id, cfg!.secretKey);
      if (!valid) {
        const matched = cfg
          ? diagnoseOaSignature(header, raw, timestamp, [
              { label: 'oa_id + OA secret key', id: cfg.oaId, secret: cfg.secretKey },
              { label: 'app_id + OA secret key', id: cfg.appId, secret: cfg.secretKey },
              { label: 'app_id + app secret', id: cfg.appId, secret: cfg.appSecret },
              { label: 'oa_id + app secret', id: cfg.oaId, secret: cfg.appSecret },
            ])
          : undefined;
        logger.warn(
          {
            mode: signatureMode,
            signatureId,
            present: header !== undefined,
            matchedVariant: matched ?? null,
            event: isRecord(body) ? body.event_name : undefined,
          },
          matched
            ? `zalo-oa: webhook signature matches "${matched}", not the configured variant`
            : 'zalo-oa: webhook signature does not verify',
        );
        if (signatureMode === 'enforce') return sendJson(res, 401, { ok: false });
      }
      if (!isRecord(body)) return sendJson(res, 400, { ok: false });
      const fresh = eventFreshness(body.timestamp, wallClock(), maxEventAgeSeconds);
      if (!fresh.ok) {
        logger.warn(
          {
            reason: fresh.reason,
            ageSeconds: fresh.ageMs === undefined ? null : Math.round(fresh.ageMs / 1000),
            maxAgeSeconds: maxEventAgeSeconds,
            event: body.event_name,
          },
          'zalo-oa: event refused as a possible replay (timestamp outside the freshness window)',
        );
        return sendJson(res, 401, { ok: false });
      }
      sendJson(res, 200, { ok: true });
      if (cfg && body.app_id !== undefined && idString(body.app_id) !== cfg.appId) {
        logger.warn('zalo-oa: event for another app dropped');
        return;
      }
      const lane = idString(
        isRecord(body.sender) ? body.sender.id : isRecord(body.follower) ? body.follower.id : body.user_id,
      );
      void lanes.run(lane || '-', () => journal.accept(lane || '-', body as Record<string, unknown>));
    },
  };

  return {
    channel: 'zalo-oa',
    caps: ZALO_OA_CAPS,
    routes: [route],
    fetchFile: urlFileFetcher('zalo-oa'),
    tokens,
    client,
    async start() {
      journal.start();
      const status = await tokens.status();
      if (!status.seeded)
        logger.warn('zalo-oa: no tokens stored yet: npm run admin -- zalo-oa-token <access> <refresh>');
      else if (status.needsReconsent)
        logger.error({ lastError: status.lastError }, 'zalo-oa: the OA needs a new consent by an administrator');
      const interval = opts.tokenCheckIntervalMs ?? 6 * 3_600_000;
      if (interval > 0) {
        tokenTimer = setInterval(() => {
          tokens
            .getAccessToken()
            .catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'zalo-oa: token check failed'));
        }, interval);
        tokenTimer.unref();
      }
    },
    async stop() {
      lanes.close();
      if (tokenTimer) clearInterval(tokenTimer);
      tokenTimer = undefined;
      await journal.stop();
      await lanes.drain();
    },
    send,
  };
}

const MIME_BY_EXT: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  txt: 'text/plain',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  zip: 'application/zip',
};

/** A MIME type from Zalo's `type` field (a MIME type or an extension) or the file name. */
function mimeOf(type: string | undefined, name: string | undefined): string | undefined {
  if (type?.includes('/')) return type.toLowerCase();
  const ext = (type || name?.split('.').pop() || '').toLowerCase().replace(/^\./, '');
  return MIME_BY_EXT[ext];
}
