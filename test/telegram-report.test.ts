/**
 * A mid-year report through Telegram for real: grammY long polling against the fake Bot API,
 * inline buttons pressed as callback queries (steps edit the pressed message), a document
 * attached, a 20 MB scan refused, and the office reviewing it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, attachments, submissions } from '../db/schema.js';
import { createTelegramChannel, type TelegramChannel } from '../bot/telegram/index.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram-api.js';

let fake: FakeTelegram;
let app: TestApp;
let tg: TelegramChannel;
const FOCAL = 71001;
const ADMIN = 71002;

beforeAll(async () => {
  fake = await startFakeTelegram();
  app = await createTestApp({ env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot } });
  await app.store.db.insert(accounts).values([
    { personId: await app.personId('focal-a'), channel: 'telegram', externalId: String(FOCAL), chatId: String(FOCAL) },
    { personId: await app.personId('admin1'), channel: 'telegram', externalId: String(ADMIN), chatId: String(ADMIN) },
  ]);
  tg = createTelegramChannel(app, {
    botInfo: fake.botInfo,
    publishCommands: false,
    throttle: { privateChatIntervalMs: 0 },
  });
  await tg.start();
});

afterAll(async () => {
  await tg?.stop();
  await app?.close();
  await fake?.close();
});

/** The chat as the person sees it now (edits applied), last message first. */
const latest = (chat: number) => fake.lastBotMessage(chat)!.text ?? '';

/** Waits for at least one message more than `n`, then until the chat has been quiet a moment. */
async function quiet(chat: number, n: number): Promise<string> {
  await fake.waitForSent(chat, n + 1, 10_000);
  let last = -1;
  while (last !== fake.sentTo(chat).length) {
    last = fake.sentTo(chat).length;
    await new Promise((r) => setTimeout(r, 200));
  }
  return latest(chat);
}

async function say(chat: number, text: string): Promise<string> {
  const n = fake.sentTo(chat).length;
  fake.pushText(chat, text);
  return quiet(chat, n);
}

async function press(chat: number, label: string | RegExp): Promise<string> {
  const n = fake.sentTo(chat).length;
  fake.press(chat, label);
  return quiet(chat, n);
}

describe('a report on Telegram', () => {
  it('is filled with buttons and typed answers, with a file, and submitted', { timeout: 60_000 }, async () => {
    await say(FOCAL, '/baocao');
    expect(await press(FOCAL, /Báo cáo sơ kết 6 tháng/)).toContain('Mục 1/9');
    expect(await say(FOCAL, 'mười')).toContain('❗ Chưa đúng định dạng số');
    await say(FOCAL, '45');
    await say(FOCAL, '90');
    expect(await press(FOCAL, 'Có')).toContain('Mục 4/9');
    await press(FOCAL, 'Khá');
    await say(FOCAL, 'Phong trào thi đua "Dân vận khéo"');
    await say(FOCAL, 'Vượt 3 chỉ tiêu.');
    await say(FOCAL, '15/07/2026');
    expect(await press(FOCAL, 'Bỏ qua')).toContain('Mục 9/9');

    let n = fake.sentTo(FOCAL).length;
    fake.pushDocument(FOCAL, { fileName: 'scan.pdf', mime: 'application/pdf', size: 20 * 1024 * 1024 });
    expect(await quiet(FOCAL, n)).toContain('Tệp quá lớn (20.0 MB); tối đa 10 MB');
    n = fake.sentTo(FOCAL).length;
    fake.pushDocument(FOCAL, {
      fileName: 'bao-cao-ky.pdf',
      mime: 'application/pdf',
      size: 300_000,
      fileId: 'BQACAgIAAxk',
    });
    expect(await quiet(FOCAL, n)).toContain('Đã nhận tệp "bao-cao-ky.pdf" (1/3)');

    const summary = await press(FOCAL, 'Xong');
    expect(summary).toContain('9. Báo cáo có chữ ký, đóng dấu: bao-cao-ky.pdf');
    expect(await press(FOCAL, 'Gửi báo cáo')).toContain('Số tham chiếu: SO-KET-2026/XA-A/1');

    const [att] = await app.store.db.select().from(attachments);
    expect(att).toMatchObject({ channel: 'telegram', fileId: 'BQACAgIAAxk', fileName: 'bao-cao-ky.pdf' });
    // Every callback query was answered (no endless spinner).
    const callbacks = fake.calls.filter((c) => c.method === 'answerCallbackQuery');
    expect(callbacks.length).toBeGreaterThanOrEqual(5);
  });

  it('is reviewed by the office on Telegram, and the returned report reaches the unit', async () => {
    await say(ADMIN, '/duyet so-ket-2026');
    expect(await press(ADMIN, /UBND xã A/)).toContain('Bản nộp lần 1 — số SO-KET-2026/XA-A/1');
    expect(await press(ADMIN, 'Trả lại')).toContain('Nhập ý kiến trả lại');
    expect(await say(ADMIN, 'Bổ sung số sáng kiến.')).toContain('Đã trả lại');
    const [sub] = await app.store.db.select().from(submissions);
    expect(sub).toMatchObject({ status: 'returned', reviewComment: 'Bổ sung số sáng kiến.' });
  });
});
