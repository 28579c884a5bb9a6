/**
 * `/dienhinh` (issue 13, item 6): a unit goes back at every step, edits one answer before
 * saving and cancels; the office lists every unit's exemplary models in Vietnamese order,
 * corrects one answer or removes one (confirmed, audited), and a unit cannot. On the numbered
 * shell and with buttons, through the real engine and database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { only } from './helpers/db.js';
import { and, eq } from 'drizzle-orm';
import { auditLog, exemplars } from '../db/schema.js';
import { exemplarsBetween } from '../db/queries/exemplars.js';
import { resolveActor } from '../handlers/actor.js';
import { Forbidden } from '../domain/authz.js';
import { removeExemplar, updateExemplar } from '../handlers/services/exemplars.js';
import { createTestApp, TEXT_CAPS, type ChatDriver, type TestApp } from './helpers/app.js';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app?.close();
});

const shell = (who: string): ChatDriver => app.chat(who, { channel: 'shell', caps: TEXT_CAPS });

function numberOf(text: string, label: string): string {
  const line = text.split('\n').find((l) => /^\d+\. /.test(l) && l.includes(label));
  if (!line) throw new Error(`no numbered "${label}" in:\n${text}`);
  return line.split('.')[0]!;
}

/** Records one exemplar through the shell, as a unit's focal point does. */
async function record(
  who: string,
  name: string,
  field = 'Nông nghiệp',
  achievement = 'Liên kết 40 hộ.',
): Promise<void> {
  const c = shell(who);
  await c.send('/dienhinh');
  await c.send(name);
  await c.send(field);
  await c.send(achievement);
  const [confirm] = await c.send('xong');
  expect((await c.send(numberOf(confirm!, 'Lưu')))[0]).toContain('Đã ghi nhận điển hình');
}

const rowsNamed = async (name: string) => app.store.db.select().from(exemplars).where(eq(exemplars.name, name));

describe('/dienhinh for a unit: back, edit one answer, cancel', () => {
  it('shell: "quay lại" at each typed step goes one step back and is never saved as an answer', async () => {
    const focal = shell('focal-a');
    await focal.send('/dienhinh');
    const first = await focal.send('quay lại');
    expect(first.join('\n')).toContain('Đây là câu hỏi đầu tiên');
    expect(first.at(-1)).toContain('Nhập tên cá nhân, tập thể hoặc mô hình');
    await focal.send('Hợp tác xã chè Tả Lèng');
    await focal.send('Nông nghiệp hàng hóa');
    const [toField] = await focal.send('quay lại');
    expect(toField).toContain('Lĩnh vực (ví dụ');
    expect(toField).toContain('Giá trị hiện tại: Nông nghiệp hàng hóa');
    await focal.send('giữ nguyên');
    await focal.send('Liên kết 120 hộ.');
    const [toAchievement] = await focal.send('quay lại');
    expect(toAchievement).toContain('Giá trị hiện tại: Liên kết 120 hộ.');
    await focal.send('giữ nguyên');
    const [confirm] = await focal.send('xong');
    const [toPhotos] = await focal.send('quay lại');
    expect(toPhotos).toContain('Gửi ảnh minh họa');
    expect(confirm).toContain('• Tên: Hợp tác xã chè Tả Lèng');
    const [again] = await focal.send('xong');
    expect(again).toContain('• Thành tích: Liên kết 120 hộ.');
    await focal.send(numberOf(again!, 'Lưu'));
    const [row] = await rowsNamed('Hợp tác xã chè Tả Lèng');
    expect(row).toMatchObject({ field: 'Nông nghiệp hàng hóa', achievement: 'Liên kết 120 hộ.' });
    expect(await rowsNamed('quay lại')).toEqual([]);
  });

  it('shell: editing one answer from the confirmation, "quay lại" returns to it unchanged; "giữ nguyên" too', async () => {
    const focal = shell('focal-a');
    await focal.send('/dienhinh');
    await focal.send('Tổ hợp tác mây tre');
    await focal.send('Làng nghề');
    await focal.send('Giữ nghề truyền thống.');
    const [confirm] = await focal.send('xong');
    const [ask] = await focal.send(numberOf(confirm!, 'Sửa tên'));
    expect(ask).toContain('Giá trị hiện tại: Tổ hợp tác mây tre');
    expect(ask).toContain('• Quay lại');
    const [back] = await focal.send('quay lại');
    expect(back).toContain('• Tên: Tổ hợp tác mây tre');
    expect(back).toContain('Sửa thành tích');
    await focal.send(numberOf(back!, 'Sửa lĩnh vực'));
    const [kept] = await focal.send('giữ nguyên');
    expect(kept).toContain('• Lĩnh vực: Làng nghề');
    await focal.send(numberOf(kept!, 'Sửa thành tích'));
    const [edited] = await focal.send('Giữ nghề, 30 lao động.');
    expect(edited).toContain('• Thành tích: Giữ nghề, 30 lao động.');
    expect(edited).toContain('• Tên: Tổ hợp tác mây tre');
  });

  it('shell: /huy and "huỷ" leave without saving', async () => {
    const focal = shell('focal-a');
    await focal.send('/dienhinh');
    await focal.send('Nguyễn Văn A');
    await focal.send('/huy');
    await focal.send('/dienhinh');
    await focal.send('Nguyễn Văn B');
    await focal.send('Giáo dục');
    await focal.send('huỷ');
    expect(await app.store.db.select().from(exemplars)).toEqual([]);
    const [fresh] = await focal.send('Trần Thị C');
    expect(fresh).not.toContain('Lĩnh vực (ví dụ');
  });

  it('buttons: "Quay lại", "Giữ nguyên", an edit and "Lưu" are pressed; typed "quay lại" goes back too', async () => {
    const focal = app.chat('focal-a');
    await focal.send('/dienhinh');
    await focal.send('Câu lạc bộ dân vũ');
    await focal.send('Văn hóa');
    const [back] = await focal.press('Quay lại');
    expect(back).toContain('Giá trị hiện tại: Văn hóa');
    await focal.press('Giữ nguyên');
    const [typedBack] = await focal.send('quay lại');
    expect(typedBack).toContain('Giá trị hiện tại: Văn hóa');
    await focal.send('Văn hóa cơ sở');
    await focal.send('Duy trì 3 buổi mỗi tuần.');
    await focal.press('Xong');
    await focal.press('Sửa tên');
    const [confirm] = await focal.send('CLB dân vũ xã A');
    expect(confirm).toContain('• Tên: CLB dân vũ xã A');
    expect(confirm).toContain('• Lĩnh vực: Văn hóa cơ sở');
    await focal.press('Lưu');
    expect(await rowsNamed('CLB dân vũ xã A')).toHaveLength(1);
  });
});

