/**
 * The Zalo OA channel end to end: the real engine and test database, our webhook on the shared
 * HTTP server, the OA Open API and OAuth played by FakeZaloApi.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { only } from './helpers/db.js';
import { and, eq } from 'drizzle-orm';
import { createHttpServer, type HttpServer } from '../bot/http/server.js';
import type { HttpRoute } from '../bot/http/server.js';
import {
  createZaloOaChannel,
  createZaloOaClient,
  mapTemplateFields,
  parseTemplateFieldMap,
  seedOaTokens,
  ZALO_OA_CAPS,
} from '../bot/zalo-oa/index.js';
import { ConfigError, createConfig } from '../bot/config.js';
import { createLogger } from '../bot/logger.js';
import { MAX_EVENT_AGE_LIMIT_SECONDS } from '../bot/zalo-common/freshness.js';
import { getChannelTokens } from '../db/queries/channel-tokens.js';
import { KEEP, maintenance, PLATFORM_RETRY_HORIZON_MS } from '../jobs/maintenance.js';
import { findUnitByCode } from '../db/queries/directory.js';
import { accounts, people, processedUpdates } from '../db/schema.js';
import { createInvite, formatCode } from '../handlers/services/invites.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { FakeZaloApi, oaEvent, postRaw, signOa } from './fakes/zalo-api.js';

const APP_ID = '2553928453557884079';
const OA_ID = '3662729599332560487';
const APP_SECRET = 'app-secret-for-tests';
const OA_SECRET_KEY = 'oa-secret-key-for-tests';
const FAST = { baseDelayMs: 5, maxDelayMs: 20 };
const CS = 'POST /v3.0/oa/message/cs';
const OAUTH = 'POST /v4/oa/access_token';

function oaEnv(fake: FakeZaloApi, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ZALO_OA_APP_ID: APP_ID,
    ZALO_OA_APP_SECRET: APP_SECRET,
    ZALO_OA_SECRET_KEY: OA_SECRET_KEY,
    ZALO_OA_ID: OA_ID,
    ZALO_OA_API_ROOT: fake.url,
    ZALO_OA_OAUTH_ROOT: fake.url,
    ...extra,
  };
}

async function serve(routes: HttpRoute[], app: TestApp): Promise<{ server: HttpServer; base: string }> {
  const server = createHttpServer({ routes, healthCheck: async () => true, logger: app.logger });
  const port = await server.listen(0, '127.0.0.1');
  return { server, base: `http://127.0.0.1:${port}` };
}

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

/** Posts an OA webhook body; `sign` picks the signature header. */
async function post(
  url: string,
  body: string | object,
  sign: 'right' | 'wrong' | 'none' | 'oa_id' = 'right',
): Promise<number> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const ts = /"timestamp":"?(\d+)/.exec(raw)?.[1] ?? '';
  const headers: Record<string, string> = {};
  if (sign === 'right') headers['X-ZEvent-Signature'] = signOa(raw, APP_ID, ts, OA_SECRET_KEY);
  if (sign === 'oa_id') headers['X-ZEvent-Signature'] = signOa(raw, OA_ID, ts, OA_SECRET_KEY);
  if (sign === 'wrong') headers['X-ZEvent-Signature'] = signOa(raw, APP_ID, ts, 'not-the-key');
  return (await postRaw(url, raw, headers)).status;
}

