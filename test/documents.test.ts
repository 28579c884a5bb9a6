/**
 * Documents: the administrative conventions (pure), and the summary report asked for in chat
 * and from the CLI, read back from the DOCX and compared with what the units submitted:
 * heading, counts, totals equal to the sum of the rows, quotes, fonts on every run, page size
 * and margins; and the polite refusals (nothing submitted yet, a deadline it is not for, a
 * person who may not see every unit's answers).
 */
import fs from 'node:fs';
import { only } from './helpers/db.js';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, CliError } from '../bot/admin-cli.js';
import {
  dateInWords,
  dateLine,
  headingLines,
  numberLine,
  placeName,
  signatureLines,
} from '../handlers/documents/conventions.js';
import { quoteOf } from '../handlers/documents/summary-report.js';
import { PAGE } from '../handlers/documents/layout.js';
import { findUnitByCode } from '../db/queries/directory.js';
import { getDeadlineByCode, getSubmission } from '../db/queries/submissions.js';
import { review } from '../handlers/services/submissions.js';
import { createTestApp, TEXT_CAPS, type ChatDriver, type TestApp } from './helpers/app.js';
import { readDocx } from './helpers/docx.js';

describe('administrative conventions (NĐ 30/2020)', () => {
  const tz = 'Asia/Ho_Chi_Minh';
  it('writes the date in words with the decree’s leading zeros (days 1–9, months 1–2)', () => {
    expect(dateInWords(new Date('2026-02-04T03:00:00Z'), tz)).toBe('ngày 04 tháng 02 năm 2026');
    expect(dateInWords(new Date('2026-12-01T03:00:00Z'), tz)).toBe('ngày 01 tháng 12 năm 2026');
    expect(dateInWords(new Date('2026-03-15T03:00:00Z'), tz)).toBe('ngày 15 tháng 3 năm 2026');
    // Local date, not UTC: 20:00 UTC on 31 Dec is already 1 January in Vietnam.
    expect(dateInWords(new Date('2026-12-31T20:00:00Z'), tz)).toBe('ngày 01 tháng 01 năm 2027');
  });

  it('derives heading, place and symbol from the issuer, and prefers the settings', () => {
    const commune = { issuer: 'Ủy ban nhân dân xã Bình Lư' };
    expect(headingLines(commune).issuer).toEqual(['ỦY BAN NHÂN DÂN', 'XÃ BÌNH LƯ']);
    expect(placeName(commune)).toBe('Bình Lư');
    expect(numberLine('BC', commune)).toMatch(/^Số:\s+\/BC-UBND$/);
    expect(dateLine(new Date('2026-12-01T03:00:00Z'), tz, commune)).toBe('Bình Lư, ngày 01 tháng 12 năm 2026');
    expect(signatureLines(commune)).toEqual({ authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: undefined });
    expect(placeName({ issuer: 'Uỷ ban nhân dân tỉnh Lai Châu' })).toBe('Lai Châu');
    expect(headingLines({ issuer: 'Sở Nội vụ tỉnh Lai Châu', parentBody: 'Ủy ban nhân dân tỉnh Lai Châu' })).toEqual({
      parent: 'ỦY BAN NHÂN DÂN TỈNH LAI CHÂU',
      issuer: ['SỞ NỘI VỤ TỈNH LAI CHÂU'],
    });
    const set = {
      issuer: 'Ủy ban nhân dân xã Bình Lư',
      place: 'Tam Đường',
      symbol: 'UBND-VP',
      signerTitle: 'Phó Chủ tịch',
      signerName: 'Nguyễn Văn A',
    };
    expect(placeName(set)).toBe('Tam Đường');
    expect(numberLine('BC', set)).toMatch(/\/BC-UBND-VP$/);
    expect(signatureLines(set)).toEqual({
      authority: 'TM. ỦY BAN NHÂN DÂN',
      title: 'PHÓ CHỦ TỊCH',
      name: 'Nguyễn Văn A',
    });
  });

  it('leaves a dotted space, never an empty name, when the issuer is unknown', () => {
    expect(headingLines({}).issuer).toEqual(['……']);
    expect(dateLine(new Date('2026-12-01T03:00:00Z'), tz, {})).toBe('……, ngày 01 tháng 12 năm 2026');
    expect(numberLine('BC', {})).toMatch(/\/BC-……$/);
  });

  it('quotes long answers whole up to the limit and cuts longer ones at a word', () => {
    expect(quoteOf('  Một   câu\nngắn. ')).toBe('Một câu ngắn.');
    const long = 'phong trào '.repeat(100);
    const q = quoteOf(long, 50);
    expect([...q].length).toBeLessThanOrEqual(51);
    expect(q.endsWith('…')).toBe(true);
    expect(q).not.toMatch(/ …$/);
  });
});

