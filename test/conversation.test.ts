/**
 * Conversation quality on the channels without buttons (the shell, the Zalo Bot API): numbered
 * choices keep working after a reply that is not one of them, one reply is numbered once across
 * its messages, navigation is typed as words, and consequential actions take a second step.
 * Everything goes through the real engine against the real database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestApp,
  DATA_BINH_LU,
  DATA_TAM_DUONG,
  TEXT_CAPS,
  type ChatDriver,
  type TestApp,
} from './helpers/app.js';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app?.close();
});

const TAM_DUONG_ADMIN = 'demo-admin';
const shell = (who: string): ChatDriver => app.chat(who, { channel: 'shell', caps: TEXT_CAPS });

/** The number a numbered list gives the option whose label contains `label`. */
function numberOf(text: string, label: string): string {
  const line = text.split('\n').find((l) => /^\d+\. /.test(l) && l.includes(label));
  if (!line) throw new Error(`no numbered "${label}" in:\n${text}`);
  return line.split('.')[0]!;
}

describe('numbered menus keep working after a reply that is not one of the choices (item 1)', () => {
  it('/thongbao: an out-of-range number and a stray word show the same choices again; "xong" picks "Xong (n đã chọn)"', async () => {
    const chat = shell('admin1');
    await chat.send('/thongbao');
    const [menu] = await chat.send('Kính gửi các đồng chí: họp lúc 8 giờ.');
    const units = numberOf(menu!, 'Chọn đơn vị');
    const [list] = await chat.send(units);
    expect(list).toContain('Xong (0 đã chọn)');
    const xaA = numberOf(list!, 'UBND xã A');

    const [wrong] = await chat.send('99');
    expect(wrong).toContain('từ 1 đến');
    expect(wrong).toContain(`${xaA}. UBND xã A`);
    const [word] = await chat.send('gì vậy');
    expect(word).toContain(`${xaA}. UBND xã A`);

    const [picked] = await chat.send(xaA);
    expect(picked).toContain('✅ UBND xã A');
    expect(picked).toContain('Xong (1 đã chọn)');
    const [preview] = await chat.send('xong');
    expect(preview).toContain('Xem trước');
    expect(preview).toContain('Kính gửi các đồng chí');
  });

  it('the report summary: a stray reply keeps its numbered actions working', async () => {
    const chat = shell('focal-a');
    await chat.send('/baocao so-ket-2026');
    await chat.send('/huy');
    const [list] = await chat.send('/baocao');
    await chat.send(numberOf(list!, 'Báo cáo sơ kết 6 tháng'));
    for (const answer of ['45', '90', 'có', 'tốt', 'Thi đua yêu nước', 'Tốt', '30/6/2026', 'bỏ qua', 'xong'])
      await chat.send(answer);
    const summary = chat.lastText();
    expect(summary).toContain('Sửa một mục');
    const [again] = await chat.send('không hiểu');
    const edit = numberOf(again!, 'Sửa một mục');
    const [pick] = await chat.send(edit);
    expect(pick).toContain('Tổng số cán bộ');
  });
});

describe('one numbering per reply, whatever the number of its messages (item 3)', () => {
  it('/bieudo: the deadlines and "Cả năm" are numbered once, and both can be picked', async () => {
    const chat = shell('admin1');
    const replies = await chat.send('/bieudo');
    expect(replies.length).toBe(2);
    const first = numberOf(replies[0]!, 'Báo cáo sơ kết 6 tháng đầu năm 2026');
    const year = numberOf(replies[1]!, 'Cả năm');
    const count = replies[0]!.split('\n').filter((l) => /^\d+\. /.test(l)).length;
    expect(Number(year)).toBe(count + 1);
    const [deadline] = await chat.send(first);
    expect(deadline).toContain('Báo cáo sơ kết 6 tháng đầu năm 2026:');
    await chat.send('/bieudo');
    const [yearChart] = await chat.send(year);
    expect(yearChart).toMatch(/^Năm 2026: /);
  });
});

