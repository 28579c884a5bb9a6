/**
 * The office's long lists and the way back from them (issue 13, the leftovers), as a person
 * meets them through the real engine and database: the deadline picker, the /tinhhinh
 * overview and the office's /hanchot are paged like every other list ("trang i/n", ‹ Trước /
 * Sau › as words, the same numbers on every page, older pages' buttons still working);
 * "« …" navigation is a word on channels without buttons, never a number; and "Nhắc ngay"
 * is a confirmation that names what it will send, where only "Gửi nhắc" sends, once.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, buttonTokens, deadlines, outbox } from '../db/schema.js';
import { createTestApp, FIXTURE_MINI, TEXT_CAPS, type ChatDriver, type TestApp } from './helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The number a numbered list gives the option whose label contains `label`. */
function numberOf(text: string, label: string): string {
  const line = text.split('\n').find((l) => /^\d+\. /.test(l) && l.includes(label));
  if (!line) throw new Error(`no numbered "${label}" in:\n${text}`);
  return line.split('.')[0]!;
}

/** The labels of the numbered lines of a message, in order, after checking they run 1..N. */
function numbered(text: string): string[] {
  const lines = text.split('\n').filter((l) => /^\d+\. /.test(l));
  expect(lines.map((l) => Number(l.split('.')[0]))).toEqual(lines.map((_, i) => i + 1));
  return lines.map((l) => l.replace(/^\d+\. /, ''));
}

/**
 * The mini fixture with ten more open deadlines (13 open: two pages of 8) and six closed ones
 * from earlier years (19 in all: three pages).
 */
function manyDeadlines(): string {
  const extra: string[] = [];
  for (let i = 1; i <= 10; i++) {
    const due = `2026-12-${String(15 + i).padStart(2, '0')} 17:00`;
    extra.push(
      `  - { code: cd-${i}, kind: report, title: "Báo cáo chuyên đề số ${i}", due: "${due}", template: so-ket }`,
    );
  }
  for (let i = 1; i <= 6; i++) {
    const due = `${i % 2 ? 2024 : 2025}-0${i}-10 17:00`;
    extra.push(
      `  - { code: cu-${i}, kind: report, title: "Báo cáo năm cũ số ${i}", due: "${due}", template: so-ket, status: closed }`,
    );
  }
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'thidua-many-')), 'many.yaml');
  writeFileSync(file, `${readFileSync(FIXTURE_MINI, 'utf8').trimEnd()}\n${extra.join('\n')}\n`);
  return file;
}

const shell = (a: TestApp, who = 'admin1'): ChatDriver => a.chat(who, { channel: 'shell', caps: TEXT_CAPS });

