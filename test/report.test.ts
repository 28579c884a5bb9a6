import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { attachments, auditLog, outbox, submissions, submissionVersions } from '../db/schema.js';
import { translator } from '../handlers/i18n/index.js';
import { createDatabase, onPostgres } from './helpers/db.js';
import { createTestApp, TEXT_CAPS, type ChatDriver, type TestApp } from './helpers/app.js';

const t = translator('vi');
let app: TestApp;

beforeEach(async () => {
  app = await createTestApp(); // Thursday 26 November 2026; "so-ket-2026" is due 10 December 17:00
});
afterEach(async () => app.close());

async function openSoKet(chat: ChatDriver): Promise<string[]> {
  await chat.send('/baocao');
  return chat.press('Báo cáo sơ kết 6 tháng');
}

/** Answers the whole mini template with valid values. */
async function fillAll(chat: ChatDriver): Promise<void> {
  await openSoKet(chat);
  await chat.send('45');
  await chat.send('85,5%');
  await chat.press('Có');
  await chat.press('Khá');
  await chat.send('Thi đua lao động sản xuất giỏi');
  await chat.send('Hoàn thành vượt chỉ tiêu giảm nghèo.');
  await chat.send('15/7/2026');
  await chat.press('Bỏ qua');
  await chat.press('Xong');
}