describe('/dienhinh for the office: list, open, edit one answer, remove', () => {
  beforeEach(async () => {
    await record('focal-a', 'Bình Lư xanh');
    await record('focal-a', 'Bản Bo sạch');
    await record('focal-b', 'Đội văn nghệ', 'Văn hóa', 'Biểu diễn 20 buổi.');
  });

  it('shell: the list is by unit, then name, in Vietnamese order, numbered; an answer is edited and audited', async () => {
    const admin = shell('admin1');
    const [list] = await admin.send('/dienhinh');
    const items = list!.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(items.slice(0, 3)).toEqual([
      '1. Bản Bo sạch — UBND xã A',
      '2. Bình Lư xanh — UBND xã A',
      '3. Đội văn nghệ — UBND xã B',
    ]);
    expect(list).toContain('Báo cáo điển hình mới');
    const [card] = await admin.send('3');
    expect(card).toContain('Điển hình "Đội văn nghệ" — UBND xã B');
    expect(card).toContain('• Thành tích: Biểu diễn 20 buổi.');
    const [ask] = await admin.send(numberOf(card!, 'Sửa lĩnh vực'));
    expect(ask).toContain('Giá trị hiện tại: Văn hóa');
    const [unchanged] = await admin.send('quay lại');
    expect(unchanged).toContain('• Lĩnh vực: Văn hóa');
    await admin.send(numberOf(unchanged!, 'Sửa lĩnh vực'));
    const [edited] = await admin.send('Văn hóa – xã hội');
    expect(edited).toContain('Đã sửa lĩnh vực.');
    expect(edited).toContain('• Lĩnh vực: Văn hóa – xã hội');
    const [row] = await rowsNamed('Đội văn nghệ');
    expect(row!.field).toBe('Văn hóa – xã hội');
    const [audit] = await app.store.db.select().from(auditLog).where(eq(auditLog.action, 'exemplar.update'));
    expect(audit).toMatchObject({
      entityId: String(row!.id),
      unitId: row!.unitId,
      before: { field: 'Văn hóa' },
      after: { field: 'Văn hóa – xã hội' },
    });
  });

  it('shell: removal asks first ("Không, quay lại" is 1); removed, it leaves the list and the summary report, and the audit keeps it', async () => {
    const admin = shell('admin1');
    const [list] = await admin.send('/dienhinh');
    const [card] = await admin.send(numberOf(list!, 'Bình Lư xanh'));
    const [ask] = await admin.send(numberOf(card!, 'Gỡ điển hình này'));
    expect(ask).toContain('Gỡ điển hình "Bình Lư xanh" của UBND xã A?');
    expect(ask).toMatch(/^1\. Không, quay lại$/m);
    const [back] = await admin.send('1');
    expect(back).toContain('Điển hình "Bình Lư xanh"');
    const [ask2] = await admin.send(numberOf(back!, 'Gỡ điển hình này'));
    const [removed] = await admin.send(numberOf(ask2!, 'Gỡ'));
    expect(removed).toContain('Đã gỡ điển hình "Bình Lư xanh" của UBND xã A.');
    expect(removed).not.toContain('Bình Lư xanh — UBND xã A');
    expect(removed).toContain('Bản Bo sạch — UBND xã A');
    const [row] = await rowsNamed('Bình Lư xanh');
    expect(row!.removedAt).not.toBeNull();
    const [audit] = await app.store.db.select().from(auditLog).where(eq(auditLog.action, 'exemplar.remove'));
    expect(audit!.before).toMatchObject({ name: 'Bình Lư xanh', field: 'Nông nghiệp', achievement: 'Liên kết 40 hộ.' });
    const inReport = await exemplarsBetween(await only(app.store.db), new Date('2026-01-01'), new Date('2027-01-01'));
    expect(inReport.map((e) => e.name).sort()).toEqual(['Bản Bo sạch', 'Đội văn nghệ']);
  });

  it('buttons: open, edit the name, remove with the second step', async () => {
    const admin = app.chat('admin1');
    await admin.send('/dienhinh');
    expect(admin.buttons().slice(0, 3)).toEqual([
      'Bản Bo sạch — UBND xã A',
      'Bình Lư xanh — UBND xã A',
      'Đội văn nghệ — UBND xã B',
    ]);
    await admin.press('Đội văn nghệ');
    await admin.press('Sửa tên');
    const [edited] = await admin.send('Đội văn nghệ xã B');
    expect(edited).toContain('Điển hình "Đội văn nghệ xã B" — UBND xã B');
    await admin.press('Gỡ điển hình này');
    expect(admin.buttons()).toEqual(['Không, quay lại', 'Gỡ']);
    const [removed] = await admin.press(/^Gỡ$/);
    expect(removed).toContain('Đã gỡ điển hình "Đội văn nghệ xã B" của UBND xã B.');
    // The old card's buttons find it gone.
    const [gone] = await admin.press('Sửa thành tích');
    expect(gone).toContain('không còn trong danh sách');
  });

  it('authorisation: a focal point gets the recording flow, not the office list, and cannot edit or remove any model', async () => {
    const [own] = await shell('focal-a').send('/dienhinh');
    expect(own).toContain('Nhập tên cá nhân, tập thể hoặc mô hình');
    expect(own).not.toContain('Bản Bo sạch');
    const db = app.store.db;
    const [mine] = await rowsNamed('Bản Bo sạch');
    const [theirs] = await rowsNamed('Đội văn nghệ');
    for (const code of ['focal-a', 'head-a']) {
      await shell(code).send('/trogiup'); // links the account
      const { actor } = await resolveActor(db, 'shell', `acc-${code}`);
      for (const target of [mine!, theirs!]) {
        await expect(
          app.store.tx(async (tx) =>
            updateExemplar(await only(tx), actor, { id: target.id, field: 'name', value: 'X' }, app.clock.now()),
          ),
        ).rejects.toBeInstanceOf(Forbidden);
        await expect(
          app.store.tx(async (tx) => removeExemplar(await only(tx), actor, target.id, app.clock.now())),
        ).rejects.toBeInstanceOf(Forbidden);
      }
    }
    const rows = await db
      .select()
      .from(exemplars)
      .where(and(eq(exemplars.name, 'X')));
    expect(rows).toEqual([]);
    expect((await rowsNamed('Đội văn nghệ'))[0]!.removedAt).toBeNull();
  });
});