describe('the deadline picker is paged (/bieudo, /duyet, /quanly)', () => {
  it('/bieudo with closed deadlines: open ones first, 8 a page, "sau"/"trước" as words, numbers 1..8 on every page', async () => {
    app = await createTestApp({ seed: manyDeadlines() });
    const admin = shell(app);
    const [page1, year1] = await admin.send('/bieudo');
    expect(page1).toContain('Biểu đồ tiến độ. Chọn đợt (trang 1/3)');
    expect(numbered(page1!)).toEqual([
      'Đăng ký thi đua năm 2026',
      'Báo cáo sơ kết 6 tháng đầu năm 2026',
      'Báo cáo thống kê của các xã',
      'Báo cáo chuyên đề số 1',
      'Báo cáo chuyên đề số 2',
      'Báo cáo chuyên đề số 3',
      'Báo cáo chuyên đề số 4',
      'Báo cáo chuyên đề số 5',
    ]);
    expect(page1).toMatch(/^• Sau ›$/m);
    expect(page1).not.toMatch(/Trước/);
    // "Cả năm" is still numbered once after the page's deadlines.
    expect(numberOf(year1!, 'Cả năm')).toBe('9');

    const [page2] = await admin.send('sau');
    expect(page2).toContain('(trang 2/3)');
    expect(numbered(page2!)).toEqual([
      'Báo cáo chuyên đề số 6',
      'Báo cáo chuyên đề số 7',
      'Báo cáo chuyên đề số 8',
      'Báo cáo chuyên đề số 9',
      'Báo cáo chuyên đề số 10',
      // Then the closed ones, latest first.
      'Báo cáo năm cũ số 6 (đã đóng)',
      'Báo cáo năm cũ số 4 (đã đóng)',
      'Báo cáo năm cũ số 2 (đã đóng)',
    ]);
    expect(page2).toMatch(/^• ‹ Trước\n• Sau ›$/m);
    const [page3] = await admin.send('sau');
    expect(page3).toContain('(trang 3/3)');
    expect(numbered(page3!)).toEqual([
      'Báo cáo năm cũ số 5 (đã đóng)',
      'Báo cáo năm cũ số 3 (đã đóng)',
      'Báo cáo năm cũ số 1 (đã đóng)',
    ]);
    expect(page3).not.toMatch(/Sau ›/);
    // A number picks on the page shown: "1" on page 3 is the oldest but one closed deadline.
    const [chart] = await admin.send('1');
    expect(chart).toMatch(/^Báo cáo năm cũ số 5: 0\/3 đơn vị đã nộp, 3 đơn vị quá hạn\.\n/);
    // The page's words stay until new choices are shown.
    expect((await admin.send('trước'))[0]).toContain('Biểu đồ tiến độ. Chọn đợt (trang 2/3)');
  });

  it('/xuat, /chuanop and /vanban turn their pages the same way, and a number picks on the page shown', async () => {
    app = await createTestApp({ seed: manyDeadlines() });
    const admin = shell(app);
    expect((await admin.send('/xuat'))[0]).toContain('Xuất tổng hợp. Chọn đợt (trang 1/3)');
    const [exports2] = await admin.send('sau');
    expect(exports2).toContain('(trang 2/3)');
    expect(numbered(exports2!)[0]).toBe('Báo cáo chuyên đề số 6');
    expect((await admin.send('1'))[0]).toContain('Chọn định dạng');
    expect((await admin.send('/chuanop'))[0]).toContain('Đơn vị chưa nộp. Chọn đợt (trang 1/2)');
    const [missing2] = await admin.send('sau');
    expect(numbered(missing2!)).toHaveLength(5);
    expect((await admin.send('5'))[0]).toContain('"Báo cáo chuyên đề số 10": 3/3 đơn vị chưa nộp.');
    // /vanban: only the deadlines the document is written for (not the registration), closed ones too.
    const [docs1] = await admin.send('/vanban tong-hop');
    expect(docs1).toContain('Báo cáo tổng hợp sơ kết, tổng kết. Chọn đợt (trang 1/3)');
    expect(docs1).not.toContain('Đăng ký thi đua');
    await admin.send('sau');
    const [docs3] = await admin.send('sau');
    expect(docs3).toContain('(trang 3/3)');
    expect(numbered(docs3!)).toEqual(['Báo cáo năm cũ số 3 (đã đóng)', 'Báo cáo năm cũ số 1 (đã đóng)']);
  });

  it('/duyet on Telegram: page 2 by its button, and a button of page 1 still works afterwards', async () => {
    app = await createTestApp({ seed: manyDeadlines() });
    const admin = app.chat('admin1');
    const [page1] = await admin.send('/duyet');
    expect(page1).toBe('Duyệt báo cáo. Chọn đợt (trang 1/2)');
    expect(admin.buttons()).toHaveLength(9);
    expect(admin.buttons().at(-1)).toBe('Sau ›');
    const soKet = admin.findButton('Báo cáo sơ kết 6 tháng đầu năm 2026');
    const [page2] = await admin.press('Sau ›');
    expect(page2).toBe('Duyệt báo cáo. Chọn đợt (trang 2/2)');
    expect(admin.last().replace).toBe(true);
    expect(admin.buttons()).toEqual([
      'Báo cáo chuyên đề số 6',
      'Báo cáo chuyên đề số 7',
      'Báo cáo chuyên đề số 8',
      'Báo cáo chuyên đề số 9',
      'Báo cáo chuyên đề số 10',
      '‹ Trước',
    ]);
    const [list] = (await admin.sendRaw({ buttonToken: soKet })).map((r) => r.text);
    expect(list).toContain('Báo cáo sơ kết 6 tháng đầu năm 2026: chưa có đơn vị nào gửi báo cáo');
  });

  it('/quanly "Đóng hạn": a deadline on page 2 is picked by its number there and closed after the confirmation', async () => {
    app = await createTestApp({ seed: manyDeadlines() });
    const admin = shell(app);
    const [menu] = await admin.send('/quanly');
    const [page1] = await admin.send(numberOf(menu!, 'Đóng hạn'));
    expect(page1).toContain('Chọn hạn nộp (trang 1/2)');
    const [page2] = await admin.send('sau');
    expect(page2).toContain('Chọn hạn nộp (trang 2/2)');
    const [confirm] = await admin.send(numberOf(page2!, 'Báo cáo chuyên đề số 10'));
    expect(confirm).toContain('Báo cáo chuyên đề số 10');
    const [closed] = await admin.send(numberOf(confirm!, 'Xác nhận'));
    expect(closed).toBe('Đã đóng "Báo cáo chuyên đề số 10".');
    const [row] = await app.store.db.select().from(deadlines).where(eq(deadlines.code, 'cd-10'));
    expect(row!.status).toBe('closed');
  });
});

