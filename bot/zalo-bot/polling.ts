/**
 * Long polling for the Zalo Bot channel (development, or a bot without a public address):
 * getUpdates in a loop until the signal aborts, each update handed over as it comes.
 *
 * Trade-off: a failed poll waits with the shared back-off (zalo-common/http.ts) and tries
 * again forever, except when the token is refused: then polling stops with an error log, since
 * no retry can fix a reset token and hammering the API would only get the bot limited.
 */
import type { Logger } from '../logger.js';
import { backoffDelay, sleep, type RetryOptions } from '../zalo-common/http.js';
import { ZaloBotError, type BotUpdate, type ZaloBotClient } from './client.js';

export interface PollOptions {
  client: ZaloBotClient;
  /** Long-poll timeout passed to getUpdates. */
  timeoutSec: number;
  retry: RetryOptions;
  logger: Logger;
  accept: (u: BotUpdate) => void;
}

export async function pollUpdates(opts: PollOptions, signal: AbortSignal): Promise<void> {
  const { client, logger } = opts;
  let failures = 0;
  while (!signal.aborted) {
    try {
      const updates = await client.getUpdates(opts.timeoutSec, signal);
      failures = 0;
      for (const u of updates) opts.accept(u);
    } catch (err) {
      if (signal.aborted) break;
      if (err instanceof ZaloBotError && err.kind === 'auth') {
        logger.error({ err: err.message }, 'zalo-bot: the bot token was rejected; polling stopped');
        break;
      }
      logger.warn({ err: (err as Error).message }, 'zalo-bot: getUpdates failed');
      await sleep(backoffDelay(failures++, opts.retry), signal);
    }
  }
}