describe('report conversation', () => {
  it('walks every item type, with precise hints for wrong input and the same question again', async () => {
    const chat = app.chat('focal-a');
    const [intro, q1] = await openSoKet(chat);
    expect(intro).toContain('Gồm 9 mục');
    expect(q1).toContain('Mục 1/9 — Tổng số cán bộ, công chức, viên chức');
    expect(q1).toContain('Đơn vị tính: người.');

    let [r] = await chat.send('bốn mươi lăm');
    expect(r).toContain('❗ Chưa đúng định dạng số. Ví dụ: 1.234');
    expect(r).toContain('Mục 1/9');
    [r] = await chat.send('12,5');
    expect(r).toContain('❗ Mục này cần một số nguyên');
    [r] = await chat.send('-3');
    expect(r).toContain('❗ Giá trị phải từ 0 trở lên.');
    [r] = await chat.send('1.234');
    expect(r).toContain('Mục 2/9 — Tỷ lệ hoàn thành chỉ tiêu');
    [r] = await chat.send('150%');
    expect(r).toContain('❗ Giá trị không được vượt quá 100.');
    [r] = await chat.send('85,5%');
    expect(r).toContain('Mục 3/9');
    expect(chat.buttons()).toEqual(['Có', 'Không', 'Quay lại']);
    [r] = await chat.send('có lẽ');
    expect(r).toContain('❗ Vui lòng trả lời "Có" hoặc "Không".');
    [r] = await chat.send('co');
    expect(r).toContain('Mục 4/9 — Mức độ triển khai phong trào');
    expect(chat.buttons()).toEqual(['Tốt', 'Khá', 'Trung bình', 'Chưa đạt', 'Quay lại']);
    [r] = await chat.press('Quay lại');
    expect(r).toContain('Mục 3/9');
    expect(r).toContain('Giá trị hiện tại: Có');
    [r] = await chat.press('Giữ nguyên');
    expect(r).toContain('Mục 4/9');
    [r] = await chat.press('Trung bình');
    expect(r).toContain('Mục 5/9');
    [r] = await chat.send('dòng một\ndòng hai');
    expect(r).toContain('❗ Mục này chỉ nhận một dòng.');
    [r] = await chat.send('x'.repeat(101));
    expect(r).toContain('❗ Nội dung dài 101 ký tự, vượt giới hạn 100 ký tự.');
    await chat.send('Phong trào "Dân vận khéo"');
    [r] = await chat.send('y'.repeat(501));
    expect(r).toContain('vượt giới hạn 500');
    [r] = await chat.send('Giảm 3% hộ nghèo; 2 mô hình mới.');
    expect(r).toContain('Mục 7/9 — Ngày tổ chức hội nghị sơ kết');
    [r] = await chat.send('30/02/2026'); // an impossible day gets its own message (issue 13, item 15)
    expect(r).toContain('❗ 30/02/2026 không có ngày này. Vui lòng kiểm tra lại ngày và tháng.');
    [r] = await chat.send('mùng 5');
    expect(r).toContain('❗ Chưa đúng định dạng ngày. Ví dụ: 15/07/2026');
    [r] = await chat.send('15/7/2026');
    expect(r).toContain('Mục 8/9 — Khó khăn, kiến nghị (không bắt buộc)');
    [r] = await chat.press('Bỏ qua');
    expect(r).toContain('Mục 9/9 — Báo cáo có chữ ký, đóng dấu');

    // A 20 MB scan is refused politely; a Word file is the wrong type; a PDF is attached.
    [r] = await chat.sendFile({
      fileId: 'big',
      kind: 'document',
      name: 'bao-cao.pdf',
      mime: 'application/pdf',
      size: 20 * 1024 * 1024,
    });
    expect(r).toBe(t('form.file_too_big', { size: '20.0', max: 10 }));
    [r] = await chat.sendFile({ fileId: 'doc', kind: 'document', name: 'bao-cao.docx', size: 1000 });
    expect(r).toBe('Loại tệp này không được nhận ở mục này. Chấp nhận: PDF, ảnh (JPG, PNG).');
    [r] = await chat.sendFile({
      fileId: 'file-123',
      kind: 'document',
      name: 'bao-cao-so-ket.pdf',
      mime: 'application/pdf',
      size: 200_000,
    });
    expect(r).toBe('Đã nhận tệp "bao-cao-so-ket.pdf" (1/3). Gửi thêm tệp, hoặc bấm Xong.');
    const [summary] = await chat.press('Xong');
    expect(summary).toContain('1. Tổng số cán bộ, công chức, viên chức: 1.234 người');
    expect(summary).toContain('2. Tỷ lệ hoàn thành chỉ tiêu: 85,5%');
    expect(summary).toContain('4. Mức độ triển khai phong trào: Trung bình');
    expect(summary).toContain('7. Ngày tổ chức hội nghị sơ kết: 15/07/2026');
    expect(summary).toContain('8. Khó khăn, kiến nghị: (bỏ qua)');
    expect(summary).toContain('9. Báo cáo có chữ ký, đóng dấu: bao-cao-so-ket.pdf');
    expect(chat.buttons()).toEqual(['Gửi báo cáo', 'Sửa một mục', 'Lưu nháp, làm sau']);

    const [done] = await chat.press('Gửi báo cáo');
    expect(done).toMatch(
      /^✅ Đã nộp "Báo cáo sơ kết 6 tháng đầu năm 2026"\.\nSố tham chiếu: SO-KET-2026\/XA-A\/1\nThời điểm: 09:00 26\/11\/2026/,
    );
    const [att] = await app.store.db.select().from(attachments);
    expect(att).toMatchObject({
      fileId: 'file-123',
      fileName: 'bao-cao-so-ket.pdf',
      mime: 'application/pdf',
      size: 200_000,
      channel: 'telegram',
    });
    const [v] = await app.store.db.select().from(submissionVersions);
    expect(v!.refNo).toBe('SO-KET-2026/XA-A/1');
    expect(
      Object.fromEntries(Object.entries(v!.answers as Record<string, { v: unknown }>).map(([k, c]) => [k, c.v])),
    ).toMatchObject({
      so_cbcc: 1234,
      ty_le: 85.5,
      da_phat_dong: true,
      muc_do: 'Trung bình',
      ngay_so_ket: '2026-07-15',
      kien_nghi: null,
      tep: [att!.id],
    });
    // The office is notified.
    const notices = await app.store.db.select().from(outbox).where(eq(outbox.kind, 'notice'));
    expect(notices.map((n) => n.personId)).toEqual([await app.personId('admin1')]);
  });

  it('works with numbered choices on a channel without buttons', async () => {
    const chat = app.chat('focal-b', { channel: 'zalo-bot', caps: TEXT_CAPS });
    const [list] = await chat.send('/baocao');
    expect(list).toMatch(/\n1\. .*\n2\. /);
    const lines = list!.split('\n');
    const n = lines.find((l) => l.includes('Báo cáo sơ kết 6 tháng'))!.split('.')[0]!;
    const [, q1] = await chat.send(n);
    expect(q1).toContain('Mục 1/9');
    const [q2] = await chat.send('2'); // a number question: "2" is the answer, not a choice
    expect(q2).toContain('Mục 2/9');
    await chat.send('50');
    const [q4] = await chat.send('1'); // a yes/no question: "1" picks "Có"
    expect(q4).toContain('Mục 4/9');
    expect(q4).toContain('1. Tốt\n2. Khá');
    const [q5] = await chat.send('kha'); // the label, without diacritics
    expect(q5).toContain('Mục 5/9');
    const [q4again] = await chat.send('quay lai');
    expect(q4again).toContain('Giá trị hiện tại: Khá');
  });

  it('keeps every answer as a draft: leaving and coming back resumes at the first unanswered item', async () => {
    const chat = app.chat('focal-a');
    await openSoKet(chat);
    await chat.send('45');
    await chat.send('90');
    expect((await chat.send('/huy'))[0]).toBe(t('cancel.done'));
    const [resume, q] = await openSoKet(chat);
    expect(resume).toContain('bản nháp');
    expect(resume).toContain('Tiếp tục từ mục chưa trả lời.');
    expect(q).toContain('Mục 3/9');
    // The draft is visible to the unit's head too.
    const [, qHead] = await openSoKet(app.chat('head-a'));
    expect(qHead).toContain('Mục 3/9');
  });

  it('edits after submitting create a new version and an audit row naming the changed items', async () => {
    const chat = app.chat('focal-a');
    await fillAll(chat);
    await chat.press('Gửi báo cáo');
    const [summary] = await openSoKet(chat).then(() => [chat.lastText()]);
    expect(summary).toContain('Trạng thái: đã nộp');
    await chat.press('Sửa một mục');
    await chat.press('1. Tổng số');
    const [back] = await chat.send('47');
    expect(back).toContain('1. Tổng số cán bộ, công chức, viên chức: 47 người');
    const [done] = await chat.press('Gửi bản đã sửa');
    expect(done).toContain('Đã nộp bản sửa lần 2');
    expect(done).toContain('SO-KET-2026/XA-A/2');
    const submits = (await app.store.db.select().from(auditLog)).filter((r) => r.action === 'submission.submit');
    expect(submits.map((r) => (r.after as { changedItems: string[] }).changedItems)).toEqual([
      ['da_phat_dong', 'ket_qua', 'kien_nghi', 'muc_do', 'ngay_so_ket', 'so_cbcc', 'ten_phong_trao', 'tep', 'ty_le'],
      ['so_cbcc'],
    ]);
  });

  it('refuses edits to a submitted report after the deadline until the office reopens it', async () => {
    const chat = app.chat('focal-a');
    await fillAll(chat);
    await chat.press('Gửi báo cáo');
    app.clock.set('2026-12-11T02:00:00Z');
    await chat.send('/baocao');
    const replies = await chat.press('Báo cáo sơ kết 6 tháng');
    expect(replies.at(-1)).toBe(t('report.locked_past_deadline'));
    expect(replies[0]).toContain('1. Tổng số cán bộ, công chức, viên chức: 45 người');

    const admin = app.chat('admin1');
    await admin.send('/duyet so-ket-2026');
    await admin.press('UBND xã A');
    expect((await admin.press('Mở lại để sửa'))[0]).toContain(
      'Mở lại "Báo cáo sơ kết 6 tháng đầu năm 2026" của UBND xã A',
    );
    expect((await admin.press('Có, mở lại'))[0]).toContain('Đã mở lại');
    const [, summary] = await openSoKet(chat);
    expect(summary).toContain('Sửa một mục');
  });

  it('the office returns a report with a comment; the unit is told, edits and resubmits', async () => {
    const chat = app.chat('focal-a');
    await fillAll(chat);
    await chat.press('Gửi báo cáo');
    const admin = app.chat('admin1');
    await admin.send('/duyet');
    await admin.press('Báo cáo sơ kết 6 tháng');
    const [detail] = await admin.press('UBND xã A');
    expect(detail).toContain('Bản nộp lần 1 — số SO-KET-2026/XA-A/1');
    expect(detail).toContain('Đầu mối: Đầu Mối A');
    await admin.press('Trả lại');
    const [returned] = await admin.send('Bổ sung số liệu sáng kiến.');
    expect(returned).toContain('Đã trả lại');
    const told = await app.store.db.select().from(outbox).where(eq(outbox.kind, 'notice'));
    const recipients = told
      .filter((n) => (n.payload as { msg: string }).msg === 'notice.returned')
      .map((n) => n.personId)
      .sort();
    expect(recipients).toEqual([await app.personId('focal-a'), await app.personId('head-a')].sort());

    const [intro] = await openSoKet(chat);
    expect(intro).toContain('bị trả lại');
    expect(intro).toContain('Ý kiến của cơ quan thường trực: Bổ sung số liệu sáng kiến.');
    await chat.press('Sửa một mục');
    await chat.press('6. Kết quả');
    await chat.send('Có 3 sáng kiến được công nhận.');
    expect((await chat.press('Gửi bản đã sửa'))[0]).toContain('lần 2');
    const [sub] = await app.store.db.select().from(submissions);
    expect(sub).toMatchObject({ status: 'submitted', version: 2 });
  });

  it('two focal points editing the same item at once: the later save is refused with the current value', async () => {
    const a = app.chat('focal-a');
    const b = app.chat('head-a');
    await openSoKet(a);
    await openSoKet(b);
    await b.send('40');
    const [conflict] = await a.send('45');
    expect(conflict).toContain('⚠️ Mục này vừa được Thủ Trưởng A sửa thành: 40 người.');
    expect(conflict).toContain('Mục 1/9');
    const [next] = await a.send('45');
    expect(next).toContain('Mục 2/9');
    const [sub] = await app.store.db.select().from(submissions);
    expect((sub!.answers as Record<string, { v: number; rev: number }>).so_cbcc).toMatchObject({ v: 45, rev: 2 });
  });
});

