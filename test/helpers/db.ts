/**
 * A real database for each test file: PGlite in memory (from the migrated template), or a
 * fresh PostgreSQL database when DATABASE_URL is set, dropped again on close.
 */
import fs from 'node:fs';
import { inject } from 'vitest';
import { openStore, type Db, type Store } from '../../db/store.js';
import { jurisdictions } from '../../db/schema.js';
import { scoped, type Scoped } from '../../db/scope.js';
import { createDatabase } from './pg.js';

export { createDatabase };

export const onPostgres = Boolean(process.env.DATABASE_URL);

export async function openTestStore(opts: { onQuery?: (sql: string) => void } = {}): Promise<Store> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const template = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
    return openStore({ pgliteTemplate: template, onQuery: opts.onQuery });
  }
  const { url: dbUrl, drop } = await createDatabase(url);
  const store = await openStore({ databaseUrl: dbUrl, maxConnections: 5, onQuery: opts.onQuery });
  return {
    ...store,
    async close() {
      await store.close();
      await drop();
    },
  };
}

/**
 * The store's one jurisdiction as a query scope (most tests load one data file). Throws when
 * there is not exactly one, so a test of several jurisdictions names the one it means.
 */
export async function only(db: Db): Promise<Scoped> {
  const rows = await db.select({ id: jurisdictions.id }).from(jurisdictions);
  if (rows.length !== 1) throw new Error(`expected one jurisdiction, found ${rows.length}`);
  return scoped(db, rows[0]!.id);
}

/** A jurisdiction for tests that write rows by hand (a unit needs one); returns its id. */
export async function addJurisdiction(db: Db, code = 'test', level: 'tinh' | 'xa' | 'huyen' = 'xa'): Promise<number> {
  const [row] = await db
    .insert(jurisdictions)
    .values({ code, name: `Địa bàn ${code}`, level, issuer: `UBND ${code}`, officeName: `Văn phòng ${code}` })
    .returning({ id: jurisdictions.id });
  return row!.id;
}
