/**
 * Telegram's failure modes, survived: 429 / 500 / dropped connections on replies (retried),
 * the same on proactive sends (classified, never retried), errors inside handling, limits
 * shared by replies and proactive sends, HTTPS_PROXY, and a shutdown with an update in flight.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../bot/app.js';
import { createLogger } from '../bot/logger.js';
import { createTelegramChannel, type TelegramChannel } from '../bot/telegram/index.js';
import type { Engine } from '../handlers/engine/index.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { startFakeTelegram, type ApiCall, type FakeTelegram } from './fakes/telegram-api.js';

type LogLine = Record<string, unknown> & { msg: string; level: number };

function captureLogger(): { lines: LogLine[]; logger: App['logger'] } {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as LogLine);
      done();
    },
  });
  return { lines, logger: createLogger('debug', sink) };
}

function gaps(calls: ApiCall[]): number[] {
  return calls.slice(1).map((c, i) => c.at - calls[i]!.at);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let fake: FakeTelegram;
let app: TestApp;
let tg: TelegramChannel;
let logs: LogLine[];

beforeAll(async () => {
  fake = await startFakeTelegram();
  app = await createTestApp({
    env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_GLOBAL_RATE: '10' },
  });
  const cap = captureLogger();
  logs = cap.lines;
  // An engine that breaks on "/boom", to check what the adapter does if the engine ever throws.
  const engine: Engine = {
    ...app.engine,
    handle: (event, caps) =>
      event.text === '/boom' ? Promise.reject(new Error('boom')) : app.engine.handle(event, caps),
  };
  // The menu is refused twice (vi, en): the bot must work anyway.
  fake.failNext(
    'setMyCommands',
    { kind: 'error', code: 400, description: 'Bad Request: BOT_COMMAND_INVALID' },
    { times: 2 },
  );
  tg = createTelegramChannel({ ...app, engine, logger: cap.logger }, { botInfo: fake.botInfo });
  await tg.start();
});

afterAll(async () => {
  await tg?.stop();
  await app?.close();
  await fake?.close();
});

describe.concurrent('replies survive Telegram trouble', () => {
  it('429 with retry_after: waits as told, then the reply arrives', async () => {
    const chat = 4001;
    fake.rateLimitNext('sendMessage', 1, 1, chat);
    fake.pushText(chat, '/help');
    await fake.waitForSent(chat, 1, 10_000);
    const attempts = fake.callsOf('sendMessage').filter((c) => c.payload.chat_id === chat);
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it('500: retried after a back-off, then the reply arrives', async () => {
    const chat = 4002;
    fake.serverErrorNext('sendMessage', 1, chat);
    fake.pushText(chat, '/help');
    await fake.waitForSent(chat, 1, 15_000);
    const attempts = fake.callsOf('sendMessage').filter((c) => c.payload.chat_id === chat);
    expect(attempts.map((c) => c.status)).toEqual([500, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(2900);
  });

  it('a dropped connection: retried, then the reply arrives', async () => {
    const chat = 4003;
    fake.dropNext('sendMessage', 1, chat);
    fake.pushText(chat, '/help');
    const [reply] = await fake.waitForSent(chat, 1, 15_000);
    expect(reply!.text).toContain('Các lệnh anh/chị dùng được');
    const attempts = fake.callsOf('sendMessage').filter((c) => c.payload.chat_id === chat);
    expect(attempts.map((c) => c.outcome)).toEqual(['dropped', 'ok']);
  });

  it('an edit Telegram refuses falls back to a new message', async () => {
    const chat = 4004;
    fake.pushText(chat, '/tieuchi');
    await fake.waitForSent(chat, 1);
    fake.failNext(
      'editMessageText',
      { kind: 'error', code: 400, description: 'Bad Request: message is not modified' },
      { chatId: chat },
    );
    fake.press(chat, 'Danh hiệu thi đua');
    const sent = await fake.waitForSent(chat, 2);
    expect(sent[1]!.method).toBe('sendMessage');
    expect(sent[1]!.text).toContain('Danh hiệu thi đua (trang 1/');
  });

  it('a reply that cannot be sent is logged with the update id and the next update is handled', async () => {
    const chat = 4005;
    fake.failNext(
      'sendMessage',
      { kind: 'error', code: 400, description: "Bad Request: can't parse entities" },
      { chatId: chat },
    );
    const failed = fake.pushText(chat, '/help');
    const line = await fake.waitFor(
      () => logs.find((l) => l.msg === 'could not send the reply' && l.update_id === failed.update_id),
      5000,
      'log line',
    );
    expect(line.error).toContain("can't parse entities");
    fake.pushText(chat, '/help');
    const [ok] = await fake.waitForSent(chat, 1);
    expect(ok!.text).toContain('Các lệnh anh/chị dùng được');
  });

  it('if the engine ever throws, the person gets an apology and the log names the update', async () => {
    const chat = 4006;
    const boom = fake.pushText(chat, '/boom');
    const [apology] = await fake.waitForSent(chat, 1);
    expect(apology!.text).toContain('Xin lỗi, đã có lỗi');
    expect(logs.some((l) => l.msg === 'engine failed' && l.update_id === boom.update_id)).toBe(true);
  });
});

describe('start-up trouble', () => {
  it('a refused command menu is logged, not fatal', async () => {
    expect(logs.filter((l) => l.msg.startsWith('could not publish the command menu'))).toHaveLength(2);
    fake.pushText(4010, '/trogiup');
    await fake.waitForSent(4010, 1);
  });

  it('a revoked token stops long polling and tells the owner (onFatal)', async () => {
    const token = '424242424:AARevokedTokenForTheFatalTest_000';
    let fatal!: (err: unknown) => void;
    const stopped = new Promise<unknown>((r) => (fatal = r));
    const ch = createTelegramChannel(app, { token, publishCommands: false, onFatal: fatal });
    await ch.start();
    fake.revokeToken(token);
    const err = await stopped;
    expect(String(err)).toContain('401');
    await ch.stop();
  });
});

describe('limits shared by replies and proactive sends', () => {
  it('keeps one private chat at 1 message per second, replies and proactive sends together', async () => {
    const chat = 4020;
    fake.pushText(chat, '/help');
    await Promise.all([tg.send(String(chat), { text: 'Nhắc việc 1' }), tg.send(String(chat), { text: 'Nhắc việc 2' })]);
    await fake.waitForSent(chat, 3);
    const sends = fake.callsOf('sendMessage').filter((c) => c.payload.chat_id === chat);
    expect(sends).toHaveLength(3);
    // The throttle spaces the starts a full second apart; arrival adds transit jitter, which
    // reached 11–18 ms on a loaded 2-core CI machine. Unthrottled, the gaps would be ~0.
    for (const g of gaps(sends)) expect(g).toBeGreaterThanOrEqual(950);
  });

  it('keeps all chats together under TELEGRAM_GLOBAL_RATE per second', async () => {
    const chats = Array.from({ length: 25 }, (_, i) => 4100 + i);
    const started = Date.now();
    const outcomes = await Promise.all(chats.map((c) => tg.send(String(c), { text: `Thông báo ${c}` })));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000); // 25 messages at 10/s
    const burst = fake.callsOf('sendMessage').filter((c) => chats.includes(Number(c.payload.chat_id)));
    expect(fake.peakRate({ windowMs: 1000, methods: ['sendMessage'] })).toBeLessThanOrEqual(11);
    expect(burst).toHaveLength(25);
  });
});

describe('send() for the outbox: classified, never retried here', () => {
  let plain: TelegramChannel;
  beforeAll(() => {
    // Not started: proactive sends need no polling. A short timeout for the hanging case.
    plain = createTelegramChannel(app, { botInfo: fake.botInfo, requestTimeoutMs: 400 });
  });
  const attemptsTo = (chat: number) =>
    fake.calls.filter((c) => c.method === 'sendMessage' && c.payload.chat_id === chat).length;

  it('delivers text with buttons and returns the message id', async () => {
    const out = await plain.send('4201', {
      text: 'Hạn nộp báo cáo quý: 30/11',
      buttons: [[{ label: 'Báo cáo ngay', token: 'abc123def4' }]],
    });
    expect(out).toEqual({ ok: true, messageId: String(fake.sentTo(4201)[0]!.messageId) });
    expect(fake.sentTo(4201)[0]!.buttons).toEqual([[{ text: 'Báo cáo ngay', data: 'abc123def4' }]]);
  });

  it('429 → rate with the delay Telegram asked for', async () => {
    fake.rateLimitNext('sendMessage', 7, 1, 4202);
    const out = await plain.send('4202', { text: 'x' });
    expect(out).toMatchObject({ ok: false, kind: 'rate', retryAfterMs: 7000 });
    expect(attemptsTo(4202)).toBe(1);
  });

  it('403 blocked → unreachable; 400 chat not found → unreachable', async () => {
    fake.blockChat(4203);
    expect(await plain.send('4203', { text: 'x' })).toMatchObject({ ok: false, kind: 'unreachable' });
    fake.forgetChat(4204);
    const out = await plain.send('4204', { text: 'x' });
    expect(out).toMatchObject({ ok: false, kind: 'unreachable' });
    expect(!out.ok && out.error).toContain('chat not found');
  });

  it('500, a dropped connection and a timeout → transient, each tried once', async () => {
    fake.serverErrorNext('sendMessage', 1, 4205);
    expect(await plain.send('4205', { text: 'x' })).toMatchObject({ ok: false, kind: 'transient' });
    fake.dropNext('sendMessage', 1, 4206);
    expect(await plain.send('4206', { text: 'x' })).toMatchObject({ ok: false, kind: 'transient' });
    fake.failNext('sendMessage', { kind: 'hang' }, { chatId: 4207 });
    const hung = await plain.send('4207', { text: 'x' });
    expect(hung).toMatchObject({ ok: false, kind: 'transient' });
    expect(!hung.ok && hung.error).not.toMatch(/\d+:[A-Za-z0-9_-]{20,}/); // no token in the error
    for (const c of [4205, 4206, 4207]) expect(attemptsTo(c)).toBe(1);
  });

  it('other refusals → permanent', async () => {
    fake.failNext(
      'sendMessage',
      { kind: 'error', code: 400, description: 'Bad Request: message is too long' },
      { chatId: 4208 },
    );
    expect(await plain.send('4208', { text: 'x' })).toMatchObject({ ok: false, kind: 'permanent' });
  });

  it('splits long text, buttons on the last part', async () => {
    const para = 'Tiêu chuẩn "Lao động tiên tiến": hoàn thành tốt nhiệm vụ_*[trở lên]*.\n';
    const text = para.repeat(Math.ceil(9000 / para.length));
    const out = await plain.send('4209', { text, buttons: [[{ label: 'Xem tiếp', token: 'tok0000001' }]] });
    expect(out.ok).toBe(true);
    const parts = fake.sentTo(4209);
    expect(parts.length).toBe(3);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(4096);
    expect(parts.map((p) => p.buttons.length)).toEqual([0, 0, 1]);
    expect(parts.map((p) => p.text.trim()).join('\n')).toBe(text.trim());
  });

  it('sends documents and photos from bytes, with the Vietnamese file name and caption', async () => {
    const data = new Uint8Array(Buffer.from('PK\u0003\u0004 fake xlsx bytes ✓', 'utf8'));
    const doc = await plain.send('4210', {
      text: 'Tổng hợp báo cáo quý III',
      document: { fileName: 'Tổng hợp quý 3.xlsx', mime: 'application/vnd.ms-excel', data },
    });
    expect(doc.ok).toBe(true);
    const [sent] = fake.sentTo(4210);
    expect(sent!.method).toBe('sendDocument');
    expect(sent!.text).toBe('Tổng hợp báo cáo quý III'); // one message: the text is the caption
    const file = sent!.call.payload.document as { filename: string; data: Buffer };
    expect(file.filename).toBe('Tổng hợp quý 3.xlsx');
    expect(Buffer.compare(file.data, Buffer.from(data))).toBe(0);

    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await plain.send('4211', {
      text: 'Biểu đồ tiến độ',
      photo: { fileName: 'bieu-do.png', mime: 'image/png', data: png, caption: 'Tiến độ các xã' },
    });
    const sent2 = fake.sentTo(4211);
    expect(sent2.map((s) => s.method)).toEqual(['sendMessage', 'sendPhoto']);
    expect(sent2[1]!.text).toBe('Tiến độ các xã');
  });
});

describe('HTTPS_PROXY', () => {
  it('sends Bot API calls through the proxy (CONNECT tunnel)', async () => {
    const seen: string[] = [];
    const tunnels = new Set<net.Socket>();
    const proxy = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req, client: net.Socket, head: Buffer) => {
      seen.push(req.url ?? '');
      tunnels.add(client);
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const viaProxy = createTelegramChannel(app, { botInfo: fake.botInfo, proxy: proxyUrl });
      const out = await viaProxy.send('4301', { text: 'Qua proxy' });
      expect(out.ok).toBe(true);
      expect(seen).toContain(`127.0.0.1:${fake.port}`);
    } finally {
      for (const t of tunnels) t.destroy(); // tunnels are detached from the server: close() would wait for them
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});

describe('shutdown', () => {
  it('stops fetching, waits for the update in flight (its reply is sent), then the store closes cleanly', async () => {
    const own = await createTestApp({ env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot } });
    let entered!: () => void;
    const reached = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const engine: Engine = {
      ...own.engine,
      async handle(event, caps) {
        entered();
        await gate; // the update is in the middle of being handled
        return own.engine.handle(event, caps);
      },
    };
    const token = '555000111:AAShutdownTestTokenForTelegram_00';
    const ch = createTelegramChannel({ ...own, engine }, { token, publishCommands: false });
    await ch.start();
    const chat = 4401;
    fake.pushText(chat, '/help', { token });
    await reached;

    let stopped = false;
    const stopping = ch.stop().then(() => (stopped = true));
    await sleep(300);
    expect(stopped).toBe(false);
    expect(ch.inFlight()).toBe(1);
    const pollsAtStop = fake.callsOf('getUpdates', token).length;

    release();
    await stopping;
    const reply = fake.sentTo(chat, token);
    expect(reply).toHaveLength(1);
    expect(reply[0]!.text).toContain('Các lệnh anh/chị dùng được');
    expect(ch.inFlight()).toBe(0);

    // Nothing is fetched or answered after stop.
    fake.pushText(chat, '/help', { token });
    await sleep(700);
    expect(fake.callsOf('getUpdates', token).length).toBeLessThanOrEqual(pollsAtStop);
    expect(fake.sentTo(chat, token)).toHaveLength(1);
    await expect(own.close()).resolves.toBeUndefined();
  });
});
