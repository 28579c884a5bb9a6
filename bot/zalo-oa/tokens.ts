/**
 * Zalo OA access tokens: kept in `channel_tokens`, rotated ahead of expiry.
 *
 * Zalo's refresh tokens are single use (each refresh returns a new pair and kills the old
 * refresh token), so a rotation must happen exactly once across every process:
 *   - PostgreSQL: `pg_advisory_xact_lock` inside a transaction that re-reads the row;
 *   - PGlite (one process): an in-process mutex per store;
 *   - in both, the new pair is written with a compare-and-swap on the version, and committed
 *     before the new access token is handed to anyone.
 * After an auth error (-216/-220) the caller asks for one refresh, which only happens if the
 * stored token is still the one that failed (another caller may have rotated it already).
 * A refresh that Zalo refuses marks the channel `needs_reconsent`, records the error and calls
 * `onNeedsReconsent` once; a network failure only records the error (the next call retries).
 * No token value ever goes into a log line or an error message.
 */
import type { Logger } from '../logger.js';
import type { Db, Store } from '../../db/store.js';
import {
  getChannelTokens,
  lockChannelTokens,
  markNeedsReconsent,
  putChannelTokens,
  recordTokenError,
  swapChannelTokens,
  type ChannelTokenRow,
} from '../../db/queries/channel-tokens.js';
import type { Clock } from '../../handlers/types.js';
import {
  backoffDelay,
  classifyNetworkError,
  DEFAULT_RETRY,
  describeNetworkError,
  fetchWithTimeout,
  readText,
  scrub,
  sleep,
  type FetchLike,
  type RetryOptions,
} from '../zalo-common/http.js';
import { isRecord } from '../zalo-common/json.js';
import { Mutex } from '../zalo-common/queue.js';
import { PLAIN_BOX, type SecretBox } from '../../db/secret-box.js';

export const OA_TOKEN_CHANNEL = 'zalo-oa';

/** Zalo's documented access-token lifetime (25 h), used when `expires_in` is unreadable. */
const DEFAULT_EXPIRES_IN_SEC = 90_000;

export type OaTokenErrorKind = 'missing' | 'reconsent' | 'transient';

export class ZaloOaTokenError extends Error {
  override name = 'ZaloOaTokenError';
  constructor(
    message: string,
    readonly kind: OaTokenErrorKind,
  ) {
    super(message);
  }
}

export interface OaTokenManagerOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  appId: string;
  /** The app's secret key, sent as the `secret_key` header of the OAuth call. */
  appSecret: string;
  /** Default https://oauth.zaloapp.com (config ZALO_OA_OAUTH_ROOT). */
  oauthRoot: string;
  /** Row key in channel_tokens (default 'zalo-oa'). */
  channel?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Rotate when the access token has less than this left (default 30 min). */
  refreshAheadMs?: number;
  retry?: Partial<RetryOptions>;
  /** Called once when the channel starts needing a new consent by an OA administrator. */
  onNeedsReconsent?: (reason: string) => void | Promise<void>;
  /** Seals the tokens at rest (`SECRETS_KEY`); without it they are stored as they are. */
  secrets?: SecretBox;
}

export interface OaTokenStatus {
  seeded: boolean;
  needsReconsent: boolean;
  version?: number;
  accessExpiresAt?: Date;
  refreshIssuedAt?: Date;
  lastError?: string | null;
}

export interface OaTokenManager {
  /** A usable access token, rotating the pair first when it is about to expire. */
  getAccessToken(): Promise<string>;
  /**
   * After Zalo refused `failedToken` (-216/-220): rotates once unless someone already did,
   * and returns the token to retry with.
   */
  refreshAfterAuthFailure(failedToken: string): Promise<string>;
  /** A fresh token was refused too: the OA administrator must consent again. */
  markNeedsReconsent(reason: string): Promise<void>;
  status(): Promise<OaTokenStatus>;
}

/** One mutex per store: every manager of a PGlite process shares it. */
const mutexes = new WeakMap<Store, Mutex>();
function mutexFor(store: Store): Mutex {
  let m = mutexes.get(store);
  if (!m) mutexes.set(store, (m = new Mutex()));
  return m;
}

type Rotation =
  | { ok: true; token: string }
  | { ok: false; kind: 'missing' | 'reconsent'; reason: string }
  | { ok: false; kind: 'transient'; reason: string }
  | { ok: false; kind: 'refused'; reason: string; first: boolean };