describe('one learnable rule for typed items (item 2)', () => {
  async function openSoKet(chat: ChatDriver): Promise<string[]> {
    const [list] = await chat.send('/baocao');
    return chat.send(numberOf(list!, 'Báo cáo sơ kết 6 tháng'));
  }

  it('navigation is a word without a number; a bare small number over a saved answer is confirmed, keeping where "1" lands', async () => {
    const chat = shell('focal-a');
    await openSoKet(chat);
    await chat.send('45');
    const [q2] = await chat.send('quay lại');
    expect(q2).toContain('Giá trị hiện tại: 45 người');
    expect(q2).toContain('• Giữ nguyên');
    expect(q2).not.toMatch(/^\d+\. Giữ nguyên/m);

    const [ask] = await chat.send('1');
    expect(ask).toContain('Thay bằng: 1 người');
    expect(ask).toMatch(/^1\. Giữ nguyên: 45 người$/m);
    const [kept] = await chat.send('1');
    expect(kept).toContain('Mục 2/9');
    await chat.send('quay lai');
    await chat.send('2');
    const [replaced] = await chat.send(numberOf(chat.lastText(), 'Thay bằng'));
    expect(replaced).toContain('Mục 2/9');
    const [again] = await chat.send('quay lai');
    expect(again).toContain('Giá trị hiện tại: 2 người');
    // A number above 20 is simply the answer.
    const [next] = await chat.send('47');
    expect(next).toContain('Mục 2/9');
  });

  it('a yes/no item numbers its answers, and "giữ nguyên" stays a word after them', async () => {
    const chat = shell('focal-a');
    await openSoKet(chat);
    for (const a of ['45', '90', 'có']) await chat.send(a);
    await chat.send('quay lai');
    const q3 = chat.lastText();
    expect(q3).toContain('Mục 3/9');
    expect(q3).toMatch(/^1\. Có\n2\. Không\n• Quay lại\n• Giữ nguyên/m);
    const [moved] = await chat.send('3');
    expect(moved).toContain('từ 1 đến 2');
    expect(moved).toContain('1. Có');
  });

  it('a names item refuses a bare number as a name', async () => {
    const { parseAnswer } = await import('../domain/form-items.js');
    const item = { code: 'ldtt', label: 'Lao động tiên tiến', required: true, type: 'names' as const, max_names: 10 };
    const r = parseAnswer(item, '2', { now: new Date(), tz: 'Asia/Ho_Chi_Minh' });
    expect(r).toMatchObject({ ok: false, error: 'form.err_name_digits' });
    expect(parseAnswer(item, '1. Nguyễn Văn A\n2. Lê Thị B', { now: new Date(), tz: 'Asia/Ho_Chi_Minh' })).toEqual({
      ok: true,
      value: ['Nguyễn Văn A', 'Lê Thị B'],
    });
  });
});

