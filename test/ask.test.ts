/**
 * Plain-language questions through the real engine on the shell channel (numbered choices,
 * no buttons) against the demo district, the second demo file, and the Telegram fake: the
 * answer is the command's own, with its rights, and a choice that runs the command; a pending
 * step keeps its text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { only } from './helpers/db.js';
import { accounts } from '../db/schema.js';
import { translator } from '../handlers/i18n/index.js';
import { formatDateTime } from '../domain/format.js';
import { listDeadlines } from '../db/queries/submissions.js';
import { createTelegramChannel, type TelegramChannel } from '../bot/telegram/index.js';
import { createTestApp, DATA_BINH_LU, DATA_TAM_DUONG, TEXT_CAPS, type TestApp } from './helpers/app.js';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram-api.js';

const t = translator('vi');
const shell = { channel: 'shell' as const, caps: TEXT_CAPS };

describe('questions on the shell (demo district)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ seed: DATA_TAM_DUONG, national: true });
  });
  afterAll(async () => app.close());

  it('a criteria question shows the title and offers /tieuchi as a numbered choice', async () => {
    const chat = app.chat({ stranger: 'guest-1' }, shell);
    const [text] = await chat.send('chien si thi dua co so can nhung gi?');
    expect(text).toContain('🎖 Chiến sĩ thi đua cơ sở');
    expect(text).toContain('Tiêu chuẩn:');
    expect(text).toMatch(/1\. \/tieuchi/);
    // The choice runs the command: a search for the title.
    const [again] = await chat.send('1');
    expect(again).toContain('🎖 Chiến sĩ thi đua cơ sở');
  });

  it('a focal point asking about their own unit gets its submission; about another, nothing', async () => {
    const chat = app.chat('focal-xa-binh-lu', shell);
    const [own] = await chat.send('xã Bình Lư nộp báo cáo sơ kết chưa');
    expect(own).toContain('Báo cáo sơ kết thi đua, khen thưởng 6 tháng đầu năm 2026 — UBND xã Bình Lư');
    expect(own).toContain('/tinhhinh');
    const other = await chat.send('ban bo nop bao cao chua');
    // The refusal, then (numbered choices) the earlier choice that still works; nothing about Bản Bo.
    expect(other).toHaveLength(1);
    expect(other[0]!.startsWith(t('ask.other_unit', { unit: 'UBND xã Bình Lư' }))).toBe(true);
    expect(other[0]).not.toMatch(/Bản Bo|Ban Bo/);
  });

  it('a guest asking about a unit is told it is for invited officials', async () => {
    const chat = app.chat({ stranger: 'guest-2' }, shell);
    expect(await chat.send('xa binh lu nop chua')).toEqual([t('auth.unknown_account')]);
  });

  it('the office: who is missing, a deadline, my tasks', async () => {
    const chat = app.chat('demo-admin', shell);
    const [missing] = await chat.send('đơn vị nào chưa nộp báo cáo tổng kết');
    expect(missing).toMatch(/"Báo cáo tổng kết thi đua, khen thưởng năm 2026": \d+\/\d+ đơn vị chưa nộp/);
    const deadline = await chat.send('han tong ket la bao gio');
    expect(deadline[0]).toContain('🗓 Báo cáo tổng kết thi đua, khen thưởng năm 2026: Hạn: 17:00 25/12/2026');
    expect(deadline.at(-1)).toContain('/hanchot');
    const [tasks] = await chat.send('toi con viec gi');
    expect(tasks).toContain('📊 Tình hình chung');
  });

  it('a how-to question explains and offers the command to those who may use it', async () => {
    const focal = app.chat('focal-xa-ban-bo', shell);
    const [text] = await focal.send('làm sao để đăng ký thi đua');
    expect(text).toContain(t('ask.howto.register'));
    expect(text).toMatch(/1\. \/dangky/);
    const guest = app.chat({ stranger: 'guest-3' }, shell);
    const [g] = await guest.send('lam sao de dang ky thi dua');
    expect(g).toContain(t('ask.needs_role'));
    expect(g).not.toMatch(/\/dangky —/);
  });

  it('an unplaceable question: the polite answer and at most two guesses', async () => {
    const chat = app.chat({ stranger: 'guest-4' }, shell);
    const [text] = await chat.send('thời tiết hôm nay thế nào');
    expect(text!.startsWith(t('common.not_understood'))).toBe(true);
    expect(text).toMatch(/1\. \/\w+/);
    expect(text).not.toMatch(/\n3\. /);
  });

  it('bad input says what was understood: two units, an unknown unit, emoji, another script, long text', async () => {
    const chat = app.chat('demo-admin', shell);
    const [two] = await chat.send('xã Bình Lư và xã Bản Bo nộp báo cáo chưa');
    expect(two).toContain(t('ask.two_units'));
    expect(two).toMatch(/1\. UBND xã (Bình Lư|Bản Bo)\n2\. UBND xã (Bình Lư|Bản Bo)/);
    const [picked] = await chat.send('1');
    expect(picked).toMatch(/📌 Tình hình của UBND xã (Bình Lư|Bản Bo)/);
    const [unknown] = await chat.send('xã Phong Thổ nộp báo cáo chưa');
    expect(unknown).toContain('không tìm thấy đơn vị "Phong Thổ"');
    expect(await chat.send('😀😀😀')).toEqual([expect.stringContaining(t('ask.no_words'))]);
    expect(await chat.send('这是什么意思')).toEqual([expect.stringContaining(t('ask.foreign'))]);
    const [long] = await chat.send(`hạn tổng kết là bao giờ ${'và còn nữa '.repeat(60)}`);
    expect(long).toContain(t('ask.too_long', { max: 300 }));
    expect(long).toContain(t('ask.intent.deadline'));
    expect(long).not.toMatch(/\n3\. /);
  });

  it('a pending step keeps its text: after /tieuchi the question is a search, not a status', async () => {
    const chat = app.chat('demo-admin', shell);
    await chat.send('/tieuchi');
    const [text] = await chat.send('đơn vị nào chưa nộp');
    expect(text).not.toMatch(/đơn vị chưa nộp\./);
    expect(text).not.toContain('Chọn đợt');
  });

  it('/tieuchi finds a title by a synonym of the data file', async () => {
    const chat = app.chat({ stranger: 'guest-6' }, shell);
    const [text] = await chat.send('/tieuchi LĐTT');
    expect(text).toContain('🎖 Lao động tiên tiến');
  });

  it('an invite code still goes to the invite, not the matcher', async () => {
    const chat = app.chat({ stranger: 'guest-5' }, shell);
    const [text] = await chat.send('ABCD-EFGH');
    expect(text).not.toBe(t('common.not_understood'));
  });
});

describe('questions about the second demo file’s own units', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ seed: DATA_BINH_LU, national: true });
  });
  afterAll(async () => app.close());

  it('names from the commune’s data: its units, titles and deadlines', async () => {
    const chat = app.chat('demo-admin', shell);
    const [unit] = await chat.send('Trạm Y tế nộp báo cáo chưa');
    expect(unit).toContain('📌 Tình hình của Trạm Y tế xã Bình Lư');
    const [gk] = await chat.send('GK xã cần những gì');
    expect(gk).toContain('Giấy khen của Chủ tịch UBND cấp xã');
    const [due] = await chat.send('hạn tổng kết là bao giờ');
    // The demo's calendar is placed around today (db/demo-calendar.ts): compare with the store.
    const yearEnd = (await listDeadlines(await only(app.store.db))).find((d) => d.kind === 'yearend_review')!;
    expect(due).toContain(`${yearEnd.title}: Hạn: ${formatDateTime(yearEnd.dueAt, app.config.timezone)}`);
  });
});

describe('a question through Telegram', () => {
  let fake: FakeTelegram;
  let app: TestApp;
  let tg: TelegramChannel;
  const FOCAL = 72001;
  beforeAll(async () => {
    fake = await startFakeTelegram();
    app = await createTestApp({
      seed: DATA_TAM_DUONG,
      env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot },
    });
    await app.store.db.insert(accounts).values({
      personId: await app.personId('focal-xa-binh-lu'),
      channel: 'telegram',
      externalId: String(FOCAL),
      chatId: String(FOCAL),
    });
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

  it('answers with the unit status and an inline button that runs /tinhhinh', async () => {
    fake.pushText(FOCAL, 'binh lu da nop bao cao chua');
    await fake.waitForSent(FOCAL, 1, 10_000);
    const msg = fake.lastBotMessage(FOCAL)!;
    expect(msg.text).toContain('📌 Tình hình của UBND xã Bình Lư');
    const n = fake.sentTo(FOCAL).length;
    fake.press(FOCAL, /\/tinhhinh/);
    await fake.waitForSent(FOCAL, n + 1, 10_000);
    expect(fake.lastBotMessage(FOCAL)!.text).toContain('📌 Tình hình của UBND xã Bình Lư');
  });
});
