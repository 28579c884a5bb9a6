/**
 * The Telegram channel end to end: grammY long polling (runner) against the fake Bot API,
 * the real flow engine and a real test database. Each test uses its own chat ids, so the
 * per-chat throttle (1 message/s) and conversation state never leak between tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { only } from './helpers/db.js';
import { and, eq } from 'drizzle-orm';
import { createEngine } from '../handlers/engine/index.js';
import { CANCEL_FLOW, FALLBACK_FLOW, FLOWS } from '../handlers/flows/index.js';
import type { Flow } from '../handlers/flow.js';
import { createInvite, formatCode } from '../handlers/services/invites.js';
import { loadConversation } from '../db/queries/conversation.js';
import { accounts, units } from '../db/schema.js';
import { createTelegramChannel, type TelegramChannel } from '../bot/telegram/index.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { FAKE_BOT_USERNAME, startFakeTelegram, type FakeTelegram } from './fakes/telegram-api.js';

let fake: FakeTelegram;
let app: TestApp;
let tg: TelegramChannel;

beforeAll(async () => {
  fake = await startFakeTelegram();
  app = await createTestApp({ env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot } });
  tg = createTelegramChannel(app, { botInfo: fake.botInfo });
  await tg.start();
});

afterAll(async () => {
  await tg?.stop();
  await app?.close();
  await fake?.close();
});

/** Pushes a marker command and waits for its answer: everything before it in that chat is done. */
async function settle(chatId: number, opts: Parameters<FakeTelegram['pushText']>[2] = {}): Promise<void> {
  const before = fake.sentTo(chatId).length;
  fake.pushText(chatId, '/huy', opts);
  await fake.waitForSent(chatId, before + 1);
}

async function unitId(code: string): Promise<number> {
  const [u] = await app.store.db.select({ id: units.id }).from(units).where(eq(units.code, code));
  return u!.id;
}

describe('start-up', () => {
  it('deletes any webhook before polling and publishes Vietnamese and English command menus', async () => {
    await fake.waitFor(() => fake.callsOf('getUpdates').length > 0);
    const first = fake.calls.findIndex((c) => c.method === 'getUpdates');
    const del = fake.calls.findIndex((c) => c.method === 'deleteWebhook');
    expect(del).toBeGreaterThanOrEqual(0);
    expect(del).toBeLessThan(first);
    expect(fake.callsOf('getMe')).toHaveLength(0); // botInfo given

    const vi = await fake.waitFor(() => fake.commands(), 5000, 'Vietnamese menu');
    const en = await fake.waitFor(() => fake.commands('en'), 5000, 'English menu');
    const names = vi.map((c) => c.command);
    expect(names).toEqual(expect.arrayContaining(['trogiup', 'tieuchi', 'huy']));
    expect(names).not.toContain('batdau'); // hidden: reached through deep links
    expect(vi.find((c) => c.command === 'tieuchi')!.description).toMatch(/tra cứu tiêu chuẩn/);
    expect(en.map((c) => c.command)).toEqual(expect.arrayContaining(['help', 'criteria', 'cancel']));
    for (const c of [...vi, ...en]) expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
  });

  it('offers deep links to the private chat and to invite redemption', () => {
    expect(tg.caps).toEqual({
      buttons: true,
      maxButtons: 100,
      editMessages: true,
      documents: true,
      maxTextLength: 4096,
      privateChatLink: `https://t.me/${FAKE_BOT_USERNAME}`,
      inviteLinkTemplate: `https://t.me/${FAKE_BOT_USERNAME}?start={code}`,
    });
  });
});

