/**
 * A real database for each test file: PGlite in memory (from the migrated template), or a
 * fresh PostgreSQL database when DATABASE_URL is set, dropped again on close.
 */
import fs from 'node:fs';
import { inject } from 'vitest';
import { openStore, type Store } from '../../db/store.js';
import { createDatabase } from './pg.js';

export { createDatabase };

export const onPostgres = Boolean(process.env.DATABASE_URL);

export async function openTestStore(): Promise<Store> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const template = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
    return openStore({ pgliteTemplate: template });
  }
  const { url: dbUrl, drop } = await createDatabase(url);
  const store = await openStore({ databaseUrl: dbUrl, maxConnections: 5 });
  return {
    ...store,
    async close() {
      await store.close();
      await drop();
    },
  };
}
