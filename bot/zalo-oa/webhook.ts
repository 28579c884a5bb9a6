/**
 * The OA webhook route on the shared HTTP server. The raw body is read first and the
 * `X-ZEvent-Signature` checked (mode `enforce` → 401 on a mismatch, `log-only` → logged, handled
 * anyway; a mismatch also says which other id/secret pairing would have matched, the usual
 * set-up mistake); an event whose `timestamp` is outside the freshness window is refused with
 * 401 (zalo-common/freshness.ts). Then the answer is 200 at once (Zalo wants it within 2 s) and
 * the event is handed over, to be handled after in its sender's lane.
 *
 * Trade-off: an event for another app is answered 200 and dropped rather than refused, so Zalo
 * does not keep redelivering something this bot will never handle.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.js';
import { send as sendJson, type HttpRoute } from '../http/server.js';
import type { Logger } from '../logger.js';
import { eventFreshness } from '../zalo-common/freshness.js';
import { idString, isRecord, parseJsonOrUndefined } from '../zalo-common/json.js';
import { diagnoseOaSignature, OA_SIGNATURE_HEADER, verifyOaSignature } from './signature.js';

type OaConfig = NonNullable<Config['zaloOa']>;

export interface OaWebhookOptions {
  path: string;
  /** Without it no signature verifies (a channel built from ready-made pieces, in tests). */
  cfg: OaConfig | undefined;
  signatureMode: 'enforce' | 'log-only';
  signatureId: 'app_id' | 'oa_id';
  maxEventAgeSeconds: number;
  wallClock: () => number;
  logger: Logger;
  /** False once the channel is stopping: the event is refused with 503 so Zalo delivers it again. */
  accepting: () => boolean;
  /** Takes a fresh, verified event after the 200 has gone out. */
  accept: (body: Record<string, unknown>) => void;
}

export function createOaWebhookRoute(opts: OaWebhookOptions): HttpRoute {
  const { cfg, logger, signatureMode, signatureId, maxEventAgeSeconds } = opts;
  return {
    method: 'POST',
    path: opts.path,
    handle(req: IncomingMessage, res: ServerResponse, raw: Buffer) {
      if (!opts.accepting()) return sendJson(res, 503, { ok: false });
      const body = parseJsonOrUndefined(raw.toString('utf8'));
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
      const fresh = eventFreshness(body.timestamp, opts.wallClock(), maxEventAgeSeconds);
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
      opts.accept(body);
    },
  };
}
