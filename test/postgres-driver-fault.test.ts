/**
 * Finding 1 of issue 21: postgres.js 3.4.9 killed the process when PostgreSQL stopped while a
 * transaction was busy (`TypeError: Cannot read properties of null (reading 'write')` from a
 * setImmediate). A child process runs a transaction, the test stops its own server mid-query:
 * with the installed (patched) driver the child survives and the pool answers again after a
 * restart; with the driver's original text (rebuilt from the patch) the child dies — so the
 * test shows both the bug and the fix.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { CONNECTION_EDITS, INDEX_EDITS, MARK, unpatch } from '../scripts/patch-postgres.mjs';
import { findPostgresBin, startOwnPostgres, type OwnPostgres } from './helpers/own-postgres.js';

const bin = findPostgresBin();
const skip = 'missing' in bin ? bin.missing : undefined;
if (skip) console.warn(`postgres-driver-fault: skipped: ${skip}`);

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./helpers/pg-midquery-child.mjs', import.meta.url));
const INSTALLED = path.join(ROOT, 'node_modules', 'postgres');

let pg: OwnPostgres;
let original: string;

beforeAll(async () => {
  if (skip || 'missing' in bin) return;
  const server = startOwnPostgres(bin);
  pg = server;
  await server.ready;
  // The driver as npm ships it: a copy of the installed package with the patch taken out.
  original = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-pg-orig-'));
  fs.cpSync(INSTALLED, path.join(original, 'postgres'), { recursive: true });
  for (const [file, edits] of [
    ['src/connection.js', CONNECTION_EDITS],
    ['src/index.js', INDEX_EDITS],
  ] as const) {
    const f = path.join(original, 'postgres', file);
    fs.writeFileSync(f, unpatch(fs.readFileSync(f, 'utf8'), edits));
  }
}, 120_000);

afterAll(() => {
  pg?.destroy();
  if (original) fs.rmSync(original, { recursive: true, force: true });
});

interface ChildRun {
  code: number | null;
  out: string;
  err: string;
}

/** Runs the child against `entry`, stops the server while its query runs, restarts it. */
async function stopMidQuery(entry: string): Promise<ChildRun> {
  const child = spawn(process.execPath, [CHILD, entry, pg.url], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const seen = (word: string) =>
    new Promise<boolean>((resolve) => {
      const check = () => out.includes(word) && resolve(true);
      child.stdout.on('data', (d) => ((out += String(d)), check()));
      void exited.then(() => resolve(out.includes(word)));
      check();
    });
  const running = seen('RUNNING');
  const rejected = seen('REJECTED');
  expect(await running).toBe(true);
  await new Promise((r) => setTimeout(r, 200)); // pg_sleep is on the wire
  pg.stop('immediate');
  const alive = await Promise.race([rejected, exited.then(() => false)]);
  await new Promise((r) => setTimeout(r, 500));
  pg.start();
  if (alive && child.exitCode === null) child.stdin.write('back\n');
  const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 30_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
  return { code, out, err };
}

describe.skipIf(skip !== undefined)('postgres.js when the server stops mid-query', () => {
  it('the installed driver carries the patch', () => {
    for (const f of ['src/connection.js', 'cjs/src/connection.js', 'src/index.js', 'cjs/src/index.js']) {
      expect(fs.readFileSync(path.join(INSTALLED, f), 'utf8')).toContain(MARK);
    }
  });

  it('unpatched, the process dies with the TypeError from nextWrite (the bug is real)', async () => {
    const run = await stopMidQuery(path.join(original, 'postgres', 'src', 'index.js'));
    expect(run.code).not.toBe(0);
    expect(run.err).toMatch(/Cannot read properties of null \(reading 'write'\)/);
    expect(run.err).toContain('nextWrite');
  }, 90_000);

  it('patched, the transaction rejects, the process lives, and the pool reconnects', async () => {
    const run = await stopMidQuery(path.join(INSTALLED, 'src', 'index.js'));
    expect(run.err).not.toMatch(/reading 'write'/);
    expect(run.out).toMatch(/REJECTED (CONNECTION_CLOSED|ECONNRESET|57P01|CONNECTION_DESTROYED)/);
    expect(run.out).toContain('RECOVERED 42');
    expect(run.code).toBe(0);
  }, 90_000);
});
