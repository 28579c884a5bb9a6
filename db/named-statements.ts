/**
 * Server-side prepared statements for PGlite, whose parse-and-plan costs several times more
 * than running a small query (the engine's opening statement: 4.5 ms → 1.2 ms). PostgreSQL
 * through postgres.js prepares by itself and runs the query as is (db/store.ts).
 * Trade-off: EXECUTE takes no bind parameters, so arguments are written as SQL literals; only
 * the kinds that have one exact literal are accepted (`NamedParam`), anything else — an object,
 * an array — is refused rather than written as "[object Object]".
 */
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** Any drizzle PostgreSQL handle (the store's Db or an open transaction). */
type Db = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

/** What a named statement's parameter may be: each has one exact SQL literal. */
export type NamedParam = string | number | bigint | boolean | Date | null | undefined;

export type NamedExecutor = (db: Db, name: string, query: SQL) => Promise<unknown>;

/** The SQL literal of a parameter ('' for ', exact with standard_conforming_strings on, the default). */
export function literal(v: unknown, statement = '?'): string {
  const p = v as NamedParam;
  if (p === null || p === undefined) return 'null';
  if (typeof p === 'number') {
    if (!Number.isFinite(p)) throw new Error(`statement ${statement}: parameter ${p} has no SQL literal`);
    return String(p);
  }
  if (typeof p === 'bigint') return String(p);
  if (typeof p === 'boolean') return p ? "'true'" : "'false'";
  if (p instanceof Date) return `'${p.toISOString()}'`;
  if (typeof p === 'string') return `'${p.replace(/'/g, "''")}'`;
  throw new Error(`statement ${statement}: a parameter of type ${typeof v} has no SQL literal`);
}

/**
 * Named statements for PGlite's one session: PREPARE on first use (a prepared statement
 * outlives a rolled-back transaction), then EXECUTE with the arguments as SQL literals —
 * EXECUTE takes no bind parameters. Literals are quoted the standard way ('' for '), which is
 * exact with standard_conforming_strings on, PostgreSQL's default.
 */
export function createNamedStatements(): NamedExecutor {
  const dialect = new PgDialect();
  const prepared = new Map<string, string>();
  return async (target, name, query) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad statement name ${name}`);
    const { sql: text, params } = dialect.sqlToQuery(query);
    const known = prepared.get(name);
    if (known === undefined) {
      const types = params.length > 0 ? ` (${params.map(() => 'text').join(', ')})` : '';
      await target.execute(sql.raw(`prepare ${name}${types} as ${text}`));
      prepared.set(name, text);
    } else if (known !== text) {
      throw new Error(`statement ${name} changed its text`);
    }
    return target.execute(
      sql.raw(`execute ${name}${params.length > 0 ? ` (${params.map((v) => literal(v, name)).join(', ')})` : ''}`),
    );
  };
}
