/**
 * Setting up a real jurisdiction through the real CLI (`npm run admin -- …`): `init` writes
 * the issuing body, level, office, council, time zone and name as an audited jurisdiction row and prints
 * the first admin invite; units and people come from an XLSX sheet as offices keep them, each
 * row reported as created / updated / unchanged, and a sheet with any error is refused whole,
 * naming sheet, row and column, with nothing written. On PGlite and on PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../db/store.js';
import { tableDigests } from '../db/backup.js';
import { auditLog, invites, jurisdictions, people, units } from '../db/schema.js';
import { onPostgres } from './helpers/db.js';
import { createDatabase, type ThrowawayDatabase } from './helpers/pg.js';
import { hashCode, normalizeCode } from '../handlers/services/invites.js';
import { runAdmin } from './helpers/cli.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A fresh database for the CLI: a PGlite folder, or a throwaway PostgreSQL database. */
async function target(): Promise<{ env: Record<string, string>; open: () => Promise<Store> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-setup-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  if (onPostgres) {
    const db: ThrowawayDatabase = await createDatabase(process.env.DATABASE_URL!);
    cleanups.push(() => db.drop());
    return {
      env: { DATABASE_URL: db.url, DATA_DIR: dir },
      open: () => openStore({ databaseUrl: db.url, maxConnections: 1 }),
    };
  }
  return { env: { DATA_DIR: dir }, open: () => openStore({ dataDir: path.join(dir, 'pglite') }) };
}

const admin = runAdmin;

