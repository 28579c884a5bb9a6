/**
 * The Zalo Bot channel end to end: the real engine and test database, our webhook on the shared
 * HTTP server, and the Bot API played by FakeZaloApi.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { only } from './helpers/db.js';
import { and, eq } from 'drizzle-orm';
import { createHttpServer, type HttpServer } from '../bot/http/server.js';
import type { ChannelAdapter } from '../bot/channel.js';
import { createZaloBotChannel, createZaloBotClient, ZALO_BOT_CAPS } from '../bot/zalo-bot/index.js';
import { accounts, people } from '../db/schema.js';
import { findUnitByCode } from '../db/queries/directory.js';
import { createInvite, formatCode } from '../handlers/services/invites.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { botUpdate, FakeZaloApi, postRaw } from './fakes/zalo-api.js';

const SECRET = 'bot-webhook-secret-123';
const FAST = { baseDelayMs: 5, maxDelayMs: 20 };

async function inviteCode(app: TestApp, unit: string, fullName?: string): Promise<string> {
  const u = await findUnitByCode(await only(app.store.db), unit);
  const { code } = await app.store.tx(async (tx) =>
    createInvite(
      await only(tx),
      { kind: 'system', name: 'test' },
      { unitId: u!.id, role: 'focal', fullName: fullName ?? null, ttlDays: 7, now: app.clock.now() },
    ),
  );
  return formatCode(code);
}

describe('Zalo Bot channel (webhook)', () => {
  let fake: FakeZaloApi;
  let app: TestApp;
  let adapter: ChannelAdapter;
  let server: HttpServer;
  let hook: string;

  beforeAll(async () => {
    fake = await FakeZaloApi.start({ botToken: '3141592653:bot-token-for-tests' });
    app = await createTestApp({
      env: {
        ZALO_BOT_TOKEN: fake.botToken,
        ZALO_BOT_API_ROOT: fake.url,
        ZALO_BOT_WEBHOOK_URL: 'https://bot.example.gov.vn/webhooks/zalo-bot',
        ZALO_BOT_WEBHOOK_SECRET: SECRET,
      },
    });
    adapter = createZaloBotChannel(app, { typingAfterMs: 0, retry: FAST, publicBaseUrl: 'https://bot.example.gov.vn' });
    server = createHttpServer({ routes: adapter.routes, healthCheck: async () => true, logger: app.logger });
    const port = await server.listen(0, '127.0.0.1');
    hook = `http://127.0.0.1:${port}/webhooks/zalo-bot`;
    await adapter.start();
  });

  afterAll(async () => {
    await adapter?.stop();
    await server?.close();
    await app?.close();
    await fake?.close();
  });

  /** Posts an update with the right secret and waits for `replies` more messages to the chat. */
  async function say(
    chatId: string,
    text: string,
    opts: { replies?: number; wrapped?: boolean; fromId?: string } = {},
  ): Promise<string[]> {
    const before = fake.botTexts(chatId).length;
    const u = botUpdate.text({ chatId, text, fromId: opts.fromId });
    const body = JSON.stringify(opts.wrapped === false ? u : { ok: true, result: u });
    const r = await postRaw(hook, body, { 'X-Bot-Api-Secret-Token': SECRET });
    expect(r.status).toBe(200);
    const want = before + (opts.replies ?? 1);
    await fake.waitFor(() => fake.botTexts(chatId).length >= want, 5000, `reply to "${text}"`);
    return fake.botTexts(chatId).slice(before);
  }

  it('registers its webhook URL and secret with setWebhook when it starts', () => {
    const [req] = fake.requestsTo(fake.bot('setWebhook'));
    expect(req?.json).toEqual({ url: 'https://bot.example.gov.vn/webhooks/zalo-bot', secret_token: SECRET });
    // With a public address documents go as links (see below); everything else is the Bot API's.
    expect(adapter.caps).toEqual({ ...ZALO_BOT_CAPS, documents: true });
  });

  it('onboards a new focal point with an invite code (an id above 2^53 stays exact)', async () => {
    const code = await inviteCode(app, 'xa-a', 'Lò Văn Pilot');
    const big = '2468458835296117922';
    // The sender's id arrives as a bare integer: it must not lose digits.
    const raw = `{"ok":true,"result":{"event_name":"message.text.received","message":{"message_id":"m-onb-1","date":1764122400000,"from":{"id":${big},"display_name":"Pilot","is_bot":false},"chat":{"id":"c-onboard","chat_type":"PRIVATE"},"text":"${code}"}}}`;
    const r = await postRaw(hook, raw, { 'X-Bot-Api-Secret-Token': SECRET });
    expect(r.status).toBe(200);
    await fake.waitFor(() => fake.botTexts('c-onboard').length >= 1);
    expect(fake.botTexts('c-onboard')[0]).toContain('Chào mừng Lò Văn Pilot! Anh/chị đã tham gia với vai trò');
    expect(fake.botTexts('c-onboard')[0]).toContain('UBND xã A');

    const [acc] = await app.store.db
      .select()
      .from(accounts)
      .where(and(eq(accounts.channel, 'zalo-bot'), eq(accounts.externalId, big)));
    expect(acc?.chatId).toBe('c-onboard');
    const [person] = await app.store.db.select().from(people).where(eq(people.id, acc!.personId));
    expect(person?.fullName).toBe('Lò Văn Pilot');

    const help = await say('c-onboard', '/trogiup', { fromId: big });
    expect(help[0]).toContain('Lò Văn Pilot');
  });

  it('shows the criteria menu as numbered choices; typing 1 or a label picks', async () => {
    const [menu] = await say('c-criteria', '/tieuchi');
    expect(menu).toContain('Tra cứu thi đua, khen thưởng');
    expect(menu).toContain('1. Danh hiệu thi đua');
    expect(menu).toContain('2. Hình thức khen thưởng');
    expect(menu).toContain('Trả lời bằng số thứ tự');

    const [list] = await say('c-criteria', '1');
    expect(list).toContain('Danh hiệu thi đua (trang 1/1)');
    expect(list).toMatch(/1\. Lao động tiên tiến/);

    const [title] = await say('c-criteria', 'lao dong tien tien');
    expect(title).toContain('🎖 Lao động tiên tiến');
    expect(title).toContain('Hoàn thành tốt nhiệm vụ trở lên');
  });

  it('checks X-Bot-Api-Secret-Token: right 200, wrong or missing 401 and nothing handled', async () => {
    const body = JSON.stringify(botUpdate.text({ chatId: 'c-secret', text: '/trogiup' }));
    expect((await postRaw(hook, body, { 'X-Bot-Api-Secret-Token': 'bot-webhook-secret-124' })).status).toBe(401);
    expect((await postRaw(hook, body, { 'X-Bot-Api-Secret-Token': SECRET + 'x' })).status).toBe(401);
    expect((await postRaw(hook, body)).status).toBe(401);
    const replies = await say('c-secret', '/huy');
    expect(replies).toHaveLength(1);
    expect(fake.botTexts('c-secret')).toHaveLength(1); // only the authorised message was answered
  });

  it('accepts the bare and the wrapped body and handles a repeated delivery once', async () => {
    const bare = await say('c-dup', '/trogiup', { wrapped: false });
    expect(bare[0]).toContain('Các lệnh anh/chị dùng được');

    const u = botUpdate.text({ chatId: 'c-dup', text: '/huy', messageId: 'same-id-1' });
    expect(
      (await postRaw(hook, JSON.stringify({ ok: true, result: u }), { 'X-Bot-Api-Secret-Token': SECRET })).status,
    ).toBe(200);
    await fake.waitFor(() => fake.botTexts('c-dup').length >= 2);
    // Zalo delivers the same update again (this time bare): acknowledged, not handled again.
    expect((await postRaw(hook, JSON.stringify(u), { 'X-Bot-Api-Secret-Token': SECRET })).status).toBe(200);
    // One chat is handled in order: once the next message is answered, the repeat was handled.
    await say('c-dup', '/trogiup');
    const texts = fake.botTexts('c-dup');
    expect(texts.filter((t) => t.includes('Hiện không có việc nào đang làm dở'))).toHaveLength(1);
    expect(texts).toHaveLength(3);
  });

  it('updates without a message_id: two different ones are both handled, the same one twice once (issue 21, finding 5)', async () => {
    const idless = (text: string, date: number) => {
      const u = botUpdate.text({ chatId: 'c-noid', text });
      const { message_id: _dropped, ...message } = u.message;
      return { ...u, message: { ...message, date } };
    };
    const t0 = Date.now();
    const first = idless('/huy', t0);
    const second = idless('/trogiup', t0); // same sender, same millisecond, other text
    const post = (u: unknown) =>
      postRaw(hook, JSON.stringify({ ok: true, result: u }), { 'X-Bot-Api-Secret-Token': SECRET });
    expect((await post(first)).status).toBe(200);
    expect((await post(second)).status).toBe(200);
    expect((await post(first)).status).toBe(200); // the same id-less event again: a repeat
    // A last message with an id: one chat is handled in order, so once its answer is there the
    // three above were handled (a handled repeat would have answered before it).
    expect((await post(botUpdate.text({ chatId: 'c-noid', text: '/trogiup' }))).status).toBe(200);
    const helps = () => fake.botTexts('c-noid').filter((t) => t.includes('Các lệnh anh/chị dùng được')).length;
    await fake.waitFor(() => helps() >= 2, 5000, 'the answer to the last message');
    const texts = fake.botTexts('c-noid');
    expect(texts).toHaveLength(3); // a handled repeat would make it 4: /huy, /trogiup, /huy, /trogiup
    expect(texts[0]).toContain('Hiện không có việc nào đang làm dở');
    expect(texts[1]).toContain('Các lệnh anh/chị dùng được');
    expect(texts[2]).toContain('Các lệnh anh/chị dùng được');
  });

  it('answers stickers politely in Vietnamese and takes pictures as files', async () => {
    const before = fake.botTexts('c-media').length;
    await postRaw(hook, JSON.stringify(botUpdate.sticker({ chatId: 'c-media' })), { 'X-Bot-Api-Secret-Token': SECRET });
    await fake.waitFor(() => fake.botTexts('c-media').length > before);
    expect(fake.botTexts('c-media').at(-1)).toContain('chỉ đọc được tin nhắn chữ và hình ảnh');

    await postRaw(
      hook,
      JSON.stringify(botUpdate.image({ chatId: 'c-media', url: 'https://photo.zalo.example/p.jpg' })),
      { 'X-Bot-Api-Secret-Token': SECRET },
    );
    await fake.waitFor(() => fake.botTexts('c-media').length > before + 1);
    expect(fake.botTexts('c-media').at(-1)).toContain('Tôi chưa cần tệp nào lúc này');
  });

  it('splits a 2,500-character message in two and sends nothing longer than 2,000', async () => {
    const para = 'Báo cáo sơ kết phong trào thi đua của các xã, thị trấn. '.repeat(10);
    const text = Array.from({ length: 5 }, () => para)
      .join('\n\n')
      .slice(0, 2500);
    expect([...text].length).toBe(2500);
    const out = await adapter.send('c-long', { text });
    expect(out.ok).toBe(true);
    const parts = fake.botTexts('c-long');
    expect(parts).toHaveLength(2);
    for (const p of parts) expect([...p].length).toBeLessThanOrEqual(2000);
    expect(parts.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
  });

  it('sends documents as a 15-minute link and serves pictures by a public URL', async () => {
    const doc = {
      fileName: 'bao-cao.xlsx',
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      data: new Uint8Array([1, 2, 3]),
    };
    expect(adapter.caps.documents).toBe(true);
    expect((await adapter.send('c-files', { text: 'Tệp tổng hợp đây ạ.', document: doc })).ok).toBe(true);
    const [note] = fake.botTexts('c-files');
    expect(note).toContain('Tệp tổng hợp đây ạ.');
    expect(note).toContain('Tải tệp "bao-cao.xlsx" tại: https://bot.example.gov.vn/zalo-bot/media?id=');
    expect(note).toContain('trong 15 phút');
    const docUrl = new URL(/https:\/\/\S+/.exec(note!)![0]);
    const docGot = await fetch(hook.replace('/webhooks/zalo-bot', `${docUrl.pathname}${docUrl.search}`));
    expect(docGot.status).toBe(200);
    expect(docGot.headers.get('content-disposition')).toBe('attachment; filename="bao-cao.xlsx"');
    expect(new Uint8Array(await docGot.arrayBuffer())).toEqual(doc.data);
    // After its 15 minutes the link no longer works.
    app.clock.advance(15 * 60_000 + 1);
    expect((await fetch(hook.replace('/webhooks/zalo-bot', `${docUrl.pathname}${docUrl.search}`))).status).toBe(404);
    app.clock.advance(-(15 * 60_000 + 1));

    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    expect(
      (
        await adapter.send('c-files', {
          text: 'Biểu đồ tiến độ',
          photo: { fileName: 'bieu-do.png', mime: 'image/png', data: png, caption: 'Tiến độ' },
        })
      ).ok,
    ).toBe(true);
    const [photo] = fake.requestsTo(fake.bot('sendPhoto'));
    expect(photo?.json.caption).toBe('Tiến độ');
    const url = new URL(photo!.json.photo);
    expect(url.origin).toBe('https://bot.example.gov.vn');
    // The picture is served by our own HTTP server under that path.
    const local = hook.replace('/webhooks/zalo-bot', `${url.pathname}${url.search}`);
    const got = await fetch(local);
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(png);
    expect((await fetch(local.replace(/id=.*/, 'id=nope'))).status).toBe(404);
  });

  it('reports send failures as the outbox expects', async () => {
    fake.script(fake.bot('sendMessage'), {
      status: 429,
      json: { ok: false, error_code: 429, description: 'Quota exceeded' },
    });
    const rate = await adapter.send('c-fail', { text: 'Nhắc hạn' });
    expect(rate).toMatchObject({ ok: false, kind: 'rate' });
    expect(rate.ok === false && rate.kind === 'rate' && rate.retryAfterMs).toBeGreaterThan(0);

    fake.script(fake.bot('sendMessage'), {
      status: 403,
      json: { ok: false, error_code: 403, description: 'Forbidden' },
    });
    expect(await adapter.send('c-fail', { text: 'Nhắc hạn' })).toMatchObject({ ok: false, kind: 'unreachable' });

    // A dropped connection may have delivered the message: reported, never repeated.
    const before = fake.requestsTo(fake.bot('sendMessage')).length;
    fake.script(fake.bot('sendMessage'), { drop: true });
    expect(await adapter.send('c-fail', { text: 'Nhắc hạn' })).toMatchObject({ ok: false, kind: 'transient' });
    expect(fake.requestsTo(fake.bot('sendMessage')).length - before).toBe(1);

    fake.script(fake.bot('sendMessage'), { status: 502, body: '<html>Bad gateway</html>' });
    expect(await adapter.send('c-fail', { text: 'Nhắc hạn' })).toMatchObject({ ok: false, kind: 'transient' });
  });

  it('retries a send that never reached Zalo, and a rate limit with back-off, without leaking the token', async () => {
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls++;
      if (calls === 1)
        throw Object.assign(new TypeError('fetch failed'), {
          cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        });
      return fetch(input, init);
    };
    const client = createZaloBotClient({ token: fake.botToken, apiRoot: fake.url, fetch: flaky, retry: FAST });
    fake.script(fake.bot('sendMessage'), {
      status: 429,
      json: { ok: false, error_code: 429, description: 'Quota exceeded' },
    });
    const sent = await client.sendMessage('c-retry', 'Xin chào');
    expect(sent.message_id).not.toBe('');
    expect(calls).toBe(3); // refused, 429, ok
    // Zalo saw two requests (the 429 and the accepted one): the refused connection sent nothing.
    expect(fake.botTexts('c-retry')).toEqual(['Xin chào', 'Xin chào']);

    const wrong = createZaloBotClient({ token: 'wrong-token-value', apiRoot: fake.url, retry: FAST });
    const err = await wrong.getMe().catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).not.toContain('wrong-token-value');
    expect((err as { kind?: string }).kind).toBe('auth');
  });
});