describe('Zalo OA channel', () => {
  let fake: FakeZaloApi;
  let app: TestApp;
  let adapter: ReturnType<typeof createZaloOaChannel>;
  let server: HttpServer;
  let hook: string;
  const reconsent: string[] = [];

  beforeAll(async () => {
    fake = await FakeZaloApi.start({ appSecret: APP_SECRET });
    app = await createTestApp({ env: oaEnv(fake) });
    await seedOaTokens(app.store, 'seed-access', 'seed-refresh', app.clock.now(), { expiresInSec: 90_000 });
    fake.grantOaTokens('seed-access', 'seed-refresh');
    adapter = createZaloOaChannel(app, {
      retry: FAST,
      tokenCheckIntervalMs: 0,
      onNeedsReconsent: (r) => void reconsent.push(r),
    });
    const s = await serve(adapter.routes, app);
    server = s.server;
    hook = `${s.base}/webhooks/zalo-oa`;
    await adapter.start();
  });

  afterAll(async () => {
    await adapter?.stop();
    await server?.close();
    await app?.close();
    await fake?.close();
  });

  /** Sends a signed text as `userId` and waits for `n` new messages to that user. */
  async function say(userId: string, text: string, n = 1) {
    const before = fake.oaMessages(userId).length;
    expect(await post(hook, oaEvent.text({ appId: APP_ID, oaId: OA_ID, userId, text }))).toBe(200);
    await fake.waitFor(() => fake.oaMessages(userId).length >= before + n, 5000, `reply to "${text}"`);
    return fake.oaMessages(userId).slice(before);
  }

  it('onboards with an invite code, naming the person from the Zalo profile; ids beyond 2^53 stay exact', async () => {
    expect(adapter.caps).toEqual(ZALO_OA_CAPS);
    const code = await inviteCode(app, 'xa-b');
    const big = '2468458835296117922'; // > 2^53: as a JS number it would read …7900
    fake.setUserName(big, 'Nguyễn Văn Zalo');
    const ts = String(Date.now()); // fresh: older events are refused as replays
    // A body carrying the id as a bare integer; the signature is over these exact bytes.
    const raw = `{"app_id":"${APP_ID}","user_id_by_app":"5","event_name":"user_send_text","timestamp":"${ts}","sender":{"id":${big}},"recipient":{"id":"${OA_ID}"},"message":{"text":"${code}","msg_id":"big-msg-1"}}`;
    expect(await post(hook, raw)).toBe(200);
    await fake.waitFor(() => fake.oaMessages(big).length >= 1);
    const [welcome] = fake.oaMessages(big);
    expect(welcome!.text).toContain('Chào mừng Nguyễn Văn Zalo! Anh/chị đã tham gia với vai trò');
    expect(welcome!.text).toContain('UBND xã B');
    expect(welcome!.request.text).toContain(`"user_id":"${big}"`);
    expect(welcome!.request.headers['access_token']).toBe('seed-access');
    const detail = fake.requestsTo('GET /v3.0/oa/user/detail').at(-1)!;
    expect(detail.query.get('data')).toBe(`{"user_id":"${big}"}`);

    const [acc] = await app.store.db
      .select()
      .from(accounts)
      .where(and(eq(accounts.channel, 'zalo-oa'), eq(accounts.externalId, big)));
    expect(acc?.chatId).toBe(big);
    const [person] = await app.store.db.select().from(people).where(eq(people.id, acc!.personId));
    expect(person?.fullName).toBe('Nguyễn Văn Zalo');

    // The reply to the next message goes to the same exact id.
    const [help] = await say(big, '/trogiup');
    expect(help!.text).toContain('Nguyễn Văn Zalo');
    expect(help!.request.text).toContain(`"user_id":"${big}"`);
  });

  it('shows the criteria menu as oa.query.show buttons, and a click (text with the payload) works', async () => {
    const [menu] = await say('u-criteria', '/tieuchi');
    expect(menu!.text).toContain('Tra cứu thi đua, khen thưởng');
    expect(menu!.buttons.map((b) => b.title)).toEqual([
      'Danh hiệu thi đua',
      'Hình thức khen thưởng',
      'Kế hoạch phát động thi đua (mẫu)',
    ]);
    for (const b of menu!.buttons) {
      expect(b.type).toBe('oa.query.show');
      expect(b.payload).toMatch(/^bt:[a-z0-9]{10}$/);
    }
    expect(menu!.attachment.type).toBe('template');
    expect(menu!.attachment.payload.template_type).toBeUndefined();

    const [list] = await say('u-criteria', String(menu!.buttons[0]!.payload));
    expect(list!.text).toContain('Danh hiệu thi đua (trang 1/1)');
    const ldtt = list!.buttons.find((b) => b.title === 'Lao động tiên tiến');
    expect(ldtt).toBeDefined();
    expect(list!.buttons.length).toBeLessThanOrEqual(5);

    const [title] = await say('u-criteria', String(ldtt!.payload));
    expect(title!.text).toContain('🎖 Lao động tiên tiến');
    expect(title!.text).toContain('Hoàn thành tốt nhiệm vụ trở lên');

    // An old button from another chat is refused, not run.
    const [stale] = await say('u-other', String(ldtt!.payload));
    expect(stale!.text).toContain('Nút này đã cũ');
  });

  it('verifies X-ZEvent-Signature: right 200; wrong, missing or a changed byte 401 and nothing handled', async () => {
    const body = JSON.stringify(oaEvent.text({ appId: APP_ID, oaId: OA_ID, userId: 'u-sig', text: '/trogiup' }));
    expect(await post(hook, body, 'wrong')).toBe(401);
    expect(await post(hook, body, 'none')).toBe(401);
    expect(await post(hook, body, 'oa_id')).toBe(401); // the other id variant is not the configured one
    const ts = /"timestamp":"(\d+)"/.exec(body)![1]!;
    const signature = signOa(body, APP_ID, ts, OA_SECRET_KEY);
    const changed = body.replace('/trogiup', '/trogiuq');
    expect((await postRaw(hook, changed, { 'X-ZEvent-Signature': signature })).status).toBe(401);
    // Without the mac= prefix the same signature is accepted.
    const bare = await postRaw(hook, body, { 'X-ZEvent-Signature': signature.slice(4) });
    expect(bare.status).toBe(200);
    expect(bare.ms).toBeLessThan(2000);
    await fake.waitFor(() => fake.oaMessages('u-sig').length >= 1);
    await say('u-sig', '/huy');
    expect(fake.oaMessages('u-sig')).toHaveLength(2);
  });

  it('drops the OA echoes of its own sends and handles a repeated delivery once', async () => {
    expect(await post(hook, oaEvent.echo({ appId: APP_ID, oaId: OA_ID, userId: 'u-dup', text: '/trogiup' }))).toBe(200);
    const body = oaEvent.text({ appId: APP_ID, oaId: OA_ID, userId: 'u-dup', text: '/huy', msgId: 'repeated-msg-1' });
    expect(await post(hook, body)).toBe(200);
    await fake.waitFor(() => fake.oaMessages('u-dup').length >= 1);
    expect(await post(hook, { ...body, timestamp: String(Number(body.timestamp) + 30_000) })).toBe(200); // Zalo's retry
    await say('u-dup', '/trogiup');
    const texts = fake.oaMessages('u-dup').map((m) => m.text ?? '');
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('Hiện không có việc nào đang làm dở');
    expect(texts[1]).toContain('Các lệnh anh/chị dùng được');
  });

  it('welcomes a new follower, answers stickers politely, and takes images and files as files', async () => {
    expect(await post(hook, oaEvent.follow({ appId: APP_ID, oaId: OA_ID, userId: 'u-media' }))).toBe(200);
    await fake.waitFor(() => fake.oaMessages('u-media').length >= 1);
    expect(fake.oaMessages('u-media')[0]!.text).toContain(
      'Tôi là trợ lý thi đua, khen thưởng của Ủy ban nhân dân huyện Mẫu',
    );

    expect(await post(hook, oaEvent.sticker({ appId: APP_ID, oaId: OA_ID, userId: 'u-media' }))).toBe(200);
    await fake.waitFor(() => fake.oaMessages('u-media').length >= 2);
    expect(fake.oaMessages('u-media')[1]!.text).toContain('chưa đọc được loại tin nhắn này');

    const file = oaEvent.file({
      appId: APP_ID,
      oaId: OA_ID,
      userId: 'u-media',
      url: 'https://f.zalo.example/bc.pdf',
      name: 'bao-cao.pdf',
      size: '20480',
      type: 'pdf',
    });
    expect(await post(hook, file)).toBe(200);
    await fake.waitFor(() => fake.oaMessages('u-media').length >= 3);
    expect(fake.oaMessages('u-media')[2]!.text).toContain('Tôi chưa cần tệp nào lúc này');

    expect(
      await post(
        hook,
        oaEvent.image({ appId: APP_ID, oaId: OA_ID, userId: 'u-media', url: 'https://f.zalo.example/a.jpg' }),
      ),
    ).toBe(200);
    await fake.waitFor(() => fake.oaMessages('u-media').length >= 4);
    expect(fake.oaMessages('u-media')[3]!.text).toContain('Tôi chưa cần tệp nào lúc này');
  });

  it('splits a 2,500-character message in two, NFC-normalised, with the buttons on the last part', async () => {
    const nfd = 'Hoàn thành tốt nhiệm vụ. '.normalize('NFD');
    const text = nfd.repeat(100); // 2,500 characters in NFC, 3,200 in NFD
    expect([...text.normalize('NFC')].length).toBe(2500);
    const out = await adapter.send('u-long', { text, buttons: [[{ label: 'Mở báo cáo', token: 'abcdefghij' }]] });
    expect(out.ok).toBe(true);
    const parts = fake.oaMessages('u-long');
    expect(parts).toHaveLength(2);
    for (const p of parts) {
      expect([...p.text!].length).toBeLessThanOrEqual(2000);
      expect(p.text).toBe(p.text!.normalize('NFC'));
    }
    expect(parts[0]!.buttons).toEqual([]);
    expect(parts[1]!.buttons).toEqual([{ title: 'Mở báo cáo', type: 'oa.query.show', payload: 'bt:abcdefghij' }]);
  });

  it('sends documents and pictures by upload', async () => {
    const xlsx = new Uint8Array(Buffer.from('PK fake xlsx content'));
    const out = await adapter.send('u-files', {
      text: 'Tệp tổng hợp báo cáo',
      document: {
        fileName: 'tong-hop.xlsx',
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        data: xlsx,
      },
    });
    expect(out.ok).toBe(true);
    const [upload] = fake.requestsTo('POST /v2.0/oa/upload/file');
    expect(upload!.multipart!.files[0]).toMatchObject({ field: 'file', filename: 'tong-hop.xlsx' });
    expect(upload!.multipart!.files[0]!.data.equals(Buffer.from(xlsx))).toBe(true);
    const msgs = fake.oaMessages('u-files');
    expect(msgs[0]!.text).toBe('Tệp tổng hợp báo cáo');
    expect(msgs[1]!.attachment).toEqual({ type: 'file', payload: { token: expect.stringMatching(/^file-/) } });

    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 9]);
    expect(
      (
        await adapter.send('u-files', {
          text: 'Biểu đồ',
          photo: { fileName: 'bd.png', mime: 'image/png', data: png, caption: 'Tiến độ' },
        })
      ).ok,
    ).toBe(true);
    const img = fake.oaMessages('u-files').at(-1)!;
    expect(img.text).toBe('Tiến độ');
    expect(img.attachment.payload).toEqual({
      template_type: 'media',
      elements: [{ media_type: 'image', attachment_id: expect.stringMatching(/^att-/) }],
    });

    // An upload Zalo refuses becomes a sentence instead of silence.
    fake.script('POST /v2.0/oa/upload/file', { json: { error: -201, message: 'file type is invalid!' } });
    expect(
      (
        await adapter.send('u-files2', {
          text: 'Tệp',
          document: { fileName: 'x.xlsx', mime: 'application/octet-stream', data: xlsx },
        })
      ).ok,
    ).toBe(true);
    expect(fake.oaMessages('u-files2').at(-1)!.text).toContain('Chưa gửi được tệp "x.xlsx"');
  });

  it('on -216 refreshes once, stores the new pair before using it, and retries once', async () => {
    const refreshesBefore = fake.requestsTo(OAUTH).length;
    const before = (await getChannelTokens(app.store.db, 'zalo-oa'))!;
    let storedAtRetry: string | undefined;
    fake.script(CS, { json: { error: -216, message: 'Access token is invalid' } }, async (req) => {
      storedAtRetry = (await getChannelTokens(app.store.db, 'zalo-oa'))?.accessToken;
      expect(req.headers['access_token']).toBe(storedAtRetry);
      return { json: { error: 0, message: 'Success', data: { message_id: 'after-refresh', user_id: 'u-auth' } } };
    });
    const out = await adapter.send('u-auth', { text: 'Nhắc: hạn nộp báo cáo sơ kết là 10/12.' });
    expect(out).toEqual({ ok: true, messageId: 'after-refresh' });

    const refreshes = fake.requestsTo(OAUTH).slice(refreshesBefore);
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.headers['secret_key']).toBe(APP_SECRET);
    expect(refreshes[0]!.form).toEqual({
      refresh_token: before.refreshToken,
      app_id: APP_ID,
      grant_type: 'refresh_token',
    });
    const after = (await getChannelTokens(app.store.db, 'zalo-oa'))!;
    expect(after.version).toBe(before.version + 1);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(storedAtRetry).toBe(after.accessToken);
    expect(after.accessExpiresAt.getTime()).toBe(app.clock.now().getTime() + 90_000_000);
    expect(after.needsReconsent).toBe(false);
    expect(reconsent).toEqual([]);
  });

  it('the 7-day rule: -230 is unreachable; with a template id a reminder goes as a ZBS template with mapped fields', async () => {
    fake.script(CS, { json: { error: -230, message: 'User has not interacted with the OA in the past 7 days' } });
    const reminder = {
      text: 'Nhắc hạn: UBND xã A chưa nộp Báo cáo sơ kết (hạn 10/12/2026). Trả lời 1 để mở báo cáo.',
      template: {
        kind: 'reminder' as const,
        fields: { unit: 'UBND xã A', deadline: 'Báo cáo sơ kết 6 tháng', due: '10/12/2026 17:00' },
      },
    };
    expect(await adapter.send('u-window', reminder)).toMatchObject({ ok: false, kind: 'unreachable' });
    expect(fake.requestsTo('POST /v3.0/oa/message/template')).toHaveLength(0);

    const withTemplate = createZaloOaChannel(app, {
      retry: FAST,
      tokens: adapter.tokens,
      reminderTemplateId: 'tpl-nhac-han',
      templateFieldMap: parseTemplateFieldMap('ten_don_vi=unit, noi_dung=deadline, han_chot=due'),
    });
    fake.script(CS, { json: { error: -230, message: 'User has not interacted with the OA in the past 7 days' } });
    const out = await withTemplate.send('u-window', reminder);
    expect(out.ok).toBe(true);
    const [tpl] = fake.requestsTo('POST /v3.0/oa/message/template');
    expect(tpl!.json).toEqual({
      user_id: 'u-window',
      template_id: 'tpl-nhac-han',
      template_data: { ten_don_vi: 'UBND xã A', noi_dung: 'Báo cáo sơ kết 6 tháng', han_chot: '10/12/2026 17:00' },
    });
    // A message that is not a reminder is not turned into a template.
    fake.script(CS, { json: { error: -230, message: 'User has not interacted with the OA in the past 7 days' } });
    expect(await withTemplate.send('u-window', { text: 'Thông báo chung' })).toMatchObject({
      ok: false,
      kind: 'unreachable',
    });
    expect(fake.requestsTo('POST /v3.0/oa/message/template')).toHaveLength(1);
    // Identity mapping without a map.
    expect(mapTemplateFields({ a: '1', b: '2' })).toEqual({ a: '1', b: '2' });
    expect(mapTemplateFields({ a: '1' }, { p: 'a', q: 'missing' })).toEqual({ p: '1' });
  });

  it('rate limits back off and retry on replies, and come back as rate on proactive sends', async () => {
    const limited = { json: { error: -32, message: 'Your OA reached limit call api' } };
    fake.script(CS, limited, limited);
    const attempts = await say('u-rate', '/huy', 3); // two refused, then delivered
    expect(attempts).toHaveLength(3);
    expect(attempts[2]!.text).toContain('Hiện không có việc nào đang làm dở');

    fake.script(CS, limited);
    const out = await adapter.send('u-rate', { text: 'Nhắc hạn' });
    expect(out).toMatchObject({ ok: false, kind: 'rate' });
    expect(out.ok === false && out.kind === 'rate' && out.retryAfterMs).toBeGreaterThan(0);
    fake.script(CS, { status: 429, body: 'Too Many Requests' });
    const again = await adapter.send('u-rate', { text: 'Nhắc hạn' });
    expect(again).toMatchObject({ ok: false, kind: 'rate' });
    // Limits in a row suggest longer waits; a success resets them.
    expect(again.ok === false && again.kind === 'rate' && again.retryAfterMs).toBeGreaterThanOrEqual(
      out.ok === false && out.kind === 'rate' ? out.retryAfterMs : Infinity,
    );
    expect((await adapter.send('u-rate', { text: 'Nhắc hạn' })).ok).toBe(true);
  });

  it('retries a send only when it provably never reached Zalo', async () => {
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls++;
      if (calls === 1)
        throw Object.assign(new TypeError('fetch failed'), {
          cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }),
        });
      return fetch(input, init);
    };
    const client = createZaloOaClient({ apiRoot: fake.url, tokens: adapter.tokens, fetch: flaky, retry: FAST });
    expect((await client.sendText('u-net', 'Xin chào')).message_id).not.toBe('');
    expect(calls).toBe(2);

    // A timeout or a dropped connection may have delivered it: one request, reported transient.
    const before = fake.oaMessages('u-net').length;
    fake.script(CS, { drop: true });
    expect(await adapter.send('u-net', { text: 'Nhắc hạn' })).toMatchObject({ ok: false, kind: 'transient' });
    const slow = createZaloOaClient({ apiRoot: fake.url, tokens: adapter.tokens, retry: FAST, timeoutMs: 100 });
    fake.script(CS, { delayMs: 400, json: { error: 0, data: { message_id: 'late' } } });
    const err = await slow.sendText('u-net', 'Nhắc hạn').catch((e: unknown) => e);
    expect(err).toMatchObject({ category: 'transient', ambiguous: true });
    expect(fake.oaMessages('u-net').length - before).toBe(2);
    fake.script(CS, { status: 502, body: '<html>Bad gateway</html>' });
    expect(await adapter.send('u-net', { text: 'Nhắc hạn' })).toMatchObject({ ok: false, kind: 'transient' });
  });
});