let app: TestApp;

async function submitSoKet(chat: ChatDriver, total: string, result: string): Promise<void> {
  await chat.send('/baocao');
  await chat.press('Báo cáo sơ kết 6 tháng');
  for (const a of [total, '80']) await chat.send(a);
  await chat.press('Có');
  await chat.press('Tốt');
  await chat.send('Phong trào thi đua yêu nước');
  await chat.send(result);
  await chat.send('01/07/2026');
  await chat.press('Bỏ qua');
  await chat.press('Xong');
  await chat.press('Gửi báo cáo');
}

describe('summary report of a review deadline', () => {
  beforeEach(async () => {
    app = await createTestApp({ now: '2026-12-01T02:00:00Z' });
  });
  afterEach(async () => app.close());

  it('says so instead of an empty document while no unit has submitted', async () => {
    const admin = app.chat('admin1');
    await admin.send('/vanban');
    await admin.press('Báo cáo tổng hợp');
    const [reply] = await admin.press('Báo cáo sơ kết 6 tháng đầu năm 2026');
    expect(reply).toContain('Chưa có đơn vị nào nộp "Báo cáo sơ kết 6 tháng đầu năm 2026"');
    expect(admin.last().document).toBeUndefined();
  });

  it('is written from the units’ answers: counts, on time and late, totals, quotes, plan and heading', async () => {
    await submitSoKet(app.chat('focal-a'), '45', 'Xã A hoàn thành 12/12 chỉ tiêu, xây dựng 3 mô hình dân vận khéo.');
    // Xã B submits after the deadline (10/12 17:00).
    app.clock.set('2026-12-11T03:00:00Z');
    await submitSoKet(app.chat('focal-b'), '30', 'Xã B vận động nhân dân hiến 2.000 m² đất làm đường.');
    await app.chat('focal-gd').send('/tinhhinh');

    const admin = app.chat('admin1');
    await admin.send('/vanban');
    expect(admin.buttons()).toEqual(['Báo cáo tổng hợp sơ kết, tổng kết']);
    await admin.press('Báo cáo tổng hợp');
    // Only the deadlines the report is written for are offered (not the registration).
    expect(admin.buttons()).toEqual(['Báo cáo sơ kết 6 tháng đầu năm 2026', 'Báo cáo thống kê của các xã']);
    const [done] = await admin.press('Báo cáo sơ kết 6 tháng đầu năm 2026');
    expect(done).toContain('2/3 đơn vị đã nộp');
    const file = admin.last().document!;
    expect(file.fileName).toBe('bao-cao-tong-hop-so-ket-2026.docx');
    expect(file.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');

    const doc = await readDocx(file.data);
    const text = doc.paragraphs.join('\n');
    // Heading and title in the decree's format, from the jurisdiction's settings.
    expect(doc.tables[0]![0]![0]).toBe('ỦY BAN NHÂN DÂN\nHUYỆN MẪU\n');
    expect(doc.tables[0]![0]![1]).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n');
    expect(doc.tables[0]![1]![0]).toMatch(/^Số:\s+\/BC-UBND$/);
    expect(doc.tables[0]![1]![1]).toBe('Mẫu, ngày 11 tháng 12 năm 2026');
    expect(doc.paragraphs).toContain('BÁO CÁO');
    expect(doc.paragraphs).toContain('Tổng hợp kết quả sơ kết 6 tháng đầu năm 2026');
    // Submission state.
    expect(text).toContain(
      'Tổng số đơn vị phải báo cáo: 3. Đã nộp: 2/3 (66,7%), trong đó đúng hạn 1, muộn 1; chưa nộp: 1.',
    );
    expect(text).toContain('Đơn vị nộp muộn: UBND xã B.');
    expect(text).toContain('Đơn vị chưa nộp: Phòng Giáo dục và Đào tạo.');
    const byKind = doc.tables[1]!;
    expect(byKind[0]).toEqual([
      'STT',
      'Loại đơn vị',
      'Tổng số',
      'Nộp đúng hạn',
      'Nộp muộn',
      'Trả lại hoàn thiện',
      'Chưa nộp',
    ]);
    const body = byKind.slice(1, -1);
    const total = byKind[byKind.length - 1]!;
    expect(total[1]).toBe('Tổng cộng');
    for (let col = 2; col <= 6; col++) expect(Number(total[col])).toBe(body.reduce((a, r) => a + Number(r[col]), 0));
    expect(total.slice(2)).toEqual(['3', '1', '1', '0', '1']);
    // Each row adds up: on time + late + returned + not submitted = units of that kind.
    for (const r of body) expect(Number(r[3]) + Number(r[4]) + Number(r[5]) + Number(r[6])).toBe(Number(r[2]));
    // Figures: the sum and average of the number item, the percent item's average only.
    const figures = doc.tables[2]!;
    expect(figures[1]).toEqual(['1', 'Tổng số cán bộ, công chức, viên chức', 'người', '2', '75', '37,5']);
    expect(figures[2]).toEqual(['2', 'Tỷ lệ hoàn thành chỉ tiêu', '%', '2', '', '80']);
    expect(text).toContain('Đã ban hành kế hoạch phát động thi đua năm: có 2 đơn vị, không 0 đơn vị.');
    expect(text).toContain(
      'Mức độ triển khai phong trào: Tốt 2 đơn vị; Khá 0 đơn vị; Trung bình 0 đơn vị; Chưa đạt 0 đơn vị.',
    );
    // Highlights quoted with their unit, in Vietnamese order.
    expect(text).toContain('UBND xã A: “Xã A hoàn thành 12/12 chỉ tiêu, xây dựng 3 mô hình dân vận khéo.”');
    expect(text).toContain('UBND xã B: “Xã B vận động nhân dân hiến 2.000 m² đất làm đường.”');
    expect(text.indexOf('UBND xã A: “')).toBeLessThan(text.indexOf('UBND xã B: “'));
    // The plan's lines of work as headings.
    expect(doc.paragraphs).toContain('2. Nội dung thực hiện');
    expect(doc.paragraphs).toContain('- Tuyên truyền, nhân rộng điển hình tiên tiến');
    // Closing: recipients and signature.
    expect(text).toContain('Nơi nhận:');
    expect(text).toContain('- Lưu: VT.');
    expect(text).toContain('TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH');

    // Every run in Times New Roman on every font slot; A4 with the decree's margins.
    expect(doc.runFonts.length).toBeGreaterThan(50);
    for (const f of doc.runFonts)
      expect(f).toMatchObject({
        ascii: 'Times New Roman',
        hAnsi: 'Times New Roman',
        cs: 'Times New Roman',
        eastAsia: 'Times New Roman',
      });
    expect(doc.page).toEqual({
      width: 11906,
      height: 16838,
      top: PAGE.margin.top,
      bottom: PAGE.margin.bottom,
      left: PAGE.margin.left,
      right: PAGE.margin.right,
    });
    expect(PAGE.margin.left / 56.7).toBeGreaterThanOrEqual(29.9);
    expect(PAGE.margin.right / 56.7).toBeGreaterThanOrEqual(14.9);
    // Text is NFC everywhere (decomposed diacritics would print as boxes in some fonts).
    expect(doc.xml).toBe(doc.xml.normalize('NFC'));
  });

  it('counts a returned report as /tinhhinh does: not submitted, listed as being completed', async () => {
    await submitSoKet(app.chat('focal-a'), '45', 'Kết quả của xã A.');
    await submitSoKet(app.chat('focal-b'), '30', 'Kết quả của xã B.');
    const deadline = (await getDeadlineByCode(await only(app.store.db), 'so-ket-2026'))!;
    const unitB = (await findUnitByCode(await only(app.store.db), 'xa-b'))!;
    const sub = (await getSubmission(await only(app.store.db), deadline.id, unitB.id))!;
    await app.store.tx(async (tx) =>
      review(
        await only(tx),
        { kind: 'system', name: 'test' },
        { submissionId: sub.id, action: 'return', comment: 'Bổ sung số liệu', now: app.clock.now() },
      ),
    );
    const admin = app.chat('admin1');
    const [status] = await admin.send('/tinhhinh');
    expect(status).toContain('Đã nộp 1/3');
    await admin.send('/vanban tong-hop so-ket-2026');
    const doc = await readDocx(admin.last().document!.data);
    const text = doc.paragraphs.join('\n');
    expect(text).toContain('Đã nộp: 1/3 (33,3%), trong đó đúng hạn 1, muộn 0; trả lại để hoàn thiện: 1; chưa nộp: 1.');
    expect(text).toContain('Báo cáo đã trả lại để đơn vị hoàn thiện: UBND xã B.');
  });

  it('is the office’s: a focal point is refused, and a channel without files gets the CLI command', async () => {
    const [refused] = await app.chat('focal-a').send('/vanban');
    expect(refused).not.toContain('Chọn văn bản');
    await submitSoKet(app.chat('focal-a'), '45', 'Kết quả.');
    const admin = app.chat('admin1', { caps: { ...TEXT_CAPS, documents: false }, channel: 'zalo-bot' });
    const [reply] = await admin.send('/vanban tong-hop so-ket-2026');
    expect(reply).toContain('npm run admin -- document tong-hop --deadline so-ket-2026 --out');
    expect(admin.last().document).toBeUndefined();
  });

  it('names what it did not understand and offers what is allowed', async () => {
    const admin = app.chat('admin1');
    const [unknownKind] = await admin.send('/vanban pdf');
    expect(unknownKind).toContain('Tôi không có văn bản "pdf"');
    expect(unknownKind).toContain('tong-hop (Báo cáo tổng hợp sơ kết, tổng kết)');
    const [wrong] = await admin.send('/vanban tong-hop dk-2026');
    expect(wrong).toContain('chỉ lập cho các đợt sơ kết, tổng kết hoặc báo cáo');
    const replies = await admin.send('/vanban tong-hop khong-co-dot');
    expect(replies[0]).toContain('Tôi không tìm thấy đợt "khong-co-dot"');
    expect(admin.buttons()).toContain('Báo cáo sơ kết 6 tháng đầu năm 2026');
  });

  it('is written by the CLI the same way, with help and clear refusals', async () => {
    const lines: string[] = [];
    const deps = {
      store: app.store,
      config: app.config,
      out: (l: string) => lines.push(l),
      now: () => app.clock.now(),
    };
    await runCli(['document', 'help'], deps);
    expect(lines.join('\n')).toContain('tong-hop');
    await expect(
      runCli(['document', 'tong-hop', '--deadline', 'so-ket-2026', '--out', path.join(os.tmpdir(), 'x.docx')], deps),
    ).rejects.toThrow('Chưa có đơn vị nào nộp');
    await expect(
      runCli(['document', 'bien-ban', '--deadline', 'so-ket-2026', '--out', 'x.docx'], deps),
    ).rejects.toBeInstanceOf(CliError);
    await expect(runCli(['document', 'tong-hop', '--deadline', 'dk-2026', '--out', 'x.docx'], deps)).rejects.toThrow(
      'chỉ lập cho đợt loại',
    );

    await submitSoKet(app.chat('focal-a'), '45', 'Kết quả của xã A.');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-doc-'));
    const out = path.join(dir, 'tong-hop.docx');
    await runCli(['document', 'tong-hop', '--deadline', 'so-ket-2026', '--out', out], deps);
    expect(lines[lines.length - 1]).toContain('1/3 đơn vị đã nộp');
    const doc = await readDocx(new Uint8Array(fs.readFileSync(out)));
    expect(doc.paragraphs.join('\n')).toContain('UBND xã A: “Kết quả của xã A.”');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
