/**
 * Dead ends (issue 14): a screen with nothing to pick offers "Quay lại" (a typed word on the
 * shell, a button elsewhere) to the screen before or the command list; the office's /hanchot
 * shows the deadlines it runs; paged lists name their page and keep ‹ Trước / Sau › as words;
 * button labels are shortened at a word boundary. Everything goes through the real engine.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { labelWith, shortLabel } from '../domain/text.js';
import { createTestApp, DATA_TAM_DUONG, FIXTURE_MINI, TEXT_CAPS, type TestApp } from './helpers/app.js';

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

/** The mini fixture without its deadlines: an office with nothing open. */
function fixtureWithoutDeadlines(): string {
  const text = readFileSync(FIXTURE_MINI, 'utf8');
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'thidua-deadends-')), 'no-deadlines.yaml');
  writeFileSync(file, text.slice(0, text.indexOf('\ndeadlines:')) + '\n');
  return file;
}

describe('shortLabel: labels shortened at a word boundary (item 14d)', () => {
  it('keeps short labels, cuts long ones between words, never past the limit', () => {
    expect(shortLabel('Báo cáo sơ kết', 60)).toBe('Báo cáo sơ kết');
    const long = 'Báo cáo sơ kết 6 tháng đầu năm 2026 của Ủy ban nhân dân xã Bình Lư — Đã nộp';
    const cut = shortLabel(long, 40);
    expect([...cut].length).toBeLessThanOrEqual(40);
    expect(cut.endsWith('…')).toBe(true);
    const kept = cut.slice(0, -1);
    expect(long.startsWith(kept)).toBe(true);
    // The next character of the original after what was kept is a space: no word was cut.
    expect(long[kept.length]).toBe(' ');
    expect(shortLabel('Tuyên truyền, nhân rộng điển hình tiên tiến', 16)).toBe('Tuyên truyền…');
    expect(shortLabel('một hai ba', 8)).toBe('một hai…');
    // One word longer than the limit is the only case cut inside a word.
    expect(shortLabel('Siêuuuuuuuuuuuuudài', 8)).toBe('Siêuuuu…');
  });

  it('labelWith keeps the detail whole and shortens the name', () => {
    const l = labelWith('Phòng Lao động – Thương binh và Xã hội huyện Tam Đường', 'chưa làm, quá hạn', 50);
    expect(l).toBe('Phòng Lao động – Thương binh… — chưa làm, quá hạn');
    expect([...l].length).toBeLessThanOrEqual(50);
    expect(labelWith('UBND xã A', 'đã nộp', 60)).toBe('UBND xã A — đã nộp');
  });
});

describe('an empty list offers a way back (item 14a)', () => {
  it('/tinhhinh and /hanchot with nothing open: "Quay lại" is a word on the shell and leads to the command list', async () => {
    app = await createTestApp({ seed: fixtureWithoutDeadlines() });
    const shell = app.chat('admin1', { channel: 'shell', caps: TEXT_CAPS });
    const [status] = await shell.send('/tinhhinh');
    expect(status).toContain('Hiện không có hạn nộp nào đang mở.');
    expect(status).toMatch(/^• Quay lại$/m);
    expect(status).not.toMatch(/^\d+\. Quay lại/m);
    const [menu] = await shell.send('quay lại');
    expect(menu).toContain('/trogiup');
    const [deadlines] = await shell.send('/hanchot');
    expect(deadlines).toContain('Gõ /quanly để tạo hạn nộp mới.');
    expect(deadlines).toMatch(/^• Quay lại$/m);
    // A focal point's unit with nothing open: the same way back, with buttons.
    const tg = app.chat('focal-a');
    const [mine] = await tg.send('/tinhhinh');
    expect(mine).toContain('không có hạn nào đang mở');
    expect(tg.buttons()).toEqual(['Quay lại']);
    const [help] = await tg.press('Quay lại');
    expect(help).toContain('/trogiup');
  });

  it('/duyet on a round nobody sent yet: "Quay lại" goes back to the rounds (shell and buttons)', async () => {
    app = await createTestApp();
    const shell = app.chat('admin1', { channel: 'shell', caps: TEXT_CAPS });
    const [empty] = await shell.send('/duyet so-ket-2026');
    expect(empty).toContain('chưa có đơn vị nào gửi báo cáo');
    expect(empty).toMatch(/^• Quay lại$/m);
    const [rounds] = await shell.send('quay lại');
    expect(rounds).toContain('Duyệt báo cáo. Chọn đợt (trang 1/1)');
    expect(rounds).toMatch(/^\d+\. Báo cáo sơ kết 6 tháng/m);
    const tg = app.chat('admin1');
    await tg.send('/duyet so-ket-2026');
    const [again] = await tg.press('Quay lại');
    expect(again).toContain('Duyệt báo cáo. Chọn đợt (trang 1/1)');
  });

  it('/tieuchi with no result and nothing close: "Quay lại" opens the criteria menu', async () => {
    app = await createTestApp();
    const shell = app.chat({ stranger: 'guest-dead' }, { channel: 'shell', caps: TEXT_CAPS });
    const [none] = await shell.send('/tieuchi qqqzzz wwwxxx');
    expect(none).toContain('Không tìm thấy');
    expect(none).toMatch(/^• Quay lại$/m);
    const [menu] = await shell.send('quay lại');
    expect(menu).toContain('Tra cứu thi đua, khen thưởng');
  });
});

