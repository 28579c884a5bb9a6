/**
 * The office's tools end to end on seeded data: status by role with exact counts, the list of
 * units not done and the immediate reminder, exports read back, charts, and managing
 * campaigns and deadlines in chat.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, campaigns, deadlines, outbox } from '../db/schema.js';
import { createJobs } from '../bot/app.js';
import type { ChannelAdapter } from '../bot/channel.js';
import type { Channel } from '../handlers/types.js';
import { createTestApp, TEXT_CAPS, type ChatDriver, type TestApp } from './helpers/app.js';
import { RecordingAdapter } from './helpers/recording-adapter.js';

let app: TestApp;

async function submitSoKet(chat: ChatDriver, total: string) {
  await chat.send('/baocao');
  await chat.press('Báo cáo sơ kết 6 tháng');
  for (const a of [total, '80']) await chat.send(a);
  await chat.press('Có');
  await chat.press('Tốt');
  await chat.send('Phong trào A');
  await chat.send('Kết quả B');
  await chat.send('01/07/2026');
  await chat.press('Bỏ qua');
  await chat.press('Xong');
  await chat.press('Gửi báo cáo');
}

beforeEach(async () => {
  app = await createTestApp();
  await submitSoKet(app.chat('focal-a'), '45');
  // xa-b leaves a draft; p-gd has not started.
  const b = app.chat('focal-b');
  await b.send('/baocao');
  await b.press('Báo cáo sơ kết 6 tháng');
  await b.send('30');
  await b.send('/huy');
});
afterEach(async () => app.close());

/** The number a numbered list gives the option whose label contains `label`. */
function numberOf(text: string, label: string): string {
  const line = text.split('\n').find((l) => /^\d+\. /.test(l) && l.includes(label));
  if (!line) throw new Error(`no numbered "${label}" in:\n${text}`);
  return line.split('.')[0]!;
}

describe('/tinhhinh', () => {
  it('gives the office the district view with exact counts, and drills down to a unit’s report', async () => {
    const admin = app.chat('admin1');
    const [status] = await admin.send('/tinhhinh');
    expect(status).toContain(
      '• Đăng ký thi đua năm 2026\n  Hạn: 17:00 31/03/2026 (đã quá 240 ngày)\n  Đã nộp 0/3; bản nháp 0; chưa làm 3 — quá hạn 3',
    );
    expect(status).toContain(
      '• Báo cáo sơ kết 6 tháng đầu năm 2026\n  Hạn: 17:00 10/12/2026 (còn 14 ngày)\n  Đã nộp 1/3; bản nháp 1; chưa làm 1',
    );
    expect(status).toContain(
      '• Báo cáo thống kê của các xã\n  Hạn: 17:00 15/12/2026 (còn 19 ngày)\n  Đã nộp 0/2; bản nháp 0; chưa làm 2',
    );
    const [detail] = await admin.press('Báo cáo sơ kết 6 tháng đầu năm 2026 (1/3)');
    expect(detail).toContain('Chưa làm (1): Phòng Giáo dục và Đào tạo');
    expect(detail).toContain('Bản nháp (1): UBND xã B');
    expect(detail).toContain('Đã nộp (1): UBND xã A');
    const [report] = await admin.press('UBND xã A — đã nộp');
    expect(report).toContain('1. Tổng số cán bộ, công chức, viên chức: 45 người');
    expect(admin.buttons()).toEqual(['Tiếp nhận', 'Trả lại', '« Về danh sách đơn vị']);
    // Without buttons the same screen numbers the review actions 1 and 2; going back is a word.
    const shell = app.chat('admin1', { channel: 'shell', caps: TEXT_CAPS });
    const [overview] = await shell.send('/tinhhinh');
    const [units] = await shell.send(numberOf(overview!, 'Báo cáo sơ kết 6 tháng đầu năm 2026 (1/3)'));
    expect(units).toMatch(/^• « Tình hình chung$/m);
    const [view] = await shell.send(numberOf(units!, 'UBND xã A — đã nộp'));
    expect(view).toContain('1. Tổng số cán bộ, công chức, viên chức: 45 người');
    expect(view).toContain('\n\n1. Tiếp nhận\n2. Trả lại\n• « Về danh sách đơn vị\n');
    expect((await shell.send('3'))[0]).toContain('Không có lựa chọn số đó. Anh/chị chọn một số từ 1 đến 2.');
    expect((await shell.send('về danh sách đơn vị'))[0]).toContain('Đã nộp (1): UBND xã A');
  });

  it('gives a focal point their unit’s deadlines: late, to do and done, with buttons to act', async () => {
    const [status] = await app.chat('focal-a').send('/tinhhinh');
    expect(status).toBe(
      [
        '📌 Tình hình của UBND xã A',
        '',
        '⏰ Quá hạn:',
        '• Đăng ký thi đua năm 2026 — chưa làm, quá hạn. Hạn: 17:00 31/03/2026 (đã quá 240 ngày)',
        '',
        '📝 Cần làm:',
        '• Báo cáo thống kê của các xã — chưa làm. Hạn: 17:00 15/12/2026 (còn 19 ngày)',
        '',
        '✅ Đã xong:',
        '• Báo cáo sơ kết 6 tháng đầu năm 2026 — đã nộp. Hạn: 17:00 10/12/2026 (còn 14 ngày)',
      ].join('\n'),
    );
    expect(app.chat('focal-a').caps.buttons).toBe(true);
    // A member sees the same status but no buttons to act.
    await app.chat('member-a').send('/tinhhinh');
    expect(app.chat('member-a').transcript).toEqual([]);
  });

  it('the agency sees only the deadlines that apply to it', async () => {
    const [status] = await app.chat('focal-gd').send('/tinhhinh');
    expect(status).not.toContain('Báo cáo thống kê của các xã');
    expect(status).toContain('Báo cáo sơ kết 6 tháng đầu năm 2026 — chưa làm');
  });
});

