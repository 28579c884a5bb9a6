/**
 * An announcement to 500 people through the outbox and the real Telegram adapter against the
 * fake Bot API: each arrives exactly once, and the office hears the result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, people, units } from '../db/schema.js';
import { createJobs } from '../bot/app.js';
import { createTelegramChannel } from '../bot/telegram/index.js';
import { countOpen } from '../db/queries/outbox.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { only } from './helpers/db.js';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram-api.js';

let tg: FakeTelegram;
let app: TestApp;

beforeAll(async () => {
  tg = await startFakeTelegram();
  app = await createTestApp({
    env: { TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, TELEGRAM_GLOBAL_RATE: '1000' },
  });
  const { jurisdictionId } = await only(app.store.db);
  const [u] = await app.store.db
    .insert(units)
    .values({ jurisdictionId, code: 'xa-lon', name: 'UBND xã Lớn', kind: 'commune' })
    .returning();
  const ps = await app.store.db
    .insert(people)
    .values(
      Array.from({ length: 493 }, (_, i) => ({
        jurisdictionId,
        fullName: `Cán bộ ${i + 1}`,
        unitId: u!.id,
        role: 'member',
      })),
    )
    .returning();
  await app.store.db.insert(accounts).values(
    ps.map((p) => ({
      personId: p.id,
      channel: 'telegram',
      externalId: String(900_000 + p.id),
      chatId: String(900_000 + p.id),
    })),
  );
});
afterAll(async () => {
  await app?.close();
  await tg?.close();
});

describe('/thongbao to 500 people', () => {
  it('delivers each announcement once and reports the result to the office', async () => {
    // The admin's own Telegram chat is on the fake server too, to receive the result.
    await app.store.db
      .insert(accounts)
      .values({ personId: await app.personId('admin1'), channel: 'telegram', externalId: '424242', chatId: '424242' });
    const a2 = app.chat({ stranger: '424242' });
    await a2.send('/thongbao');
    await a2.send('Kính gửi các đồng chí: hạn nộp báo cáo tổng kết là 25/12.');
    await a2.press('Tất cả');
    const preview = a2.lastText();
    expect(preview).toContain('Sẽ gửi tới 500 người');
    await a2.press('Gửi (500)');
    expect(a2.lastText()).toBe('Đã xếp hàng gửi 500 tin. Tôi sẽ báo kết quả khi gửi xong.');

    const telegram = createTelegramChannel(app, { botInfo: tg.botInfo, publishCommands: false, webhook: null });
    const { deliverer } = createJobs(app, new Map([['telegram', telegram]]));
    for (let i = 0; i < 50 && (await countOpen(app.store.db)) > 0; i++) await deliverer.deliverOnce();

    const sends = tg
      .callsOf('sendMessage')
      .filter((c) => c.outcome === 'ok' && String(c.payload.text).startsWith('📢 Thông báo của'));
    const perChat = new Map<string, number>();
    for (const c of sends) perChat.set(String(c.payload.chat_id), (perChat.get(String(c.payload.chat_id)) ?? 0) + 1);
    // 493 new members and the admin have accounts; the six other people of the fixture never joined.
    expect([...perChat.values()].every((n) => n === 1)).toBe(true);
    expect(perChat.size).toBe(494);
    expect(sends[0]!.payload.text).toContain('Kính gửi các đồng chí');
    const result = tg.textsTo('424242').find((t) => t.startsWith('📢 Thông báo: đã gửi'));
    expect(result).toMatch(
      /^📢 Thông báo: đã gửi 494\/500, 6 lỗi\. Chưa gửi được tới: .*Đầu Mối A.*\. Xem chi tiết: \/loigui$/,
    );
  }, 60_000);
});