async function withStore<T>(open: () => Promise<Store>, fn: (s: Store) => Promise<T>): Promise<T> {
  const s = await open();
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

const INIT = [
  'init',
  '--issuer',
  'Ủy ban nhân dân xã Hòa An',
  '--level',
  'xa',
  '--office',
  'Văn phòng HĐND và UBND xã Hòa An',
  '--council',
  'Hội đồng Thi đua – Khen thưởng xã Hòa An',
  '--timezone',
  'Asia/Ho_Chi_Minh',
  '--name',
  'Xã Hòa An, tỉnh Cao Bằng',
];
const EXAMPLE = path.resolve('data/templates/vi-du-xa.xlsx');

async function workbook(file: string, units: string[][], people: string[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const u = wb.addWorksheet('Đơn vị');
  u.addRow(['Mã', 'Tên đơn vị', 'Loại', 'Đơn vị cấp trên']);
  for (const r of units) u.addRow(r);
  const p = wb.addWorksheet('Cán bộ');
  p.addRow(['Họ tên', 'Chức vụ', 'Đơn vị', 'Vai trò', 'Số điện thoại']);
  for (const r of people) p.addRow(r);
  await wb.xlsx.writeFile(file);
}

describe('npm run admin -- init', () => {
  it('writes the jurisdiction as an audited row and prints a working first admin invite', async () => {
    const t = await target();
    const r = await admin(INIT, t.env);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'Địa bàn: Xã Hòa An, tỉnh Cao Bằng (xa-hoa-an-tinh-cao-bang) — Ủy ban nhân dân xã Hòa An, cấp xã.',
    );
    const code = /Mã mời quản trị đầu tiên: (\S+)/.exec(r.out)?.[1];
    expect(code).toBeDefined();

    await withStore(t.open, async (s) => {
      const [j] = await s.db.select().from(jurisdictions);
      expect(j).toMatchObject({
        code: 'xa-hoa-an-tinh-cao-bang',
        name: 'Xã Hòa An, tỉnh Cao Bằng',
        issuer: 'Ủy ban nhân dân xã Hòa An',
        level: 'xa',
        officeName: 'Văn phòng HĐND và UBND xã Hòa An',
        councilName: 'Hội đồng Thi đua – Khen thưởng xã Hòa An',
        timeZone: 'Asia/Ho_Chi_Minh',
      });
      const [audited] = await s.db.select().from(auditLog).where(eq(auditLog.action, 'init.jurisdiction'));
      expect(Object.keys(audited!.after as object).sort()).toEqual([
        'council_name',
        'issuer',
        'issuer_level',
        'jurisdiction',
        'office_name',
        'timezone',
      ]);
      expect(audited!.jurisdictionId).toBe(j!.id);
      const [office] = await s.db.select().from(units).where(eq(units.isOffice, true));
      expect(office!.name).toBe('Văn phòng HĐND và UBND xã Hòa An');
      // The printed code is the stored invite, for an admin of the office.
      const [inv] = await s.db
        .select()
        .from(invites)
        .where(eq(invites.codeHash, hashCode(normalizeCode(code!)!)));
      expect(inv).toMatchObject({ role: 'admin', unitId: office!.id });
    });

    // Again with the same answers: nothing rewritten, a new invite printed.
    const again = await admin(INIT, t.env);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Các thiết lập đã đúng như vậy, không thay đổi.');
    expect(/Mã mời quản trị đầu tiên: (\S+)/.exec(again.out)?.[1]).not.toBe(code);
  }, 180_000);

  it('without a terminal, refuses missing or wrong answers naming the flags, writing nothing', async () => {
    const t = await target();
    const r = await admin(['init', '--level', 'huyen', '--timezone', 'Mars/Olympus'], t.env);
    expect(r.code).toBe(1);
    expect(r.err).toContain('thiếu --issuer');
    expect(r.err).toContain('--level: Cấp phải là "tinh" hoặc "xa".');
    expect(r.err).toContain('--timezone: Múi giờ "Mars/Olympus" không hợp lệ');
    await withStore(t.open, async (s) => expect(await s.db.select().from(jurisdictions)).toEqual([]));
  }, 120_000);
});

describe('npm run admin -- import <file>.xlsx', () => {
  it('creates, then reports unchanged, then updates only the changed row', async () => {
    const t = await target();
    const before = await admin(['import', EXAMPLE], t.env);
    expect(before.code).toBe(1);
    expect(before.err).toContain('chưa thiết lập địa bàn: chạy "npm run admin -- init" trước.');

    expect((await admin(INIT, t.env)).code).toBe(0);
    const first = await admin(['import', EXAMPLE], t.env);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain(
      'trang "Đơn vị", dòng 2: đơn vị co-quan-thuong-truc (Văn phòng HĐND và UBND xã Hòa An) — không đổi',
    );
    expect(first.out).toContain('trang "Đơn vị", dòng 5: đơn vị th-hoa-an (Trường Tiểu học Hòa An) — thêm mới');
    expect(first.out).toContain(
      'trang "Người dùng", dòng 6: người dùng th-hoa-an.hoang-thi-lan (Hoàng Thị Lan) — thêm mới',
    );
    expect(first.out).toContain('thêm 12, cập nhật 0, không đổi 1.');

    await withStore(t.open, async (s) => {
      const lan = (await s.db.select().from(people).where(eq(people.code, 'th-hoa-an.hoang-thi-lan')))[0]!;
      expect(lan).toMatchObject({
        fullName: 'Hoàng Thị Lan',
        role: 'focal',
        position: 'Giáo viên',
        phone: '+84912000111',
      });
      const mai = (await s.db.select().from(people).where(eq(people.code, 'co-quan-thuong-truc.tran-thi-mai')))[0]!;
      expect(mai).toMatchObject({ role: 'admin', phone: '0912345678' });
      const school = (await s.db.select().from(units).where(eq(units.code, 'th-hoa-an')))[0]!;
      expect(school).toMatchObject({ kind: 'school', parentCode: 'p-vhxh' });
    });

    const second = await admin(['import', EXAMPLE], t.env);
    expect(second.out).toContain('thêm 0, cập nhật 0, không đổi 13.');

    const changed = path.join(os.tmpdir(), `thidua-changed-${process.pid}.xlsx`);
    cleanups.push(() => fs.rmSync(changed, { force: true }));
    await workbook(
      changed,
      [['thon-1', 'Thôn Đông Hưng', 'thôn', '']],
      [['Đỗ Văn Tâm', 'Trưởng thôn', 'thon-1', 'thủ trưởng', '0912 111 222']],
    );
    const third = await admin(['import', changed], t.env);
    expect(third.code).toBe(0);
    expect(third.out).toContain('trang "Đơn vị", dòng 2: đơn vị thon-1 (Thôn Đông Hưng) — cập nhật');
    expect(third.out).toContain('trang "Cán bộ", dòng 2: người dùng thon-1.do-van-tam (Đỗ Văn Tâm) — cập nhật');
    await withStore(t.open, async (s) => {
      const upd = await s.db.select().from(auditLog).where(eq(auditLog.entityId, 'thon-1.do-van-tam'));
      expect(upd.at(-1)).toMatchObject({
        action: 'import.update',
        before: { role: 'focal', phone: null },
        after: { role: 'head', phone: '0912111222' },
      });
    });
  }, 240_000);

  it('refuses a sheet with errors whole, naming sheet, row and column, and writes nothing', async () => {
    const t = await target();
    expect((await admin(INIT, t.env)).code).toBe(0);
    const bad = path.join(os.tmpdir(), `thidua-bad-${process.pid}.xlsx`);
    cleanups.push(() => fs.rmSync(bad, { force: true }));
    await workbook(
      bad,
      [
        ['p-a', 'Phòng A', 'cơ quan', ''],
        ['p-b', 'Phòng B', 'hợp tác xã', ''],
        ['p a', 'Phòng C', 'cơ quan', 'p-z'],
        ['p-a', 'Phòng A lần nữa', 'cơ quan', ''],
      ],
      [
        ['Nguyễn Văn A', 'Chuyên viên', 'p-a', 'đầu mối', '12345'],
        ['Nguyễn Văn B', '', 'Phòng không có', 'thành viên', ''],
        ['', '', 'p-a', 'sếp', ''],
      ],
    );
    const digests = await withStore(t.open, (s) => tableDigests(s.db));
    const r = await admin(['import', bad], t.env);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`Không nạp tệp thidua-bad-${process.pid}.xlsx (chưa ghi gì):`);
    expect(r.err).toContain('trang "Đơn vị", dòng 3, cột "Loại": "hợp tác xã" không phải loại đơn vị đã biết');
    expect(r.err).toMatch(/trang "Đơn vị", dòng 4, cột "Mã": must be a code/);
    expect(r.err).toContain('trang "Đơn vị", dòng 5, cột "Mã": mã "p-a" trùng với dòng 2.');
    expect(r.err).toContain('trang "Cán bộ", dòng 2, cột "Số điện thoại": "12345" không phải số điện thoại.');
    expect(r.err).toContain('trang "Cán bộ", dòng 3, cột "Đơn vị": không có đơn vị "Phòng không có"');
    expect(r.err).toContain('trang "Cán bộ", dòng 4, cột "Vai trò": "sếp" không phải vai trò');
    expect(r.err).toContain('trang "Cán bộ", dòng 4, cột "Họ tên": thiếu họ tên.');
    expect(await withStore(t.open, (s) => tableDigests(s.db))).toEqual(digests);

    fs.writeFileSync(bad, 'this is not a workbook');
    const junk = await admin(['import', bad], t.env);
    expect(junk.code).toBe(1);
    expect(junk.err).toContain('không phải tệp Excel .xlsx');
  }, 240_000);
});