describe('/chuanop and "Nhắc ngay"', () => {
  const nudges = async () => (await app.store.db.select().from(outbox)).filter((r) => r.key.startsWith('nudge:'));

  it('lists units not done with their focal points; "Nhắc ngay" asks first, "Gửi nhắc" queues one reminder per unit per hour', async () => {
    const admin = app.chat('admin1');
    const [list] = await admin.send('/chuanop so-ket-2026');
    expect(list).toContain('"Báo cáo sơ kết 6 tháng đầu năm 2026": 2/3 đơn vị chưa nộp.');
    expect(list).toContain('• UBND xã B — bản nháp; Đầu mối: Đầu Mối B');
    expect(list).toContain('• Phòng Giáo dục và Đào tạo — chưa làm; Đầu mối: Đầu Mối GD');
    // The first press names what will happen and sends nothing.
    const [ask] = await admin.press('Nhắc ngay');
    expect(ask).toBe(
      'Gửi nhắc ngay về "Báo cáo sơ kết 6 tháng đầu năm 2026" tới đầu mối của 2 đơn vị chưa nộp (2 người nhận): Phòng Giáo dục và Đào tạo, UBND xã B.\nAnh/chị chắc chắn chứ?',
    );
    expect(admin.buttons()).toEqual(['Thôi', 'Gửi nhắc']);
    expect(await nudges()).toHaveLength(0);
    const [nudged] = await admin.press('Gửi nhắc');
    expect(nudged).toBe(
      'Đã xếp lịch nhắc ngay 2 đơn vị (2 người nhận). 0 đơn vị vừa được nhắc trong vòng 1 giờ nên lần này bỏ qua.',
    );
    expect(await nudges()).toHaveLength(2);
    // Within the hour there is nobody to remind: no confirmation is offered.
    app.clock.advance(30 * 60_000);
    await admin.send('/chuanop so-ket-2026');
    expect((await admin.press('Nhắc ngay'))[0]).toBe(
      'Các đơn vị chưa nộp "Báo cáo sơ kết 6 tháng đầu năm 2026" (2) vừa được nhắc trong vòng 1 giờ qua nên lúc này chưa nhắc lại được. Anh/chị thử lại sau.',
    );
    expect(admin.last().buttons ?? []).toEqual([]);
    app.clock.advance(31 * 60_000);
    await admin.send('/chuanop so-ket-2026');
    expect((await admin.press('Nhắc ngay'))[0]).toContain('tới đầu mối của 2 đơn vị chưa nộp (2 người nhận)');
    expect((await admin.press('Gửi nhắc'))[0]).toContain('ngay 2 đơn vị');
    const audits = await app.store.db.select().from(auditLog).where(eq(auditLog.action, 'reminder.nudge'));
    expect(audits).toHaveLength(4);

    // The reminders go out through the outbox, with a button that opens the report.
    const tg = new RecordingAdapter('telegram');
    const { deliverer } = createJobs(app, new Map<Channel, ChannelAdapter>([['telegram', tg]]));
    await deliverer.deliverOnce();
    const toB = tg.to('acc-focal-b');
    expect(toB).toHaveLength(2);
    expect(toB[0]).toContain('🔔 Nhắc hạn: "Báo cáo sơ kết 6 tháng đầu năm 2026" của UBND xã B');
  });
});