/** Posts `body` signed over exactly the timestamp string it carries (whatever it is). */
async function postSignedAsIs(url: string, body: Record<string, unknown>): Promise<number> {
  const raw = JSON.stringify(body);
  // The signature covers the timestamp as the body carries it, whatever it is.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  const timestamp = String(body.timestamp ?? '');
  return (await postRaw(url, raw, { 'X-ZEvent-Signature': signOa(raw, APP_ID, timestamp, OA_SECRET_KEY) })).status;
}

describe('Zalo OA replays (issue 21, finding 4)', () => {
  it('refuses correctly signed events from 2001, 2100, "0", "abc" or 11 minutes ago with 401, logged, nothing handled', async () => {
    const fake = await FakeZaloApi.start();
    const base = await createTestApp({ env: oaEnv(fake) });
    await seedOaTokens(base.store, 'a1', 'r1', base.clock.now(), { expiresInSec: 90_000 });
    fake.grantOaTokens('a1', 'r1');
    const lines: string[] = [];
    const logger = createLogger('info', { write: (l: string) => void lines.push(l) });
    const oa = createZaloOaChannel({ ...base, logger }, { tokenCheckIntervalMs: 0, retry: FAST });
    const { server, base: url } = await serve(oa.routes, base);
    const hook = `${url}/webhooks/zalo-oa`;
    try {
      const now = Date.now();
      const stale = ['978307200000', '4102444800000', '0', 'abc', String(now - 11 * 60_000), String(now + 5 * 60_000)];
      for (const [i, timestamp] of stale.entries()) {
        const body = oaEvent.text({
          appId: APP_ID,
          oaId: OA_ID,
          userId: 'u-replay',
          text: '/trogiup',
          msgId: `old-${i}`,
          timestamp,
        });
        expect(await postSignedAsIs(hook, body), `timestamp "${timestamp}"`).toBe(401);
      }
      const refusals = lines.filter((l) => l.includes('refused as a possible replay'));
      expect(refusals).toHaveLength(stale.length);
      expect(refusals.map((l) => JSON.parse(l).reason)).toEqual([
        'too_old',
        'in_future',
        'unreadable',
        'unreadable',
        'too_old',
        'in_future',
      ]);
      // A fresh event (and one 30 s ahead, within the skew) is handled: only its replies arrive.
      expect(
        await postSignedAsIs(
          hook,
          oaEvent.text({
            appId: APP_ID,
            oaId: OA_ID,
            userId: 'u-replay',
            text: '/huy',
            timestamp: String(now - 60_000),
          }),
        ),
      ).toBe(200);
      expect(
        await postSignedAsIs(
          hook,
          oaEvent.text({
            appId: APP_ID,
            oaId: OA_ID,
            userId: 'u-replay',
            text: '/huy',
            timestamp: String(now + 30_000),
          }),
        ),
      ).toBe(200);
      await fake.waitFor(() => fake.oaMessages('u-replay').length >= 2);
      await new Promise((r) => setTimeout(r, 200));
      expect(fake.oaMessages('u-replay').map((m) => m.text)).toEqual([
        expect.stringContaining('Hiện không có việc nào đang làm dở'),
        expect.stringContaining('Hiện không có việc nào đang làm dở'),
      ]);
    } finally {
      await oa.stop();
      await server.close();
      await base.close();
      await fake.close();
    }
  });

  it('a replay after the processed ids were purged is refused by age; ids outlive the window plus the retry horizon', async () => {
    expect(KEEP.processedUpdatesMs).toBeGreaterThanOrEqual(
      MAX_EVENT_AGE_LIMIT_SECONDS * 1000 + PLATFORM_RETRY_HORIZON_MS,
    );
    expect(createConfig({ ...oaEnv({ url: 'http://127.0.0.1:1' } as FakeZaloApi) }).zaloOa!.maxEventAgeSeconds).toBe(
      600,
    );
    expect(() => createConfig({ ZALO_OA_MAX_EVENT_AGE_SECONDS: String(MAX_EVENT_AGE_LIMIT_SECONDS + 1) })).toThrow(
      ConfigError,
    );
    expect(() => createConfig({ ZALO_OA_MAX_EVENT_AGE_SECONDS: '5' })).toThrow(ConfigError);
    const fake = await FakeZaloApi.start();
    const app = await createTestApp({ env: oaEnv(fake) });
    await seedOaTokens(app.store, 'a1', 'r1', app.clock.now(), { expiresInSec: 30 * 86_400 });
    fake.grantOaTokens('a1', 'r1');
    let wall = Date.now();
    const oa = createZaloOaChannel(app, { tokenCheckIntervalMs: 0, retry: FAST, wallClock: () => wall });
    const { server, base } = await serve(oa.routes, app);
    const hook = `${base}/webhooks/zalo-oa`;
    try {
      const body = oaEvent.text({
        appId: APP_ID,
        oaId: OA_ID,
        userId: 'u-purge',
        text: '/huy',
        msgId: 'captured-1',
        timestamp: String(wall),
      });
      expect(await postSignedAsIs(hook, body)).toBe(200);
      await fake.waitFor(() => fake.oaMessages('u-purge').length === 1);
      expect(await postSignedAsIs(hook, body)).toBe(200); // a retry within the window: remembered, not handled again
      // Eight days later the housekeeping has pruned the id; the same signed bytes come again.
      wall += 8 * 86_400_000;
      app.clock.advance(8 * 86_400_000);
      await maintenance(app.store.db, app.clock.now());
      const left = await app.store.db
        .select()
        .from(processedUpdates)
        .where(eq(processedUpdates.updateId, 'captured-1'));
      expect(left).toHaveLength(0);
      expect(await postSignedAsIs(hook, body)).toBe(401);
      await new Promise((r) => setTimeout(r, 300));
      expect(fake.oaMessages('u-purge')).toHaveLength(1);
    } finally {
      await oa.stop();
      await server.close();
      await app.close();
      await fake.close();
    }
  });
});

