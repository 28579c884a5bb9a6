/**
 * The webhook route mounted on the shared HTTP server. The server calls `authorize` on the
 * headers before reading the body, so a missing or wrong `X-Telegram-Bot-Api-Secret-Token`
 * gets 401 and nothing is read or processed. An accepted update is answered as soon as the
 * engine has decided (replies are sent after): 200 when it was handled, 503 when it could not
 * be because the database is unavailable (nothing was recorded; Telegram delivers it again,
 * for hours, and the redelivery acts once). With no decision within `answerWithinMs` the
 * answer is 503 too: handling goes on, and if it commits the redelivery finds a duplicate.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Update } from 'grammy/types';
import { send, type HttpRoute } from '../http/server.js';
import type { Logger } from '../logger.js';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** Compares in constant time; hashing first hides the length of the expected secret too. */
export function secretMatches(got: string | string[] | undefined, secret: string): boolean {
  if (typeof got !== 'string' || got === '') return false;
  const a = createHash('sha256').update(got).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}

export interface WebhookRouteOptions {
  url: string;
  secret: string;
  logger: Logger;
  answerWithinMs: number;
  /** False while the channel is stopping: the update is refused with 503 so Telegram retries. */
  accepting: () => boolean;
  /** Starts handling one update: `decided` says whether it was handled; neither rejects. */
  process: (update: Update) => { decided: Promise<WebhookOutcome>; handling: Promise<void> };
}

/** `retry`: not handled for a transient reason; Telegram must deliver it again. */
export type WebhookOutcome = 'ok' | 'retry';

export function webhookPath(url: string): string {
  return new URL(url).pathname;
}

export function createWebhookRoute(opts: WebhookRouteOptions): HttpRoute {
  return {
    method: 'POST',
    path: webhookPath(opts.url),
    // An update is at most a few KB; Telegram never posts file contents.
    maxBodyBytes: 1024 * 1024,
    authorize: (req: IncomingMessage) => secretMatches(req.headers[SECRET_HEADER], opts.secret),
    async handle(_req, res, body) {
      if (!opts.accepting()) return send(res, 503, { ok: false });
      let update: Update;
      try {
        update = JSON.parse(body.toString('utf8')) as Update;
      } catch {
        return send(res, 400, { ok: false });
      }
      if (typeof update !== 'object' || update === null || typeof update.update_id !== 'number') {
        return send(res, 400, { ok: false });
      }
      const { decided } = opts.process(update);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), opts.answerWithinMs);
      });
      const first = await Promise.race([decided, late]);
      clearTimeout(timer);
      if (first === 'late') {
        opts.logger.warn(
          { update_id: update.update_id, after_ms: opts.answerWithinMs },
          'no decision in time; answered 503 so that Telegram delivers the update again',
        );
        return send(res, 503, { ok: false });
      }
      if (first === 'retry') {
        opts.logger.info(
          { update_id: update.update_id },
          'update not handled (database unavailable); answered 503 so that Telegram delivers it again',
        );
        return send(res, 503, { ok: false });
      }
      send(res, 200, { ok: true });
    },
  };
}