describe('Zalo Bot channel (long polling)', () => {
  it('polls getUpdates after deleting the webhook, answers, and stops cleanly', async () => {
    const fake = await FakeZaloApi.start({ maxPollMs: 200 });
    const app = await createTestApp({ env: { ZALO_BOT_TOKEN: fake.botToken, ZALO_BOT_API_ROOT: fake.url } });
    const adapter = createZaloBotChannel(app, { pollTimeoutSec: 1, typingAfterMs: 0, retry: FAST });
    try {
      expect(adapter.routes).toEqual([]);
      await adapter.start();
      expect(fake.requests[0]?.route).toBe(fake.bot('deleteWebhook'));
      fake.pushBotUpdate(botUpdate.text({ chatId: 'c-poll', text: '/tieuchi' }));
      await fake.waitFor(() => fake.botTexts('c-poll').length >= 1);
      expect(fake.botTexts('c-poll')[0]).toContain('1. Danh hiệu thi đua');
      fake.pushBotUpdate(botUpdate.text({ chatId: 'c-poll', text: '2' }));
      await fake.waitFor(() => fake.botTexts('c-poll').length >= 2);
      expect(fake.botTexts('c-poll')[1]).toContain('Hình thức khen thưởng (trang 1/1)');
      const t0 = Date.now();
      await adapter.stop();
      expect(Date.now() - t0).toBeLessThan(2000);
      const polls = fake.requestsTo(fake.bot('getUpdates')).length;
      await new Promise((r) => setTimeout(r, 300));
      expect(fake.requestsTo(fake.bot('getUpdates')).length).toBe(polls);
    } finally {
      await adapter.stop();
      await app.close();
      await fake.close();
    }
  });
});