describe("the office's /hanchot shows the deadlines it runs (item 14b)", () => {
  it('each open deadline with submitted/total, overdue and the focal points’ next reminders', async () => {
    app = await createTestApp();
    const shell = app.chat('admin1', { channel: 'shell', caps: TEXT_CAPS });
    const [text] = await shell.send('/hanchot');
    expect(text).not.toContain('không có hạn');
    expect(text).toContain('Các hạn đang mở do Phòng Nội vụ');
    expect(text).toContain('Báo cáo sơ kết 6 tháng đầu năm 2026');
    expect(text).toContain('Báo cáo thống kê của các xã');
    expect(text).toMatch(/Đã nộp 0\/\d+ đơn vị; quá hạn \d+/);
    expect(text).toMatch(/Các lần nhắc đầu mối sắp tới: \d{2}:\d{2} \d{2}\/\d{2}\/2026/);
    // Each deadline opens its units, as in /tinhhinh.
    const [units] = await shell.send(numberOf(text!, 'Báo cáo sơ kết 6 tháng'));
    expect(units).toContain('📋 Báo cáo sơ kết 6 tháng đầu năm 2026');
  });
});

describe('paging: "trang i/n" on every page, ‹ Trước / Sau › as words, ≤ 8 units a page (items 14c, 14d)', () => {
  it('/tinhhinh → a deadline of a district: units paged by 8, same numbers on every page', async () => {
    app = await createTestApp({ seed: DATA_TAM_DUONG });
    const shell = app.chat('demo-admin', { channel: 'shell', caps: TEXT_CAPS });
    const [overview] = await shell.send('/tinhhinh');
    const first = overview!.split('\n').find((l) => /^\d+\. /.test(l))!;
    const [page1] = await shell.send(first.split('.')[0]!);
    const pages = /Các đơn vị \(trang 1\/(\d+)\)/.exec(page1!);
    expect(pages).not.toBeNull();
    expect(Number(pages![1])).toBeGreaterThan(1);
    expect(page1).toMatch(/^• Sau ›$/m);
    expect(page1).not.toMatch(/^\d+\. (Sau|‹ Trước)/m);
    const unitLines = (t: string) => t.split('\n').filter((l) => /^\d+\. .+ — /.test(l));
    expect(unitLines(page1!).length).toBe(8);
    const [page2] = await shell.send('sau');
    expect(page2).toContain(`Các đơn vị (trang 2/${pages![1]})`);
    expect(page2).toMatch(/^• ‹ Trước$/m);
    expect(unitLines(page2!).length).toBeLessThanOrEqual(8);
    // An item's number is the same place on every page.
    expect(unitLines(page2!)[0]!.split('.')[0]).toBe(unitLines(page1!)[0]!.split('.')[0]);
    // No label is cut inside a word: what is kept of a name is followed by a space in the full
    // name (listed in full above the buttons), and the state after it is whole.
    for (const l of [...unitLines(page1!), ...unitLines(page2!)].filter((x) => x.includes('…'))) {
      const kept = l.replace(/^\d+\. /, '').split('…')[0]!;
      expect(page1! + page2!, l).toContain(`${kept} `);
      expect(l).toMatch(/— (chưa làm|bản nháp|đã nộp)/);
    }
    const [back] = await shell.send('trước');
    expect(back).toContain(`Các đơn vị (trang 1/${pages![1]})`);
  });

  it('with buttons: the same page names, ‹ Trước / Sau › as buttons, at most 8 units', async () => {
    app = await createTestApp({ seed: DATA_TAM_DUONG });
    const tg = app.chat('demo-admin');
    await tg.send('/tinhhinh');
    await tg.press('Đăng ký thi đua năm 2026');
    expect(tg.lastText()).toContain('Các đơn vị (trang 1/');
    const units = () => tg.buttons().filter((b) => b.includes(' — '));
    expect(units().length).toBe(8);
    expect(tg.buttons()).toContain('Sau ›');
    expect(tg.buttons()).not.toContain('‹ Trước');
    await tg.press('Sau ›');
    expect(tg.lastText()).toContain('Các đơn vị (trang 2/');
    expect(tg.buttons()).toContain('‹ Trước');
    for (const b of units()) expect([...b].length).toBeLessThanOrEqual(60);
  });
});

describe('criteria drill-down: sections paged with their page named (item 14d)', () => {
  it('a plan and a section name the page of their sections', async () => {
    app = await createTestApp();
    const shell = app.chat({ stranger: 'guest-sections' }, { channel: 'shell', caps: TEXT_CAPS });
    const [menu] = await shell.send('/tieuchi');
    const [plan] = await shell.send(numberOf(menu!, 'Kế hoạch phát động thi đua (mẫu)'));
    expect(plan).toContain('Các mục (trang 1/1)');
    const [section] = await shell.send(numberOf(plan!, 'Nội dung thực hiện'));
    expect(section).toContain('Các mục (trang 1/1)');
    expect(section).toMatch(/^\d+\. II\.1/m);
  });
});
