/**
 * Patches postgres.js 3.4.9 after `npm install` (the `postinstall` script) against its open
 * bug #1066/#1154/#1208: a write scheduled with `setImmediate` runs after the connection
 * closed and throws `TypeError: Cannot read properties of null (reading 'write')` where no
 * try/catch reaches, killing the process when PostgreSQL stops while the bot is busy.
 * No released version fixes it (3.4.9 is the latest); the guard is the one of its open PRs
 * #1168/#1209/#1215, in three small edits:
 *   1. `nextWrite` with no socket rejects the pending queries (CONNECTION_CLOSED) instead of
 *      throwing; returning quietly would leave the caller waiting for ever (PR #1209);
 *   2. `closed()` and `terminate()` forget the cleared write timer and the buffered bytes, so a
 *      reconnected connection does not keep a stale timer that stops every later write;
 *   3. a transaction whose connection closed rejects its further statements instead of running
 *      them on the reconnected session outside any transaction (PR #1215).
 * Trade-off: editing a dependency's files instead of adding patch-package (and its 20
 * packages). Each edit matches the exact 3.4.9 text; another version is left alone with a
 * warning, so an upgrade cannot be half-patched silently. Files are replaced by rename, never
 * written in place (node_modules may be hard links shared with other checkouts).
 * Run: `node scripts/patch-postgres.mjs` (idempotent); `--check` exits 1 when unpatched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.join(root, 'node_modules', 'postgres');
export const MARK = 'thidua-bot patch';
const VERSION = '3.4.9';

export const CONNECTION_EDITS = [
  {
    from: '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    to:
      '  function nextWrite(fn) {\n' +
      `    if (!socket) { // ${MARK}: the connection closed before this write ran (postgres.js #1066, #1154, #1208)\n` +
      '      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n' +
      '      chunk = nextWriteTimer = null\n' +
      "      error(Errors.connection('CONNECTION_CLOSED', options))\n" +
      '      return false\n' +
      '    }\n' +
      '    const x = socket.write(chunk, fn)',
  },
  {
    from: '    clearImmediate(nextWriteTimer)\n    if (socket) {',
    to: `    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null // ${MARK}\n    if (socket) {`,
  },
  {
    from: '    remaining = 0\n    incomings = null\n    clearImmediate(nextWriteTimer)\n',
    to: `    remaining = 0\n    incomings = null\n    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null // ${MARK}\n`,
  },
];

export const INDEX_EDITS = [
  {
    from: '    let savepoints = 0\n      , connection\n      , prepare = null\n',
    to: `    let savepoints = 0\n      , connection\n      , prepare = null\n      , closedWith = null // ${MARK}\n`,
  },
  {
    from: '        new Promise((_, reject) => connection.onclose = reject)',
    to: `        new Promise((_, reject) => connection.onclose = (e) => reject(closedWith = e || Errors.connection('CONNECTION_CLOSED', options))) // ${MARK}`,
  },
  {
    from: '      function handler(q) {\n        q.catch(e => uncaughtError || (uncaughtError = e))\n',
    to:
      '      function handler(q) {\n' +
      '        q.catch(e => uncaughtError || (uncaughtError = e))\n' +
      `        if (closedWith) return q.reject(closedWith) // ${MARK}: never outside the transaction\n`,
  },
];

function patchFile(file, edits) {
  const text = fs.readFileSync(file, 'utf8');
  if (text.includes(MARK)) return 'already';
  let out = text;
  for (const e of edits) {
    const at = out.indexOf(e.from);
    if (at < 0 || out.indexOf(e.from, at + 1) >= 0)
      throw new Error(
        `${path.relative(root, file)}: expected text not found once: ${JSON.stringify(e.from.slice(0, 60))}`,
      );
    out = out.slice(0, at) + e.to + out.slice(at + e.from.length);
  }
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, out);
  fs.renameSync(tmp, file); // a new inode: hard-linked copies elsewhere stay as they were
  return 'patched';
}

function main() {
  const check = process.argv.includes('--check');
  let version;
  try {
    version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  } catch {
    console.warn('patch-postgres: postgres is not installed; nothing to patch');
    return;
  }
  if (version !== VERSION) {
    console.warn(
      `patch-postgres: postgres ${version} installed, the patch is for ${VERSION}; check whether it still needs it (see README, Failure modes)`,
    );
    return;
  }
  const files = [
    [path.join(pkgDir, 'src', 'connection.js'), CONNECTION_EDITS],
    [path.join(pkgDir, 'cjs', 'src', 'connection.js'), CONNECTION_EDITS],
    [path.join(pkgDir, 'src', 'index.js'), INDEX_EDITS],
    [path.join(pkgDir, 'cjs', 'src', 'index.js'), INDEX_EDITS],
  ];
  if (check) {
    const missing = files.filter(([f]) => !fs.readFileSync(f, 'utf8').includes(MARK));
    if (missing.length > 0) {
      console.error(`patch-postgres: not patched: ${missing.map(([f]) => path.relative(root, f)).join(', ')}`);
      process.exit(1);
    }
    return;
  }
  for (const [file, edits] of files) {
    const r = patchFile(file, edits);
    if (r === 'patched') console.log(`patch-postgres: patched ${path.relative(root, file)}`);
  }
}

/** The 3.4.9 text a patched file came from (tests reproduce the crash with it). */
export function unpatch(text, edits) {
  let out = text;
  for (const e of edits) out = out.split(e.to).join(e.from);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
