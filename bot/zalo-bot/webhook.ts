/**
 * The Zalo Bot routes on the shared HTTP server: the webhook, and the short-lived media links
 * outbound.ts hands out for pictures and documents.
 *
 * Webhook: `X-Bot-Api-Secret-Token` is compared in constant time before the body is read (401
 * otherwise); both the documented `{ok, result: update}` body and the bare update are accepted;
 * the answer is 200 at once and the update is handed over, to be handled after in its chat's
 * lane. Trade-off: a body that parses but holds no update is answered 200 and only logged, so
 * Zalo does not redeliver something this bot cannot read.
 *
 * Media: `GET {mediaPath}?id=<token>` serves the bytes from the database (any instance can serve
 * any link) until the link expires, then 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send as sendJson, type HttpRoute } from '../http/server.js';
import type { Logger } from '../logger.js';
import type { Store } from '../../db/store.js';
import { getDownload } from '../../db/queries/downloads.js';
import type { Clock } from '../../handlers/types.js';
import { safeEqual } from '../zalo-common/http.js';
import { parseJsonOrUndefined } from '../zalo-common/json.js';
import type { BotUpdate } from './client.js';
import { unwrapUpdate } from './inbound.js';

export const ZALO_BOT_SECRET_HEADER = 'x-bot-api-secret-token';

export interface BotWebhookOptions {
  url: string;
  secret: string;
  logger: Logger;
  /** False once the channel is stopping: the update is refused with 503. */
  accepting: () => boolean;
  /** Takes an update after the 200 has gone out. */
  accept: (u: BotUpdate) => void;
}

export function createBotWebhookRoute(opts: BotWebhookOptions): HttpRoute {
  return {
    method: 'POST',
    path: new URL(opts.url).pathname,
    authorize(req: IncomingMessage) {
      const got = req.headers[ZALO_BOT_SECRET_HEADER];
      return safeEqual(typeof got === 'string' ? got : undefined, opts.secret);
    },
    handle(_req: IncomingMessage, res: ServerResponse, raw: Buffer) {
      if (!opts.accepting()) return sendJson(res, 503, { ok: false });
      const body = parseJsonOrUndefined(raw.toString('utf8'));
      if (body === undefined) return sendJson(res, 400, { ok: false });
      const update = unwrapUpdate(body);
      sendJson(res, 200, { ok: true });
      if (update) opts.accept(update);
      else opts.logger.warn('zalo-bot: webhook body is not an update');
    },
  };
}

export interface MediaRouteOptions {
  path: string;
  store: Store;
  clock: Clock;
  logger: Logger;
}

export function createMediaRoute(opts: MediaRouteOptions): HttpRoute {
  const { store, clock, logger } = opts;
  return {
    method: 'GET',
    path: opts.path,
    async handle(req: IncomingMessage, res: ServerResponse) {
      const id = new URL(req.url ?? '/', 'http://localhost').searchParams.get('id') ?? '';
      const file = await getDownload(store.db, id, clock.now()).catch((err: unknown) => {
        logger.error({ err }, 'zalo-bot: reading a download failed');
        return undefined;
      });
      if (!file) return sendJson(res, 404, { ok: false });
      // A picture is shown inline; a document is saved under its own (ASCII) name.
      const disposition = file.mime.startsWith('image/')
        ? 'inline'
        : `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`;
      res.writeHead(200, {
        'content-type': file.mime,
        'content-length': file.data.length,
        'cache-control': 'no-store',
        'content-disposition': disposition,
      });
      res.end(Buffer.from(file.data));
    },
  };
}
