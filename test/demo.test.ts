/**
 * The default demo never ages: loaded on any date (fixed clock), the commune's year is in
 * progress — registration and mid-year review past with on-time, late and missing units, a
 * report returned, some accepted, the statistics report due this week, the year-end review and
 * nominations ahead — and the reminders due by then count as already sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedIfEmpty, DEFAULT_SEED } from '../bot/main.js';
import { silentLogger } from '../bot/logger.js';
import { parseDataFile } from '../db/data-file.js';
import { assignRoles } from '../handlers/services/demo-year.js';
import { auditLog, outbox, people, submissions } from '../db/schema.js';
import { createTestApp, DATA_BINH_LU, DATA_LAI_CHAU, type TestApp } from './helpers/app.js';
import fs from 'node:fs';
import path from 'node:path';

const TZ = 'Asia/Ho_Chi_Minh';
let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function demoOn(iso: string): Promise<TestApp> {
  app = await createTestApp({ seed: null, national: true, now: iso });
  await seedIfEmpty(app.store, app.config, silentLogger(), DEFAULT_SEED, app.clock.now());
  return app;
}

/** The block of /tinhhinh for one deadline: its title line and the two lines under it. */
function block(text: string, title: string): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.startsWith(`• ${title}`));
  expect(i, `no deadline "${title}" in:\n${text}`).toBeGreaterThan(-1);
  return lines.slice(i, i + 3).join('\n');
}

describe('the default demo is the province of Lai Châu with the communes of the former Tam Đường', () => {
  it('is the folder data/lai-chau/, with Bình Lư’s simulated year inside it', () => {
    expect(DEFAULT_SEED).toBe(DATA_LAI_CHAU);
    expect(path.dirname(DATA_BINH_LU)).toBe(DATA_LAI_CHAU);
  });
});

