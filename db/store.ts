/**
 * Opens the database: PGlite (embedded, the default) or PostgreSQL through postgres.js when
 * a URL is given. Both give the same drizzle `Db`, so every query module serves both.
 * Migrations are applied here, before anything else touches the database.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import { type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';
import { lockDataDir } from './folder-lock.js';
import { createNamedStatements } from './named-statements.js';
import { ensureTemplate, isInitialised, PGLITE_CONF, restoreTemplate, templateDir } from './pglite-template.js';

export type Schema = typeof schema;
/** A database handle or an open transaction: query modules accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Store {
  readonly db: Db;
  readonly driver: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; everything it writes commits or rolls back together. */
  tx<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Runs a statement that runs all the time, under a name. On PGlite it becomes a server-side
   * prepared statement: parsing and planning cost PGlite several times more than running a
   * small query (the engine's opening statement: 4.5 ms → 1.2 ms). Elsewhere it runs as is.
   * The SQL text must be the same on every call with one name; parameters reach it as text,
   * so cast them in the SQL (`${json}::jsonb`).
   */
  executeNamed(db: Db, name: string, query: SQL): Promise<unknown>;
  /**
   * True when the database answers a trivial query, within `timeoutMs` when given (a frozen
   * server never answers; the caller gets false in time). Updates `health()`.
   */
  ping(timeoutMs?: number): Promise<boolean>;
  /** The last known state: a failed ping or `markUnhealthy` (a driver fault) sets it down. */
  health(): StoreHealth;
  /** Records a fault seen outside a query (the process's fault boundary). */
  markUnhealthy(reason: string): void;
  close(): Promise<void>;
}

export interface StoreHealth {
  up: boolean;
  /** When the store last changed between up and down. */
  since: Date;
  reason?: string;
}

/** Rows of a raw `db.execute`: postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return (result as { rows?: T[] }).rows ?? [];
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * drizzle parses json/jsonb columns itself; a driver that parses them too hands drizzle an
 * already-parsed value, and for a JSON string drizzle then tries JSON.parse on the text —
 * which throws (slow: an exception per row) or, for a string like "2026", turns it into a
 * number. Both drivers are told to pass the text through, so it is parsed exactly once.
 */
const asText = (value: string): string => value;
const JSON_AS_TEXT = { 114: asText, 3802: asText };

/** Arbitrary constant shared by every instance: the advisory lock that serialises migrations. */
const MIGRATION_LOCK_KEY = 727_001;

export { StoreLockedError, lockDataDir } from './folder-lock.js';

export interface OpenStoreOptions {
  /** postgres:// URL; when absent PGlite is used. */
  databaseUrl?: string;
  /** Folder for PGlite's files; `undefined` keeps the database in memory. */
  dataDir?: string;
  /** A PGlite data dump (from `dumpDataDir`) to start from instead of running initdb. */
  pgliteTemplate?: Blob;
  /** Internal: opening the folder that becomes the PGlite template (no template to copy yet). */
  buildingTemplate?: boolean;
  /** Pool size for postgres.js. */
  maxConnections?: number;
  /** PostgreSQL time limits; 0 or absent = the server's and driver's defaults. */
  timeouts?: PostgresTimeouts;
  /** Sees the text of every statement drizzle runs (the jurisdiction-scope test reads them). */
  onQuery?: (sql: string) => void;
}

export interface PostgresTimeouts {
  /** Giving up on opening one connection (postgres.js `connect_timeout`). */
  connectSeconds?: number;
  /** `statement_timeout` of every session. */
  statementMs?: number;
  /** `idle_in_transaction_session_timeout` of every session. */
  idleInTransactionMs?: number;
}

function queryLogger(onQuery: ((sql: string) => void) | undefined): { logQuery(sql: string): void } | false {
  return onQuery ? { logQuery: (sql: string) => onQuery(sql) } : false;
}

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  return opts.databaseUrl
    ? openPostgres(opts.databaseUrl, opts.maxConnections ?? 10, opts.timeouts ?? {}, opts.onQuery)
    : openPglite(opts);
}

