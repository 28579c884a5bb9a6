/**
 * Runs the benchmarks one after another, each as its own child process (`npx tsx bench/….ts`),
 * with their output passed straight through, then a one-line summary per bench.
 *
 *   npm run bench                                   # PGlite; PostgreSQL too when DATABASE_URL is set
 *   npm run bench -- --pg postgres://postgres@127.0.0.1:5432/test    # sets DATABASE_URL for every bench
 *   npm run bench -- --only reminders,status        # a subset, in the usual order
 *   npm run bench -- --no-pglite                    # forwarded: PostgreSQL only
 *
 * Order: telegram-throughput (when the file exists), reminders, status, jurisdictions (a province
 * of 100 communes next to flat jurisdictions; its --national run is not part of this), import (the real
 * importer as a child process on 10,000 and 100,000 units), startup (real `npm start` child
 * processes next to a bare `tsx -e 0`; see bench/startup.ts), intent (pure CPU, no database). Each bench creates and drops its
 * own PostgreSQL database (import: a fresh PGlite folder too). Benches print figures; they never fail on a timing,
 * only when they crash (then this exits 1 after running the rest).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { argValue, fmt, printHeader, printTable, redactUrl } from './lib.js';

const BENCHES = ['telegram-throughput', 'reminders', 'status', 'jurisdictions', 'import', 'startup', 'intent'] as const;

const argv = process.argv.slice(2);
const pg = argValue(argv, 'pg');
const only = argValue(argv, 'only')
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const forward = argv.includes('--no-pglite') ? ['--no-pglite'] : [];

const unknown = only?.filter((n) => !(BENCHES as readonly string[]).includes(n)) ?? [];
if (unknown.length) {
  console.error(`Unknown bench: ${unknown.join(', ')} (known: ${BENCHES.join(', ')})`);
  process.exit(2);
}

const env: NodeJS.ProcessEnv = { ...process.env };
if (pg) env.DATABASE_URL = pg;

let current: ReturnType<typeof spawn> | undefined;
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    interrupted = true;
    // The child is in our process group and got a terminal's Ctrl-C too; a kill sends it on.
    if (current?.pid && current.exitCode === null) current.kill(sig);
  });
}

function run(file: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    current = spawn('npx', ['tsx', file, ...args], { stdio: 'inherit', env });
    current.on('error', (err) => {
      console.error(`could not start ${file}: ${err.message}`);
      resolve(127);
    });
    current.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

async function main(): Promise<void> {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const steps = BENCHES.filter((n) => !only || only.includes(n)).map((name) => ({
    name,
    file: `bench/${name}.ts`,
    exists: fs.existsSync(`${dir}${name}.ts`),
  }));
  const dbUrl = env.DATABASE_URL;
  printHeader('thidua-bot benchmarks', [
    `database: PGlite in memory${forward.includes('--no-pglite') ? ' (skipped: --no-pglite)' : ''}${dbUrl ? `, then PostgreSQL at ${redactUrl(dbUrl)} (a fresh database per bench, dropped after)` : ' (set DATABASE_URL or --pg for PostgreSQL too)'}`,
    `benches:  ${steps.map((s) => (s.exists ? s.name : `${s.name} (missing, skipped)`)).join(' → ')}`,
  ]);

  const results: Array<{ name: string; command: string; code: number | 'skipped'; seconds: number }> = [];
  for (const step of steps) {
    const command = `npx tsx ${step.file}${forward.length ? ` ${forward.join(' ')}` : ''}`;
    if (!step.exists) {
      results.push({ name: step.name, command, code: 'skipped', seconds: 0 });
      continue;
    }
    if (interrupted) break;
    console.log('');
    console.log(`======== ${step.name}: ${dbUrl ? `DATABASE_URL=${redactUrl(dbUrl)} ` : ''}${command}`);
    console.log('');
    const t0 = performance.now();
    const code = await run(step.file, forward);
    results.push({ name: step.name, command, code, seconds: (performance.now() - t0) / 1000 });
  }
  current = undefined;

  console.log('');
  console.log('======== summary');
  console.log('');
  printTable(
    ['bench', 'command', '>seconds', 'result'],
    results.map((r) => [
      r.name,
      r.command,
      r.code === 'skipped' ? '—' : fmt(r.seconds, 1),
      r.code === 'skipped' ? 'skipped (file missing)' : r.code === 0 ? 'ok' : `failed (exit ${r.code})`,
    ]),
  );
  if (interrupted) {
    console.log('interrupted');
    process.exit(130);
  }
  if (results.some((r) => r.code !== 0 && r.code !== 'skipped')) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
