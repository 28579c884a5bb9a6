/**
 * The outbox deliverer. Claims due rows with FOR UPDATE SKIP LOCKED under a lease, renders
 * each for its recipient, and sends it through the adapter of one of the person's linked
 * accounts, falling back to the next account when a platform says the person cannot be
 * reached there. Transient failures are retried with capped back-off (a rate limit's own
 * delay is honoured); after the configured number of attempts the row is left `failed` for
 * the office to see. A claim whose process died is taken up again when its lease expires.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { OutboundChannel } from '../handlers/channel.js';
import type { Logger } from '../handlers/logger.js';
import type { Store } from '../db/store.js';
import { scoped } from '../db/scope.js';
import { broadcasts } from '../db/schema.js';
import { accountsOfPerson, recipient, markAccountUnreachable, type AccountRow } from '../db/queries/directory.js';
import {
  broadcastFinished,
  claimDue,
  markCancelled,
  markFailed,
  markRetry,
  markSent,
  outboxOfBroadcast,
  type OutboxRow,
} from '../db/queries/outbox.js';
import type { Engine } from '../handlers/engine/index.js';
import { isLocale } from '../handlers/i18n/index.js';
import { enqueue } from '../db/queries/outbox.js';
import type { Channel, Clock, Locale } from '../handlers/types.js';
import { reminderTemplateFields, renderPayload } from './messages.js';
import { ALL_UNREACHABLE, NO_ACCOUNT, type OutboxPayload } from '../domain/outbox.js';

export interface DelivererDeps {
  store: Store;
  engine: Engine;
  adapters: ReadonlyMap<Channel, OutboundChannel>;
  clock: Clock;
  logger: Logger;
  timezone: string;
  defaultLocale: Locale;
  maxAttempts: number;
  leaseMs: number;
  /** Rows claimed per round. */
  batchSize?: number;
  /** Sends in flight at once; the adapters' own throttles keep them inside platform limits. */
  concurrency?: number;
  worker?: string;
}

export interface Deliverer {
  /** One round: claims what is due and sends it. Returns how many rows were claimed. */
  deliverOnce(): Promise<number>;
  /** Delivers until `stop()`: rounds back to back while there is work, else waits to be woken. */
  start(pollMs?: number): void;
  stop(): Promise<void>;
  wake(): void;
}

const BACKOFF_BASE_MS = 5_000;
const BACKOFF_CAP_MS = 10 * 60_000;

export function backoffMs(attempt: number, random = Math.random): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (0.8 + 0.4 * random()));
}