describe('consequential actions take a second step, never where a habitual number lands (item 7)', () => {
  async function submitSoKet(chat: ChatDriver): Promise<void> {
    const [list] = await chat.send('/baocao');
    await chat.send(numberOf(list!, 'Báo cáo sơ kết 6 tháng'));
    for (const answer of ['45', '90', 'có', 'tốt', 'Thi đua yêu nước', 'Tốt', '30/6/2026', 'bỏ qua', 'xong'])
      await chat.send(answer);
    const [done] = await chat.send(numberOf(chat.lastText(), 'Gửi báo cáo'));
    expect(done).toContain('Số tham chiếu');
  }

  it('/duyet: "1, 1, 1" never accepts a report; the confirmation names the unit and the version', async () => {
    await submitSoKet(shell('focal-a'));
    const admin = shell('admin1');
    await admin.send('/duyet so-ket-2026');
    const [view] = await admin.send('1');
    expect(view).toContain('UBND xã A');
    expect(view).toMatch(/^1\. Tiếp nhận$/m);
    const [ask] = await admin.send('1');
    expect(ask).toContain('Tiếp nhận "Báo cáo sơ kết 6 tháng đầu năm 2026" của UBND xã A (bản 1)?');
    expect(ask).toMatch(/^1\. Không, quay lại\n2\. Có, tiếp nhận$/m);
    const [back] = await admin.send('1');
    expect(back).toContain('Trạng thái: đã nộp');
    await admin.send('1');
    const [done] = await admin.send(numberOf(admin.lastText(), 'Có, tiếp nhận'));
    expect(done).toContain('Đã tiếp nhận');
  });

  it('/nguoidung: deactivating and reactivating a person are confirmed, and the card is unchanged until then', async () => {
    const admin = shell('admin1');
    const [units] = await admin.send('/nguoidung');
    const [people] = await admin.send(numberOf(units!, 'UBND xã A'));
    const [card] = await admin.send(numberOf(people!, 'Đầu Mối A'));
    const [ask] = await admin.send(numberOf(card!, 'Ngừng hoạt động'));
    expect(ask).toContain('Ngừng hoạt động tài khoản của Đầu Mối A?');
    const [back] = await admin.send('1');
    expect(back).toContain('Ngừng hoạt động');
    expect((await shell('focal-a').send('/baocao'))[0]).toContain('Các báo cáo');
    await admin.send(numberOf(back!, 'Ngừng hoạt động'));
    const [done] = await admin.send(numberOf(admin.lastText(), 'Có, ngừng hoạt động'));
    expect(done).toContain('Đã ngừng hoạt động tài khoản của Đầu Mối A');
    // The same number on the card now asks about reactivating: it does not reactivate.
    const [again] = await admin.send(numberOf(admin.lastText(), 'Kích hoạt lại'));
    expect(again).toContain('Kích hoạt lại tài khoản của Đầu Mối A?');
  });

  it('/thongbao: going back is 1 and sending is 2 on the preview', async () => {
    const admin = shell('admin1');
    await admin.send('/thongbao');
    const [menu] = await admin.send('Họp giao ban lúc 8 giờ.');
    const [preview] = await admin.send(numberOf(menu!, 'Tất cả'));
    expect(preview).toMatch(/^1\. Quay lại\n2\. Gửi \(\d+\)$/m);
  });
});

describe('honest cancels, and a warning before a command discards what was typed (item 5)', () => {
  it('/huy says the report draft is kept, and that an announcement being written is discarded', async () => {
    const focal = shell('focal-a');
    const [list] = await focal.send('/baocao');
    await focal.send(numberOf(list!, 'Báo cáo sơ kết 6 tháng'));
    await focal.send('45');
    expect((await focal.send('/huy'))[0]).toContain('vẫn được lưu nháp');

    const admin = shell('admin1');
    await admin.send('/thongbao');
    expect((await admin.send('/huy'))[0]).toBe('Đã thoát. Gõ /trogiup để xem các việc khác.');
    await admin.send('/thongbao');
    await admin.send('Họp giao ban lúc 8 giờ.');
    const [cancelled] = await admin.send('huỷ');
    expect(cancelled).toContain('bỏ những gì anh/chị vừa nhập');
    expect(cancelled).not.toContain('lưu nháp');
  });

  it('/dienhinh: another command mid-flow warns first; answering goes on, the same command again goes ahead', async () => {
    const focal = shell('focal-a');
    await focal.send('/dienhinh');
    await focal.send('Nguyễn Văn A');
    const [warn] = await focal.send('/tinhhinh');
    expect(warn).toContain('Gõ lại /tinhhinh để vẫn mở');
    const [next] = await focal.send('Giáo dục');
    expect(next).not.toContain('Gõ lại');
    const [warnAgain] = await focal.send('/tinhhinh');
    expect(warnAgain).toContain('Gõ lại /tinhhinh');
    const [status] = await focal.send('/tinhhinh');
    expect(status).toContain('Tình hình của UBND xã A');
  });

  it('a warning keeps the numbered choices of the step working', async () => {
    const admin = shell('admin1');
    await admin.send('/thongbao');
    const [menu] = await admin.send('Họp giao ban lúc 8 giờ.');
    const [warn] = await admin.send('/xuat');
    expect(warn).toContain('Gõ lại /xuat');
    expect(warn).toContain(`${numberOf(menu!, 'Tất cả')}. Tất cả`);
    const [preview] = await admin.send(numberOf(menu!, 'Tất cả'));
    expect(preview).toContain('Xem trước');
  });
});

