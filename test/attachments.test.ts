/**
 * The attachment archive (finding 9), end to end: a scan sent on Telegram is downloaded from
 * the fake Bot API on arrival (getFile + the file path), checked by its bytes, stored with its
 * SHA-256, and still reaches the office in `/xuat … zip` after Telegram forgot the file id; a
 * file whose bytes lie about its type or size is refused; a download that fails while the
 * platform is down keeps the answer and is archived by the retry; the CLI exports the same ZIP.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { runCli } from '../bot/admin-cli.js';
import { startChannels, type RunningChannels } from '../bot/channels.js';
import { createTelegramChannel, type TelegramChannel } from '../bot/telegram/index.js';
import { accounts, attachments, auditLog, files } from '../db/schema.js';
import { maintenance } from '../jobs/maintenance.js';
import { createTestApp, type ChatDriver, type TestApp } from './helpers/app.js';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram-api.js';

const FOCAL = 72001;
const ADMIN = 72002;
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n'),
  crypto.randomBytes(2000),
  Buffer.from('\n%%EOF\n'),
]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(500)]);
const EXE = Buffer.concat([Buffer.from('MZ'), crypto.randomBytes(800)]);
const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

let fake: FakeTelegram;
let app: TestApp;
let tg: TelegramChannel;
let running: RunningChannels;
let focal: ChatDriver;
let admin: ChatDriver;
let dir: string;

beforeAll(async () => {
  fake = await startFakeTelegram();
  app = await createTestApp({
    env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, MAX_FILE_MB: '1', SCHEDULER: 'off' },
  });
  await app.store.db.insert(accounts).values([
    { personId: await app.personId('focal-a'), channel: 'telegram', externalId: String(FOCAL), chatId: String(FOCAL) },
    { personId: await app.personId('admin1'), channel: 'telegram', externalId: String(ADMIN), chatId: String(ADMIN) },
  ]);
  tg = createTelegramChannel(app, {
    botInfo: fake.botInfo,
    publishCommands: false,
    throttle: { privateChatIntervalMs: 0 },
  });
  // startChannels registers the adapter's fetchFile with the archive, as `npm start` does.
  running = await startChannels(app, { adapters: [tg] });
  // The typed answers go straight to the engine in the same Telegram conversation; files come through the adapter.
  focal = app.chat({ stranger: String(FOCAL) }, { channel: 'telegram' });
  admin = app.chat({ stranger: String(ADMIN) }, { channel: 'telegram' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-files-'));
});

afterAll(async () => {
  await running?.stop();
  await app?.close();
  await fake?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Pushes a document through the Telegram adapter and returns the bot's answer to it. */
async function sendDocument(
  doc: { fileId: string; fileName: string; mime: string; size: number },
  bytes?: Buffer,
): Promise<string> {
  if (bytes) fake.setFileContent(doc.fileId, bytes);
  const n = fake.sentTo(FOCAL).length;
  fake.pushDocument(FOCAL, doc);
  await fake.waitForSent(FOCAL, n + 1, 10_000);
  return fake.lastBotMessage(FOCAL)!.text ?? '';
}

async function toFileItem(deadline = 'so-ket-2026'): Promise<void> {
  await focal.send(`/baocao ${deadline}`);
  for (const answer of [
    '45',
    '90',
    'Có',
    'Khá',
    'Phong trào "Dân vận khéo"',
    'Vượt 3 chỉ tiêu.',
    '15/07/2026',
    'bỏ qua',
  ])
    await focal.send(answer);
  expect(focal.lastText()).toContain('Mục 9/9');
}

async function zipOf(driver: ChatDriver, deadline = 'so-ket-2026'): Promise<{ zip: JSZip; text: string }> {
  await driver.send(`/xuat ${deadline} zip`);
  const doc = driver.last().document;
  expect(doc?.mime).toBe('application/zip');
  return { zip: await JSZip.loadAsync(doc!.data), text: driver.lastText() };
}

