/**
 * Logs never contain a platform token (finding 10). Each channel runs with a recognisable
 * token through its real adapter and fake platform, through the failures that tend to leak
 * one into a log line: Bot API errors and dropped connections, file downloads (Telegram's
 * download URL carries the bot token), an OA access token refused and refreshed, a refresh
 * refused. Every pino line written at `trace` level is captured and searched.
 */
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../bot/app.js';
import { startChannels } from '../bot/channels.js';
import { createLogger } from '../bot/logger.js';
import { createTelegramChannel } from '../bot/telegram/index.js';
import { createZaloBotChannel } from '../bot/zalo-bot/index.js';
import { createZaloOaChannel, seedOaTokens } from '../bot/zalo-oa/index.js';
import { accounts } from '../db/schema.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { startFakeTelegram } from './fakes/telegram-api.js';
import { botUpdate, FakeZaloApi, oaEvent, postRaw, signOa } from './fakes/zalo-api.js';
import { createHttpServer } from '../bot/http/server.js';

const TG_TOKEN = '7777777:TGSECRET-aaaaaaaaaaaaaaaaaaaaaaaa';
const ZB_TOKEN = '8888888:ZBSECRET-bbbbbbbbbbbbbbbbbbbbbbbb';
const OA_ACCESS = 'OASECRETACCESS-cccccccccccccccc';
const OA_REFRESH = 'OASECRETREFRESH-dddddddddddddddd';
const APP_SECRET = 'OASECRETAPP-eeeeeeeeeeee';
const SECRETS = ['TGSECRET', 'ZBSECRET', 'OASECRET', 'fake-access-', 'fake-refresh-'];

const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});
const logger = createLogger('trace', sink);
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function appWith(env: Record<string, string>): Promise<{ test: TestApp; app: App }> {
  const test = await createTestApp({ env: { SCHEDULER: 'off', ...env } });
  cleanups.push(() => test.close());
  return { test, app: createApp({ config: test.config, store: test.store, clock: test.clock, logger }) };
}

function leaks(): string[] {
  return lines.filter((l) => SECRETS.some((s) => l.includes(s)));
}

