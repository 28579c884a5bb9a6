/**
 * What every entry point (the bot, the admin CLI) does first: read the configuration and open
 * the store, stopping with one clear line when either is impossible. A PostgreSQL server that
 * does not answer yet is waited for (capped back-off, each attempt logged) up to
 * DATABASE_WAIT_SECONDS, so a bot restarted during a database outage comes up when the
 * database does instead of exiting until its supervisor gives up.
 */
import path from 'node:path';
import { ConfigError, createConfig, type Config } from './config.js';
import { EXIT_DATABASE_UNAVAILABLE } from './fault-boundary.js';
import type { Logger } from './logger.js';
import { isTransientDbFault } from '../db/faults.js';
import { openStore, StoreLockedError, type Store } from '../db/store.js';

export function configOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return createConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

export async function openConfiguredStore(config: Config): Promise<Store> {
  return openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
    timeouts: {
      connectSeconds: config.database.connectTimeoutSeconds,
      statementMs: config.database.statementTimeoutMs,
      idleInTransactionMs: config.database.idleInTransactionTimeoutMs,
    },
  });
}

/** Wait before attempt `attempt + 1` (attempt ≥ 1): 1 s, 2 s, 4 s … capped at 30 s. */
export function databaseWaitDelayMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

export interface WaitOptions {
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Opens the store, waiting for an unreachable PostgreSQL server up to
 * `config.database.waitSeconds`. Throws the last error when the wait is over (or at once
 * for an error that waiting cannot fix: a wrong password, a missing database, PGlite).
 */
export async function openStoreWaiting(config: Config, opts: WaitOptions = {}): Promise<Store> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + config.database.waitSeconds * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      const store = await openConfiguredStore(config);
      if (attempt > 1) opts.logger?.info({ attempt }, 'database reachable; starting');
      return store;
    } catch (err) {
      if (!config.databaseUrl || !isTransientDbFault(err)) throw err;
      const left = deadline - now();
      const reason = err instanceof Error ? err.message || err.name : String(err);
      if (left <= 0) throw new DatabaseUnavailableError(config.database.waitSeconds, attempt, reason);
      const delay = Math.min(left, databaseWaitDelayMs(attempt));
      if (opts.logger)
        opts.logger.warn(
          { attempt, reason, retry_in_ms: delay, wait_left_s: Math.round(left / 1000) },
          'database not reachable; waiting',
        );
      else
        process.stderr.write(
          `Database not reachable (${reason}); attempt ${attempt}, retrying in ${Math.round(delay / 1000)} s\n`,
        );
      await sleep(delay);
    }
  }
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
  constructor(
    readonly waitSeconds: number,
    readonly attempts: number,
    readonly reason: string,
  ) {
    super(
      `The database did not answer within DATABASE_WAIT_SECONDS=${waitSeconds} (${attempts} attempts; last: ${reason})`,
    );
  }
}

export async function openStoreOrExit(config: Config, opts: WaitOptions = {}): Promise<Store> {
  try {
    return await openStoreWaiting(config, opts);
  } catch (err) {
    if (err instanceof StoreLockedError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    if (err instanceof DatabaseUnavailableError) {
      process.stderr.write(`Start-up failed: ${err.message}\n`);
      process.exit(EXIT_DATABASE_UNAVAILABLE);
    }
    throw err;
  }
}
