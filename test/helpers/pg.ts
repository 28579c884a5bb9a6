/**
 * A throwaway database on a PostgreSQL server, for tests and benches (no vitest here, so
 * benches can import it).
 */
import { randomBytes } from 'node:crypto';

export interface ThrowawayDatabase {
  url: string;
  name: string;
  /** A function property, not a method: callers pass `drop` around on its own. */
  drop: () => Promise<void>;
}

/** Creates an empty database on the server `baseUrl` points at; `drop` removes it. */
export async function createDatabase(baseUrl: string, prefix = 'thidua_t'): Promise<ThrowawayDatabase> {
  const { default: postgres } = await import('postgres');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  let dropped = false;
  return {
    url: u.toString(),
    name,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      const a = postgres(baseUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
