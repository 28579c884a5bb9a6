/**
 * `npm start` as deployed, against a PostgreSQL server of the test's own (findings 1 and 3 of
 * issue 21 at the process level): started while the database is down it waits, logging each
 * attempt, and comes up when the database does (it used to exit at once); the database then
 * crashes while the bot is busy (the scheduler and the outbox work at start-up) and messages
 * keep coming; the process stays alive, answers every message once when the database is back,
 * and still exits 0 on SIGTERM. Skips with the reason when the server binaries are absent.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_MINI } from './helpers/app.js';
import { findPostgresBin, freePort, startOwnPostgres, type OwnPostgres } from './helpers/own-postgres.js';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram-api.js';

const bin = findPostgresBin();
const skip = 'missing' in bin ? bin.missing : undefined;
if (skip) console.warn(`outage-process test: skipped: ${skip}`);

let pg: OwnPostgres;
let tg: FakeTelegram;
let dir: string;

beforeAll(async () => {
  if ('missing' in bin) return;
  const server = startOwnPostgres(bin);
  pg = server;
  await server.ready;
  pg.stop('fast'); // the bot starts while its database is down
  tg = await startFakeTelegram();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-outage-proc-'));
}, 120_000);

afterAll(async () => {
  await tg?.close();
  pg?.destroy();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(skip !== undefined)('the bot process through database outages', () => {
  it('waits for the database at start-up, survives a crash of it under load, loses no message', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: pg.url,
        DATA_DIR: dir,
        SEED_FILE: FIXTURE_MINI,
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.apiRoot,
        PORT: String(port),
        LOG_LEVEL: 'info',
        DATABASE_WAIT_SECONDS: '120',
        DATABASE_CONNECT_TIMEOUT_SECONDS: '2',
        UPDATE_DEADLINE_SECONDS: '3',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stderr.on('data', (d) => (logs += d));
    let exitCode: number | null | undefined;
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve((exitCode = code))));
    try {
      // Down at start-up: it waits and says so, instead of "Start-up failed".
      await until(
        () => (logs.match(/database not reachable; waiting/g) ?? []).length >= 2,
        30_000,
        'two logged attempts',
      );
      expect(exitCode).toBeUndefined();
      pg.start();
      await until(() => tg.callsOf('getUpdates').length > 0, 60_000, 'polling to start');
      expect(logs).toContain('"msg":"database reachable; starting"');

      // The first tick of the scheduler runs right after start: crash the database under it.
      tg.pushText(8101, '/c1');
      pg.stop('immediate');
      for (let n = 2; n <= 6; n++) {
        tg.pushText(8101, `/c${n}`);
        tg.pushText(8102, `/c${n}`);
        await new Promise((r) => setTimeout(r, 300));
      }
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(503);
      expect(exitCode).toBeUndefined();
      pg.start();

      const answered = (chat: number) =>
        tg
          .textsTo(chat)
          .map((t) => /không có lệnh \/c(\d+)/.exec(t)?.[1])
          .filter((x): x is string => x !== undefined)
          .map(Number);
      await until(() => answered(8101).length >= 6 && answered(8102).length >= 5, 60_000, 'every message answered');
      expect(answered(8101)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(answered(8102)).toEqual([2, 3, 4, 5, 6]);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect(exitCode).toBeUndefined();
      expect(logs).not.toMatch(/reading 'write'/);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (exitCode === undefined) child.kill('SIGKILL');
      if (process.env.KEEP_OUTAGE_LOGS) fs.writeFileSync(path.join(os.tmpdir(), 'thidua-outage-proc.log'), logs);
    }
  }, 240_000);
});

async function until(pred: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
