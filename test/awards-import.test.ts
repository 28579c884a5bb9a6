/**
 * Importing the awards history from the offices' XLSX layout through the admin CLI, on the
 * real database: good rows land with their audit rows, a second import adds nothing, and any
 * broken row means nothing is written and the sheet, row and column are named.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, count, eq } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import { auditLog, awardRecords, nominees, units } from '../db/schema.js';
import { runCli } from '../bot/admin-cli.js';
import { createConfig } from '../bot/config.js';
import { AwardsImportError, importAwardsWorkbook } from '../handlers/services/awards-import.js';
import { Forbidden } from '../domain/authz.js';
import { SHEET_COLUMNS } from '../handlers/services/awards-sheet.js';
import { checkNominee } from '../handlers/services/awards-history.js';
import { addJurisdiction, onPostgres, openTestStore } from './helpers/db.js';

const now = new Date('2026-01-15T03:00:00Z');
const TEMPLATE = path.resolve('data/templates/lich-su-khen-thuong.xlsx');
const HEADERS = [
  'STT',
  'Phân loại khen thưởng',
  'Tên tập thể/cá nhân',
  'Chức vụ',
  'Đơn vị',
  'Danh hiệu/hình thức',
  'Năm',
  'Số quyết định',
  'Ngày',
];
const UNIT = 'Trường Tiểu học xã Bình Lư';

type Cell = string | number | Date | null;

async function workbook(sheets: Array<{ name: string; rows: Cell[][] }>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const GOOD: Cell[][] = [
  HEADERS,
  ['I', 'TẬP THỂ', null, null, null, null, null, null, null],
  [1, 'Tập thể', UNIT, null, 'UBND xã Bình Lư', 'Tập thể lao động xuất sắc', 2024, '210/QĐ-UBND', '25/12/2024'],
  ['II', 'CÁ NHÂN', null, null, null, null, null, null, null],
  [
    2,
    'Cá nhân',
    'Lò Thị Mai',
    'Giáo viên',
    UNIT,
    'Lao động tiên tiến',
    2023,
    '180/QĐ-UBND',
    new Date(Date.UTC(2023, 11, 22)),
  ],
  [3, 'Cá nhân', 'Lò Thị Mai', 'Giáo viên', UNIT, 'CSTĐCS', 2023, '181/QĐ-UBND', '22/12/2023'],
  [4, 'cá nhân', 'LÒ THỊ MAI', 'Giáo viên', UNIT, 'Chiến sĩ thi đua cơ sở', '2024', '211/QĐ-UBND', '2024-12-25'],
  [5, 'Cá nhân', 'Tẩn A Sài', 'Bảo vệ', UNIT, 'Giấy khen của Giám đốc Sở Giáo dục', 2024, '55/QĐ-SGD', null],
  [6, 'Hộ gia đình', 'Hộ ông Vàng A Dế', null, 'Bản Nà Bỏ', 'Gia đình văn hóa', 2025, null, null],
];

describe(`awards import on ${onPostgres ? 'PostgreSQL' : 'PGlite'}`, () => {
  let store: Store;
  let dir: string;
  let unitId: number;
  const config = createConfig({});
  const totals = async () => ({
    awards: Number((await store.db.select({ n: count() }).from(awardRecords))[0]!.n),
    nominees: Number((await store.db.select({ n: count() }).from(nominees))[0]!.n),
    audit: Number((await store.db.select({ n: count() }).from(auditLog))[0]!.n),
  });
  const cli = async (...argv: string[]) => {
    const lines: string[] = [];
    await runCli(argv, { store, config, out: (l) => lines.push(l), now: () => now });
    return lines.join('\n');
  };
  const write = (name: string, data: Buffer) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, data);
    return f;
  };

  beforeAll(async () => {
    store = await openTestStore();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awards-import-'));
    const j = await addJurisdiction(store.db);
    unitId = (
      await store.db
        .insert(units)
        .values({ jurisdictionId: j, code: 'th-binh-lu', name: UNIT, kind: 'school' })
        .returning()
    )[0]!.id;
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a broken row means nothing is written; every problem names sheet, row and column', async () => {
    const before = await totals();
    const rows: Cell[][] = [
      ...GOOD,
      [7, 'Cá nhân', 'Chẻo Văn Lình', null, UNIT, 'Lao động tiên tiến', '20x5', null, null],
      [8, 'Cá nhân', null, null, UNIT, 'Lao động tiên tiến', 2025, null, null],
      [9, 'Nhóm', 'Tổ Văn phòng', null, UNIT, 'Giấy khen của Chủ tịch UBND xã', 2025, null, '31/02/2025'],
    ];
    const f = write('broken.xlsx', await workbook([{ name: 'Danh sách', rows }]));
    const err = await cli('awards-import', f).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwardsImportError);
    const msg = (err as Error).message;
    expect(msg).toContain('Không nhập gì: 4 lỗi trong tệp.');
    expect(msg).toContain('Trang "Danh sách", dòng 10, cột "Năm" (G): "20x5" không phải năm hợp lệ');
    expect(msg).toContain('Trang "Danh sách", dòng 11, cột "Tên tập thể/cá nhân" (C): để trống');
    expect(msg).toContain(
      'Trang "Danh sách", dòng 12, cột "Phân loại khen thưởng" (B): "Nhóm" phải là "Cá nhân", "Tập thể" hoặc "Hộ gia đình"',
    );
    expect(msg).toContain('dòng 12, cột "Ngày" (I): "31/02/2025" không phải ngày hợp lệ');
    expect(await totals()).toEqual(before);
  });

  it('a dry run checks and writes nothing', async () => {
    const before = await totals();
    const f = write('good.xlsx', await workbook([{ name: 'Danh sách', rows: GOOD }]));
    expect(await cli('awards-import', f, '--dry-run')).toContain('6 dòng hợp lệ, không có lỗi. Chưa ghi gì');
    expect(await totals()).toEqual(before);
  });

  it('good rows land with their audit rows; headings are skipped; the unit’s people link to it', async () => {
    const before = await totals();
    const f = write('good.xlsx', await workbook([{ name: 'Danh sách', rows: GOOD }]));
    const out = await cli('awards-import', f);
    expect(out).toContain('6 dòng; thêm 6 khen thưởng, 4 đối tượng mới; 0 dòng đã có');
    expect(out).toContain('"Giấy khen của Giám đốc Sở Giáo dục"');
    const after = await totals();
    expect(after.awards - before.awards).toBe(6);
    expect(after.nominees - before.nominees).toBe(4);
    expect(after.audit - before.audit).toBe(10);

    const all = await store.db.select().from(nominees);
    const school = all.find((n) => n.kind === 'collective')!;
    const mai = all.find((n) => n.name === 'Lò Thị Mai')!;
    expect(school.botUnitId).toBe(unitId);
    expect(mai).toMatchObject({
      kind: 'individual',
      position: 'Giáo viên',
      unitNomineeId: school.id,
      botUnitId: unitId,
    });
    expect(all.find((n) => n.kind === 'household')!.name).toBe('Hộ ông Vàng A Dế');
    const maiAwards = await store.db
      .select()
      .from(awardRecords)
      .where(eq(awardRecords.nomineeId, mai.id))
      .orderBy(asc(awardRecords.id));
    expect(maiAwards.map((a) => [a.year, a.titleCode, a.decisionDate, a.source])).toEqual([
      [2023, 'lao_dong_tien_tien', '2023-12-22', 'import:good.xlsx'],
      [2023, 'chien_si_thi_dua_co_so', '2023-12-22', 'import:good.xlsx'],
      [2024, 'chien_si_thi_dua_co_so', '2024-12-25', 'import:good.xlsx'],
    ]);

    // The imported history feeds the engine: CSTĐ cấp tỉnh still needs CSTĐCS 2025.
    const v = await store.tx((tx) =>
      checkNominee(tx, { kind: 'system', name: 'test' }, mai.id, {
        titleCode: 'chien_si_thi_dua_cap_tinh',
        year: 2025,
        type: 'cong_trang',
        asOf: '2026-01-15',
      }),
    );
    expect(v.findings[0]!.message.vi).toContain('cần CSTĐCS năm 2025 — chưa có trong lịch sử khen thưởng');
  });

  it('importing the same file again adds nothing', async () => {
    const before = await totals();
    const f = write('good.xlsx', await workbook([{ name: 'Danh sách', rows: GOOD }]));
    expect(await cli('awards-import', f)).toContain('thêm 0 khen thưởng, 0 đối tượng mới; 6 dòng đã có trong lịch sử');
    expect(await totals()).toEqual(before);
  });

  it('reads an office’s own sheet: title rows above, columns in another order, a second sheet, optional columns', async () => {
    const own: Cell[][] = [
      ['ỦY BAN NHÂN DÂN XÃ BÌNH LƯ'],
      ['DANH SÁCH KHEN THƯỞNG NĂM 2025'],
      [
        'Năm',
        'Ngày quyết định',
        'Số QĐ',
        'Họ và tên',
        'Danh hiệu',
        'Đối tượng',
        'Đơn vị',
        'Loại hình',
        'Năm sinh',
        'Ghi chú',
      ],
      [
        2025,
        '10/08/2025',
        '88/QĐ-UBND',
        'Giàng Thị Mỷ',
        'Giấy khen của Chủ tịch UBND xã',
        'Cá nhân',
        'Trạm Y tế xã Bình Lư',
        'Đột xuất',
        1990,
        'cứu người đuối nước',
      ],
    ];
    const f = write(
      'own.xlsx',
      await workbook([
        { name: 'Bìa', rows: [['Báo cáo']] },
        { name: 'DS 2025', rows: own },
      ]),
    );
    expect(await cli('awards-import', f)).toContain('1 dòng; thêm 1 khen thưởng, 1 đối tượng mới');
    const [my] = await store.db.select().from(nominees).where(eq(nominees.name, 'Giàng Thị Mỷ'));
    expect(my!.birthYear).toBe(1990);
    const [a] = await store.db.select().from(awardRecords).where(eq(awardRecords.nomineeId, my!.id));
    expect([a!.type, a!.titleCode, a!.decisionDate]).toEqual(['dot_xuat', 'giay_khen_chu_tich_ubnd_xa', '2025-08-10']);
  });

  it('a sheet without a required column, a file that is not a workbook, and no file are refused', async () => {
    const noYear = write(
      'noyear.xlsx',
      await workbook([
        {
          name: 'Danh sách',
          rows: [HEADERS.filter((h) => h !== 'Năm'), [1, 'Cá nhân', 'A', null, null, 'LĐTT', null, null]],
        },
      ]),
    );
    await expect(cli('awards-import', noYear)).rejects.toThrow(
      'Trang "Danh sách", dòng 1, cột "Năm": thiếu cột bắt buộc',
    );
    const junk = write('junk.xlsx', Buffer.from('PK\u0003\u0004 not really a zip'));
    await expect(cli('awards-import', junk)).rejects.toThrow('tệp không phải bảng tính Excel (.xlsx) đọc được');
    const none = write(
      'none.xlsx',
      await workbook([
        {
          name: 'Sheet1',
          rows: [
            ['a', 'b'],
            [1, 2],
          ],
        },
      ]),
    );
    await expect(cli('awards-import', none)).rejects.toThrow('không tìm thấy dòng tiêu đề');
    await expect(cli('awards-import', path.join(dir, 'missing.xlsx'))).rejects.toThrow('Không đọc được tệp');
    await expect(cli('awards-import')).rejects.toThrow('Thiếu tệp');
  });

  it('only the office imports; a repeated row in one sheet counts once', async () => {
    const before = await totals();
    const data = await workbook([
      {
        name: 'Danh sách',
        rows: [
          HEADERS,
          [1, 'Cá nhân', 'Sùng A Chứ', null, UNIT, 'LĐTT', 2025, '9/QĐ', null],
          [2, 'Cá nhân', 'Sùng A Chứ', null, UNIT, 'LĐTT', 2025, '9/QĐ', null],
        ],
      },
    ]);
    const focal = {
      kind: 'person',
      personId: 1,
      fullName: 'Đầu mối',
      role: 'focal',
      unitId,
      unitName: UNIT,
      jurisdictionId: 1,
    } as const;
    await expect(importAwardsWorkbook(store, focal, data, { fileName: 'x.xlsx', now })).rejects.toThrow(Forbidden);
    expect(await totals()).toEqual(before);
    const r = await importAwardsWorkbook(store, { kind: 'system', name: 'test' }, data, { fileName: 'x.xlsx', now });
    expect([r.rows, r.awardsAdded, r.duplicates, r.nomineesCreated]).toEqual([2, 1, 1, 1]);
  });

  it('the committed template has the import’s columns and imports as empty', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(TEMPLATE);
    const head = wb.getWorksheet('Danh sách')!.getRow(1).values as unknown[];
    expect(head.slice(1)).toEqual(SHEET_COLUMNS.map((c) => c.header));
    expect(head.slice(1, 10)).toEqual(HEADERS);
    expect(await cli('awards-import', TEMPLATE, '--dry-run')).toContain('0 dòng hợp lệ');
  });
});