export function createOaTokenManager(opts: OaTokenManagerOptions): OaTokenManager {
  const channel = opts.channel ?? OA_TOKEN_CHANNEL;
  const fetchImpl = opts.fetch ?? fetch;
  const aheadMs = opts.refreshAheadMs ?? 30 * 60_000;
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...opts.retry };
  const logger = opts.logger.child({ channel: 'zalo-oa' });
  const url = `${opts.oauthRoot.replace(/\/+$/, '')}/v4/oa/access_token`;
  const box = opts.secrets ?? PLAIN_BOX;

  /** One refresh call. Only a connection that never opened is retried: a refresh token is single use. */
  async function callRefresh(
    refreshToken: string,
  ): Promise<
    | { ok: true; accessToken: string; refreshToken: string; expiresInSec: number }
    | { ok: false; transient: boolean; reason: string }
  > {
    const clean = (s: string) => scrub(s, [refreshToken, opts.appSecret]);
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetchWithTimeout(
          fetchImpl,
          url,
          {
            method: 'POST',
            headers: { secret_key: opts.appSecret, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              refresh_token: refreshToken,
              app_id: opts.appId,
              grant_type: 'refresh_token',
            }).toString(),
          },
          opts.timeoutMs ?? 30_000,
        );
      } catch (err) {
        if (classifyNetworkError(err) === 'not-reached' && attempt + 1 < retry.connectAttempts) {
          await sleep(backoffDelay(attempt, retry));
          continue;
        }
        return { ok: false, transient: true, reason: `refresh request failed: ${describeNetworkError(err)}` };
      }
      const text = await readText(res);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (
        isRecord(body) &&
        typeof body.access_token === 'string' &&
        body.access_token &&
        typeof body.refresh_token === 'string' &&
        body.refresh_token
      ) {
        const n = Number(body.expires_in);
        return {
          ok: true,
          accessToken: body.access_token,
          refreshToken: body.refresh_token,
          expiresInSec: Number.isFinite(n) && n > 0 ? n : DEFAULT_EXPIRES_IN_SEC,
        };
      }
      const code = isRecord(body) && body.error !== undefined ? JSON.stringify(body.error).replace(/^"|"$/g, '') : '';
      const words = isRecord(body)
        ? [body.error_name, body.error_reason, body.error_description, body.message]
            .filter((x) => typeof x === 'string' && x)
            .join(' / ')
        : '';
      const reason = clean(
        `refresh refused: HTTP ${res.status}${code ? ` error ${code}` : ''}${words ? ` ${words}` : ''}`,
      );
      const transient = res.status >= 500 || res.status === 429 || code === '-32';
      return { ok: false, transient, reason };
    }
  }

  /** Re-reads the row and rotates it if `due(row)`; runs under the lock. */
  async function rotate(db: Db, due: (row: ChannelTokenRow) => boolean): Promise<Rotation> {
    const row = await getChannelTokens(db, channel, box);
    if (!row) return { ok: false, kind: 'missing', reason: 'no Zalo OA tokens stored' };
    if (row.needsReconsent) return { ok: false, kind: 'reconsent', reason: row.lastError ?? 'needs re-consent' };
    if (!due(row)) return { ok: true, token: row.accessToken };
    const r = await callRefresh(row.refreshToken);
    const now = opts.clock.now();
    if (!r.ok) {
      if (r.transient) {
        await recordTokenError(db, channel, r.reason, now);
        return { ok: false, kind: 'transient', reason: r.reason };
      }
      const first = await markNeedsReconsent(db, channel, r.reason, now);
      return { ok: false, kind: 'refused', reason: r.reason, first };
    }
    const pair = {
      accessToken: r.accessToken,
      refreshToken: r.refreshToken,
      accessExpiresAt: new Date(now.getTime() + r.expiresInSec * 1000),
      refreshIssuedAt: now,
    };
    const saved = await swapChannelTokens(db, channel, row.version, pair, now, box);
    if (!saved) {
      // Only an administrator's seed can move the row while we hold the lock: theirs wins.
      logger.error('zalo-oa: the token row changed during a refresh; keeping the stored pair');
      const current = await getChannelTokens(db, channel, box);
      if (!current) return { ok: false, kind: 'missing', reason: 'no Zalo OA tokens stored' };
      return { ok: true, token: current.accessToken };
    }
    logger.info(
      { version: saved.version, accessExpiresAt: saved.accessExpiresAt.toISOString() },
      'zalo-oa: tokens rotated',
    );
    return { ok: true, token: saved.accessToken };
  }

  async function rotateLocked(due: (row: ChannelTokenRow) => boolean): Promise<string> {
    const result = await mutexFor(opts.store).run(() =>
      opts.store.driver === 'postgres'
        ? opts.store.tx(async (tx) => {
            await lockChannelTokens(tx, channel);
            return rotate(tx, due);
          })
        : rotate(opts.store.db, due),
    );
    if (result.ok) return result.token;
    if (result.kind === 'refused') {
      logger.error({ reason: result.reason }, 'zalo-oa: token refresh refused; an OA administrator must consent again');
      if (result.first) await notify(result.reason);
      throw new ZaloOaTokenError(result.reason, 'reconsent');
    }
    if (result.kind === 'transient')
      logger.warn({ reason: result.reason }, 'zalo-oa: token refresh failed; will retry');
    throw new ZaloOaTokenError(result.reason, result.kind);
  }

  async function notify(reason: string): Promise<void> {
    try {
      await opts.onNeedsReconsent?.(reason);
    } catch (err) {
      logger.error({ err }, 'zalo-oa: onNeedsReconsent failed');
    }
  }

  return {
    async getAccessToken() {
      const row = await getChannelTokens(opts.store.db, channel, box);
      if (!row)
        throw new ZaloOaTokenError(
          'no Zalo OA tokens stored (npm run admin -- zalo-oa-token <access> <refresh>)',
          'missing',
        );
      const now = opts.clock.now().getTime();
      const left = row.accessExpiresAt.getTime() - now;
      if (row.needsReconsent) {
        if (left > 0) return row.accessToken; // may still work until it expires
        throw new ZaloOaTokenError(row.lastError ?? 'needs re-consent', 'reconsent');
      }
      if (left > aheadMs) return row.accessToken;
      try {
        return await rotateLocked((r) => r.accessExpiresAt.getTime() - opts.clock.now().getTime() <= aheadMs);
      } catch (err) {
        // A network failure while the old token is still valid: keep using it.
        if (err instanceof ZaloOaTokenError && err.kind === 'transient' && left > 0) return row.accessToken;
        throw err;
      }
    },

    refreshAfterAuthFailure(failedToken) {
      return rotateLocked((r) => r.accessToken === failedToken);
    },

    async markNeedsReconsent(reason) {
      const first = await markNeedsReconsent(opts.store.db, channel, reason, opts.clock.now());
      logger.error({ reason }, 'zalo-oa: access token refused after a refresh; an OA administrator must consent again');
      if (first) await notify(reason);
    },

    async status() {
      const row = await getChannelTokens(opts.store.db, channel, box);
      if (!row) return { seeded: false, needsReconsent: false };
      return {
        seeded: true,
        needsReconsent: row.needsReconsent,
        version: row.version,
        accessExpiresAt: row.accessExpiresAt,
        refreshIssuedAt: row.refreshIssuedAt,
        lastError: row.lastError,
      };
    },
  };
}

