/**
 * Attachments archived on arrival on both Zalo channels, through the real adapters: a PDF a
 * person sends to the OA (user_send_file with a CDN URL) and a photo sent to the Zalo Bot
 * (message.image.received) are downloaded from the fake Zalo CDN and stored with their hash.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createHttpServer, type HttpServer } from '../bot/http/server.js';
import { createZaloBotChannel } from '../bot/zalo-bot/index.js';
import { createZaloOaChannel, seedOaTokens } from '../bot/zalo-oa/index.js';
import { accounts, attachments, files } from '../db/schema.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { botUpdate, FakeZaloApi, oaEvent, postRaw, signOa } from './fakes/zalo-api.js';

const APP_ID = '4001';
const OA_ID = '4002';
const KEY = 'oa-secret-key';
const FAST = { baseDelayMs: 5, maxDelayMs: 20 };
const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

let fake: FakeZaloApi;
let app: TestApp;
let server: HttpServer;
let hook: string;
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  fake = await FakeZaloApi.start({ botToken: '5551234:zalo-bot-token-files' });
  app = await createTestApp({
    env: {
      ZALO_OA_APP_ID: APP_ID,
      ZALO_OA_APP_SECRET: 'app-secret',
      ZALO_OA_SECRET_KEY: KEY,
      ZALO_OA_ID: OA_ID,
      ZALO_OA_API_ROOT: fake.url,
      ZALO_OA_OAUTH_ROOT: fake.url,
      ZALO_BOT_TOKEN: fake.botToken,
      ZALO_BOT_API_ROOT: fake.url,
    },
  });
  await seedOaTokens(app.store, 'oa-access', 'oa-refresh', app.clock.now(), { expiresInSec: 90_000 });
  const oa = createZaloOaChannel(app, { retry: FAST, tokenCheckIntervalMs: 0 });
  const zb = createZaloBotChannel(app, { typingAfterMs: 0, retry: FAST });
  for (const a of [oa, zb]) app.files.register(a.channel, a.fetchFile!);
  server = createHttpServer({ routes: oa.routes, healthCheck: async () => true, logger: app.logger });
  hook = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/webhooks/zalo-oa`;
  await oa.start();
  await zb.start();
  stops.push(
    () => oa.stop(),
    () => zb.stop(),
    () => server.close(),
  );
  await app.store.db.insert(accounts).values([
    { personId: await app.personId('focal-a'), channel: 'zalo-oa', externalId: 'oa-focal', chatId: 'oa-focal' },
    { personId: await app.personId('focal-b'), channel: 'zalo-bot', externalId: 'zb-focal', chatId: 'zb-focal' },
  ]);
});

afterAll(async () => {
  for (const s of stops) await s();
  await app?.close();
  await fake?.close();
});

describe('Zalo attachments', () => {
  it('OA: a PDF sent as user_send_file is downloaded from its URL and archived', async () => {
    const focal = app.chat({ stranger: 'oa-focal' }, { channel: 'zalo-oa' });
    await focal.send('/baocao so-ket-2026');
    for (const a of ['45', '90', 'có', 'Khá', 'Phong trào', 'Vượt chỉ tiêu.', '15/07/2026', 'bỏ qua'])
      await focal.send(a);
    expect(focal.lastText()).toContain('Mục 9/9');
    const pdf = Buffer.concat([Buffer.from('%PDF-1.6\n'), crypto.randomBytes(1500)]);
    const url = fake.hostFile('bien-ban-oa.pdf', pdf);
    const raw = JSON.stringify(
      oaEvent.file({
        appId: APP_ID,
        oaId: OA_ID,
        userId: 'oa-focal',
        url,
        name: 'Biên bản họp.pdf',
        size: pdf.length,
        type: 'pdf',
      }),
    );
    const ts = /"timestamp":"?(\d+)/.exec(raw)![1]!;
    expect((await postRaw(hook, raw, { 'X-ZEvent-Signature': signOa(raw, APP_ID, ts, KEY) })).status).toBe(200);
    await fake.waitFor(
      () => fake.oaMessages('oa-focal').some((m) => (m.text ?? '').includes('Đã nhận tệp "Biên bản họp.pdf"')),
      10_000,
      'file received',
    );
    const [att] = await app.store.db.select().from(attachments).where(eq(attachments.fileId, url));
    expect(att).toMatchObject({ channel: 'zalo-oa', sha256: sha(pdf), mime: 'application/pdf' });
    expect(fake.requestsTo('GET /cdn/bien-ban-oa.pdf').length).toBe(1);
  });

  it('Zalo Bot: an exemplary model photo is downloaded from photo_url and archived', async () => {
    const focal = app.chat({ stranger: 'zb-focal' }, { channel: 'zalo-bot' });
    await focal.send('/dienhinh');
    await focal.send('Bà Lò Thị Mai');
    await focal.send('Giáo dục');
    await focal.send('30 năm dạy học ở bản vùng cao.');
    const jpg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(900)]);
    const url = fake.hostFile('anh-zb.jpg', jpg);
    fake.pushBotUpdate(botUpdate.image({ chatId: 'zb-focal', url }));
    await fake.waitFor(
      () => fake.botTexts('zb-focal').some((t) => t.includes('Đã nhận tệp')),
      10_000,
      'photo received',
    );
    await focal.send('xong');
    await focal.send('lưu');
    expect(focal.lastText()).toContain('Bà Lò Thị Mai');
    const [att] = await app.store.db.select().from(attachments).where(eq(attachments.fileId, url));
    expect(att).toMatchObject({ ownerKind: 'exemplar', channel: 'zalo-bot', sha256: sha(jpg), mime: 'image/jpeg' });
    expect(
      (
        await app.store.db
          .select()
          .from(files)
          .where(eq(files.sha256, sha(jpg)))
      ).length,
    ).toBe(1);
  });
});
