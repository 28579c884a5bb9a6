/**
 * The first run, as a new office tries it: a fresh data folder, only a platform token, no data
 * file. National content is there (criteria answer), and no message shows an empty name: the bot
 * says in one line that it is not set up yet.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, onPostgres } from './helpers/db.js';
import { createTestApp, TEXT_CAPS, type TestApp } from './helpers/app.js';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram-api.js';
import { holes } from './helpers/holes.js';

const UNSET_VI = 'Lưu ý: trợ lý chưa được thiết lập cho cơ quan, địa phương nào';

describe('a bot with national content and no jurisdiction', () => {
  let app: TestApp;
  afterEach(async () => app?.close());

  it('welcomes and helps everyone with one line saying it is not set up, and no empty names', async () => {
    app = await createTestApp({ seed: null, national: true });
    const chat = app.chat({ stranger: 'first-visitor' }, { channel: 'zalo-bot', caps: TEXT_CAPS });
    const [welcome] = await chat.send('/start');
    expect(welcome).toBe(
      'Chào anh/chị! Tôi là trợ lý thi đua, khen thưởng.\nLưu ý: trợ lý chưa được thiết lập cho cơ quan, địa phương nào nên chưa nhận báo cáo; tiêu chuẩn danh hiệu thi đua, hình thức khen thưởng vẫn tra cứu được bằng /tieuchi.',
    );
    const [help] = await chat.send('/trogiup');
    expect(help!.split('\n').slice(0, 3)).toEqual([
      'Trợ lý thi đua, khen thưởng',
      'Các lệnh anh/chị dùng được:',
      expect.stringContaining(UNSET_VI),
    ]);
    expect(help).toContain('xin mã mời từ cơ quan thường trực thi đua, khen thưởng rồi gửi mã cho tôi.');
    for (const text of [welcome!, help!]) expect(holes(text)).toEqual([]);
    const [en] = await chat.send('/language en');
    expect(en).toBeTruthy();
    const [helpEn] = await chat.send('/help');
    expect(helpEn).toContain('has not been set up for any authority yet');
    expect(holes(helpEn!)).toEqual([]);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe('npm start on a fresh data folder with only a Telegram token', () => {
  let tg: FakeTelegram;
  beforeAll(async () => {
    tg = await startFakeTelegram();
  });
  afterAll(async () => tg?.close());

  it('answers /tieuchi lao dong tien tien with the criteria and welcomes with no empty name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-first-'));
    const db = onPostgres ? await createDatabase(process.env.DATABASE_URL!) : undefined;
    const env: Record<string, string | undefined> = {
      ...process.env,
      DATABASE_URL: db?.url ?? '',
      DATA_DIR: dir,
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      PORT: String(await freePort()),
    };
    delete env.SEED_FILE;
    const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let logs = '';
    child.stderr.on('data', (d) => (logs += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await tg.waitFor(() => tg.callsOf('getUpdates').length > 0, 30_000, 'polling to start');
      tg.pushText(6161, '/start');
      const [welcome] = await tg.waitForSent(6161, 1, 10_000);
      expect(welcome!.text).toContain('Chào anh/chị! Tôi là trợ lý thi đua, khen thưởng.');
      expect(welcome!.text).toContain(UNSET_VI);
      expect(holes(welcome!.text)).toEqual([]);

      tg.pushText(6161, '/tieuchi lao dong tien tien');
      const [, criteria] = await tg.waitForSent(6161, 2, 10_000);
      expect(criteria!.text).toContain('Lao động tiên tiến');
      expect(criteria!.text).toContain('Hoàn thành tốt nhiệm vụ trở lên');
      expect(criteria!.text).toContain('Luật TĐKT 2022, Điều 24 khoản 1');
    } finally {
      child.kill('SIGTERM');
      await exited;
      await db?.drop();
    }
    expect(await exited).toBe(0);
    expect(logs).toContain('"msg":"national content loaded"');
  }, 90_000);
});