describe('Zalo OA webhook signature settings', () => {
  it('log-only handles a badly signed event; signatureId oa_id verifies with the OA id', async () => {
    const fake = await FakeZaloApi.start();
    const app = await createTestApp({ env: oaEnv(fake, { ZALO_OA_SIGNATURE_MODE: 'log-only' }) });
    await seedOaTokens(app.store, 'a1', 'r1', app.clock.now());
    const logOnly = createZaloOaChannel(app, { tokenCheckIntervalMs: 0, retry: FAST });
    const byOaId = createZaloOaChannel(app, {
      tokenCheckIntervalMs: 0,
      retry: FAST,
      signatureMode: 'enforce',
      signatureId: 'oa_id',
      webhookPath: '/webhooks/zalo-oa-2',
    });
    const { server, base } = await serve([...logOnly.routes, ...byOaId.routes], app);
    try {
      expect(
        await post(
          `${base}/webhooks/zalo-oa`,
          oaEvent.text({ appId: APP_ID, oaId: OA_ID, userId: 'u-log', text: '/huy' }),
          'wrong',
        ),
      ).toBe(200);
      expect(
        await post(
          `${base}/webhooks/zalo-oa`,
          oaEvent.text({ appId: APP_ID, oaId: OA_ID, userId: 'u-log2', text: '/huy' }),
          'none',
        ),
      ).toBe(200);
      await fake.waitFor(() => fake.oaMessages('u-log').length === 1 && fake.oaMessages('u-log2').length === 1);

      const hook2 = `${base}/webhooks/zalo-oa-2`;
      expect(
        await post(hook2, oaEvent.text({ appId: APP_ID, oaId: OA_ID, userId: 'u-oaid', text: '/huy' }), 'right'),
      ).toBe(401);
      expect(
        await post(hook2, oaEvent.text({ appId: APP_ID, oaId: OA_ID, userId: 'u-oaid', text: '/huy' }), 'oa_id'),
      ).toBe(200);
      await fake.waitFor(() => fake.oaMessages('u-oaid').length === 1);
    } finally {
      await logOnly.stop();
      await byOaId.stop();
      await server.close();
      await app.close();
      await fake.close();
    }
  });
});

