/**
 * Import at scale: a generated data file of N units (and one focal person per unit) loaded by
 * the real importer, `node --import tsx bot/admin-cli.ts import <file>`, as a child process
 * (one process, no launcher in between), on a fresh PostgreSQL database and on a fresh PGlite
 * folder. Each size runs three imports: the first (everything inserted), the same file again
 * (nothing changes) and a file with every 10th unit renamed (changed rows updated and audited).
 * Wall time and peak RSS (`/usr/bin/time -f %M`, the kernel's maximum resident set) per run,
 * after a `start-up only` run (`admin-cli units` on the empty database: tsx, migrations) that
 * shows how much of each figure is the process starting rather than the import.
 *
 *   npx tsx bench/import.ts                            # PGlite (and PostgreSQL if DATABASE_URL is set)
 *   npx tsx bench/import.ts --pg postgres://postgres@127.0.0.1:5432/postgres
 *   options: --sizes 10000,100000 --no-pglite --no-pg --no-people
 *
 * Target (issue 21): 100,000 units in under 60 s and under 500 MB RSS on PostgreSQL.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { argValue, createDatabase, fmt, printHeader, printTable, redactUrl } from './lib.js';
import { writeDataFile } from './import-data.js';

const argv = process.argv.slice(2);
const sizes = (argValue(argv, 'sizes') ?? '10000,100000').split(',').map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n < 1))
  throw new Error('--sizes must be positive integers, e.g. 10000,100000');
const pgUrl = argValue(argv, 'pg') ?? process.env.DATABASE_URL;
const withPeople = !argv.includes('--no-people');
const backends = [
  ...(argv.includes('--no-pglite') ? [] : ['pglite' as const]),
  ...(pgUrl && !argv.includes('--no-pg') ? ['postgres' as const] : []),
];
const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const TIME = '/usr/bin/time';

interface Run {
  seconds: number;
  peakMb: number | null;
  summary: string;
  code: number;
}

/** Runs the importer as one child process; peak RSS from /usr/bin/time, or VmHWM polled from /proc. */
function importOnce(file: string | undefined, env: NodeJS.ProcessEnv): Promise<Run> {
  // Without a file: `admin-cli units` on the empty database, the start-up floor (tsx, migrations).
  const command = file ? ['import', file] : ['units'];
  const node = [process.execPath, '--import', 'tsx', path.join(root, 'bot/admin-cli.ts'), ...command];
  const useTime = fs.existsSync(TIME);
  const [cmd, ...args] = useTime ? [TIME, '-f', '@@peak %M', ...node] : node;
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd!, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let hwm = 0;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const poll = useTime
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) hwm = Math.max(hwm, Number(m[1]));
          } catch {
            /* exited */
          }
        }, 50);
    child.on('exit', (code) => {
      if (poll) clearInterval(poll);
      const seconds = (performance.now() - t0) / 1000;
      const peak = /@@peak (\d+)/.exec(err);
      const kb = peak ? Number(peak[1]) : hwm;
      const summary = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) process.stderr.write(err.replace(/@@peak \d+\n?/, ''));
      const said = file ? summary.replace(/^Đã nạp \S+: /, '') : '(admin units on the empty database)';
      resolve({
        seconds,
        peakMb: kb ? kb / 1024 : null,
        summary: code === 0 ? said : `failed (exit ${code})`,
        code: code ?? 1,
      });
    });
  });
}

async function main(): Promise<void> {
  printHeader('Import at scale (bench/import.ts)', [
    `load:     ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (1, 5, 15 min; the machine is shared)`,
    `backends: ${backends.join(', ') || 'none'}${pgUrl ? ` (PostgreSQL at ${redactUrl(pgUrl)}, a fresh database per size)` : ''}`,
    `data:     N units${withPeople ? ' + N people (one focal point each)' : ''}, one-line flow items; runs: first import, same file again, every 10th unit renamed`,
    `target:   100,000 units under 60 s and under 500 MB peak RSS on PostgreSQL`,
  ]);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-import-bench-'));
  const rows: string[][] = [];
  let failed = false;
  try {
    for (const n of sizes) {
      const file = path.join(tmp, `units-${n}.yaml`);
      const changed = path.join(tmp, `units-${n}-changed.yaml`);
      const bytes = writeDataFile(file, n, { people: withPeople });
      writeDataFile(changed, n, { people: withPeople, variant: 1 });
      for (const backend of backends) {
        const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
        let drop: (() => Promise<void>) | undefined;
        if (backend === 'postgres') {
          const db = await createDatabase(pgUrl!);
          env.DATABASE_URL = db.url;
          drop = db.drop;
        } else {
          delete env.DATABASE_URL;
          env.DATA_DIR = fs.mkdtempSync(path.join(tmp, 'pglite-'));
        }
        try {
          for (const [label, f] of [
            ['start-up only', undefined],
            ['first', file],
            ['again', file],
            ['10% changed', changed],
          ] as const) {
            const r = await importOnce(f, env);
            failed ||= r.code !== 0;
            rows.push([
              backend,
              n.toLocaleString('en'),
              fmt(bytes / 1024 / 1024, 1),
              label,
              fmt(r.seconds, 1),
              r.peakMb === null ? '?' : fmt(r.peakMb, 0),
              r.summary,
            ]);
            console.log(
              `${backend} N=${n} ${label}: ${fmt(r.seconds, 1)} s, peak ${r.peakMb === null ? '?' : fmt(r.peakMb, 0)} MB — ${r.summary}`,
            );
            if (r.code !== 0) break;
          }
        } finally {
          await drop?.();
          if (env.DATA_DIR) fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
        }
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log('');
  printTable(['backend', '>units', '>file MB', 'run', '>wall s', '>peak RSS MB', 'importer says'], rows);
  if (failed) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
