import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { lockDataDir, openStore, StoreLockedError, type Store } from '../db/store.js';
import { accounts, auditLog, people, settings, units } from '../db/schema.js';
import { getSettings } from '../db/queries/content.js';
import { writeAudit } from '../db/queries/audit.js';
import { addJurisdiction, createDatabase, onPostgres, openTestStore } from './helpers/db.js';

describe(`store on ${onPostgres ? 'PostgreSQL' : 'PGlite'}`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store.close();
  });

  it('applies the migrations and answers queries', async () => {
    expect(await store.ping()).toBe(true);
    const [row] = await store.db.select({ n: count() }).from(units);
    expect(Number(row!.n)).toBe(0);
  });

  it('rolls back a change and its audit row together', async () => {
    const before = Number((await store.db.select({ n: count() }).from(auditLog))[0]!.n);
    await expect(
      store.tx(async (tx) => {
        await tx.insert(units).values({
          jurisdictionId: await addJurisdiction(tx, 'rollback'),
          code: 'rollback-me',
          name: 'X',
          kind: 'agency',
        });
        await writeAudit(
          tx,
          { actorPersonId: null, actorAccount: 'test', action: 'unit.create', entity: 'unit', entityId: 'rollback-me' },
          new Date(),
        );
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.db.select().from(units).where(eq(units.code, 'rollback-me'))).toEqual([]);
    expect(Number((await store.db.select({ n: count() }).from(auditLog))[0]!.n)).toBe(before);
  });

  it('reads JSON values back as they were written, a string that looks like a number included', async () => {
    const values = ['2026', 'UBND huyện Tam Đường', '{"not": "an object"}', 42, { issuer: 'UBND' }, ['a', 'b'], true];
    await store.db.insert(settings).values(values.map((value, i) => ({ key: `json-${i}`, value })));
    const read = await getSettings(
      store.db,
      values.map((_, i) => `json-${i}`),
    );
    expect(values.map((_, i) => read[`json-${i}`])).toEqual(values);
  });

  it('keeps platform ids larger than 2^53 exactly, as strings', async () => {
    const jurisdictionId = await addJurisdiction(store.db, 'big');
    const [u] = await store.db
      .insert(units)
      .values({ jurisdictionId, code: 'big', name: 'Big', kind: 'agency' })
      .returning();
    const [p] = await store.db
      .insert(people)
      .values({ jurisdictionId, fullName: 'A', unitId: u!.id, role: 'member' })
      .returning();
    const id = '2468458835296117922';
    await store.db.insert(accounts).values({ personId: p!.id, channel: 'zalo-oa', externalId: id, chatId: id });
    const [a] = await store.db.select().from(accounts).where(eq(accounts.externalId, id));
    expect(a!.chatId).toBe(id);
  });

  it('refuses a second account with the same platform identity', async () => {
    const jurisdictionId = await addJurisdiction(store.db, 'dup');
    const [u] = await store.db
      .insert(units)
      .values({ jurisdictionId, code: 'dup', name: 'Dup', kind: 'agency' })
      .returning();
    const [p] = await store.db
      .insert(people)
      .values({ jurisdictionId, fullName: 'B', unitId: u!.id, role: 'member' })
      .returning();
    await store.db.insert(accounts).values({ personId: p!.id, channel: 'telegram', externalId: '42', chatId: '42' });
    await expect(
      store.db.insert(accounts).values({ personId: p!.id, channel: 'telegram', externalId: '42', chatId: '42' }),
    ).rejects.toThrow();
  });
});

describe.runIf(onPostgres)('migrations on PostgreSQL', () => {
  it('run once when two instances start together (advisory lock)', async () => {
    const db = await createDatabase(process.env.DATABASE_URL!);
    try {
      const [a, b] = await Promise.all([
        openStore({ databaseUrl: db.url, maxConnections: 2 }),
        openStore({ databaseUrl: db.url, maxConnections: 2 }),
      ]);
      const rows = (await a.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as Array<{
        n: number;
      }>;
      expect(rows[0]!.n).toBe(fs.readdirSync(path.resolve('db/migrations')).filter((f) => f.endsWith('.sql')).length);
      await a.close();
      await b.close();
    } finally {
      await db.drop();
    }
  });
});

describe('PGlite data folder lock', () => {
  it('refuses a second process on the same folder with a clear message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-lock-'));
    const release = lockDataDir(dir);
    try {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `import('${path.resolve('db/store.ts')}').then(m => { try { m.lockDataDir(${JSON.stringify(dir)}); console.log('LOCKED'); } catch (e) { console.log(e.name + ': ' + e.message); } })`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      await new Promise((r) => child.on('close', r));
      expect(out).toMatch(/StoreLockedError: The embedded database in .* is already open in process \d+/);
    } finally {
      release();
    }
    // Once released, the folder can be locked again; a stale lock of a dead process is taken over.
    fs.writeFileSync(path.join(dir, '.thidua-bot.lock'), '999999');
    const again = lockDataDir(dir);
    again();
  });

  it('is an error type callers can recognise', () => {
    expect(new StoreLockedError('x')).toBeInstanceOf(Error);
  });
});