describe('Zalo OA tokens', () => {
  let fake: FakeZaloApi;
  let app: TestApp;

  beforeAll(async () => {
    fake = await FakeZaloApi.start({ appSecret: APP_SECRET });
    app = await createTestApp({ env: oaEnv(fake) });
  });

  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('seeding stores a pair that rotates soon; concurrent reads by two instances refresh exactly once', async () => {
    const seeded = await seedOaTokens(app.store, 'conc-access', 'conc-refresh', app.clock.now());
    expect(seeded.accessExpiresAt.getTime() - app.clock.now().getTime()).toBe(3_600_000);
    fake.grantOaTokens('conc-access', 'conc-refresh');
    app.clock.advance(40 * 60_000); // 20 minutes left: inside the 30-minute refresh margin

    // Two instances: on PostgreSQL two stores (separate pools), so only the advisory lock
    // keeps them apart; on PGlite one process, one store.
    const second = await openSecondStore(app);
    try {
      const mk = (store: TestApp['store']) =>
        createZaloOaChannel({ ...app, store }, { retry: FAST, tokenCheckIntervalMs: 0 }).tokens;
      const a = mk(app.store);
      const b = mk(second.store);
      fake.script(OAUTH, { delayMs: 300, passThrough: true }); // a slow refresh: the others must wait
      const before = fake.requestsTo(OAUTH).length;
      const tokens = await Promise.all([
        a.getAccessToken(),
        b.getAccessToken(),
        a.getAccessToken(),
        b.getAccessToken(),
      ]);
      expect(fake.requestsTo(OAUTH).length - before).toBe(1);
      expect(new Set(tokens).size).toBe(1);
      expect(tokens[0]).not.toBe('conc-access');
      const row = (await getChannelTokens(app.store.db, 'zalo-oa'))!;
      expect(row.accessToken).toBe(tokens[0]);
      expect(row.version).toBe(2);
    } finally {
      await second.close();
    }
  });

  it('a refused refresh marks the channel for re-consent, tells the admins once, and sends fail permanently', async () => {
    const reasons: string[] = [];
    await seedOaTokens(app.store, 'dead-access', 'dead-refresh', app.clock.now(), { expiresInSec: 90_000 });
    const adapter = createZaloOaChannel(app, {
      retry: FAST,
      tokenCheckIntervalMs: 0,
      onNeedsReconsent: (r) => void reasons.push(r),
    });
    fake.script(OAUTH, { json: { error: -14014, error_name: 'Invalid refresh token', error_reason: 'expired' } });
    fake.script(CS, { json: { error: -216, message: 'Access token is invalid' } });
    const out = await adapter.send('u-dead', { text: 'Nhắc hạn' });
    expect(out).toMatchObject({ ok: false, kind: 'permanent' });
    expect(out.ok === false && out.error).not.toContain('dead-refresh');
    const row = (await getChannelTokens(app.store.db, 'zalo-oa'))!;
    expect(row.needsReconsent).toBe(true);
    expect(row.lastError).toContain('-14014');
    expect(row.lastError).not.toContain('dead-refresh');
    expect(reasons).toHaveLength(1);

    // No second refresh with a refresh token known to be dead; no second alert.
    const refreshes = fake.requestsTo(OAUTH).length;
    fake.script(CS, { json: { error: -216, message: 'Access token is invalid' } });
    expect(await adapter.send('u-dead', { text: 'Nhắc hạn' })).toMatchObject({ ok: false, kind: 'permanent' });
    expect(fake.requestsTo(OAUTH).length).toBe(refreshes);
    expect(reasons).toHaveLength(1);

    // An administrator seeds a new pair: the channel works again.
    await seedOaTokens(app.store, 'new-access', 'new-refresh', app.clock.now(), { expiresInSec: 90_000 });
    fake.grantOaTokens('new-access', 'new-refresh');
    expect(await adapter.send('u-dead', { text: 'Nhắc hạn' })).toMatchObject({ ok: true });
    expect(fake.oaMessages('u-dead').at(-1)!.request.headers['access_token']).toBe('new-access');
    expect((await adapter.tokens.status()).needsReconsent).toBe(false);
  });

  it('a fresh token refused again after the one refresh needs re-consent (no loop)', async () => {
    const reasons: string[] = [];
    await seedOaTokens(app.store, 'x-access', 'x-refresh', app.clock.now(), { expiresInSec: 90_000 });
    fake.grantOaTokens('never-valid', 'x-refresh'); // the refresh works …
    const adapter = createZaloOaChannel(app, {
      retry: FAST,
      tokenCheckIntervalMs: 0,
      onNeedsReconsent: (r) => void reasons.push(r),
    });
    const csBefore = fake.requestsTo(CS).length;
    const oauthBefore = fake.requestsTo(OAUTH).length;
    const refused = { json: { error: -220, message: 'access_token is expired or removed' } };
    fake.script(CS, refused, refused); // … but the new token is refused too
    expect(await adapter.send('u-x', { text: 'Nhắc hạn' })).toMatchObject({ ok: false, kind: 'permanent' });
    expect(fake.requestsTo(CS).length - csBefore).toBe(2);
    expect(fake.requestsTo(OAUTH).length - oauthBefore).toBe(1);
    expect(reasons).toHaveLength(1);
    expect((await getChannelTokens(app.store.db, 'zalo-oa'))!.needsReconsent).toBe(true);
  });
});

/** A second connection pool to the same database on PostgreSQL; the same store on PGlite. */
async function openSecondStore(app: TestApp): Promise<{ store: TestApp['store']; close: () => Promise<void> }> {
  if (app.store.driver !== 'postgres') return { store: app.store, close: async () => {} };
  const { openStore } = await import('../db/store.js');
  const rows = (await app.store.db.execute(
    (await import('drizzle-orm')).sql`select current_database() as name`,
  )) as Array<{ name: string }>;
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${rows[0]!.name}`;
  const store = await openStore({ databaseUrl: url.toString(), maxConnections: 2 });
  return { store, close: () => store.close() };
}
