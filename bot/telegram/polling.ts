/**
 * Long polling with @grammyjs/runner (concurrent; `sequentialize` by chat in the middleware
 * keeps each chat in order), with our own update source so that no update is confirmed to
 * Telegram before it was handled.
 *
 * Confirming an update to Telegram means asking for a higher offset. An update is held from
 * its fetch until it was handled (a transient failure keeps it held while it is retried), and
 * the offset asked for never passes the lowest held one: if the process stops, Telegram
 * delivers it again. Updates Telegram sends again because of that are recognised here (held or
 * finished) and not handed over twice. Trade-off: while the lowest one is held, at most 100
 * updates past it are fetched (getUpdates' limit), so a long outage delays later updates of
 * other chats too — they wait at Telegram, none lost.
 */
import { createConcurrentSink, createRunner, createSource, type RunnerHandle } from '@grammyjs/runner';
import { GrammyError, type Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../logger.js';
import type { ApiSignal } from './client.js';
import { errorFields } from './errors.js';
import { ALLOWED_UPDATES } from './inbound.js';
import { sleep } from './wait.js';

/** Which updates are in hand, and the offset that confirms only what was handled. Pure. */
export class OffsetTracker {
  private readonly held = new Set<number>();
  private readonly finished = new Set<number>();
  private next = 0;
  private waiters: Array<() => void> = [];

  /** The offset to ask getUpdates for: past everything handled, never past a held update. */
  offset(): number {
    if (this.held.size === 0) {
      this.finished.clear();
      return this.next;
    }
    let floor = Infinity;
    for (const id of this.held) floor = Math.min(floor, id);
    for (const id of this.finished) if (id < floor) this.finished.delete(id);
    return floor;
  }

  /**
   * Holds the updates not seen before (at most `max`) and returns them; ones already held or
   * finished are left out, and fresh ones past `max` are left for the next fetch.
   */
  take(updates: readonly Update[], max = Infinity): Update[] {
    const fresh = updates
      .filter((u) => !this.held.has(u.update_id) && !this.finished.has(u.update_id))
      .slice(0, Math.max(0, max));
    for (const u of fresh) {
      this.held.add(u.update_id);
      this.next = Math.max(this.next, u.update_id + 1);
    }
    return fresh;
  }

  /** The update was handled (or given up): it may be confirmed. */
  finish(id: number): void {
    this.held.delete(id);
    this.finished.add(id);
    // Only the lowest held update holds the offset back: another one finishing shows nothing new.
    for (const other of this.held) if (other < id) return;
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }

  /** Resolves when the offset can move (the lowest held update finished), or after `ms` at the latest. */
  async offsetMoves(ms: number, signal?: AbortSignal): Promise<void> {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.push(done);
    });
  }
}

/**
 * How long to wait after a failed getUpdates, and the next ordinary wait: 429 waits what
 * Telegram asks, 409 (another poller or a webhook) at least 5 s, anything else doubles up to 30 s.
 */
export function pollRetryDelay(err: unknown, wait: number): { delayMs: number; nextWait: number } {
  let delayMs = wait;
  if (err instanceof GrammyError && err.error_code === 429) delayMs = (err.parameters.retry_after ?? 1) * 1000;
  else if (err instanceof GrammyError && err.error_code === 409) delayMs = Math.max(wait, 5000);
  return { delayMs, nextWait: Math.min(wait * 2, 30_000) };
}

export interface LongPollingOptions {
  /** The Api for getUpdates (its client's time limit covers the long poll). */
  poll: Api;
  /** Hands one update to the bot's middleware. */
  handleUpdate: (update: Update) => Promise<void>;
  pollTimeoutSeconds: number;
  concurrency: number;
  log: Logger;
  /** Polling stopped for good (the token was refused). */
  onFatal?: (err: unknown) => void;
}

export function startLongPolling(opts: LongPollingOptions): RunnerHandle {
  const { poll, log } = opts;
  const offsets = new OffsetTracker();
  const supply = async (batchSize: number, apiSignal: ApiSignal): Promise<Update[]> => {
    const signal = apiSignal as unknown as AbortSignal;
    let wait = 500;
    for (;;) {
      try {
        const updates = await poll.getUpdates(
          {
            offset: offsets.offset(),
            // Always a full page: the updates still in hand come first (the offset cannot pass
            // them), and asking only for the runner's free capacity — often 1 — would show
            // nothing but those. What is taken is still bounded by that capacity.
            limit: 100,
            timeout: opts.pollTimeoutSeconds,
            allowed_updates: [...ALLOWED_UPDATES],
          },
          apiSignal,
        );
        const fresh = offsets.take(updates, Math.max(1, batchSize));
        if (updates.length > 0 && fresh.length === 0) {
          // Only updates already in hand: wait until the lowest held one is handled and the
          // offset moves, or 100 ms at most (a slow update then delays other chats' new updates
          // by that much per fetch), instead of spinning. A fixed 500 ms sleep here held 100
          // busy chats to two rounds a second (bench/telegram-throughput.ts).
          await offsets.offsetMoves(100, signal);
          if (signal.aborted) return [];
          continue;
        }
        return fresh;
      } catch (err) {
        if (signal.aborted) throw err;
        if (err instanceof GrammyError && err.error_code === 401) {
          log.fatal({ ...errorFields(err) }, 'Telegram rejected the bot token; long polling stopped');
          throw err;
        }
        const { delayMs, nextWait } = pollRetryDelay(err, wait);
        wait = nextWait;
        log.warn({ ...errorFields(err), retry_in_ms: delayMs }, 'getUpdates failed, retrying');
        await sleep(delayMs, signal);
      }
    }
  };
  const sink = createConcurrentSink<Update>(
    { consume: (u) => opts.handleUpdate(u).finally(() => offsets.finish(u.update_id)) },
    async (err) => log.error({ ...errorFields(err) }, 'telegram update failed outside the error boundary'),
    { concurrency: opts.concurrency },
  );
  const runner = createRunner(createSource({ supply }), sink);
  runner.start();
  runner.task()?.catch((err: unknown) => {
    log.fatal({ ...errorFields(err) }, 'telegram long polling stopped');
    opts.onFatal?.(err);
  });
  return runner;
}
