/**
 * Webhook mode on the shared HTTP server (bot/http/server.ts): the secret header is checked
 * before the body is read, updates are answered within Telegram's timeout, repeats are
 * harmless, and /healthz is served next to the webhook.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../bot/http/server.js';
import { createTelegramChannel, type TelegramChannel } from '../bot/telegram/index.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram-api.js';

const PUBLIC_URL = 'https://thidua.example.gov.vn/telegram/webhook-7f3a';
const SECRET = 'webhook_secret-for-tests_0123456789';

let fake: FakeTelegram;
let app: TestApp;
let tg: TelegramChannel;
let server: HttpServer;
let local: string;

beforeAll(async () => {
  fake = await startFakeTelegram();
  app = await createTestApp({
    env: {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: PUBLIC_URL,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    },
  });
  tg = createTelegramChannel(app, { botInfo: fake.botInfo, webhookAnswerMs: 500 });
  server = createHttpServer({ routes: tg.routes, healthCheck: () => app.store.ping(), logger: app.logger });
  const port = await server.listen(0, '127.0.0.1');
  local = `http://127.0.0.1:${port}/telegram/webhook-7f3a`;
  await tg.start();
});

afterAll(async () => {
  await server?.close();
  await tg?.stop();
  await app?.close();
  await fake?.close();
});

describe('webhook mode', () => {
  it('registers the webhook with its secret and serves one POST route at its path', () => {
    expect(tg.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /telegram/webhook-7f3a']);
    expect(fake.webhookOf()).toEqual({
      url: PUBLIC_URL,
      secret_token: SECRET,
      allowed_updates: ['message', 'callback_query'],
    });
    expect(fake.callsOf('getUpdates')).toHaveLength(0);
    expect(fake.callsOf('deleteWebhook')).toHaveLength(0);
  });

  it('refuses a missing or wrong secret with 401 and processes nothing', async () => {
    const chat = 6001;
    const update = fake.textUpdate(chat, '/help');
    expect((await fake.postWebhook(update, { url: local, secret: null })).status).toBe(401);
    expect((await fake.postWebhook(update, { url: local, secret: 'wrong-secret-0123456789' })).status).toBe(401);
    expect((await fake.postWebhook(update, { url: local, secret: SECRET.slice(0, -1) })).status).toBe(401);
    expect(fake.sentTo(chat)).toHaveLength(0);

    // The same update with the right secret is new to the bot: it was not recorded before.
    const ok = await fake.postWebhook(update, { url: local });
    expect(ok.status).toBe(200);
    const [help] = await fake.waitForSent(chat, 1);
    expect(help!.text).toContain('Các lệnh anh/chị dùng được');
  });

  it('handles a redelivered update once', async () => {
    const chat = 6002;
    const update = fake.textUpdate(chat, '/tieuchi');
    const [a, b] = [await fake.postWebhook(update, { url: local }), await fake.postWebhook(update, { url: local })];
    expect([a.status, b.status]).toEqual([200, 200]);
    await fake.postWebhook(fake.textUpdate(chat, '/huy'), { url: local });
    await fake.waitForSent(chat, 2);
    expect(fake.textsTo(chat).filter((t) => t.includes('Tra cứu thi đua'))).toHaveLength(1);
  });

  it('answers 200 in time when handling is slow, and finishes the work afterwards', async () => {
    const chat = 6003;
    fake.delayNext('sendMessage', 2000, 1, chat);
    const t0 = Date.now();
    const res = await fake.postWebhook(fake.textUpdate(chat, '/help'), { url: local });
    const answeredIn = Date.now() - t0;
    expect(res.status).toBe(200);
    expect(answeredIn).toBeLessThan(1500);
    expect(fake.sentTo(chat)).toHaveLength(0);
    await fake.waitForSent(chat, 1, 5000);
  });

  it('button presses arrive by webhook too, and are answered', async () => {
    const chat = 6004;
    await fake.postWebhook(fake.textUpdate(chat, '/tieuchi'), { url: local });
    const [menu] = await fake.waitForSent(chat, 1);
    const button = menu!.buttons.flat().find((b) => b.text === 'Danh hiệu thi đua')!;
    const press = fake.callbackUpdate(chat, button.data, menu!.messageId);
    expect((await fake.postWebhook(press, { url: local })).status).toBe(200);
    await fake.waitFor(() => fake.sentTo(chat).find((s) => s.method === 'editMessageText'));
    await fake.waitFor(() =>
      fake
        .callsOf('answerCallbackQuery')
        .find((c) => c.payload.callback_query_id === press.callback_query!.id && c.outcome === 'ok'),
    );
  });

  it('serves GET /healthz on the same server', async () => {
    const res = await fetch(local.replace(/\/telegram\/.*$/, '/healthz'));
    expect(res.status).toBe(200);
  });

  it('refuses bodies that are not updates', async () => {
    const res = await fetch(local, {
      method: 'POST',
      headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      body: 'not json',
    });
    expect(res.status).toBe(400);
  });

  it('after stop(), asks Telegram to come back later (503) and handles nothing', async () => {
    await tg.stop();
    const chat = 6005;
    const res = await fake.postWebhook(fake.textUpdate(chat, '/help'), { url: local });
    expect(res.status).toBe(503);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.sentTo(chat)).toHaveLength(0);
  });
});
