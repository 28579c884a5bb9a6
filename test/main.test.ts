/**
 * `npm start` with a platform token, as deployed: the real entry point in its own process,
 * polling the fake Bot API, answering, serving /healthz, and stopping cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from './helpers/db.js';
import { FIXTURE_MINI } from './helpers/app.js';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram-api.js';

let tg: FakeTelegram;
beforeAll(async () => {
  tg = await startFakeTelegram();
});
afterAll(async () => tg?.close());

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(onPostgres)('the bot process', () => {
  it('polls Telegram, answers, reports health, and exits 0 on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-main-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: '',
        DATA_DIR: dir,
        SEED_FILE: FIXTURE_MINI,
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.apiRoot,
        PORT: String(port),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stderr.on('data', (d) => (logs += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

    await tg.waitFor(() => tg.callsOf('getUpdates').length > 0, 30_000, 'polling to start');
    tg.pushText(5151, '/trogiup');
    const [reply] = await tg.waitForSent(5151, 1, 10_000);
    expect(reply!.text).toContain('Trợ lý thi đua, khen thưởng — Ủy ban nhân dân huyện Mẫu');

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, store: 'up' });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(logs).toContain('"msg":"thidua-bot started"');
    expect(logs).toContain('"msg":"shutting down"');
    // The data folder was released: a new process could open it at once.
    expect(fs.existsSync(path.join(dir, 'pglite', '.thidua-bot.lock'))).toBe(false);
  }, 60_000);
});
