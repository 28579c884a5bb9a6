/**
 * Compiles the bot to JavaScript in dist/ and builds the migrated PGlite template, so
 * `npm start` runs plain `node dist/bot/main.js`: one process (no tsx launcher whose death
 * would orphan the real one), no TypeScript loader in memory (~70 MB and ~0.3 s at every start).
 *
 *   node scripts/build.mjs             # compile (when a source is newer) and build the template
 *   node scripts/build.mjs --if-stale  # compile only when a source is newer (npm's prestart)
 *
 * Trade-off: esbuild (already installed for tsx) transpiles file by file, keeping the folder
 * layout, in ~0.2 s; it does not type-check (that is `npm run typecheck`). Paths the code
 * resolves next to itself (db/migrations, data/) are symlinked into dist/. Plain .mjs so it
 * runs before anything is compiled.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const SOURCE_DIRS = ['bot', 'domain', 'handlers', 'db', 'jobs'];
/** Folders read at run time relative to a module: linked, not copied. */
const LINKS = [
  ['db/migrations', 'dist/db/migrations'],
  ['data', 'dist/data'],
];
const STAMP = path.join(dist, '.build-stamp');

function sources() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'migrations') walk(p);
      } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const d of SOURCE_DIRS) walk(path.join(root, d));
  return out.sort();
}

/** Stale when a source is newer than the last build, or the set of sources changed. */
function isStale(files) {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(STAMP, 'utf8'));
  } catch {
    return true;
  }
  if (stamp.files.length !== files.length || stamp.files.some((f, i) => f !== path.relative(root, files[i])))
    return true;
  return files.some((f) => fs.statSync(f).mtimeMs > stamp.builtAt);
}

function removeOrphans(dir, wanted) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isSymbolicLink()) continue;
    if (e.isDirectory()) removeOrphans(p, wanted);
    else if (p.endsWith('.js') && !wanted.has(p)) fs.rmSync(p);
  }
}

async function compile(files) {
  const esbuild = await import('esbuild');
  const builtAt = Date.now();
  // Overwrite in place (a running bot may still import a lazy module from dist/), then drop
  // the output of sources that are gone.
  const wanted = new Set(files.map((f) => path.join(dist, path.relative(root, f)).replace(/\.ts$/, '.js')));
  for (const d of SOURCE_DIRS) removeOrphans(path.join(dist, d), wanted);
  await esbuild.build({
    entryPoints: files,
    outdir: dist,
    outbase: root,
    bundle: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
  for (const [from, to] of LINKS) {
    const target = path.relative(path.dirname(path.join(root, to)), path.join(root, from));
    fs.mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
    fs.rmSync(path.join(root, to), { recursive: true, force: true });
    fs.symlinkSync(target, path.join(root, to), 'dir');
  }
  fs.writeFileSync(STAMP, JSON.stringify({ builtAt, files: files.map((f) => path.relative(root, f)) }));
}

const ifStale = process.argv.includes('--if-stale');
const files = sources();
if (isStale(files)) {
  await compile(files);
  if (!ifStale) console.log(`compiled ${files.length} files to dist/`);
}
if (!ifStale) {
  const { ensurePgliteTemplate } = await import(pathToFileURL(path.join(dist, 'db', 'store.js')).href);
  const dir = await ensurePgliteTemplate();
  console.log(`PGlite template ready: ${path.relative(root, dir)}`);
}