/** Session settings sent with every connection's start-up message. */
function sessionSettings(t: PostgresTimeouts): Record<string, string> {
  const out: Record<string, string> = {};
  if (t.statementMs) out.statement_timeout = String(t.statementMs);
  if (t.idleInTransactionMs) out.idle_in_transaction_session_timeout = String(t.idleInTransactionMs);
  return out;
}

/** Health bookkeeping shared by both drivers. */
function healthTracker(ping: () => Promise<boolean>): Pick<Store, 'ping' | 'health' | 'markUnhealthy'> {
  let state: StoreHealth = { up: true, since: new Date() };
  const set = (up: boolean, reason?: string) => {
    if (state.up !== up) state = { up, since: new Date(), ...(reason ? { reason } : {}) };
    else if (!up && reason) state = { ...state, reason };
  };
  return {
    async ping(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const late =
        timeoutMs === undefined
          ? undefined
          : new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      const ok = await (late ? Promise.race([ping(), late]) : ping());
      clearTimeout(timer);
      set(ok, ok ? undefined : timeoutMs !== undefined ? `no answer within ${timeoutMs} ms` : 'ping failed');
      return ok;
    },
    health: () => state,
    markUnhealthy: (reason) => set(false, reason),
  };
}

async function openPostgres(
  url: string,
  max: number,
  timeouts: PostgresTimeouts,
  onQuery?: (sql: string) => void,
): Promise<Store> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');

  // One connection, so the session-level advisory lock and the migration share it: two
  // instances starting together apply the migrations once, the second waits then sees them done.
  const connect_timeout = timeouts.connectSeconds || undefined;
  const migClient = postgres(url, { max: 1, onnotice: () => {}, connect_timeout });
  try {
    await migClient`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migrate(drizzle({ client: migClient }), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await migClient`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await migClient.end();
  }

  const client = postgres(url, { max, onnotice: () => {}, connect_timeout, connection: sessionSettings(timeouts) });
  const db = drizzle({ client, schema, logger: queryLogger(onQuery) }) as unknown as Db;
  Object.assign(client.options.parsers, JSON_AS_TEXT);
  return {
    db,
    driver: 'postgres',
    tx: (fn) => db.transaction(fn),
    executeNamed: (target, _name, query) => target.execute(query),
    ...healthTracker(() => pingDb(db)),
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(opts: OpenStoreOptions): Promise<Store> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');

  let release = () => {};
  if (opts.dataDir) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    release = lockDataDir(opts.dataDir);
  }
  try {
    if (opts.dataDir && !opts.pgliteTemplate && !opts.buildingTemplate && !isInitialised(opts.dataDir)) {
      // No template (e.g. a read-only node_modules): PGlite runs initdb itself, only slower.
      const template = await ensurePgliteTemplate().catch(() => null);
      if (template) restoreTemplate(template, opts.dataDir);
    }
    const client = await PGlite.create({
      dataDir: opts.dataDir,
      loadDataDir: opts.pgliteTemplate,
      parsers: JSON_AS_TEXT,
      postgresqlconf: PGLITE_CONF,
    });
    const pdb = drizzle({ client, schema, logger: queryLogger(opts.onQuery) });
    await migrate(pdb, { migrationsFolder: MIGRATIONS_DIR });
    const db = pdb as unknown as Db;
    let closed = false;
    return {
      db,
      driver: 'pglite',
      tx: (fn) => db.transaction(fn),
      executeNamed: createNamedStatements(),
      ...healthTracker(() => (closed ? Promise.resolve(false) : pingDb(db))),
      async close() {
        if (closed) return;
        closed = true;
        try {
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * The migrated PGlite folder fresh data folders are copied from (db/pglite-template.ts),
 * built here when `npm install` has not built it yet.
 */
export async function ensurePgliteTemplate(): Promise<string> {
  return ensureTemplate(templateDir(MIGRATIONS_DIR), async (tmp) => {
    const store = await openStore({ dataDir: tmp, pgliteTemplate: undefined, buildingTemplate: true });
    await store.close();
  });
}

async function pingDb(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