describe('paging on channels without buttons (item 14, paging part)', () => {
  it('"sau"/"trước" are words on every page, and an item keeps one number per page', async () => {
    await app.close();
    app = await createTestApp({ seed: DATA_TAM_DUONG });
    const admin = app.chat(TAM_DUONG_ADMIN, { channel: 'shell', caps: TEXT_CAPS });
    const [first] = await admin.send('/nguoidung');
    expect(first).toContain('trang 1/');
    expect(first).toMatch(/^• Sau ›$/m);
    expect(first).not.toMatch(/^\d+\. (Sau|‹ Trước)/m);
    const [second] = await admin.send('sau');
    expect(second).toContain('trang 2/');
    expect(second).toMatch(/^• ‹ Trước$/m);
    expect(second).not.toMatch(/^\d+\. (Sau|‹ Trước)/m);
    const numbered = second!.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(numbered[0]).toMatch(/^1\. /);
    const [back] = await admin.send('trước');
    expect(back).toContain('trang 1/');
  });
});

describe('unknown arguments say what was not understood and what is allowed (item 14)', () => {
  it('/xuat with a format that does not exist, /bieudo with another year, /lichsu with a unit, /duyet with nonsense', async () => {
    const admin = shell('admin1');
    const [format, formats] = await admin.send('/xuat so-ket-2026 pdf');
    expect(format).toBe('Tôi không hiểu «pdf»: tệp xuất chỉ có hai định dạng, xlsx hoặc csv.');
    expect(formats).toMatch(/^1\. Excel \(\.xlsx\)/m);
    const [year, picker] = await admin.send('/bieudo 2027');
    expect(year).toContain('Tôi không hiểu «2027»');
    expect(year).toContain('năm nay (2026)');
    expect(picker).toContain('Biểu đồ tiến độ');
    const [history] = await admin.send('/lichsu xa-a');
    expect(history).toContain('UBND xã A');
    expect(history).not.toMatch(/#\d+/);
    const [unknown, units] = await admin.send('/lichsu xa-khong-co');
    expect(unknown).toContain('không tìm thấy đơn vị nào khớp với «xa-khong-co»');
    expect(units).toContain('UBND xã A');
    const [nonsense] = await admin.send('/duyet tong-ket-2030');
    expect(nonsense).toContain('không tìm thấy hạn nộp nào khớp với «tong-ket-2030»');
  });
});

describe('input as people write it (item 15)', () => {
  it('a report takes "45 cán bộ" at a count of people, 30/6 as this year, and names an impossible date', async () => {
    const chat = shell('focal-a');
    const [list] = await chat.send('/baocao');
    await chat.send(numberOf(list!, 'Báo cáo sơ kết 6 tháng'));
    const [q2] = await chat.send('45 cán bộ');
    expect(q2).toContain('Mục 2/9');
    for (const a of ['90', 'có', 'tốt', 'Thi đua yêu nước', 'Tốt']) await chat.send(a);
    const [impossible] = await chat.send('31/02/2026');
    expect(impossible).toContain('31/02/2026 không có ngày này');
    expect(impossible).toContain('Mục 7/9');
    await chat.send('30/6');
    await chat.send('quay lại');
    expect(chat.lastText()).toContain('Giá trị hiện tại: 30/06/2026');
  });

  it('a message over the limit says the limit and asks the same question again', async () => {
    const chat = shell('focal-a');
    await chat.send('/dienhinh');
    const [tooLong] = await chat.send('A'.repeat(250));
    expect(tooLong).toContain('200');
    expect(tooLong).toContain('Nhập tên cá nhân, tập thể hoặc mô hình');
    const admin = shell('admin1');
    await admin.send('/thongbao');
    const [again] = await admin.send('x'.repeat(2100));
    expect(again).toContain('2000');
    expect(again).toContain('Nhập nội dung thông báo');
  });
});

describe('Vietnamese collation for lists of units and people (item 12)', () => {
  it('sorts "Bản Bo" before "Bình Lư" and "Đ" after "D", in chat lists and in the CSV export', async () => {
    const { compareVi, sortVi } = await import('../domain/collation.js');
    expect(sortVi(['Bình Lư', 'Bản Bo', 'Đông', 'Dao', 'Ba Chẽ'], (s) => s)).toEqual([
      'Ba Chẽ',
      'Bản Bo',
      'Bình Lư',
      'Dao',
      'Đông',
    ]);
    expect(compareVi('UBND xã Bản Bo', 'UBND xã Bình Lư')).toBeLessThan(0);
    await app.close();
    app = await createTestApp({ seed: DATA_TAM_DUONG });
    const admin = app.chat(TAM_DUONG_ADMIN, { channel: 'shell', caps: TEXT_CAPS });
    // Every page of the unit list, in the order the person reads them.
    let units = (await admin.send('/nguoidung'))[0]!;
    for (let i = 0; i < 10 && /^• Sau ›$/m.test(units.split('\n\n').at(-1)!); i++)
      units += (await admin.send('sau'))[0]!;
    expect(units.indexOf('UBND xã Bản Bo')).toBeGreaterThan(-1);
    expect(units.indexOf('UBND xã Bản Bo')).toBeLessThan(units.indexOf('UBND xã Bình Lư'));
    await admin.send('/xuat so-ket-2026 csv');
    const csv = new TextDecoder().decode(admin.last().document!.data);
    expect(csv.indexOf('UBND xã Bản Bo')).toBeGreaterThan(-1);
    expect(csv.indexOf('UBND xã Bản Bo')).toBeLessThan(csv.indexOf('UBND xã Bình Lư'));
  });
});

describe('nothing internal shown to a user (item 10)', () => {
  it('research marks leave sources and notes; slug section codes are not labels', async () => {
    const { publicText, sectionLabel } = await import('../handlers/public-text.js');
    expect(publicText('Luật TĐKT 2022, Điều 27 khoản 1; stp.thuathienhue.gov.vn 08/05/2024 (S1)')).toBe(
      'Luật TĐKT 2022, Điều 27 khoản 1; stp.thuathienhue.gov.vn 08/05/2024',
    );
    expect(publicText('Nguồn: S1/S2; NĐ 152/2025')).toBe('Nguồn: NĐ 152/2025');
    expect(publicText('thiduakhenthuong.langson.gov.vn/en/hinhthucs/tap-lao-dong-tien-tien (S1, luật cũ)')).toBe(
      'thiduakhenthuong.langson.gov.vn/en/hinhthucs/tap-lao-dong-tien-tien (luật cũ)',
    );
    expect(publicText('NĐ 98/2023, valid_until 2025-06-30')).toBe('NĐ 98/2023');
    expect(publicText('Theo domain.md A.5, tỷ lệ 15%')).toBe('Theo tài liệu tham khảo, tỷ lệ 15%');
    expect(sectionLabel('II.1', 'Công tác chỉ đạo')).toBe('II.1. Công tác chỉ đạo');
    expect(sectionLabel('loai-hinh', 'Loại hình khen thưởng')).toBe('Loại hình khen thưởng');
  });

  it('/tieuchi on the Bình Lư data shows no research marks', async () => {
    await app.close();
    app = await createTestApp({ seed: DATA_BINH_LU, national: true });
    const chat = app.chat({ stranger: 'guest-1' }, { channel: 'shell', caps: TEXT_CAPS });
    const seen: string[] = [];
    for (const q of [
      '/tieuchi tap the lao dong xuat sac',
      '/tieuchi lao dong tien tien',
      '/tieuchi chien si thi dua co so',
    ])
      seen.push(...(await chat.send(q)));
    const all = seen.join('\n');
    expect(all).toContain('Nguồn');
    expect(all).not.toMatch(/\(S\d\)|\.md\b|\.ya?ml\b|valid_until/);
  });
});

describe('criteria search: a number is a choice or "1–N", never a keyword (item 11, number part)', () => {
  it('numbers at the /tieuchi menu pick or are refused with the range; after "no result" a number is not searched', async () => {
    const chat = app.chat({ stranger: 'guest-2' }, { channel: 'shell', caps: TEXT_CAPS });
    const [menu] = await chat.send('/tieuchi');
    const n = menu!.split('\n').filter((l) => /^\d+\. /.test(l)).length;
    expect(n).toBeGreaterThan(0);
    const [out] = await chat.send(String(n + 5));
    expect(out).toContain(`từ 1 đến ${n}`);
    const [picked] = await chat.send('1');
    expect(picked).not.toContain('Không có lựa chọn số đó');
    await chat.send('/tieuchi xyzxyz khong co');
    const [num] = await chat.send('/tieuchi 35');
    expect(num).toContain('«35» là một số, không phải từ khoá');
  });
});

describe('the reviewer sees what the unit saw (item 8, /duyet part)', () => {
  it('a late registration shows its lateness and the ratio warnings the unit saw', async () => {
    const focal = shell('focal-a');
    const [list] = await focal.send('/dangky');
    await focal.send(numberOf(list!, 'Đăng ký thi đua năm 2026'));
    await focal.send('45');
    await focal.send(numberOf(focal.lastText(), 'Tập thể lao động xuất sắc'));
    await focal.send('Nguyễn Văn A');
    await focal.send('Lê Thị B');
    const summary = focal.lastText();
    expect(summary).toContain('⚠️');
    const unitWarnings = summary.split('\n').filter((l) => l.startsWith('⚠️'));
    await focal.send(numberOf(summary, 'Gửi báo cáo'));
    const admin = shell('admin1');
    await admin.send('/duyet dk-2026');
    const [view] = await admin.send('1');
    expect(view).toMatch(/⏰ Nộp muộn \d+ ngày so với hạn\./);
    for (const w of unitWarnings) expect(view).toContain(w);
    await admin.send('/xuat dk-2026 csv');
    const csv = new TextDecoder().decode(admin.last().document!.data);
    const row = csv.split(/\r?\n/).find((l) => l.includes('UBND xã A'))!;
    expect(row).toContain('Nộp muộn');
  });

  it('a new version lists the items changed since the previous one', async () => {
    const focal = shell('focal-a');
    const [list] = await focal.send('/baocao');
    await focal.send(numberOf(list!, 'Báo cáo sơ kết 6 tháng'));
    for (const answer of ['45', '90', 'có', 'tốt', 'Thi đua yêu nước', 'Tốt', '30/6/2026', 'bỏ qua', 'xong'])
      await focal.send(answer);
    await focal.send(numberOf(focal.lastText(), 'Gửi báo cáo'));
    await focal.send('/baocao so-ket-2026');
    await focal.send('sửa 1');
    await focal.send('47');
    await focal.send(numberOf(focal.lastText(), 'Gửi bản đã sửa'));
    const admin = shell('admin1');
    await admin.send('/duyet so-ket-2026');
    const [view] = await admin.send('1');
    expect(view).toContain('Các mục sửa so với bản 1: Tổng số cán bộ, công chức, viên chức');
    expect(view).not.toContain('Nộp muộn');
  });
});

describe('/dienhinh has back, edit before saving, and cancel (item 6, unit part)', () => {
  it('"quay lại" goes back instead of being saved; one field is edited from the confirmation; saving is not 1', async () => {
    const focal = shell('focal-a');
    await focal.send('/dienhinh');
    await focal.send('Hợp tác xã chè Tả Lèng');
    const [back] = await focal.send('quay lại');
    expect(back).toContain('Nhập tên cá nhân, tập thể hoặc mô hình');
    expect(back).toContain('Giá trị hiện tại: Hợp tác xã chè Tả Lèng');
    await focal.send('giữ nguyên');
    await focal.send('Nông nghiệp hàng hóa');
    await focal.send('Sản xuất chè sạch, liên kết 120 hộ.');
    const [confirm] = await focal.send('xong');
    expect(confirm).toContain('• Lĩnh vực: Nông nghiệp hàng hóa');
    expect(confirm).not.toMatch(/^1\. Lưu$/m);
    await focal.send(numberOf(confirm!, 'Sửa lĩnh vực'));
    const [again] = await focal.send('Chuyển đổi số');
    expect(again).toContain('• Lĩnh vực: Chuyển đổi số');
    expect(again).toContain('• Tên: Hợp tác xã chè Tả Lèng');
    const [saved] = await focal.send(numberOf(again!, 'Lưu'));
    expect(saved).toContain('Đã ghi nhận điển hình "Hợp tác xã chè Tả Lèng"');
  });
});