describe('/tinhhinh and the office’s /hanchot are paged', () => {
  it('/tinhhinh: 8 deadlines a page in the text and the numbers; "« Tình hình chung" is a word back', async () => {
    app = await createTestApp({ seed: manyDeadlines() });
    const admin = shell(app);
    const [page1] = await admin.send('/tinhhinh');
    expect(page1).toMatch(/^📊 Tình hình chung lúc 09:00 26\/11\/2026 \(trang 1\/2\)$/m);
    expect(numbered(page1!)).toHaveLength(8);
    expect(page1).toContain('• Báo cáo chuyên đề số 5\n  Hạn: 17:00 20/12/2026');
    expect(page1).not.toContain('Báo cáo chuyên đề số 6');
    const [page2] = await admin.send('sau');
    expect(page2).toContain('(trang 2/2)');
    expect(page2).toContain('• Báo cáo chuyên đề số 6\n  Hạn: 17:00 21/12/2026');
    expect(page2).not.toContain('Báo cáo chuyên đề số 5');
    expect(numbered(page2!)).toEqual([
      'Báo cáo chuyên đề số 6 (0/3)',
      'Báo cáo chuyên đề số 7 (0/3)',
      'Báo cáo chuyên đề số 8 (0/3)',
      'Báo cáo chuyên đề số 9 (0/3)',
      'Báo cáo chuyên đề số 10 (0/3)',
    ]);
    const [units] = await admin.send('5');
    expect(units).toContain('📋 Báo cáo chuyên đề số 10');
    const [back] = await admin.send('tình hình chung');
    expect(back).toContain('Tình hình chung lúc 09:00 26/11/2026 (trang 1/2)');
  });

  it('/hanchot for the office: paged by 8, and a page-1 button still opens its deadline after turning', async () => {
    app = await createTestApp({ seed: manyDeadlines() });
    const admin = app.chat('admin1');
    const [page1] = await admin.send('/hanchot');
    expect(page1).toContain('🗓 Các hạn đang mở do Phòng Nội vụ theo dõi và lịch nhắc các đơn vị (trang 1/2)');
    expect(page1).toContain('• Báo cáo chuyên đề số 5');
    expect(page1).not.toContain('Báo cáo chuyên đề số 6');
    expect(admin.buttons()).toHaveLength(9);
    const first = admin.findButton('Đăng ký thi đua năm 2026 (0/3)');
    const [page2] = await admin.press('Sau ›');
    expect(page2).toContain('(trang 2/2)');
    expect(page2).toContain('• Báo cáo chuyên đề số 10\n  Hạn: 17:00 25/12/2026 (còn 29 ngày)\n  Đã nộp 0/3 đơn vị');
    expect(admin.buttons().at(-1)).toBe('‹ Trước');
    const [units] = (await admin.sendRaw({ buttonToken: first })).map((r) => r.text);
    expect(units).toContain('📋 Đăng ký thi đua năm 2026');
    // The shell turns the same pages by words.
    const sh = shell(app);
    await sh.send('/hanchot');
    expect((await sh.send('sau'))[0]).toMatch(/\(trang 2\/2\)[\s\S]*^1\. Báo cáo chuyên đề số 6 \(0\/3\)$/m);
  });
});