describe('/xuat', () => {
  it('sends an XLSX whose cells match the submitted reports', async () => {
    const admin = app.chat('admin1');
    await admin.send('/xuat so-ket-2026');
    const doc = admin.last().document!;
    expect(doc.fileName).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(doc.data) as unknown as ArrayBuffer);
    const details = wb.worksheets[1]!;
    const header = (details.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header).toContain('Tên đơn vị');
    expect(header.some((h) => h.startsWith('Tổng số cán bộ, công chức, viên chức'))).toBe(true);
    const rows: Record<string, unknown>[] = [];
    details.eachRow((row, n) => {
      if (n === 1) return;
      rows.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
    });
    expect(rows).toHaveLength(3);
    const a = rows.find((r) => r['Tên đơn vị'] === 'UBND xã A')!;
    const totalCol = header.find((h) => h.startsWith('Tổng số cán bộ'))!;
    expect(a[totalCol]).toBe(45);
    expect(rows.find((r) => r['Tên đơn vị'] === 'UBND xã B')![totalCol]).toBeFalsy(); // a draft is not a report yet
    expect(details.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(details.autoFilter).toBeTruthy();
  });

  it('offers CSV too, and explains when a channel cannot carry files', async () => {
    const admin = app.chat('admin1');
    await admin.send('/xuat so-ket-2026 csv');
    const csv = Buffer.from(admin.last().document!.data).toString('utf8');
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv).toContain('UBND xã A');
    const zalo = app.chat('admin1', { channel: 'zalo-bot', caps: { ...TEXT_CAPS, documents: false } });
    expect((await zalo.send('/xuat so-ket-2026'))[0]).toContain('Kênh này không gửi được tệp');
  });
});

describe('/bieudo', () => {
  it('sends the progress of a deadline as a PNG with a caption naming it', async () => {
    const admin = app.chat('admin1');
    const [caption] = await admin.send('/bieudo so-ket-2026');
    expect(caption).toBe('Báo cáo sơ kết 6 tháng đầu năm 2026: 1/3 đơn vị đã nộp, 0 đơn vị quá hạn.');
    const png = Buffer.from(admin.last().photo!.data);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBe(1000);
    expect(height).toBeGreaterThan(250);
    expect(height).toBeLessThan(2000);
    const [year] = await admin.send('/bieudo nam');
    expect(year).toBe('Năm 2026: 1 lần nộp lần đầu.');
  });
});