describe('no token in the logs', () => {
  it('Telegram: failing sends, dropped calls, file downloads that fail and succeed', { timeout: 60_000 }, async () => {
    const fake = await startFakeTelegram();
    cleanups.push(() => fake.close());
    const { test, app } = await appWith({ TELEGRAM_BOT_TOKEN: TG_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot });
    await test.store.db
      .insert(accounts)
      .values({ personId: await test.personId('focal-a'), channel: 'telegram', externalId: '5001', chatId: '5001' });
    const tg = createTelegramChannel(app, {
      botInfo: fake.botInfo,
      publishCommands: false,
      throttle: { privateChatIntervalMs: 0 },
    });
    const running = await startChannels(app, { adapters: [tg] });
    cleanups.push(() => running.stop());
    const opts = { token: TG_TOKEN };
    fake.serverErrorNext('sendMessage', 2, 5001);
    fake.pushText(5001, '/trogiup', opts);
    await fake.waitFor(() => fake.sentTo(5001, TG_TOKEN).length >= 1, 15_000, 'help after 500s');
    fake.failNext('getFile', { kind: 'error', code: 502, description: 'Bad Gateway' }, { times: 1, token: TG_TOKEN });
    fake.pushDocument(5001, { fileId: 'f-down', fileName: 'a.pdf', mime: 'application/pdf', size: 100 }, opts);
    fake.pushDocument(5001, { fileId: 'f-gone', fileName: 'b.pdf', mime: 'application/pdf', size: 100 }, opts);
    fake.setFileContent('f-ok', Buffer.from('%PDF-1.4\nx'));
    fake.pushDocument(5001, { fileId: 'f-ok', fileName: 'c.pdf', mime: 'application/pdf', size: 10 }, opts);
    await fake.waitFor(() => fake.sentTo(5001, TG_TOKEN).length >= 4, 15_000, 'answers to three files');
    fake.blockChat(5001);
    expect((await tg.send('5001', { text: 'nhắc' })).ok).toBe(false);
    await app.files.retryPending();
    expect(lines.some((l) => l.includes('attachment not archived'))).toBe(true); // the failures were logged…
    expect(leaks()).toEqual([]); // …without the token
  });

  it('Zalo Bot: polling errors and a 401', { timeout: 60_000 }, async () => {
    const fake = await FakeZaloApi.start({ botToken: ZB_TOKEN });
    cleanups.push(() => fake.close());
    const { app } = await appWith({ ZALO_BOT_TOKEN: ZB_TOKEN, ZALO_BOT_API_ROOT: fake.url });
    fake.script(
      fake.bot('getUpdates'),
      { status: 500, json: { ok: false, error_code: 500, description: 'Internal' } },
      { drop: true },
    );
    fake.script(fake.bot('sendMessage'), {
      status: 401,
      json: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    const zb = createZaloBotChannel(app, { typingAfterMs: 0, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    await zb.start();
    cleanups.push(() => zb.stop());
    fake.pushBotUpdate(botUpdate.text({ chatId: 'zb-1', text: '/trogiup' }));
    await fake.waitFor(() => fake.requestsTo(fake.bot('sendMessage')).length >= 1, 15_000, 'a send attempt');
    await zb.send('zb-2', { text: 'x' });
    await new Promise((r) => setTimeout(r, 300));
    expect(lines.some((l) => l.includes('zalo-bot'))).toBe(true);
    expect(leaks()).toEqual([]);
  });

  it('Zalo OA: a refused access token is refreshed, then a refused refresh', { timeout: 60_000 }, async () => {
    const fake = await FakeZaloApi.start({ appSecret: APP_SECRET });
    cleanups.push(() => fake.close());
    const env = {
      ZALO_OA_APP_ID: '11',
      ZALO_OA_APP_SECRET: APP_SECRET,
      ZALO_OA_SECRET_KEY: 'k',
      ZALO_OA_ID: '22',
      ZALO_OA_API_ROOT: fake.url,
      ZALO_OA_OAUTH_ROOT: fake.url,
    };
    const { test, app } = await appWith(env);
    await seedOaTokens(test.store, OA_ACCESS, OA_REFRESH, test.clock.now(), {
      expiresInSec: 90_000,
      secrets: app.secrets,
    });
    fake.grantOaTokens('some-other-access', OA_REFRESH); // the seeded access token is refused (-216): one refresh
    const oa = createZaloOaChannel(app, { retry: { baseDelayMs: 5, maxDelayMs: 20 }, tokenCheckIntervalMs: 0 });
    const server = createHttpServer({ routes: oa.routes, healthCheck: async () => true, logger });
    const port = await server.listen(0, '127.0.0.1');
    cleanups.push(() => server.close());
    await oa.start();
    cleanups.push(() => oa.stop());
    const raw = JSON.stringify(oaEvent.text({ appId: '11', oaId: '22', userId: 'oa-u1', text: '/trogiup' }));
    const ts = /"timestamp":"?(\d+)/.exec(raw)![1]!;
    expect(
      (
        await postRaw(`http://127.0.0.1:${port}/webhooks/zalo-oa`, raw, {
          'X-ZEvent-Signature': signOa(raw, '11', ts, 'k'),
        })
      ).status,
    ).toBe(200);
    await fake.waitFor(() => fake.oaMessages('oa-u1').length >= 1, 15_000, 'reply after a refresh');
    fake.oaAccessTokens.clear();
    fake.grantOaTokens('nobody', 'nobody-refresh'); // now every token we hold is refused, and so is the refresh
    await oa.send('oa-u2', { text: 'x' });
    expect(lines.some((l) => l.includes('tokens rotated'))).toBe(true);
    expect(leaks()).toEqual([]);
  });
});