describe('"« …" navigation is a word on channels without buttons, never a number', () => {
  it('/tinhhinh drill-down: the choices are numbered 1..N without the way back, which is typed', async () => {
    app = await createTestApp();
    const admin = shell(app);
    const [overview] = await admin.send('/tinhhinh');
    const [units] = await admin.send(numberOf(overview!, 'Báo cáo sơ kết 6 tháng đầu năm 2026'));
    expect(units).toMatch(/^• « Tình hình chung$/m);
    const choices = numbered(units!);
    expect(choices.at(-1)).toBe('Biểu đồ');
    expect(choices).not.toContain('« Tình hình chung');
    // The number after the last choice is not the way back.
    expect((await admin.send(String(choices.length + 1)))[0]).toContain(
      `Không có lựa chọn số đó. Anh/chị chọn một số từ 1 đến ${choices.length}.`,
    );
    const [unit] = await admin.send(numberOf(units!, 'UBND xã A'));
    expect(unit).toContain('📋 Báo cáo sơ kết 6 tháng đầu năm 2026 — UBND xã A');
    expect(unit).toMatch(/^• « Về danh sách đơn vị$/m);
    expect(unit).not.toMatch(/^\d+\. /m);
    const [again] = await admin.send('« Về danh sách đơn vị');
    expect(again).toContain('Các đơn vị (trang 1/1):');
    // A habitual "1" on a unit's screen does not go back: there is nothing numbered to pick.
    await admin.send(numberOf(again!, 'UBND xã A'));
    expect((await admin.send('1'))[0]).not.toContain('Các đơn vị');
    await admin.send('/tinhhinh');
    await admin.send(numberOf(overview!, 'Báo cáo sơ kết 6 tháng đầu năm 2026'));
    expect((await admin.send('tinh hinh chung'))[0]).toContain('📊 Tình hình chung');
  });

  it('/tieuchi and /nguoidung: "« Về mục lục", "« Danh sách", "« Chọn đơn vị khác" are typed, the items keep 1..N', async () => {
    app = await createTestApp();
    const guest = app.chat({ stranger: 'guest-nav' }, { channel: 'shell', caps: TEXT_CAPS });
    const [menu] = await guest.send('/tieuchi');
    const [titles] = await guest.send(numberOf(menu!, 'Danh hiệu thi đua'));
    expect(titles).toMatch(/^• « Về mục lục$/m);
    expect(numbered(titles!)).toHaveLength(4);
    const [title] = await guest.send(numberOf(titles!, 'Lao động tiên tiến'));
    expect(title).toMatch(/^• « Danh sách$/m);
    expect((await guest.send('danh sách'))[0]).toContain('Danh hiệu thi đua (trang 1/1)');
    const [again] = await guest.send('về mục lục');
    const [plan] = await guest.send(numberOf(again!, 'Kế hoạch phát động thi đua (mẫu)'));
    expect(plan).toMatch(/^• « Về mục lục$/m);
    const [section] = await guest.send(numberOf(plan!, 'Nội dung thực hiện'));
    expect(section).toMatch(/^• « Về kế hoạch$/m);
    const [sub] = await guest.send(numberOf(section!, 'II.1'));
    expect(sub).toMatch(/^• « Về mục II\. Nội dung thực hiện$/m);
    expect((await guest.send('về mục II. Nội dung thực hiện'))[0]).toContain('📄 II. Nội dung thực hiện');

    const admin = shell(app);
    const [unitList] = await admin.send('/nguoidung');
    const [people] = await admin.send(numberOf(unitList!, 'UBND xã A'));
    expect(people).toMatch(/^• « Chọn đơn vị khác$/m);
    expect(numbered(people!)).toHaveLength(3);
    const [card] = await admin.send(numberOf(people!, 'Đầu Mối A'));
    expect(card).toMatch(/^• « Danh sách$/m);
    expect(numbered(card!).at(-1)).toBe('Ngừng hoạt động');
    expect((await admin.send('danh sách'))[0]).toContain('UBND xã A: 3 người');
    expect((await admin.send('chọn đơn vị khác'))[0]).toContain('Quản lý người dùng. Chọn đơn vị');
  });
});

