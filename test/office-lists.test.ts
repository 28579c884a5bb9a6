/**
 * The office's screens as a person meets them through the real engine and database (issue 13,
 * the leftovers): "« …" navigation is a word on channels without buttons, never a number.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, TEXT_CAPS, type ChatDriver, type TestApp } from './helpers/app.js';

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

const shell = (a: TestApp, who = 'admin1'): ChatDriver => a.chat(who, { channel: 'shell', caps: TEXT_CAPS });

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
