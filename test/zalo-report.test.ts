/**
 * A full mid-year report over Zalo: with numbered choices on the Zalo Bot API (no buttons),
 * and with oa.query.show buttons on the official account (a click comes back as text).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { only } from './helpers/db.js';
import { eq } from 'drizzle-orm';
import { createHttpServer, type HttpServer } from '../bot/http/server.js';
import type { ChannelAdapter } from '../bot/channel.js';
import { createZaloBotChannel } from '../bot/zalo-bot/index.js';
import { createZaloOaChannel, seedOaTokens } from '../bot/zalo-oa/index.js';
import { submissionVersions } from '../db/schema.js';
import { findUnitByCode } from '../db/queries/directory.js';
import { createInvite, formatCode } from '../handlers/services/invites.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { botUpdate, FakeZaloApi, oaEvent, postRaw, signOa } from './fakes/zalo-api.js';

const SECRET = 'bot-webhook-secret-123';
const APP_ID = '2553928453557884079';
const OA_ID = '3662729599332560487';
const OA_SECRET_KEY = 'oa-secret-key-for-tests';

let fake: FakeZaloApi;
let app: TestApp;
let bot: ChannelAdapter;
let oa: ChannelAdapter;
let server: HttpServer;
let base: string;

beforeAll(async () => {
  fake = await FakeZaloApi.start({ botToken: '3141592653:bot-token-for-tests', appSecret: 'app-secret' });
  app = await createTestApp({
    env: {
      ZALO_BOT_TOKEN: fake.botToken,
      ZALO_BOT_API_ROOT: fake.url,
      ZALO_BOT_WEBHOOK_URL: 'https://bot.example.gov.vn/webhooks/zalo-bot',
      ZALO_BOT_WEBHOOK_SECRET: SECRET,
      ZALO_OA_APP_ID: APP_ID,
      ZALO_OA_APP_SECRET: 'app-secret',
      ZALO_OA_SECRET_KEY: OA_SECRET_KEY,
      ZALO_OA_ID: OA_ID,
      ZALO_OA_API_ROOT: fake.url,
      ZALO_OA_OAUTH_ROOT: fake.url,
    },
  });
  await seedOaTokens(app.store, 'seed-access', 'seed-refresh', app.clock.now(), { expiresInSec: 90_000 });
  fake.grantOaTokens('seed-access', 'seed-refresh');
  bot = createZaloBotChannel(app, { typingAfterMs: 0 });
  oa = createZaloOaChannel(app, { tokenCheckIntervalMs: 0 });
  server = createHttpServer({
    routes: [...bot.routes, ...oa.routes],
    healthCheck: async () => true,
    logger: app.logger,
  });
  base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  await bot.start();
  await oa.start();
});

afterAll(async () => {
  await bot?.stop();
  await oa?.stop();
  await server?.close();
  await app?.close();
  await fake?.close();
});

async function code(unit: string): Promise<string> {
  const u = await findUnitByCode(await only(app.store.db), unit);
  const { code: c } = await app.store.tx(async (tx) =>
    createInvite(
      await only(tx),
      { kind: 'system', name: 'test' },
      { unitId: u!.id, role: 'focal', fullName: `Đầu mối Zalo ${unit}`, ttlDays: 7, now: app.clock.now() },
    ),
  );
  return formatCode(c);
}

/** Waits until the number of messages stops growing for a moment after at least one arrived. */
async function settle(count: () => number, before: number): Promise<void> {
  await fake.waitFor(() => count() > before, 5000, 'a reply');
  let last = -1;
  while (last !== count()) {
    last = count();
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('a mid-year report on the Zalo Bot API, with numbered choices', () => {
  const chat = 'bot-chat-report';
  async function say(text: string): Promise<string> {
    const before = fake.botTexts(chat).length;
    const r = await postRaw(`${base}/webhooks/zalo-bot`, JSON.stringify(botUpdate.text({ chatId: chat, text })), {
      'X-Bot-Api-Secret-Token': SECRET,
    });
    expect(r.status).toBe(200);
    await settle(() => fake.botTexts(chat).length, before);
    return fake.botTexts(chat).slice(before).join('\n---\n');
  }
  const pick = (reply: string, label: string) =>
    reply
      .split('\n')
      .find((l) => /^\d+\. /.test(l) && l.includes(label))!
      .split('.')[0]!;

  it('goes from joining to a submitted report, answering by number or label', async () => {
    expect(await say(await code('xa-a'))).toContain('Chào mừng Đầu mối Zalo xa-a');
    const list = await say('/baocao');
    let r = await say(pick(list, 'Báo cáo sơ kết 6 tháng'));
    expect(r).toContain('Mục 1/9');
    r = await say('1.234');
    expect(r).toContain('Mục 2/9');
    expect(r).toContain('• Quay lại'); // a typed-answer question lists its buttons as words
    r = await say('85,5%');
    expect(r).toMatch(/1\. Có\n2\. Không/);
    await say('1');
    r = await say('kha');
    expect(r).toContain('Mục 5/9');
    await say('Phong trào Dân vận khéo');
    await say('Giảm nghèo bền vững');
    await say('15/7/2026');
    r = await say('bo qua');
    expect(r).toContain('Mục 9/9');
    r = await say('xong');
    expect(r).toContain('1. Tổng số cán bộ, công chức, viên chức: 1.234 người');
    r = await say(pick(r, 'Gửi báo cáo'));
    expect(r).toContain('✅ Đã nộp "Báo cáo sơ kết 6 tháng đầu năm 2026"');
    expect(r).toContain('Số tham chiếu: SO-KET-2026/XA-A/1');
    expect(fake.botTexts(chat).every((t) => [...t].length <= 2000)).toBe(true);
  });
});

describe('a mid-year report on the Zalo OA, with buttons', () => {
  const user = '6142494823000000001';
  async function say(text: string) {
    const before = fake.oaMessages(user).length;
    const body = JSON.stringify(oaEvent.text({ appId: APP_ID, oaId: OA_ID, userId: user, text }));
    const ts = /"timestamp":"(\d+)"/.exec(body)![1]!;
    const r = await postRaw(`${base}/webhooks/zalo-oa`, body, {
      'X-ZEvent-Signature': signOa(body, APP_ID, ts, OA_SECRET_KEY),
    });
    expect(r.status).toBe(200);
    await settle(() => fake.oaMessages(user).length, before);
    return fake.oaMessages(user).slice(before);
  }
  /** Clicks a button: Zalo sends its payload back as the user's text. */
  async function click(sent: Awaited<ReturnType<typeof say>>, title: string) {
    const button = sent.flatMap((m) => m.buttons).find((b: { title: string }) => b.title.includes(title));
    if (!button) throw new Error(`no button ${title} in ${JSON.stringify(sent.flatMap((m) => m.buttons))}`);
    expect(button.type).toBe('oa.query.show');
    return say(String(button.payload));
  }

  it('goes from joining to a submitted report by clicking buttons', async () => {
    expect((await say(await code('xa-b')))[0]!.text).toContain('Chào mừng');
    let m = await click(await say('/baocao'), 'Báo cáo sơ kết 6 tháng');
    expect(m.map((x) => x.text).join('\n')).toContain('Mục 1/9');
    await say('40');
    m = await say('90');
    expect(m[0]!.buttons.map((b: { title: string }) => b.title)).toEqual(['Có', 'Không', 'Quay lại']);
    m = await click(m, 'Có');
    expect(m[0]!.buttons.map((b: { title: string }) => b.title)).toEqual([
      'Tốt',
      'Khá',
      'Trung bình',
      'Chưa đạt',
      'Quay lại',
    ]);
    await click(m, 'Tốt');
    await say('Phong trào OA');
    await say('Kết quả OA');
    await say('hôm nay');
    m = await say('bỏ qua');
    m = await click(m, 'Xong');
    expect(m[0]!.text).toContain('4. Mức độ triển khai phong trào: Tốt');
    m = await click(m, 'Gửi báo cáo');
    expect(m[0]!.text).toContain('Số tham chiếu: SO-KET-2026/XA-B/1');
    const versions = await app.store.db
      .select()
      .from(submissionVersions)
      .where(eq(submissionVersions.refNo, 'SO-KET-2026/XA-B/1'));
    expect(versions).toHaveLength(1);
  });
});