describe('joining with /start <code>', () => {
  it('welcomes a valid code, refuses it the second time, and refuses an unknown code', async () => {
    const xaA = await unitId('xa-a');
    const { code } = await app.store.tx(async (tx) =>
      createInvite(
        await only(tx),
        { kind: 'system', name: 'test' },
        { unitId: xaA, role: 'focal', fullName: 'Nguyễn Thị Mới', ttlDays: 7, now: app.clock.now() },
      ),
    );

    // The deep link t.me/<bot>?start=<code> arrives as "/start <code>".
    fake.pushText(2001, `/start ${code}`, { from: { id: 2001, first_name: 'Mới', last_name: 'Nguyễn Thị' } });
    const [welcome] = await fake.waitForSent(2001, 1);
    expect(welcome!.text).toContain('Chào mừng Nguyễn Thị Mới');
    expect(welcome!.text).toContain('UBND xã A');
    const linked = await app.store.db
      .select()
      .from(accounts)
      .where(and(eq(accounts.channel, 'telegram'), eq(accounts.externalId, '2001')));
    expect(linked).toHaveLength(1);
    expect(linked[0]!.chatId).toBe('2001');

    fake.pushText(2002, `/start ${formatCode(code)}`);
    const [used] = await fake.waitForSent(2002, 1);
    expect(used!.text).toContain('Mã mời này đã được dùng');

    fake.pushText(2003, '/start ZZZZZ-ZZZZZ');
    const [unknown] = await fake.waitForSent(2003, 1);
    expect(unknown!.text).toContain('Mã mời không đúng');
    for (const id of [2001, 2002, 2003]) expect(fake.sentTo(id)).toHaveLength(1);
  });
});