describe('the demo year is in progress on any date', () => {
  const dates: Array<[string, number, string]> = [
    ['2026-12-01T02:00:00Z', 2026, '01/12/2026'],
    ['2027-03-15T02:00:00Z', 2026, '15/03/2027'],
    ['2028-07-01T02:00:00Z', 2027, '01/07/2028'],
    ['2030-11-20T02:00:00Z', 2030, '20/11/2030'],
  ];
  for (const [iso, year, today] of dates) {
    it(`on ${iso.slice(0, 10)}`, async () => {
      const a = await demoOn(iso);
      const [status] = await a.chat('demo-admin@binh-lu').send('/tinhhinh');
      expect(status).toContain(`📊 Tình hình chung lúc 09:00 ${today}`);
      // Past: registration (one unit still missing) and the mid-year review (late ones, a returned one, missing ones).
      const reg = block(status!, `Đăng ký thi đua năm ${year}`);
      expect(reg).toMatch(/\(đã quá 245 ngày\)/);
      expect(reg).toContain('Đã nộp 9/10; bản nháp 0; chưa làm 1 — quá hạn 1');
      const mid = block(status!, `Báo cáo sơ kết thi đua, khen thưởng 6 tháng đầu năm ${year}`);
      expect(mid).toMatch(/\(đã quá 139 ngày\)/);
      expect(mid).toContain('Đã nộp 6/10; bản nháp 2; chưa làm 2 — quá hạn 4');
      // Due this week, partly done.
      const stats = block(status!, `Báo cáo thống kê số liệu thi đua, khen thưởng năm ${year}`);
      expect(stats).toContain('(còn 3 ngày)');
      expect(stats).toContain('Đã nộp 3/10; bản nháp 2; chưa làm 5');
      expect(stats).not.toContain('quá hạn');
      // Ahead.
      expect(block(status!, `Báo cáo tổng kết thi đua, khen thưởng năm ${year}`)).toContain('(còn 19 ngày)');
      expect(block(status!, `Nộp hồ sơ đề nghị khen thưởng năm ${year}`)).toContain(
        'Đã nộp 0/10; bản nháp 0; chưa làm 10',
      );

      const subs = await a.store.db.select().from(submissions);
      const states = subs.map((s) => s.status);
      expect(states.filter((s) => s === 'accepted')).toHaveLength(8);
      expect(states.filter((s) => s === 'returned')).toHaveLength(1);
      expect(subs.find((s) => s.status === 'returned')!.reviewComment).toBe(
        'Đề nghị bổ sung số sáng kiến được công nhận và gửi lại.',
      );
      const lateAudits = (
        await a.store.db.select().from(auditLog).where(eq(auditLog.action, 'submission.submit'))
      ).filter((r) => (r.after as { late?: boolean }).late);
      expect(lateAudits).toHaveLength(4);
      expect(subs.every((s) => !s.submittedAt || s.submittedAt.getTime() < a.clock.now().getTime())).toBe(true);

      // Reminders already went out to the units still missing; none is waiting to fire at start.
      const box = await a.store.db.select().from(outbox);
      expect(box.filter((r) => r.kind === 'reminder' && r.status === 'sent').length).toBeGreaterThan(0);
      expect(box.filter((r) => r.status === 'pending')).toEqual([]);
    }, 60_000);
  }

  it('the unit whose report was sent back sees it among its late work', async () => {
    const a = await demoOn('2027-03-15T02:00:00Z');
    const returned = (await a.store.db.select().from(submissions).where(eq(submissions.status, 'returned')))[0]!;
    expect(returned.refNo).toMatch(/^SO-KET\/.+\/1$/);
    const staff = await a.store.db.select().from(people).where(eq(people.unitId, returned.unitId));
    const who = staff.find((p) => p.role === 'focal') ?? staff.find((p) => p.role === 'head')!;
    const [mine] = await a.chat(who.code!).send('/tinhhinh');
    expect(mine).toContain('⏰ Quá hạn:');
    expect(mine).toContain('Báo cáo sơ kết thi đua, khen thưởng 6 tháng đầu năm 2026');
  }, 60_000);

  it('is the same for the same date, and moves with the date', () => {
    const text = fs.readFileSync(DATA_BINH_LU, 'utf8');
    const a = parseDataFile(text, 'binh-lu.yaml', TZ, new Date('2027-03-15T02:00:00Z'));
    const b = parseDataFile(text, 'binh-lu.yaml', TZ, new Date('2027-03-15T02:00:00Z'));
    const c = parseDataFile(text, 'binh-lu.yaml', TZ, new Date('2027-03-16T02:00:00Z'));
    expect([...a.dueAt]).toEqual([...b.dueAt]);
    expect(c.dueAt.get('thong-ke')!.getTime() - a.dueAt.get('thong-ke')!.getTime()).toBe(24 * 3600_000);
    expect(a.dueAt.get('thong-ke')!.toISOString()).toBe('2027-03-18T10:00:00.000Z'); // 17:00 in Hà Nội, three days on
    const units = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9', 'u10'];
    expect(assignRoles({ on_time: 0.5, late: 0.2, draft: 0.1 }, 'so-ket', units, true)).toEqual(
      assignRoles({ on_time: 0.5, late: 0.2, draft: 0.1 }, 'so-ket', [...units].reverse(), true),
    );
    // A deadline still ahead has no late submissions.
    expect(
      [...assignRoles({ on_time: 0.3, late: 0.5, draft: 0 }, 'x', units, false).values()].filter((r) => r === 'late'),
    ).toEqual([]);
  });

  it('refuses a relative due date too far out and a progress line for an unknown deadline, naming the line', () => {
    const text = fs.readFileSync(DATA_BINH_LU, 'utf8');
    expect(() => parseDataFile(text.replace('days_from_today: 61,', 'days_from_today: 9999,'), 'x.yaml', TZ)).toThrow(
      /x\.yaml:\d+: deadlines\[4\]\.due/,
    );
    expect(() =>
      parseDataFile(text.replace('    - deadline: tong-ket', '    - deadline: khong-co'), 'x.yaml', TZ),
    ).toThrow(/x\.yaml:\d+: demo\.progress\[3\]\.deadline: unknown deadline "khong-co"/);
  });
});