describe('attachments are archived on arrival', () => {
  it('a PDF is downloaded, hashed and stored; its name loses the bidi override; the office gets it after Telegram forgot the id', async () => {
    await toFileItem();
    const reply = await sendDocument(
      { fileId: 'tg-scan-1', fileName: 'bao-cao\u202Efdp.exe', mime: 'application/pdf', size: PDF.length },
      PDF,
    );
    expect(reply).toContain('Đã nhận tệp "bao-caofdp.exe" (1/3)');
    expect(fake.callsOf('getFile').map((c) => c.payload.file_id)).toContain('tg-scan-1');

    const [att] = await app.store.db.select().from(attachments).where(eq(attachments.fileId, 'tg-scan-1'));
    expect(att).toMatchObject({
      sha256: sha(PDF),
      mime: 'application/pdf',
      size: PDF.length,
      fileName: 'bao-caofdp.exe',
    });
    expect(att!.archivedAt).not.toBeNull();
    const [stored] = await app.store.db
      .select()
      .from(files)
      .where(eq(files.sha256, sha(PDF)));
    expect(stored).toMatchObject({ storage: 'db', size: PDF.length, mime: 'application/pdf' });
    expect(Buffer.from(stored!.data!).equals(PDF)).toBe(true);

    await focal.send('xong');
    await focal.press('Gửi báo cáo');
    expect(focal.lastText()).toContain('SO-KET-2026/XA-A/1');

    fake.expireFile('tg-scan-1'); // a new bot token, or Telegram's retention: the id is dead now
    const { zip, text } = await zipOf(admin);
    expect(text).toContain('Tệp đính kèm "Báo cáo sơ kết 6 tháng đầu năm 2026": 1 tệp của 1 đơn vị');
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
    const scan = names.find((n) => n !== 'danh-sach.csv')!;
    expect(scan).toBe('xa-a - UBND xã A/Muc 9 - Báo cáo có chữ ký, đóng dấu/bao-caofdp.exe.pdf');
    expect(Buffer.from(await zip.file(scan)!.async('uint8array')).equals(PDF)).toBe(true);
    const manifest = await zip.file('danh-sach.csv')!.async('string');
    expect(manifest).toContain(sha(PDF));
    expect(manifest).toContain('UBND xã A,xa-a,"9. Báo cáo có chữ ký, đóng dấu",bao-caofdp.exe,');
  });

  it('the type is judged by the bytes: an executable named scan.pdf is refused, a PNG named .pdf is kept as an image', async () => {
    await toFileItem('tk-xa-2026');
    const before = (await app.store.db.select().from(attachments)).length;
    expect(
      await sendDocument({ fileId: 'tg-exe', fileName: 'scan.pdf', mime: 'application/pdf', size: EXE.length }, EXE),
    ).toContain('Loại tệp này không được nhận ở mục này');
    expect((await app.store.db.select().from(attachments)).length).toBe(before);
    expect(
      await sendDocument(
        { fileId: 'tg-png', fileName: 'anh-chup.pdf', mime: 'application/pdf', size: PNG.length },
        PNG,
      ),
    ).toContain('Đã nhận tệp "anh-chup.pdf"');
    const [png] = await app.store.db.select().from(attachments).where(eq(attachments.fileId, 'tg-png'));
    expect(png).toMatchObject({ mime: 'image/png', sha256: sha(PNG) });
  });

  it('a file bigger than MAX_FILE_MB is refused even when the platform declared a small size', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const reply = await sendDocument(
      { fileId: 'tg-big', fileName: 'lon.pdf', mime: 'application/pdf', size: 1000 },
      big,
    );
    expect(reply).toContain('Tệp quá lớn (> 1 MB); tối đa 1 MB');
    expect((await app.store.db.select().from(attachments).where(eq(attachments.fileId, 'tg-big'))).length).toBe(0);
  });

  it('Telegram down while the file arrives: the answer is kept with the file id, listed as missing, archived by the retry', async () => {
    expect(fake.lastBotMessage(FOCAL)!.text).toContain('Tệp quá lớn'); // still at item 9 of tk-xa-2026, the PNG in it
    fake.setFileContent('tg-later', PDF);
    fake.failNext('getFile', { kind: 'error', code: 502, description: 'Bad Gateway' }, { times: 5 });
    const reply = await sendDocument({
      fileId: 'tg-later',
      fileName: 'bien-ban.pdf',
      mime: 'application/pdf',
      size: PDF.length,
    });
    expect(reply).toContain('Đã nhận tệp "bien-ban.pdf"');
    const [pending] = await app.store.db.select().from(attachments).where(eq(attachments.fileId, 'tg-later'));
    expect(pending).toMatchObject({ sha256: null, archivedAt: null, archiveError: 'unavailable' });
    await focal.send('xong');
    await focal.press('Gửi báo cáo');
    const missing = await zipOf(admin, 'tk-xa-2026');
    expect(missing.text).toContain('⚠️ 1 tệp chưa có bản lưu');
    expect(missing.text).toContain('bien-ban.pdf');

    // Telegram stays down for four more getFile calls: each retry uses one, the fifth succeeds.
    let archived = 0;
    for (let i = 0; i < 6 && archived === 0; i++) archived = await app.files.retryPending();
    expect(archived).toBe(1);
    const [done] = await app.store.db.select().from(attachments).where(eq(attachments.fileId, 'tg-later'));
    expect(done).toMatchObject({ sha256: sha(PDF), archiveError: null });
    const { zip, text } = await zipOf(admin, 'tk-xa-2026');
    expect(text).toContain('2 tệp của 1 đơn vị');
    expect(text).not.toContain('chưa có bản lưu');
    expect(Object.keys(zip.files).some((n) => n.endsWith('/bien-ban.pdf'))).toBe(true);
    expect(Object.keys(zip.files).some((n) => n.endsWith('/anh-chup.pdf.png'))).toBe(true);
  });

  it('npm run admin -- files <deadline> --out writes the same ZIP and is audited', async () => {
    const out = path.join(dir, 'tep.zip');
    const lines: string[] = [];
    await runCli(['files', 'tk-xa-2026', '--out', out], {
      store: app.store,
      config: app.config,
      out: (l) => lines.push(l),
      now: () => app.clock.now(),
    });
    expect(lines[0]).toMatch(/^Đã ghi .*tep\.zip: \d+ tệp của 1 đơn vị/);
    const zip = await JSZip.loadAsync(fs.readFileSync(out));
    expect(
      Object.keys(zip.files)
        .filter((n) => !zip.files[n]!.dir)
        .sort(),
    ).toEqual([
      'danh-sach.csv',
      'xa-a - UBND xã A/Muc 9 - Báo cáo có chữ ký, đóng dấu/anh-chup.pdf.png',
      'xa-a - UBND xã A/Muc 9 - Báo cáo có chữ ký, đóng dấu/bien-ban.pdf',
    ]);
    expect((await app.store.db.select().from(auditLog).where(eq(auditLog.action, 'files.export'))).length).toBe(1);
    await expect(
      runCli(['files', 'khong-co', '--out', out], {
        store: app.store,
        config: app.config,
        out: () => {},
        now: () => app.clock.now(),
      }),
    ).rejects.toThrow(/Không có đợt/);
  });

  it('bytes no attachment refers to (the refused executable) are deleted by housekeeping after a day', async () => {
    expect(
      (
        await app.store.db
          .select()
          .from(files)
          .where(eq(files.sha256, sha(EXE)))
      ).length,
    ).toBe(1);
    await maintenance(app.store.db, new Date(Date.now() + 2 * 86_400_000));
    expect(
      (
        await app.store.db
          .select()
          .from(files)
          .where(eq(files.sha256, sha(EXE)))
      ).length,
    ).toBe(0);
    expect(
      (
        await app.store.db
          .select()
          .from(files)
          .where(eq(files.sha256, sha(PDF)))
      ).length,
    ).toBe(1);
  });
});