export function createDeliverer(deps: DelivererDeps): Deliverer {
  const worker = deps.worker ?? `${process.pid}-${randomBytes(3).toString('hex')}`;
  const log = deps.logger.child({ component: 'deliverer', worker });
  const batchSize = deps.batchSize ?? 100;
  const concurrency = deps.concurrency ?? 32;

  function orderAccounts(accounts: AccountRow[]): AccountRow[] {
    return accounts
      .filter((a) => deps.adapters.has(a.channel as Channel))
      .sort((a, b) => {
        const ua = a.unreachableSince ? 1 : 0;
        const ub = b.unreachableSince ? 1 : 0;
        if (ua !== ub) return ua - ub;
        return (b.lastInboundAt?.getTime() ?? 0) - (a.lastInboundAt?.getTime() ?? 0);
      });
  }

  async function finishBroadcast(row: OutboxRow): Promise<void> {
    if (!row.broadcastId || !(await broadcastFinished(deps.store.db, row.broadcastId))) return;
    const now = deps.clock.now();
    await deps.store.tx(async (tx) => {
      const claimed = await tx
        .update(broadcasts)
        .set({ reportedAt: now })
        .where(and(eq(broadcasts.id, row.broadcastId!), isNull(broadcasts.reportedAt)))
        .returning();
      const b = claimed[0];
      if (!b) return;
      const rows = await outboxOfBroadcast(tx, b.id);
      const sent = rows.filter((r) => r.status === 'sent').length;
      const failedRows = rows.filter((r) => r.status === 'failed');
      const names: string[] = [];
      for (const r of failedRows.slice(0, 20))
        names.push((await recipient(tx, r.personId))?.fullName ?? `#${r.personId}`);
      await enqueue(
        tx,
        [
          {
            jurisdictionId: b.jurisdictionId,
            key: `broadcast-result:${b.id}`,
            kind: 'notice',
            personId: b.createdBy,
            dueAt: now,
            payload: {
              type: 'notice',
              msg: failedRows.length ? 'broadcast.result_failed' : 'broadcast.result',
              vars: {
                sent,
                total: rows.length,
                failed: failedRows.length,
                names: names.join(', ') + (failedRows.length > names.length ? ', …' : ''),
              },
            },
          },
        ],
        now,
      );
    });
  }

  async function processRow(row: OutboxRow): Promise<void> {
    const now = deps.clock.now();
    const rlog = log.child({ outbox: row.id, kind: row.kind });
    const person = await recipient(deps.store.db, row.personId);
    if (!person?.active) {
      await markCancelled(deps.store.db, row.id, 'recipient inactive', worker);
      return;
    }
    const accounts = orderAccounts(await accountsOfPerson(deps.store.db, person.id));
    if (accounts.length === 0) {
      await markFailed(deps.store.db, row.id, NO_ACCOUNT, worker);
      return;
    }
    const locale: Locale = isLocale(person.locale) ? person.locale : deps.defaultLocale;
    const payload = row.payload as OutboxPayload;
    const reply = await deps.store.tx((tx) =>
      renderPayload(payload, { scope: scoped(tx, row.jurisdictionId ?? 0), locale, timezone: deps.timezone, now }),
    );
    if (!reply) {
      await markCancelled(deps.store.db, row.id, 'no longer applies', worker);
      return;
    }
    let lastError = ALL_UNREACHABLE;
    for (const acc of accounts) {
      const adapter = deps.adapters.get(acc.channel as Channel)!;
      const message = await deps.store.tx(async (tx) => {
        const m = await deps.engine.prepareOutbound(
          tx,
          { channel: adapter.channel, chatId: acc.chatId, accountId: acc.externalId },
          reply,
          adapter.caps,
          locale,
          row.jurisdictionId,
        );
        if (payload.type === 'reminder') {
          const fields = await reminderTemplateFields(payload, {
            scope: scoped(tx, row.jurisdictionId ?? 0),
            locale,
            timezone: deps.timezone,
            now,
          });
          if (fields) m.template = { kind: 'reminder', fields };
        }
        return m;
      });
      let outcome;
      try {
        outcome = await adapter.send(acc.chatId, message);
      } catch (err) {
        outcome = {
          ok: false as const,
          kind: 'transient' as const,
          error: err instanceof Error ? err.message : String(err),
        };
      }
      if (outcome.ok) {
        if (!(await markSent(deps.store.db, row.id, acc.channel, deps.clock.now(), worker))) {
          rlog.warn('sent after losing the claim; another worker may send it again');
        }
        return;
      }
      lastError = `${acc.channel}: ${outcome.error}`;
      if (outcome.kind === 'unreachable') {
        await markAccountUnreachable(deps.store.db, acc.id, outcome.error, now);
        continue;
      }
      if (outcome.kind === 'permanent') continue;
      if (outcome.kind === 'transient' && row.attempts >= deps.maxAttempts) {
        await markFailed(deps.store.db, row.id, lastError, worker);
        return;
      }
      // A rate limit is the platform asking us to wait, not a failure: it does not use up an attempt.
      const delay = outcome.kind === 'rate' ? Math.max(outcome.retryAfterMs, 1000) : backoffMs(row.attempts);
      await markRetry(
        deps.store.db,
        row.id,
        lastError,
        new Date(deps.clock.now().getTime() + delay),
        worker,
        outcome.kind === 'rate',
      );
      return;
    }
    rlog.warn({ error: lastError }, 'giving up on a message');
    await markFailed(deps.store.db, row.id, lastError, worker);
  }

  // Rows being processed, across the (at most two) batches in hand, never exceed `concurrency`:
  // a batch claimed ahead starts its rows one by one as the previous batch's sends finish, not
  // all at once (on PGlite, 32 rows starting together held the event loop for 200-300 ms).
  let free = concurrency;
  const waiting: Array<() => void> = [];
  const acquire = (): Promise<void> => {
    if (free > 0) {
      free--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const nextWaiter = waiting.shift();
    if (nextWaiter) nextWaiter();
    else free++;
  };

  /**
   * Claims one batch and starts sending it. `picked` settles once every row is in a worker's
   * hands (only the last few are still in flight), `done` once all are finished.
   */
  async function runBatch(): Promise<{ claimed: number; picked: Promise<void>; done: Promise<void> }> {
    const rows = await deps.store.tx((tx) =>
      claimDue(tx, { now: deps.clock.now(), limit: batchSize, leaseMs: deps.leaseMs, worker }),
    );
    let markPicked!: () => void;
    const picked = new Promise<void>((resolve) => (markPicked = resolve));
    if (rows.length === 0) markPicked();
    let next = 0;
    const runOne = async (): Promise<void> => {
      for (;;) {
        await acquire();
        if (next >= rows.length) {
          release();
          return;
        }
        const row = rows[next++]!;
        if (next === rows.length) markPicked();
        try {
          await processRow(row);
          if (row.broadcastId) await finishBroadcast(row);
        } catch (err) {
          log.error({ err, outbox: row.id }, 'delivery failed unexpectedly');
          await markRetry(
            deps.store.db,
            row.id,
            String(err),
            new Date(deps.clock.now().getTime() + backoffMs(row.attempts)),
            worker,
          ).catch(() => {});
        } finally {
          release();
        }
      }
    };
    const done = Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, runOne)).then(() => undefined);
    return { claimed: rows.length, picked, done };
  }

  async function deliverOnce(): Promise<number> {
    const batch = await runBatch();
    await batch.done;
    return batch.claimed;
  }

  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;

  return {
    deliverOnce,
    wake() {
      wakeUp?.();
    },
    start(pollMs = 2_000) {
      if (running) return;
      running = true;
      loop = (async () => {
        // The next batch is claimed as soon as every row of the current one has been picked up,
        // so the adapters' queues never run dry between batches (bench/reminders.ts: waiting for
        // a batch's last sends cost 1-3 % of the Telegram rate). At most two batches overlap.
        let previous: Promise<void> = Promise.resolve();
        while (running) {
          let claimed = 0;
          try {
            const batch = await runBatch();
            claimed = batch.claimed;
            await previous;
            previous = batch.done;
            await batch.picked;
          } catch (err) {
            log.error({ err }, 'delivery round failed');
          }
          if (claimed === 0 && running) {
            await new Promise<void>((resolve) => {
              const t = setTimeout(resolve, pollMs);
              wakeUp = () => {
                clearTimeout(t);
                resolve();
              };
            });
            wakeUp = undefined;
          }
        }
        await previous;
      })();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
    },
  };
}