describe('conversation', () => {
  it('/help answers in Vietnamese with the command list', async () => {
    fake.pushText(3001, '/help');
    const [help] = await fake.waitForSent(3001, 1);
    expect(help!.text).toContain('Các lệnh anh/chị dùng được');
    expect(help!.text).toContain('/tieuchi (/criteria)');
    expect(help!.call.payload.parse_mode).toBeUndefined();
  });

  it('criteria look-up with button presses edits the menu in place and answers every press', async () => {
    const chat = 3002;
    fake.pushText(chat, '/tieuchi');
    const [menu] = await fake.waitForSent(chat, 1);
    expect(menu!.text).toContain('Tra cứu thi đua, khen thưởng');
    expect(menu!.buttons.flat().map((b) => b.text)).toContain('Danh hiệu thi đua');

    const press1 = fake.press(chat, 'Danh hiệu thi đua');
    const list = await fake.waitFor(
      () => fake.sentTo(chat).find((s) => s.method === 'editMessageText' && s.text.includes('trang 1/')),
      5000,
      'title list',
    );
    expect(list.messageId).toBe(menu!.messageId);

    const press2 = fake.press(chat, /^Lao động tiên tiến$/);
    const title = await fake.waitFor(
      () =>
        fake
          .sentTo(chat)
          .find((s) => s.method === 'editMessageText' && s.text.includes('Hoàn thành tốt nhiệm vụ trở lên')),
      5000,
      'criteria of Lao động tiên tiến',
    );
    expect(title.text).toContain('🎖 Lao động tiên tiến');
    expect(title.buttons.flat().map((b) => b.text)).toContain('« Danh sách');

    // What the person sees: still one bot message, now showing the criteria.
    const view = fake.chatView(chat).filter((m) => m.fromBot);
    expect(view).toHaveLength(1);
    expect(view[0]!.text).toContain('Hoàn thành tốt nhiệm vụ trở lên');
    expect(view[0]!.edits).toBe(2);

    const answered = await fake.waitFor(() => {
      const ids = fake
        .callsOf('answerCallbackQuery')
        .filter((c) => c.outcome === 'ok')
        .map((c) => c.payload.callback_query_id);
      return ids.includes(press1.callback_query!.id) && ids.includes(press2.callback_query!.id) ? ids : undefined;
    });
    expect(answered.length).toBeGreaterThanOrEqual(2);
  });

  it('/huy leaves the current flow', async () => {
    const chat = 3003;
    fake.pushText(chat, '/tieuchi');
    await fake.waitForSent(chat, 1);
    fake.pushText(chat, '/huy');
    const sent = await fake.waitForSent(chat, 2);
    expect(sent[1]!.text).toContain('Đã thoát');
    const row = await loadConversation(app.store.db, {
      channel: 'telegram',
      chatId: String(chat),
      accountId: String(chat),
    });
    expect(row?.flow ?? null).toBeNull();
  });

  it('a forged callback_data gets a polite answer, changes nothing and is still answered', async () => {
    const chat = 3004;
    fake.pushText(chat, '/tieuchi');
    const [menu] = await fake.waitForSent(chat, 1);
    const before = await loadConversation(app.store.db, {
      channel: 'telegram',
      chatId: String(chat),
      accountId: String(chat),
    });

    const forged = fake.pushCallback(chat, '{"f":"people","op":"delete","id":1}', menu!.messageId);
    const [, reply] = await fake.waitForSent(chat, 2);
    expect(reply!.method).toBe('sendMessage');
    expect(reply!.text).toContain('Nút này đã cũ hoặc không còn hiệu lực');
    expect(fake.sentTo(chat).filter((s) => s.method === 'editMessageText')).toHaveLength(0);
    expect(fake.lastBotMessage(chat)!.messageId).toBe(reply!.messageId);
    expect(fake.chatView(chat).find((m) => m.messageId === menu!.messageId)!.text).toBe(menu!.text);

    const after = await loadConversation(app.store.db, {
      channel: 'telegram',
      chatId: String(chat),
      accountId: String(chat),
    });
    expect({ flow: after?.flow, step: after?.step }).toEqual({ flow: before?.flow, step: before?.step });
    await fake.waitFor(() =>
      fake
        .callsOf('answerCallbackQuery')
        .find((c) => c.payload.callback_query_id === forged.callback_query!.id && c.outcome === 'ok'),
    );
  });

  it('the same update delivered twice is processed once', async () => {
    const chat = 3005;
    const update = fake.pushText(chat, '/help');
    fake.pushUpdate(update); // redelivery, same update_id
    await fake.waitForSent(chat, 1);
    await settle(chat);
    // Both copies really reached the bot (in one getUpdates answer).
    const copies = fake
      .callsOf('getUpdates')
      .map(
        (c) =>
          ((c.result ?? []) as Array<{ update_id: number }>).filter((u) => u.update_id === update.update_id).length,
      );
    expect(Math.max(...copies)).toBe(2);
    const texts = fake.textsTo(chat);
    expect(texts.filter((t) => t.includes('Các lệnh anh/chị dùng được'))).toHaveLength(1);
    expect(texts).toHaveLength(2); // the help and the marker's answer
  });

  it('a repeated button press is answered again but acts once', async () => {
    const chat = 3006;
    fake.pushText(chat, '/tieuchi');
    await fake.waitForSent(chat, 1);
    const press = fake.press(chat, 'Danh hiệu thi đua');
    fake.pushUpdate(press);
    await fake.waitForSent(chat, 2);
    await settle(chat);
    expect(fake.sentTo(chat).filter((s) => s.method === 'editMessageText')).toHaveLength(1);
    const answers = fake
      .callsOf('answerCallbackQuery')
      .filter((c) => c.payload.callback_query_id === press.callback_query!.id);
    expect(answers).toHaveLength(2); // Telegram refuses the second answer; we still tried
  });

  it('documents and photos reach the engine as files', async () => {
    fake.pushDocument(3007, { fileName: 'bao-cao-quy-3.xlsx', size: 20_480 });
    const [doc] = await fake.waitForSent(3007, 1);
    expect(doc!.text).toContain('Tôi chưa cần tệp nào lúc này');
    fake.pushPhoto(3008);
    const [photo] = await fake.waitForSent(3008, 1);
    expect(photo!.text).toContain('Tôi chưa cần tệp nào lúc này');
  });

  it('ignores updates it cannot map without stopping', async () => {
    fake.pushUpdate({
      channel_post: { message_id: 1, date: 1, chat: { id: -100999, type: 'channel', title: 'Kênh' }, text: '/help' },
    });
    fake.pushUpdate({
      edited_message: {
        message_id: 2,
        date: 1,
        edit_date: 2,
        chat: { id: 3009, type: 'private', first_name: 'A' },
        from: { id: 3009, is_bot: false, first_name: 'A' },
        text: '/help',
      },
    });
    fake.pushUpdate({
      message: {
        message_id: 3,
        date: 1,
        chat: { id: 3009, type: 'private', first_name: 'A' },
        from: { id: 3009, is_bot: false, first_name: 'A' },
        pinned_message: { message_id: 1, date: 1, chat: { id: 3009, type: 'private' } },
      },
    });
    fake.pushText(3009, '/help');
    const sent = await fake.waitForSent(3009, 1);
    expect(sent).toHaveLength(1);
    expect(fake.sentTo(-100999)).toHaveLength(0);
  });
});