describe('/quanly', () => {
  it('"quay lại" at a typed step goes back and is never saved as a name', async () => {
    const admin = app.chat('admin1', { channel: 'shell', caps: TEXT_CAPS });
    await admin.send('/quanly');
    await admin.send('1');
    const [back] = await admin.send('quay lại');
    expect(back).toContain('Quản lý phong trào và hạn nộp');
    await admin.send('1');
    await admin.send('Phong trào A');
    const [title] = await admin.send('quay lai');
    expect(title).toContain('Nhập tên phong trào thi đua');
    expect(await app.store.db.select().from(campaigns).where(eq(campaigns.title, 'quay lại'))).toHaveLength(0);
  });

  it('creates a campaign and a deadline in chat; the deadline shows up for the units at once', async () => {
    const admin = app.chat('admin1');
    await admin.send('/quanly');
    await admin.press('Tạo phong trào');
    await admin.send('Phong trào chuyển đổi số 2027');
    // Creating it is a second step that names it (issue 13, item 7); nothing is written before.
    expect((await admin.send('Thi đua chuyển đổi số trong cơ quan'))[0]).toContain(
      'Sẽ tạo phong trào thi đua "Phong trào chuyển đổi số 2027"',
    );
    expect(
      await app.store.db.select().from(campaigns).where(eq(campaigns.code, 'phong-trao-chuyen-doi-so-2027')),
    ).toHaveLength(0);
    expect((await admin.press('Có, tạo phong trào'))[0]).toContain(
      'Đã tạo phong trào "Phong trào chuyển đổi số 2027" (mã phong-trao-chuyen-doi-so-2027)',
    );

    await admin.send('/quanly');
    await admin.press('Thêm hạn nộp');
    await admin.press('Báo cáo chuyên đề');
    await admin.send('Báo cáo chuyển đổi số quý I/2027');
    expect((await admin.send('31/2/2027'))[0]).toBe('Chưa đúng định dạng. Ví dụ: 15/07/2027 17:00');
    await admin.send('31/3/2027 16:30');
    await admin.press('Xã');
    await admin.press('Xong (1 đã chọn)');
    await admin.press('Báo cáo sơ kết 6 tháng');
    const [confirm] = await admin.press('Phong trào chuyển đổi số 2027');
    expect(confirm).toContain('• Hạn: 16:30 31/03/2027');
    expect(confirm).toContain('• Áp dụng: Xã');
    expect((await admin.press('Xác nhận'))[0]).toContain('Đã tạo hạn "Báo cáo chuyển đổi số quý I/2027"');

    const [focalStatus] = await app.chat('focal-a').send('/tinhhinh');
    expect(focalStatus).toContain('Báo cáo chuyển đổi số quý I/2027 — chưa làm. Hạn: 16:30 31/03/2027');
    const [gd] = await app.chat('focal-gd').send('/tinhhinh');
    expect(gd).not.toContain('chuyển đổi số');
    const [c] = await app.store.db.select().from(campaigns).where(eq(campaigns.code, 'phong-trao-chuyen-doi-so-2027'));
    const [d] = await app.store.db
      .select()
      .from(deadlines)
      .where(eq(deadlines.title, 'Báo cáo chuyển đổi số quý I/2027'));
    expect(d).toMatchObject({
      kind: 'report',
      templateCode: 'so-ket',
      campaignId: c!.id,
      audience: { unitKinds: ['commune'] },
    });
  });

  it('moves a due date (reminders re-plan) and closes a deadline (reminders stop)', async () => {
    const tg = new RecordingAdapter('telegram');
    const { scheduler } = createJobs(app, new Map<Channel, ChannelAdapter>([['telegram', tg]]));
    app.clock.set('2026-12-03T01:30:00Z'); // Thursday 3 Dec 08:30: "7 days before" 10 Dec
    await scheduler.tick();
    const before = (await app.store.db.select().from(outbox)).filter(
      (r) => r.kind === 'reminder' && (r.payload as { deadlineId: number }).deadlineId === 2,
    );
    expect(before.map((r) => (r.payload as { offset: string }).offset)).toEqual(['-7d', '-7d']);

    const admin = app.chat('admin1');
    await admin.send('/quanly');
    await admin.press('Đổi hạn');
    await admin.press('Báo cáo sơ kết 6 tháng');
    expect((await admin.send('4/12/2026 17:00'))[0]).toBe(
      'Đã đổi hạn "Báo cáo sơ kết 6 tháng đầu năm 2026" thành 17:00 04/12/2026. Lịch nhắc được lập lại theo hạn mới.',
    );
    await scheduler.tick();
    const after = (await app.store.db.select().from(outbox)).filter(
      (r) => r.kind === 'reminder' && (r.payload as { deadlineId: number }).deadlineId === 2,
    );
    expect(after.map((r) => (r.payload as { offset: string }).offset).sort()).toEqual(['-1d', '-1d', '-7d', '-7d']);

    await admin.send('/quanly');
    await admin.press('Đóng hạn');
    await admin.press('Báo cáo sơ kết 6 tháng');
    expect((await admin.press('Xác nhận'))[0]).toBe('Đã đóng "Báo cáo sơ kết 6 tháng đầu năm 2026".');
    app.clock.set('2026-12-04T01:30:00Z');
    const r = await scheduler.tick();
    const closed = (await app.store.db.select().from(outbox)).filter(
      (row) => (row.payload as { deadlineId: number }).deadlineId === 2,
    );
    expect(closed).toHaveLength(4);
    expect(r.queued).toBeGreaterThanOrEqual(0);
    const [statusB] = await app.chat('focal-b').send('/tinhhinh');
    expect(statusB).not.toContain('Báo cáo sơ kết');
    const audits = (await app.store.db.select().from(auditLog)).map((a) => a.action);
    expect(audits).toEqual(expect.arrayContaining(['deadline.update', 'deadline.close']));
  });
});

