/**
 * A pre-initialised, migrated PGlite data folder, built once and copied into every fresh
 * `DATA_DIR/pglite`, so a first start skips PGlite's initdb (3 s and ~500 MB of WebAssembly
 * memory on a 2-core machine) and the full migration run.
 *
 * Trade-off: a plain folder copy (native file copies, ~40 MB, ~0.1 s) rather than PGlite's
 * own `loadDataDir` tarball, which untars in JavaScript into memory first (1.2 s, +150 MB
 * peak). The template lives in `node_modules/.cache/thidua-bot/` keyed by the PGlite version
 * and the migration files, so a new migration or PGlite upgrade builds a new one; it is built
 * by `npm install` (postinstall → scripts/build.mjs) or, failing that, at the first start
 * that needs it. The copy is crash-safe: `PG_VERSION` is copied last and a folder without it
 * is treated as fresh and copied again.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The lock file db/folder-lock.ts keeps inside the data folder; never copied or removed. */
const LOCK_FILE = '.thidua-bot.lock';
const MARKER = 'PG_VERSION';

/** PostgreSQL settings PGlite writes into postgresql.conf at every start (see README "Dependencies"). */
export const PGLITE_CONF = [
  // PGlite's default is 128 MB, all of it inside the WebAssembly heap and touched at start:
  // 16 MB cuts ~125 MB of RSS; the data of a province fits and the OS caches the files anyway.
  'shared_buffers = 16MB',
].join('\n');

function repoRoot(): string {
  // db/ in the sources, dist/db/ when compiled: the root is the nearest folder with package.json.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** Where the template for the current PGlite version and migrations lives. */
export function templateDir(migrationsDir: string): string {
  const hash = crypto.createHash('sha256');
  const require = createRequire(import.meta.url);
  const pkg = JSON.parse(
    fs.readFileSync(path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json'), 'utf8'),
  ) as { version: string };
  hash.update(pkg.version);
  hash.update(PGLITE_CONF);
  for (const f of fs.readdirSync(migrationsDir).sort()) {
    if (f.endsWith('.sql')) hash.update(f).update(fs.readFileSync(path.join(migrationsDir, f)));
  }
  const base = path.join(repoRoot(), 'node_modules', '.cache', 'thidua-bot');
  return path.join(base, `pglite-${hash.digest('hex').slice(0, 16)}`);
}

/** True when `dir` holds an initialised PostgreSQL data folder. */
export function isInitialised(dir: string): boolean {
  return fs.existsSync(path.join(dir, MARKER));
}

/**
 * Builds the template with `build` (which must leave a closed, migrated PGlite folder at the
 * path it is given) unless it exists. Built beside, then renamed: a half-built template is
 * never seen, and two processes building at once both succeed.
 */
export async function ensureTemplate(dir: string, build: (tmpDir: string) => Promise<void>): Promise<string> {
  if (isInitialised(dir)) return dir;
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  fs.mkdirSync(tmp, { recursive: true });
  try {
    await build(tmp);
    fs.rmSync(path.join(tmp, LOCK_FILE), { force: true });
    try {
      fs.renameSync(tmp, dir);
    } catch (err) {
      if (!isInitialised(dir)) throw err; // someone else won the race: theirs is as good
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  // Templates of earlier migrations or PGlite versions are never used again (40 MB each).
  const base = path.dirname(dir);
  for (const e of fs.readdirSync(base)) {
    if (/^pglite-[0-9a-f]{16}$/.test(e) && path.join(base, e) !== dir)
      fs.rmSync(path.join(base, e), { recursive: true, force: true });
  }
  return dir;
}

/**
 * Fills an uninitialised data folder from the template. Anything left by an interrupted copy
 * is removed first (the lock file stays: the caller holds it); `PG_VERSION` comes last.
 */
export function restoreTemplate(template: string, dataDir: string): void {
  for (const entry of fs.readdirSync(dataDir)) {
    if (entry !== LOCK_FILE) fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
  }
  const entries = fs.readdirSync(template).filter((e) => e !== LOCK_FILE && e !== MARKER);
  for (const entry of entries) fs.cpSync(path.join(template, entry), path.join(dataDir, entry), { recursive: true });
  const marker = path.join(dataDir, MARKER);
  fs.copyFileSync(path.join(template, MARKER), `${marker}.tmp`);
  fs.renameSync(`${marker}.tmp`, marker);
}