describe('groups', () => {
  const group = -1001234567;
  const lan = { id: 5001, first_name: 'Lan', last_name: 'Trần' };

  it('answers commands addressed to it and button presses, ignores chatter and other bots', async () => {
    fake.pushText(group, `/tieuchi@${FAKE_BOT_USERNAME}`, {
      from: lan,
      chatType: 'supergroup',
      chatTitle: 'Thi đua xã A',
    });
    const [menu] = await fake.waitForSent(group, 1);
    expect(menu!.text).toContain('Tra cứu thi đua, khen thưởng');

    fake.pushText(group, 'Chào cả nhà, mai họp lúc 8 giờ', { from: lan });
    fake.pushText(group, '/help@other_helper_bot', { from: lan });
    fake.pushDocument(group, { fileName: 'anh-hop.xlsx' }, { from: lan });
    fake.pushText(group, '/trogiup', { from: { id: 5002, first_name: 'Hùng' } });
    const sent = await fake.waitForSent(group, 2);
    expect(sent[1]!.text).toContain('Các lệnh anh/chị dùng được');

    fake.press(group, 'Danh hiệu thi đua', { from: lan });
    await fake.waitFor(() => fake.sentTo(group).find((s) => s.method === 'editMessageText'), 5000, 'edit in the group');
    await settle(group, { from: lan });
    // menu, help, the edited list, the marker's answer: nothing for the chatter, the file or the other bot.
    expect(fake.sentTo(group)).toHaveLength(4);
  });

  it('refuses unit data in a group with the private-chat deep link', async () => {
    // A stand-in for a unit-data flow (status is privateOnly in production), on a second bot
    // of the same fake server, which also exercises getMe when no botInfo is given.
    const privateStatus: Flow = {
      name: 'status',
      privateOnly: true,
      steps: {},
      async start(ctx) {
        ctx.reply({ text: 'Tình hình đơn vị' });
      },
    };
    const engine = createEngine({
      store: app.store,
      clock: app.clock,
      logger: app.logger,
      settings: {
        timezone: app.config.timezone,
        defaultLocale: 'vi',
        maxFileBytes: app.config.maxFileBytes,
        inviteTtlDays: 7,
      },
      flows: [...FLOWS.filter((f) => f.name !== 'status'), privateStatus],
      cancelFlow: CANCEL_FLOW,
      fallbackFlow: FALLBACK_FLOW,
    });
    const token = '987654321:AAOtherFakeTokenForTheGroupTest_0';
    const other = createTelegramChannel({ ...app, engine }, { token, publishCommands: false });
    await other.start();
    try {
      expect(fake.callsOf('getMe', token)).toHaveLength(1);
      const username = 'bot987654321_bot';
      expect(other.caps.privateChatLink).toBe(`https://t.me/${username}`);
      const g = -1009876;
      fake.pushText(g, `/tinhhinh@${username}`, { from: lan, token });
      await fake.waitFor(() => fake.sentTo(g, token)[0], 5000, 'refusal in the group');
      const [refusal] = fake.sentTo(g, token);
      expect(refusal!.text).toContain(`https://t.me/${username}`);
      expect(refusal!.text).not.toContain('Tình hình đơn vị');
      // Addressed to the main bot: not this bot's business.
      fake.pushText(g, `/tinhhinh@${FAKE_BOT_USERNAME}`, { from: lan, token });
      fake.pushText(g, `/tinhhinh@${username}`, { from: lan, token });
      await fake.waitFor(() => (fake.sentTo(g, token).length >= 2 ? true : undefined));
      expect(fake.sentTo(g, token)).toHaveLength(2);
    } finally {
      await other.stop();
    }
  });
});
