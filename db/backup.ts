/**
 * Backup and restore of the whole database, for `npm run admin -- backup` / `restore`.
 *
 * - PGlite: the backup is PGlite's own dump of its data folder (`dumpDataDir`, a gzipped tar);
 *   a restore moves the current folder's contents aside (kept, never deleted), loads the dump
 *   into the empty folder and applies any newer migrations. Both need the folder lock, so the
 *   bot must be stopped first (PGlite is one process).
 * - PostgreSQL: plain SQL from the real `pg_dump` (found on PATH or under /usr/lib/postgresql),
 *   restored with `psql` in one transaction into an EMPTY database. Trade-off: no SQL dumper of
 *   our own (it would never match pg_dump on sequences, constraints and types); the tools are
 *   part of every PostgreSQL client install, and when they are missing the error says the exact
 *   command to run by hand. The connection reaches them through PG* environment variables,
 *   never the command line (which other users can read in `ps`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { lockDataDir } from './folder-lock.js';
import { openStore, rowsOf, type Db, type Store } from './store.js';
import { isInitialised } from './pglite-template.js';

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface TableDigest {
  rows: number;
  md5: string;
}

/** Row count and a digest of the content of every application table, in a stable order. */
export async function tableDigests(db: Db): Promise<Record<string, TableDigest>> {
  const tables = rowsOf<{ name: string }>(
    await db.execute(sql`select quote_ident(table_schema) || '.' || quote_ident(table_name) as name from information_schema.tables
      where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1`),
  );
  const out: Record<string, TableDigest> = {};
  for (const { name } of tables) {
    const [r] = rowsOf<{ rows: number | string; md5: string | null }>(
      await db.execute(
        sql.raw(
          `select count(*) as rows, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as md5 from ${name} t`,
        ),
      ),
    );
    out[name] = { rows: Number(r!.rows), md5: r!.md5 ?? '' };
  }
  return out;
}

function writeAtomically(file: string, data: Buffer): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

// ------------------------------------------------------------------ PGlite

export async function backupPglite(store: Store, outFile: string): Promise<{ bytes: number }> {
  if (store.driver !== 'pglite') throw new Error('backupPglite needs a PGlite store');
  const client = (store.db as unknown as { $client: { dumpDataDir(c: 'gzip'): Promise<Blob> } }).$client;
  const blob = await client.dumpDataDir('gzip');
  const data = Buffer.from(await blob.arrayBuffer());
  writeAtomically(outFile, data);
  return { bytes: data.length };
}

/**
 * Replaces the PGlite folder's database with the dump in `fromFile`. Returns where the previous
 * contents were moved (null when the folder was empty).
 */