describe('"Nhắc ngay" is confirmed before anything is sent', () => {
  const nudges = async (a: TestApp) =>
    (await a.store.db.select().from(outbox)).filter((r) => r.key.startsWith('nudge:'));
  const audits = async (a: TestApp) => a.store.db.select().from(auditLog).where(eq(auditLog.action, 'reminder.nudge'));

  it('on the shell "1, 1" lands on "Thôi": nothing is sent; "Gửi nhắc" is 2', async () => {
    app = await createTestApp();
    const admin = shell(app);
    const [list] = await admin.send('/chuanop so-ket-2026');
    expect(list).toMatch(/^1\. Nhắc ngay$/m);
    const [ask] = await admin.send('1');
    expect(ask).toContain(
      'Gửi nhắc ngay về "Báo cáo sơ kết 6 tháng đầu năm 2026" tới đầu mối của 3 đơn vị chưa nộp (3 người nhận)',
    );
    expect(ask).toMatch(/^1\. Thôi\n2\. Gửi nhắc$/m);
    const [dropped, again] = await admin.send('1');
    expect(dropped).toBe('Đã thôi, chưa gửi nhắc cho đơn vị nào.');
    expect(again).toContain('3/3 đơn vị chưa nộp');
    expect(await nudges(app)).toHaveLength(0);
    expect(await audits(app)).toHaveLength(0);
    await admin.send('1');
    expect((await admin.send('gửi nhắc'))[0]).toContain('Đã xếp lịch nhắc ngay 3 đơn vị (3 người nhận).');
    expect(await nudges(app)).toHaveLength(3);
  });

  it('a replayed "Gửi nhắc" is stale and sends nothing, even after the hour', async () => {
    app = await createTestApp();
    const admin = app.chat('admin1');
    await admin.send('/chuanop so-ket-2026');
    await admin.press('Nhắc ngay');
    const confirm = admin.findButton('Gửi nhắc');
    await admin.press('Gửi nhắc');
    expect(await nudges(app)).toHaveLength(3);
    app.clock.advance(2 * 3_600_000);
    const [replay] = (await admin.sendRaw({ buttonToken: confirm })).map((r) => r.text);
    expect(replay).toContain('Nút này đã cũ hoặc không còn hiệu lực');
    expect(await nudges(app)).toHaveLength(3);
    expect(await audits(app)).toHaveLength(3);
  });

  it('a forged confirmation for another deadline changes nothing; the real one still sends', async () => {
    app = await createTestApp();
    const admin = app.chat('admin1');
    await admin.send('/chuanop so-ket-2026');
    await admin.press('Nhắc ngay');
    const token = admin.findButton('Gửi nhắc');
    const [row] = await app.store.db.select().from(buttonTokens).where(eq(buttonTokens.token, token));
    const [other] = await app.store.db.select().from(deadlines).where(eq(deadlines.code, 'tk-xa-2026'));
    await app.store.db
      .update(buttonTokens)
      .set({ action: { ...(row!.action as Record<string, unknown>), deadline: other!.id } })
      .where(eq(buttonTokens.token, token));
    const [forged] = await admin.press('Gửi nhắc');
    expect(forged).toContain('Nút này đã cũ hoặc không còn hiệu lực');
    expect(await nudges(app)).toHaveLength(0);
    // A confirmation pressed without "confirmed" is refused the same way.
    await app.store.db
      .update(buttonTokens)
      .set({ action: { ...(row!.action as Record<string, unknown>), confirmed: undefined } })
      .where(eq(buttonTokens.token, token));
    expect((await admin.press('Gửi nhắc'))[0]).toContain('Nút này đã cũ');
    expect(await nudges(app)).toHaveLength(0);
    await app.store.db.update(buttonTokens).set({ action: row!.action }).where(eq(buttonTokens.token, token));
    expect((await admin.press('Gửi nhắc'))[0]).toContain('Đã xếp lịch nhắc ngay 3 đơn vị');
    const [soKet] = await app.store.db.select().from(deadlines).where(eq(deadlines.code, 'so-ket-2026'));
    const reminded = (await nudges(app)).map((r) => (r.payload as { deadlineId: number }).deadlineId);
    expect(reminded).toEqual([soKet!.id, soKet!.id, soKet!.id]);
  });

  it('an older confirmation goes stale when another one is asked, and only the units named are reminded', async () => {
    app = await createTestApp();
    const admin = app.chat('admin1');
    await admin.send('/chuanop so-ket-2026');
    await admin.press('Nhắc ngay');
    const older = admin.findButton('Gửi nhắc');
    // A command at the confirmation is asked again first (the step holds what it named), then goes ahead.
    expect((await admin.send('/chuanop tk-xa-2026'))[0]).toContain('Gõ lại /chuanop tk-xa-2026 để vẫn mở');
    await admin.send('/chuanop tk-xa-2026');
    const [ask] = await admin.press('Nhắc ngay');
    expect(ask).toContain('"Báo cáo thống kê của các xã" tới đầu mối của 2 đơn vị chưa nộp (2 người nhận)');
    const [stale] = (await admin.sendRaw({ buttonToken: older })).map((r) => r.text);
    expect(stale).toContain('Nút này đã cũ');
    expect(await nudges(app)).toHaveLength(0);
    // UBND xã A submits before "Gửi nhắc": it is not reminded.
    const focal = app.chat('focal-a');
    await focal.send('/baocao');
    await focal.press('Báo cáo thống kê của các xã');
    for (const a of ['45', '80']) await focal.send(a);
    await focal.press('Có');
    await focal.press('Tốt');
    await focal.send('Phong trào A');
    await focal.send('Kết quả B');
    await focal.send('01/07/2026');
    await focal.press('Bỏ qua');
    await focal.press('Xong');
    await focal.press('Gửi báo cáo');
    expect((await admin.press('Gửi nhắc'))[0]).toContain('Đã xếp lịch nhắc ngay 1 đơn vị (1 người nhận).');
    const to = (await nudges(app)).map((r) => r.personId);
    expect(to).toEqual([await app.personId('focal-b')]);
  });

  it('a deadline closed before "Gửi nhắc" is refused politely and nothing is sent', async () => {
    app = await createTestApp();
    const admin = app.chat('admin1');
    await admin.send('/chuanop so-ket-2026');
    await admin.press('Nhắc ngay');
    await app.store.db.update(deadlines).set({ status: 'closed' }).where(eq(deadlines.code, 'so-ket-2026'));
    expect((await admin.press('Gửi nhắc'))[0]).toBe(
      'Hạn "Báo cáo sơ kết 6 tháng đầu năm 2026" đã đóng nên không gửi nhắc nữa; tôi không gửi gì.',
    );
    expect(await nudges(app)).toHaveLength(0);
    expect(await audits(app)).toHaveLength(0);
  });
});
