/**
 * Issue 13 items 8 and 13 as the office meets them: a late registration says how late in
 * /duyet, in the office's notice and in the export; the registration export lists one row per
 * nominee with totals per title; CSV is written for Excel in Vietnamese (";" and decimal comma)
 * unless CSV_STYLE says RFC 4180. Through the real engine and database.
 */
import { scoped } from '../db/scope.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, TEXT_CAPS, type ChatDriver, type TestApp } from './helpers/app.js';
import { outbox } from '../db/schema.js';
import { renderPayload } from '../jobs/messages.js';
import type { OutboxPayload } from '../domain/outbox.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function numberOf(text: string, label: string): string {
  const line = text.split('\n').find((l) => /^\d+\. /.test(l) && l.includes(label));
  if (!line) throw new Error(`no numbered "${label}" in:\n${text}`);
  return line.split('.')[0]!;
}

/**
 * focal-a files the 2026 registration (past its deadline) on the numbered shell: the staff
 * count, a collective title, two people; then the office's admin, on the shell or with buttons.
 */
async function lateRegistration(env?: Record<string, string>, buttons = false): Promise<ChatDriver> {
  app = await createTestApp({ env });
  const focal = app.chat('focal-a', { channel: 'shell', caps: TEXT_CAPS });
  const answers: Array<string | ((last: string) => string)> = [
    '/dangky',
    (last) => numberOf(last, 'Đăng ký thi đua năm 2026'),
    '45',
    (last) => numberOf(last, 'Tập thể lao động xuất sắc'),
    'Nguyễn Văn A',
    'Lê Thị B',
    (last) => numberOf(last, 'Gửi báo cáo'),
  ];
  for (const a of answers) await focal.send(typeof a === 'string' ? a : a(focal.lastText()));
  return buttons ? app.chat('admin1') : app.chat('admin1', { channel: 'shell', caps: TEXT_CAPS });
}

/** The office's notices, rendered as the deliverer would. */
async function officeNotices(a: TestApp): Promise<string[]> {
  const rows = (await a.store.db.select().from(outbox)).filter((r) => r.kind === 'notice');
  const out: string[] = [];
  for (const r of rows) {
    const reply = await renderPayload(r.payload as OutboxPayload, {
      scope: scoped(a.store.db, r.jurisdictionId ?? 0),
      locale: 'vi',
      timezone: 'Asia/Ho_Chi_Minh',
      now: a.clock.now(),
    });
    if (reply) out.push(reply.text ?? '');
  }
  return out;
}

/** The file as its bytes say, BOM included. */
const decode = (c: ChatDriver): string => Buffer.from(c.last().document!.data).toString('utf8');

describe('a late registration says how late, everywhere the office reads it (item 8)', () => {
  it('on the shell: /duyet, the notice and the CSV name the same number of days', async () => {
    const admin = await lateRegistration();
    await admin.send('/duyet dk-2026');
    const [view] = await admin.send('1');
    const days = /⏰ Nộp muộn (\d+) ngày so với hạn\./.exec(view!)?.[1];
    expect(days).toBeDefined();
    const notices = await officeNotices(app!);
    expect(notices.some((n) => n.includes('UBND xã A') && n.includes(`⏰ nộp muộn ${days} ngày`))).toBe(true);
    await admin.send('/xuat dk-2026 csv');
    const csv = decode(admin);
    expect(csv).toContain(`Nộp muộn ${days} ngày`);
    expect(csv).not.toMatch(/UBND xã A[^\r\n]*;Không;/);
  });
});

describe('the registration export: one row per nominee, totals per title, CSV for Excel (item 13)', () => {
  it('on the shell, CSV_STYLE unset and Vietnamese: ";" rows per person, then the totals', async () => {
    const admin = await lateRegistration();
    await admin.send('/xuat dk-2026 csv');
    const csv = decode(admin);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('STT;Mã đơn vị;Tên đơn vị;Trạng thái;Quá hạn;Hình thức;Danh hiệu;Họ và tên / tên tập thể');
    const mine = lines.filter((l) => l.includes('UBND xã A'));
    expect(mine.some((l) => l.endsWith(';Tập thể;Tập thể lao động xuất sắc;UBND xã A'))).toBe(true);
    expect(mine.filter((l) => l.includes(';Cá nhân;')).map((l) => l.split(';').at(-1))).toEqual([
      'Nguyễn Văn A',
      'Lê Thị B',
    ]);
    const totals = lines.slice(lines.indexOf('') + 1).filter(Boolean);
    expect(totals[0]).toBe('Danh hiệu;Số đề nghị');
    expect(totals).toContain('Tập thể lao động xuất sắc;1');
    expect(totals.at(-1)).toBe('Tổng cộng;3');
  });

  it('with buttons and CSV_STYLE=rfc4180: commas; the XLSX has a nominations sheet with the totals', async () => {
    const admin = await lateRegistration({ CSV_STYLE: 'rfc4180' }, true);
    await admin.send('/duyet dk-2026');
    const [view] = await admin.press('UBND xã A');
    expect(view).toMatch(/⏰ Nộp muộn \d+ ngày so với hạn\./);
    await admin.send('/xuat');
    await admin.press('Đăng ký thi đua năm 2026');
    await admin.press('CSV');
    const csv = decode(admin);
    expect(csv.slice(1).split('\r\n')[0]).toBe(
      'STT,Mã đơn vị,Tên đơn vị,Trạng thái,Quá hạn,Hình thức,Danh hiệu,Họ và tên / tên tập thể',
    );
    await admin.send('/xuat dk-2026');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(admin.last().document!.data) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Danh sách đề nghị')!;
    const values: string[] = [];
    ws.eachRow((r) => values.push((r.values as unknown[]).slice(1).map(String).join('|')));
    expect(values.filter((v) => v.includes('|Cá nhân|'))).toHaveLength(2);
    expect(values).toContain('Tổng số đề nghị theo danh hiệu');
    expect(values).toContain('Tổng cộng|3');
  });
});
