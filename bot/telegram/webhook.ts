/**
 * The webhook route mounted on the shared HTTP server. The server calls `authorize` on the
 * headers before reading the body, so a missing or wrong `X-Telegram-Bot-Api-Secret-Token`
 * gets 401 and nothing is read or processed. An accepted update is answered 200 as soon as it
 * is handled, or after `answerWithinMs` if handling takes longer (handling then finishes in
 * the background; a redelivery would be recognised by its update id and do nothing).
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
  /** Handles one update; never rejects. */
  process: (update: Update) => Promise<void>;
}

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
      const done = opts.process(update);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), opts.answerWithinMs);
      });
      const first = await Promise.race([done.then(() => 'done' as const), late]);
      clearTimeout(timer);
      if (first === 'late') {
        opts.logger.info({ update_id: update.update_id, after_ms: opts.answerWithinMs }, 'answered the webhook before handling finished');
      }
      send(res, 200, { ok: true });
    },
  };
}