describe('registration', () => {
  it('checks counts against the rules in the data and cites them in the warnings', async () => {
    const chat = app.chat('focal-a');
    await chat.send('/dangky');
    const [, q1] = await chat.press('Đăng ký thi đua năm 2026');
    expect(q1).toContain('Mục 1/4 — Tổng số cán bộ, công chức, viên chức, người lao động của đơn vị');
    await chat.send('10');
    expect(chat.buttons()).toEqual([
      'Tập thể lao động tiên tiến',
      'Tập thể lao động xuất sắc',
      'Không đăng ký danh hiệu tập thể',
      'Quay lại',
    ]);
    await chat.press('Tập thể lao động xuất sắc');
    // Individuals, one list per title: Lao động tiên tiến, then Chiến sĩ thi đua cơ sở.
    await chat.send('Lò Văn A\nLò Thị B\nTòng Văn C');
    const [summary] = await chat.send('Lò Văn A\nHoàng Văn D');
    expect(summary).toContain('3. Cá nhân đăng ký danh hiệu "Lao động tiên tiến": 3: Lò Văn A, Lò Thị B, Tòng Văn C');
    expect(summary).toContain(
      '⚠️ Số đăng ký Chiến sĩ thi đua cơ sở (2) vượt 15% số đăng ký Lao động tiên tiến (3): tối đa 0 người.',
    );
    expect(summary).toContain(
      'Căn cứ: Tỷ lệ tối đa Chiến sĩ thi đua cơ sở so với Lao động tiên tiến — NĐ 91/2017 (cũ) (tỷ lệ này chưa được xác minh theo quy định hiện hành)',
    );
    expect(summary).toContain(
      'Những người sau đăng ký Chiến sĩ thi đua cơ sở nhưng chưa có trong danh sách Lao động tiên tiến (phải đạt Lao động tiên tiến): Hoàng Văn D.',
    );
    expect(summary).toContain(
      '"Tập thể lao động xuất sắc" cần ít nhất 70% cá nhân đạt Lao động tiên tiến; đơn vị mới đăng ký 30%.',
    );
    // Warnings do not block: the registration is submitted like a report, with versions.
    expect((await chat.press('Gửi báo cáo'))[0]).toContain('DK-2026/XA-A/1');
  });
});

describe('a restart in the middle of a report', () => {
  function run(input: string, env: Record<string, string>): Promise<string> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
        env: { ...process.env, ...env },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', () => resolve(out));
      child.stdin.end(input);
    });
  }

  it('a new process resumes at the first unanswered item', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-restart-'));
    const db = onPostgres ? await createDatabase(process.env.DATABASE_URL!) : undefined;
    // Pinned to the former district, whose calendar has the fixed deadline so-ket-2026.
    const seed = { SEED_FILE: 'data/lai-chau/tam-duong.yaml' };
    const env = db ? { DATABASE_URL: db.url, DATA_DIR: dir, ...seed } : { DATABASE_URL: '', DATA_DIR: dir, ...seed };
    try {
      const first = await run('/as focal-xa-binh-lu\n/baocao so-ket-2026\n45\nco\n', env);
      expect(first).toContain('Mục 3/10');
      const second = await run('/as focal-xa-binh-lu\n/baocao so-ket-2026\n', env);
      expect(second).toContain('Tiếp tục từ mục chưa trả lời.');
      expect(second).toContain('Mục 3/10 — Tên phong trào, cuộc thi đã phát động');
    } finally {
      await db?.drop();
    }
  }, 60_000);
});