describe('/quanly reminder schedule', () => {
  it('sets a deadline’s own reminder days, used by the planner at once', async () => {
    const admin = app.chat('admin1');
    await admin.send('/quanly');
    await admin.press('Lịch nhắc của một hạn');
    expect((await admin.press('Báo cáo thống kê của các xã'))[0]).toContain('hiện là: 7,3,1 / 2');
    expect((await admin.send('mỗi tuần'))[0]).toContain('Chưa đúng định dạng');
    expect((await admin.send('20, 5 / 1'))[0]).toBe(
      'Đã đặt lịch nhắc "Báo cáo thống kê của các xã": trước hạn 20, 5 ngày, quá hạn cứ 1 ngày làm việc nhắc một lần.',
    );
    const tg = new RecordingAdapter('telegram');
    const { scheduler } = createJobs(app, new Map<Channel, ChannelAdapter>([['telegram', tg]]));
    await scheduler.tick(); // 26 Nov 09:00: 19 days before 15 Dec, after the new "20 days before" point
    const rows = (await app.store.db.select().from(outbox)).filter(
      (r) => (r.payload as { deadlineId?: number }).deadlineId === 3,
    );
    expect(rows.map((r) => (r.payload as { offset: string }).offset)).toEqual(['-20d', '-20d']);
  });
});

describe('/dienhinh', () => {
  it('a unit records an exemplary model with photos; the office lists them', async () => {
    const focal = app.chat('focal-a');
    await focal.send('/dienhinh');
    await focal.send('Hợp tác xã chè Tả Lèng');
    await focal.send('Nông nghiệp hàng hóa');
    await focal.send('Liên kết 40 hộ trồng chè, tăng thu nhập 20%.');
    await focal.sendFile({ fileId: 'photo-1', kind: 'photo', size: 90_000 });
    const [confirm] = await focal.press('Xong');
    expect(confirm).toContain('• Ảnh: 1');
    expect((await focal.press('Lưu'))[0]).toContain('Đã ghi nhận điển hình "Hợp tác xã chè Tả Lèng"');
    const [list] = await app.chat('admin1').send('/dienhinh');
    expect(list).toContain('• Hợp tác xã chè Tả Lèng — UBND xã A');
    expect(list).toContain('1 ảnh kèm theo');
  });
});
