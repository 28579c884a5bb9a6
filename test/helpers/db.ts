/**
 * A real database for each test file: PGlite in memory (from the migrated template), or a
 * fresh PostgreSQL database when DATABASE_URL is set, dropped again on close.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openStore, type Store } from '../../db/store.js';

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

/** Creates an empty database on the server DATABASE_URL points at; `drop` removes it. */
export async function createDatabase(baseUrl: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const { default: postgres } = await import('postgres');
  const name = `thidua_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    async drop() {
      const a = postgres(baseUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