export interface SeedOaTokensOptions {
  /**
   * Seconds the access token has left. The CLI cannot know how old a pasted token is, so the
   * default (1 h) makes the bot rotate to a pair of known lifetime within half an hour, which
   * also proves the refresh token works while the administrator is still at the console.
   */
  expiresInSec?: number;
  channel?: string;
  /** Seals the pair at rest (`SECRETS_KEY`). */
  secrets?: SecretBox;
}

/**
 * Stores an access/refresh pair given by an administrator (from the OAuth consent or the API
 * Explorer), clearing a re-consent mark. For `npm run admin -- zalo-oa-token <access> <refresh>`.
 */
export async function seedOaTokens(
  store: Store,
  accessToken: string,
  refreshToken: string,
  now: Date,
  opts: SeedOaTokensOptions = {},
): Promise<{ version: number; accessExpiresAt: Date }> {
  const a = accessToken.trim();
  const r = refreshToken.trim();
  if (!a || !r) throw new Error('both the access token and the refresh token are required');
  if (/\s/.test(a) || /\s/.test(r)) throw new Error('a token cannot contain spaces');
  const run = (db: Db) =>
    putChannelTokens(
      db,
      opts.channel ?? OA_TOKEN_CHANNEL,
      {
        accessToken: a,
        refreshToken: r,
        accessExpiresAt: new Date(now.getTime() + (opts.expiresInSec ?? 3600) * 1000),
        refreshIssuedAt: now,
      },
      now,
      opts.secrets,
    );
  // Under the rotation lock, so a seed never lands in the middle of a refresh.
  const row = await mutexFor(store).run(() =>
    store.driver === 'postgres'
      ? store.tx(async (tx) => {
          await lockChannelTokens(tx, opts.channel ?? OA_TOKEN_CHANNEL);
          return run(tx);
        })
      : run(store.db),
  );
  return { version: row.version, accessExpiresAt: row.accessExpiresAt };
}