export async function restorePglite(
  dataDir: string,
  fromFile: string,
  now: Date = new Date(),
): Promise<{ keptAt: string | null }> {
  const dump = readDump(fromFile);
  fs.mkdirSync(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  let keptAt: string | null = null;
  try {
    if (isInitialised(dataDir)) {
      keptAt = `${path.resolve(dataDir)}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
      fs.mkdirSync(keptAt, { recursive: true });
      for (const e of fs.readdirSync(dataDir))
        if (!e.startsWith('.thidua-bot.lock')) fs.renameSync(path.join(dataDir, e), path.join(keptAt, e));
    }
    try {
      const { PGlite } = await import('@electric-sql/pglite');
      const client = await PGlite.create({ dataDir, loadDataDir: new Blob([dump]) });
      await client.close();
    } catch (err) {
      // Put the previous database back exactly as it was.
      for (const e of fs.readdirSync(dataDir))
        if (!e.startsWith('.thidua-bot.lock')) fs.rmSync(path.join(dataDir, e), { recursive: true, force: true });
      if (keptAt) {
        for (const e of fs.readdirSync(keptAt)) fs.renameSync(path.join(keptAt, e), path.join(dataDir, e));
        fs.rmdirSync(keptAt);
      }
      throw new BackupError(
        `Không nạp được bản sao lưu ${fromFile}: ${err instanceof Error ? err.message : String(err)}. Dữ liệu cũ giữ nguyên.`,
      );
    }
  } finally {
    release();
  }
  // A backup from an older version gets the newer migrations now, not at the bot's next start.
  const store = await openStore({ dataDir });
  await store.close();
  return { keptAt };
}

function readDump(file: string): Buffer {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    throw new BackupError(`Không đọc được tệp ${file}.`);
  }
  const gzip = data[0] === 0x1f && data[1] === 0x8b;
  const tar = data.length > 262 && data.subarray(257, 262).toString('latin1') === 'ustar';
  if (!gzip && !tar)
    throw new BackupError(
      `${file} không phải bản sao lưu của cơ sở dữ liệu nhúng (tệp .tar.gz do "npm run admin -- backup" tạo).`,
    );
  return data;
}

// ------------------------------------------------------------------ PostgreSQL

/** pg_dump / psql on PATH, else the newest under /usr/lib/postgresql/<version>/bin. */
export function findPgTool(name: 'pg_dump' | 'psql'): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  const base = '/usr/lib/postgresql';
  if (fs.existsSync(base)) {
    const versions = fs
      .readdirSync(base)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions)
      if (fs.existsSync(path.join(base, v, 'bin', name))) return path.join(base, v, 'bin', name);
  }
  return null;
}

/** libpq environment for a postgres:// URL, so no secret appears on a command line. */
export function pgEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGHOST: u.hostname || undefined,
    PGPORT: u.port || undefined,
    PGUSER: decodeURIComponent(u.username) || undefined,
    PGPASSWORD: decodeURIComponent(u.password) || undefined,
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, '')) || undefined,
  };
  const ssl = u.searchParams.get('sslmode');
  if (ssl) env.PGSSLMODE = ssl;
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

function runTool(tool: 'pg_dump' | 'psql', args: string[], url: string, manual: string): void {
  const bin = findPgTool(tool);
  if (!bin) throw new BackupError(`Không tìm thấy ${tool} (cài gói postgresql-client). Có thể chạy tay: ${manual}`);
  const r = spawnSync(bin, args, { env: pgEnv(url), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0)
    throw new BackupError(
      `${tool} báo lỗi (mã ${r.status ?? r.signal}): ${(r.stderr || r.error?.message || '').trim().slice(0, 2000)}`,
    );
}

export function backupPostgres(url: string, outFile: string): { bytes: number } {
  const tmp = `${outFile}.tmp-${process.pid}`;
  fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  try {
    runTool(
      'pg_dump',
      ['--format=plain', '--no-owner', '--no-privileges', '--file', tmp],
      url,
      `pg_dump --format=plain --no-owner --no-privileges "$DATABASE_URL" > ${outFile}`,
    );
    fs.renameSync(tmp, outFile);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return { bytes: fs.statSync(outFile).size };
}

/** Restores plain SQL from pg_dump into an empty database, in one transaction. */
export async function restorePostgres(url: string, fromFile: string): Promise<void> {
  if (!fs.existsSync(fromFile)) throw new BackupError(`Không đọc được tệp ${fromFile}.`);
  const head = fs.readFileSync(fromFile, { encoding: 'utf8' }).slice(0, 4096);
  if (!/PostgreSQL database dump/.test(head))
    throw new BackupError(`${fromFile} không phải tệp SQL do pg_dump tạo ("npm run admin -- backup" trên PostgreSQL).`);
  const { default: postgres } = await import('postgres');
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [r] = await client<
      { n: number }[]
    >`select count(*)::int as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')`;
    if (r!.n > 0) {
      throw new BackupError(
        'Cơ sở dữ liệu đích đã có bảng. Khôi phục cần một cơ sở dữ liệu trống: tạo mới (createdb ten_moi), trỏ DATABASE_URL vào đó rồi chạy lại lệnh.',
      );
    }
  } finally {
    await client.end();
  }
  runTool(
    'psql',
    ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-f', fromFile],
    url,
    `psql -v ON_ERROR_STOP=1 --single-transaction "$DATABASE_URL" -f ${fromFile}`,
  );
  // Newer migrations than the backup's, applied now.
  const store = await openStore({ databaseUrl: url, maxConnections: 1 });
  await store.close();
}
