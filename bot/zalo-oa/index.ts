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
 *
 * This file wires the pieces: inbound.ts (event → InboundEvent), outbound.ts (message → API
 * calls, the template fallback), webhook.ts (the route), client.ts, tokens.ts, signature.ts,
 * and zalo-common/intake.ts (engine, replies, inbound journal).
 */
import type { App } from '../app.js';
import type { Logger } from '../logger.js';
import type { ChannelAdapter } from '../channel.js';
import { isTransientDbFault } from '../../db/faults.js';
import type { ChannelCapabilities } from '../../handlers/types.js';
import type { Attempt } from '../inbound-journal.js';
import { DEFAULT_RETRY, RateBackoff, type FetchLike, type RetryOptions } from '../zalo-common/http.js';
import { DEFAULT_MAX_EVENT_AGE_SECONDS } from '../zalo-common/freshness.js';
import { answerUnreadable, createZaloJournal, deliverInOrder, settleResult } from '../zalo-common/intake.js';
import { ChatLanes } from '../zalo-common/queue.js';
import { translator } from '../../handlers/i18n/index.js';
import { createZaloOaClient, OA_MAX_BUTTONS, OA_MAX_TEXT, type ZaloOaClient } from './client.js';
import { oaEventLane, toOaEvent } from './inbound.js';
import { createOaSender } from './outbound.js';
import { createOaTokenManager, type OaTokenManager } from './tokens.js';
import { createOaWebhookRoute } from './webhook.js';
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
export { BUTTON_PAYLOAD_PREFIX } from './inbound.js';
export { mapTemplateFields, parseTemplateFieldMap } from './outbound.js';

export const ZALO_OA_CAPS: ChannelCapabilities = {
  buttons: true,
  maxButtons: OA_MAX_BUTTONS,
  editMessages: false,
  documents: true,
  maxTextLength: OA_MAX_TEXT,
};

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
  const client =
    opts.client ??
    createZaloOaClient({
      apiRoot: cfg!.apiRoot,
      tokens: keepingLastToken(tokens),
      fetch: opts.fetch,
      timeoutMs: opts.timeoutMs,
      retry: opts.retry,
      buttonTemplateType: opts.buttonTemplateType,
      buttonType: opts.buttonType,
    });
  const lanes = new ChatLanes(logger);
  const t = translator(app.config.defaultLocale);
  const sender = createOaSender({
    t,
    client,
    logger,
    rateBackoff: new RateBackoff(retry),
    maxImageBytes: opts.maxImageBytes ?? 1024 * 1024,
    maxDocumentBytes: opts.maxDocumentBytes ?? 5 * 1024 * 1024,
    templateId: opts.reminderTemplateId ?? cfg?.reminderTemplateId,
    templateFieldMap: opts.templateFieldMap,
  });
  const deliverAll = deliverInOrder(sender.deliver, (err, update) =>
    logger.error({ err: (err as Error).message, update }, 'zalo-oa: reply not delivered'),
  );
  const displayName = opts.fetchDisplayNames === false ? async () => undefined : nameLookup(client, logger);

  async function processEvent(body: Record<string, unknown>): Promise<Attempt> {
    const mapped = toOaEvent(body, cfg?.oaId);
    if (mapped.kind === 'drop') {
      if (mapped.reason === 'another official account')
        logger.warn('zalo-oa: event for another official account dropped');
      logger.debug({ event: body.event_name }, 'zalo-oa: event ignored');
      return { status: 'handled' };
    }
    if (mapped.kind === 'unsupported') {
      const { userId, updateId } = mapped;
      return answerUnreadable(app, 'zalo-oa', updateId, () =>
        sender.deliver(userId, { text: t('zalo.unsupported_oa') }),
      );
    }
    const event = mapped.event;
    if (mapped.wantsName) event.displayName = await displayName(event.accountId);
    return settleResult(await app.engine.handle(event, ZALO_OA_CAPS), event, deliverAll);
  }

  const journal = createZaloJournal(app, 'zalo-oa', {
    logger,
    lanes,
    handle: processEvent,
    deliverAll,
    file: opts.journalFile,
    retryMs: opts.journalRetryMs,
  });

  const route = createOaWebhookRoute({
    path: opts.webhookPath ?? '/webhooks/zalo-oa',
    cfg,
    signatureMode: opts.signatureMode ?? cfg?.signatureMode ?? 'enforce',
    signatureId: opts.signatureId ?? cfg?.signatureId ?? 'app_id',
    maxEventAgeSeconds: opts.maxEventAgeSeconds ?? cfg?.maxEventAgeSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS,
    wallClock: opts.wallClock ?? Date.now,
    logger,
    accepting: () => lanes.accepting,
    accept: (body) => {
      const lane = oaEventLane(body);
      void lanes.run(lane || '-', () => journal.accept(lane || '-', body));
    },
  });

  let tokenTimer: NodeJS.Timeout | undefined;
  return {
    channel: 'zalo-oa',
    caps: ZALO_OA_CAPS,
    routes: [route],
    fetchFile: urlFileFetcher('zalo-oa'),
    tokens,
    client,
    async start() {
      journal.start();
      await reportTokenStatus(tokens, logger);
      tokenTimer = startTokenCheck(tokens, logger, opts.tokenCheckIntervalMs ?? 6 * 3_600_000);
    },
    async stop() {
      lanes.close();
      if (tokenTimer) clearInterval(tokenTimer);
      tokenTimer = undefined;
      await journal.stop();
      await lanes.drain();
    },
    send: sender.send,
  };
}

/**
 * The token source for sending. While the database is down the stored token cannot be read;
 * the last one read still works (an access token lives 25 h), so "the answer will come" can
 * still be sent, for up to an hour.
 */
function keepingLastToken(tokens: OaTokenManager): OaTokenManager {
  let lastToken: { token: string; at: number } | undefined;
  return {
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
}

/** The sender's Zalo name (cached, at most 5,000 kept); undefined when Zalo will not say. */
function nameLookup(client: ZaloOaClient, logger: Logger): (userId: string) => Promise<string | undefined> {
  const names = new Map<string, string>();
  return async (userId) => {
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
  };
}

async function reportTokenStatus(tokens: OaTokenManager, logger: Logger): Promise<void> {
  const status = await tokens.status();
  if (!status.seeded) logger.warn('zalo-oa: no tokens stored yet: npm run admin -- zalo-oa-token <access> <refresh>');
  else if (status.needsReconsent)
    logger.error({ lastError: status.lastError }, 'zalo-oa: the OA needs a new consent by an administrator');
}

/** Makes sure the tokens are fresh even when idle, every `intervalMs` (0 = never). */
function startTokenCheck(tokens: OaTokenManager, logger: Logger, intervalMs: number): NodeJS.Timeout | undefined {
  if (intervalMs <= 0) return undefined;
  const timer = setInterval(() => {
    tokens
      .getAccessToken()
      .catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'zalo-oa: token check failed'));
  }, intervalMs);
  timer.unref();
  return timer;
}
