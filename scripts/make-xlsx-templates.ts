/**
 * Writes the XLSX sheets offices fill in for `npm run admin -- import <file>.xlsx`, into
 * data/templates/ (committed; run again after changing the columns):
 *   npx tsx scripts/make-xlsx-templates.ts
 * - mau-don-vi-nguoi-dung.xlsx: the empty template (header rows and a "Hướng dẫn" sheet);
 * - vi-du-xa.xlsx: the same filled in for an invented commune, importable as it is.
 * Trade-off: generated with exceljs (already a dependency) rather than kept as hand-made
 * binaries, so the columns here and in db/xlsx-import.ts are reviewed together.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'templates');
const UNIT_COLUMNS = [
  { header: 'Mã', width: 16 },
  { header: 'Tên đơn vị', width: 48 },
  { header: 'Loại', width: 24 },
  { header: 'Đơn vị cấp trên', width: 18 },
];
const PEOPLE_COLUMNS = [
  { header: 'Họ tên', width: 28 },
  { header: 'Chức vụ', width: 28 },
  { header: 'Đơn vị', width: 18 },
  { header: 'Vai trò', width: 14 },
  { header: 'Số điện thoại', width: 16 },
];
const GUIDE = [
  ['Cột', 'Cách ghi'],
  [
    'Mã (đơn vị)',
    'Mã cố định, không dấu, không cách: chữ, số, "-", "_", "." (tối đa 64). Nạp lại cùng mã thì cập nhật, không tạo trùng.',
  ],
  [
    'Mã cơ quan thường trực',
    '"npm run admin -- init" tạo cơ quan thường trực với mã co-quan-thuong-truc: dùng đúng mã đó cho dòng của cơ quan thường trực.',
  ],
  [
    'Loại',
    'cơ quan thường trực (đúng một đơn vị), cơ quan, xã, phường, thị trấn, trường học, y tế, đoàn thể, doanh nghiệp, thôn (bản, tổ dân phố)',
  ],
  ['Đơn vị cấp trên', 'Mã của đơn vị cấp trên (trong tệp này hoặc đã có); để trống nếu không có.'],
  ['Đơn vị (người dùng)', 'Mã hoặc đúng tên đơn vị.'],
  ['Vai trò', 'thành viên, đầu mối (người nộp báo cáo của đơn vị), thủ trưởng, quản trị'],
  ['Số điện thoại', 'Ghi 0… hoặc +84…; dấu cách, chấm, gạch được bỏ qua.'],
  [
    'Nạp tệp',
    'npm run admin -- import ten-tep.xlsx — có lỗi ở bất kỳ dòng nào thì không ghi gì và báo trang, dòng, cột.',
  ],
];

function sheet(
  wb: ExcelJS.Workbook,
  name: string,
  columns: Array<{ header: string; width: number }>,
  rows: string[][],
): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  // Phone numbers and codes are text: Excel must not drop a leading 0.
  ws.eachRow((row) => row.eachCell((cell) => (cell.numFmt = '@')));
}

async function write(file: string, units: string[][], people: string[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'thidua-bot';
  wb.created = new Date('2026-01-01T00:00:00Z');
  wb.modified = wb.created;
  sheet(wb, 'Đơn vị', UNIT_COLUMNS, units);
  sheet(wb, 'Người dùng', PEOPLE_COLUMNS, people);
  const guide = wb.addWorksheet('Hướng dẫn');
  guide.columns = [{ width: 22 }, { width: 110 }];
  for (const r of GUIDE) guide.addRow(r);
  guide.getRow(1).font = { bold: true };
  await wb.xlsx.writeFile(path.join(OUT, file));
}

await write('mau-don-vi-nguoi-dung.xlsx', [], []);
await write(
  'vi-du-xa.xlsx',
  [
    ['co-quan-thuong-truc', 'Văn phòng HĐND và UBND xã Hòa An', 'cơ quan thường trực', ''],
    ['p-kinh-te', 'Phòng Kinh tế xã Hòa An', 'cơ quan', ''],
    ['p-vhxh', 'Phòng Văn hóa – Xã hội xã Hòa An', 'cơ quan', ''],
    ['th-hoa-an', 'Trường Tiểu học Hòa An', 'trường học', 'p-vhxh'],
    ['tram-y-te', 'Trạm Y tế xã Hòa An', 'y tế', ''],
    ['thon-1', 'Thôn Đông', 'thôn', ''],
    ['thon-2', 'Thôn Tây', 'thôn', ''],
  ],
  [
    ['Trần Thị Mai', 'Chuyên viên thi đua, khen thưởng', 'co-quan-thuong-truc', 'quản trị', '0912 345 678'],
    ['Lê Văn Hùng', 'Trưởng phòng', 'p-kinh-te', 'thủ trưởng', '0987.654.321'],
    ['Phạm Thu Hà', 'Chuyên viên', 'p-kinh-te', 'đầu mối', '0901234567'],
    ['Nguyễn Văn Bình', 'Hiệu trưởng', 'th-hoa-an', 'thủ trưởng', '0345678901'],
    ['Hoàng Thị Lan', 'Giáo viên', 'Trường Tiểu học Hòa An', 'đầu mối', '+84 912 000 111'],
    ['Đỗ Văn Tâm', 'Trưởng thôn', 'thon-1', 'đầu mối', ''],
  ],
);
console.log(`wrote ${OUT}/mau-don-vi-nguoi-dung.xlsx and vi-du-xa.xlsx`);
