/**
 * Never lose the first data: `npm run admin -- backup` / `restore` through the real CLI on
 * both drivers, compared table by table (row count and a digest of every row) with the
 * database as it was when backed up; bad files and non-empty targets refused with nothing
 * changed; and a PGlite folder that survives SIGKILL at a random moment during writes.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../db/store.js';
import { tableDigests } from '../db/backup.js';
import { importDataFile } from '../handlers/services/data-import.js';
import { settings } from '../db/schema.js';
import { onPostgres } from './helpers/db.js';
import { createDatabase } from './helpers/pg.js';
import { runAdmin } from './helpers/cli.js';

const tmpDirs: string[] = [];
afterEach(() => {
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-backup-'));
  tmpDirs.push(d);
  return d;
};

const SEED = path.resolve('data/lai-chau/tam-duong.yaml');
const now = new Date('2026-03-02T03:00:00Z');

const admin = runAdmin;

async function seedPglite(dataDir: string) {
  const store = await openStore({ dataDir: path.join(dataDir, 'pglite') });
  try {
    await importDataFile(store, SEED, {
      timezone: 'Asia/Ho_Chi_Minh',
      now,
      actor: { personId: null, account: 'test' },
    });
    return await tableDigests(store.db);
  } finally {
    await store.close();
  }
}

async function digestsOf(opts: { dataDir?: string; databaseUrl?: string }) {
  const store = await openStore(
    opts.databaseUrl
      ? { databaseUrl: opts.databaseUrl, maxConnections: 1 }
      : { dataDir: path.join(opts.dataDir!, 'pglite') },
  );
  try {
    return await tableDigests(store.db);
  } finally {
    await store.close();
  }
}

async function addSetting(opts: { dataDir?: string; databaseUrl?: string }, key: string) {
  const store = await openStore(
    opts.databaseUrl
      ? { databaseUrl: opts.databaseUrl, maxConnections: 1 }
      : { dataDir: path.join(opts.dataDir!, 'pglite') },
  );
  try {
    await store.db.insert(settings).values({ key, value: 'after the backup' });
  } finally {
    await store.close();
  }
}

describe.skipIf(onPostgres)('backup and restore on PGlite (npm run admin)', () => {
  it('restores the exact content into a fresh folder and over a changed one, keeping the old aside', async () => {
    const a = tmp();
    const before = await seedPglite(a);
    expect(before['public.units']!.rows).toBeGreaterThan(10);
    const file = path.join(tmp(), 'sao-luu.tar.gz');

    const backup = await admin(['backup', '--out', file], { DATA_DIR: a });
    expect(backup.err).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.out).toMatch(/Đã sao lưu cơ sở dữ liệu nhúng vào .*: \d+ đơn vị, \d+ người dùng/);

    // Into a new folder: the same rows, table by table.
    const b = tmp();
    const restored = await admin(['restore', '--from', file], { DATA_DIR: b });
    expect(restored.code).toBe(0);
    expect(restored.out).toContain(`${before['public.units']!.rows} đơn vị`);
    expect(await digestsOf({ dataDir: b })).toEqual(before);

    // Over the original after it changed: back to the backup's content; the changed one kept.
    await addSetting({ dataDir: a }, 'later');
    expect(await digestsOf({ dataDir: a })).not.toEqual(before);
    const over = await admin(['restore', '--from', file], { DATA_DIR: a });
    expect(over.code).toBe(0);
    expect(await digestsOf({ dataDir: a })).toEqual(before);
    const kept = /giữ ở (\S+)/.exec(over.out)?.[1];
    expect(kept && fs.existsSync(path.join(kept, 'PG_VERSION'))).toBeTruthy();
    tmpDirs.push(kept!);
  }, 240_000);

  it('refuses a file that is not a backup, and a folder the bot holds, changing nothing', async () => {
    const a = tmp();
    const before = await seedPglite(a);
    const junk = path.join(tmp(), 'junk.tar.gz');
    fs.writeFileSync(junk, 'not a backup at all');
    const r = await admin(['restore', '--from', junk], { DATA_DIR: a });
    expect(r.code).toBe(1);
    expect(r.err).toContain('không phải bản sao lưu');
    expect(await digestsOf({ dataDir: a })).toEqual(before);

    // While another process holds the folder, neither backup nor restore touches it.
    const holder = await openStore({ dataDir: path.join(a, 'pglite') });
    try {
      const busy = await admin(['backup', '--out', path.join(tmp(), 'x.tar.gz')], { DATA_DIR: a });
      expect(busy.code).toBe(1);
      expect(busy.err).toMatch(/already open in process/);
    } finally {
      await holder.close();
    }
  }, 240_000);
});

describe.runIf(onPostgres)('backup and restore on PostgreSQL (pg_dump / psql)', () => {
  it('restores into a fresh database with the same content, and refuses a non-empty one', async () => {
    const base = process.env.DATABASE_URL!;
    const a = await createDatabase(base);
    const b = await createDatabase(base);
    try {
      const seeded = await openStore({ databaseUrl: a.url, maxConnections: 1 });
      await importDataFile(seeded, SEED, {
        timezone: 'Asia/Ho_Chi_Minh',
        now,
        actor: { personId: null, account: 'test' },
      });
      const before = await tableDigests(seeded.db);
      await seeded.close();

      const file = path.join(tmp(), 'sao-luu.sql');
      const backup = await admin(['backup', '--out', file], { DATABASE_URL: a.url });
      expect(backup.err).toBe('');
      expect(backup.code).toBe(0);
      expect(fs.readFileSync(file, 'utf8')).toContain('PostgreSQL database dump');
      // No password or URL on a command line: the dump tool got them from the environment.
      const restored = await admin(['restore', '--from', file], { DATABASE_URL: b.url });
      expect(restored.err).toBe('');
      expect(restored.code).toBe(0);
      expect(await digestsOf({ databaseUrl: b.url })).toEqual(before);

      // The sequences came along: a new row after the restore gets a fresh id, no clash.
      const s = await openStore({ databaseUrl: b.url, maxConnections: 1 });
      await s.db.execute(sql`insert into audit_log (action, entity) values ('test', 'test')`);
      await s.close();

      const again = await admin(['restore', '--from', file], { DATABASE_URL: b.url });
      expect(again.code).toBe(1);
      expect(again.err).toContain('cơ sở dữ liệu trống');
    } finally {
      await a.drop();
      await b.drop();
    }
  }, 240_000);
});

describe.skipIf(onPostgres)('PGlite folder under SIGKILL', () => {
  it('keeps every committed write and opens cleanly after a kill at a random moment, three times over', async () => {
    const dir = path.join(tmp(), 'pglite');
    const storeModule = path.resolve('db/store.ts');
    const schemaModule = path.resolve('db/schema.ts');
    // A writer that commits one row per transaction (20 KB each, so pages and WAL segments
    // fill up) and prints the key once the commit returned.
    const writer = `
      const { openStore } = await import(${JSON.stringify(storeModule)});
      const { settings } = await import(${JSON.stringify(schemaModule)});
      const store = await openStore({ dataDir: ${JSON.stringify(dir)} });
      const start = Number(process.argv[1]);
      const pad = 'x'.repeat(20000);
      for (let i = start; ; i++) {
        await store.tx(async (tx) => { await tx.insert(settings).values({ key: 'k' + i, value: { i, pad } }); });
        process.stdout.write('k' + i + '\\n');
      }`;
    const committed: string[] = [];
    for (let round = 0; round < 3; round++) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', writer, String(round * 100_000)],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let buf = '';
      let err = '';
      const mine: string[] = [];
      child.stderr.on('data', (d) => (err += d));
      const killed = new Promise<void>((resolve) => child.on('close', () => resolve()));
      const killAfter = 5 + Math.floor(Math.random() * 40);
      const delay = Math.floor(Math.random() * 300);
      let armed = false;
      child.stdout.on('data', (d) => {
        buf += d;
        const lines = buf.split('\n');
        buf = lines.pop()!;
        mine.push(...lines);
        if (!armed && mine.length >= killAfter) {
          armed = true;
          setTimeout(() => child.kill('SIGKILL'), delay);
        }
      });
      await killed;
      expect(mine.length, err).toBeGreaterThanOrEqual(killAfter);
      committed.push(...mine);

      const store = await openStore({ dataDir: dir });
      try {
        const rows = await store.db.select({ key: settings.key }).from(settings);
        const keys = new Set(rows.map((r) => r.key));
        const lost = committed.filter((k) => !keys.has(k));
        expect(lost).toEqual([]);
        // And the folder takes new writes at once.
        await store.db.insert(settings).values({ key: `after-${round}`, value: 1 });
      } finally {
        await store.close();
      }
    }
  }, 300_000);
});
