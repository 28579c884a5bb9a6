/**
 * The awards-history sheet offices keep (STT, phân loại khen thưởng, tên tập thể/cá nhân, chức
 * vụ, đơn vị, danh hiệu/hình thức, năm, số quyết định, ngày): its columns, the template, and
 * parsing a workbook into checked rows. Pure apart from exceljs's in-memory (de)serialisation.
 *
 * Trade-offs:
 * - Columns are found by their header text (folded: no diacritics, any case), not by position,
 *   so an office's own sheet with the same headings in another order, or extra columns, reads.
 * - Every problem of every sheet is collected first, each naming sheet, row and column; the
 *   caller writes nothing unless there are none.
 * - Rows with neither a form nor a year (section headings such as "I. TẬP THỂ") are skipped.
 * - A form whose name matches no known title is kept as written (titleCode null) and reported,
 *   not refused: decisions use many spellings and old forms.
 */
import ExcelJS from 'exceljs';
import {
  COMMENDATION_TYPES,
  foldName,
  matchTitle,
  type CommendationType,
  type NomineeKind,
  type RuleSet,
} from '../../domain/commendation/index.js';

export interface SheetColumn {
  key:
    | 'stt'
    | 'kind'
    | 'name'
    | 'position'
    | 'unit'
    | 'form'
    | 'year'
    | 'decisionNo'
    | 'date'
    | 'type'
    | 'issuer'
    | 'birthYear';
  header: string;
  /** Folded prefixes a header may start with. */
  match: string[];
  required: boolean;
  width: number;
  note: string;
}

export const SHEET_COLUMNS: SheetColumn[] = [
  { key: 'stt', header: 'STT', match: ['stt', 'so thu tu'], required: false, width: 6, note: 'Số thứ tự (tùy ý).' },
  {
    key: 'kind',
    header: 'Phân loại khen thưởng',
    match: ['phan loai khen thuong', 'phan loai doi tuong', 'doi tuong'],
    required: true,
    width: 16,
    note: 'Cá nhân, Tập thể hoặc Hộ gia đình.',
  },
  {
    key: 'name',
    header: 'Tên tập thể/cá nhân',
    match: ['ten tap the', 'ten ca nhan', 'ho va ten', 'ho ten', 'ten'],
    required: true,
    width: 30,
    note: 'Họ và tên, hoặc tên tập thể, hộ gia đình.',
  },
  { key: 'position', header: 'Chức vụ', match: ['chuc vu'], required: false, width: 20, note: 'Chức vụ của cá nhân.' },
  {
    key: 'unit',
    header: 'Đơn vị',
    match: ['don vi', 'co quan don vi'],
    required: false,
    width: 30,
    note: 'Đơn vị công tác (cá nhân) hoặc đơn vị cấp trên (tập thể).',
  },
  {
    key: 'form',
    header: 'Danh hiệu/hình thức',
    match: ['danh hieu', 'hinh thuc'],
    required: true,
    width: 32,
    note: 'Ví dụ: Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Giấy khen của Chủ tịch UBND xã.',
  },
  {
    key: 'year',
    header: 'Năm',
    match: ['nam khen thuong', 'nam'],
    required: true,
    width: 8,
    note: 'Năm của thành tích, 4 chữ số.',
  },
  {
    key: 'decisionNo',
    header: 'Số quyết định',
    match: ['so quyet dinh', 'so qd'],
    required: false,
    width: 18,
    note: 'Ví dụ: 125/QĐ-UBND.',
  },
  {
    key: 'date',
    header: 'Ngày',
    match: ['ngay quyet dinh', 'ngay ky', 'ngay'],
    required: false,
    width: 12,
    note: 'Ngày quyết định: 20/12/2025.',
  },
  {
    key: 'type',
    header: 'Loại hình khen thưởng (không bắt buộc)',
    match: ['loai hinh'],
    required: false,
    width: 18,
    note: 'Công trạng (mặc định), chuyên đề, đột xuất, cống hiến, đối ngoại, niên hạn.',
  },
  {
    key: 'issuer',
    header: 'Cơ quan ban hành (không bắt buộc)',
    match: ['co quan ban hanh', 'nguoi ky', 'cap khen'],
    required: false,
    width: 26,
    note: 'Ví dụ: Chủ tịch UBND xã Bình Lư.',
  },
  {
    key: 'birthYear',
    header: 'Năm sinh (không bắt buộc)',
    match: ['nam sinh'],
    required: false,
    width: 10,
    note: 'Giúp phân biệt người trùng tên.',
  },
];

export interface SheetRow {
  sheet: string;
  row: number;
  kind: NomineeKind;
  name: string;
  position: string | null;
  unit: string | null;
  form: string;
  titleCode: string | null;
  year: number;
  decisionNo: string | null;
  date: string | null;
  type: CommendationType;
  issuer: string | null;
  birthYear: number | null;
}

export interface SheetIssue {
  sheet: string;
  /** 1-based row number as Excel shows it; 0 when the problem is the sheet itself. */
  row: number;
  /** The column's header as in the template, and its letter in this sheet. */
  column?: string;
  letter?: string;
  problem:
    | 'no_header'
    | 'missing_column'
    | 'empty'
    | 'bad_kind'
    | 'bad_year'
    | 'bad_date'
    | 'bad_type'
    | 'bad_birth_year'
    | 'too_long'
    | 'not_xlsx'
    | 'too_many_rows';
  value?: string;
}

export interface ParsedSheet {
  rows: SheetRow[];
  issues: SheetIssue[];
  /** Forms kept as written because they match no known title. */
  unmatchedForms: string[];
}

const KINDS: Record<string, NomineeKind> = {
  'ca nhan': 'individual',
  'tap the': 'collective',
  'ho gia dinh': 'household',
  ho: 'household',
  'gia dinh': 'household',
};
const TYPES: Record<string, CommendationType> = {
  'cong trang': 'cong_trang',
  'thuong xuyen': 'cong_trang',
  'chuyen de': 'chuyen_de',
  'theo dot': 'chuyen_de',
  'theo dot chuyen de': 'chuyen_de',
  'dot xuat': 'dot_xuat',
  'cong hien': 'cong_hien',
  'qua trinh cong hien': 'cong_hien',
  'doi ngoai': 'doi_ngoai',
  'nien han': 'nien_han',
};
for (const t of COMMENDATION_TYPES) TYPES[t.replace('_', ' ')] = t;

export const MAX_SHEET_ROWS = 20_000;
const MAX_CELL = 500;

/** A cell as text: rich text, formulas, hyperlinks and numbers flattened; dates as ISO. */
function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (v instanceof Date) return isoOf(v);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in v) return String((v as { text: unknown }).text);
    if ('error' in v) return '';
    return '';
  }
  return String(v);
}

function isoOf(d: Date): string {
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1945 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return isoOf(dt);
}

/** 20/12/2025, 20-12-2025, 20.12.2025, 2025-12-20, or an Excel date cell. */
export function parseSheetDate(v: ExcelJS.CellValue): string | null {
  if (v instanceof Date)
    return Number.isNaN(v.getTime()) ? null : validDate(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
  const s = cellText(v).trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return validDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Which column each field is in, from a header row; undefined when this row is no header. */
function headerMap(row: ExcelJS.Row): Map<SheetColumn['key'], number> | undefined {
  const found = new Map<SheetColumn['key'], number>();
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const h = foldName(cellText(cell.value));
    if (!h) return;
    // The most specific match wins: "năm sinh" is not "năm", "ngày" is not "ngày sinh".
    let best: { key: SheetColumn['key']; len: number } | undefined;
    for (const c of SHEET_COLUMNS) {
      for (const p of c.match)
        if ((h === p || h.startsWith(`${p} `)) && (!best || p.length > best.len)) best = { key: c.key, len: p.length };
    }
    if (best && !found.has(best.key)) found.set(best.key, col);
  });
  return found.has('name') && found.has('form') ? found : undefined;
}

/** Reads every worksheet that has the header row; checks each row. */
export async function parseAwardsWorkbook(
  data: Uint8Array,
  rs: RuleSet,
  opts: { thisYear: number },
): Promise<ParsedSheet> {
  const wb = new ExcelJS.Workbook();
  const out: ParsedSheet = { rows: [], issues: [], unmatchedForms: [] };
  try {
    await wb.xlsx.load(Buffer.from(data) as unknown as ExcelJS.Buffer);
  } catch {
    out.issues.push({ sheet: '', row: 0, problem: 'not_xlsx' });
    return out;
  }
  const unmatched = new Set<string>();
  const titleCache = new Map<string, ReturnType<typeof matchTitle>>();
  let sheetsWithHeader = 0;
  for (const ws of wb.worksheets) {
    let cols: Map<SheetColumn['key'], number> | undefined;
    let headerRow = 0;
    for (let r = 1; r <= Math.min(ws.rowCount, 15) && !cols; r++) {
      cols = headerMap(ws.getRow(r));
      if (cols) headerRow = r;
    }
    if (!cols) continue;
    sheetsWithHeader++;
    const sheet = ws.name;
    const colName = (k: SheetColumn['key']) => SHEET_COLUMNS.find((c) => c.key === k)!.header;
    let missing = false;
    for (const c of SHEET_COLUMNS) {
      if (c.required && !cols.has(c.key)) {
        out.issues.push({ sheet, row: headerRow, column: c.header, problem: 'missing_column' });
        missing = true;
      }
    }
    if (missing) continue;
    if (ws.rowCount - headerRow > MAX_SHEET_ROWS) {
      out.issues.push({ sheet, row: 0, problem: 'too_many_rows', value: String(ws.rowCount - headerRow) });
      continue;
    }
    for (let r = headerRow + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const raw = (k: SheetColumn['key']) => (cols.has(k) ? row.getCell(cols.get(k)!).value : null);
      const texts = new Map<SheetColumn['key'], string>();
      const txt = (k: SheetColumn['key']) => {
        let t = texts.get(k);
        if (t === undefined) texts.set(k, (t = cellText(raw(k)).normalize('NFC').replace(/\s+/g, ' ').trim()));
        return t;
      };
      const issue = (k: SheetColumn['key'], problem: SheetIssue['problem'], value?: string) =>
        out.issues.push({ sheet, row: r, column: colName(k), letter: columnLetter(cols.get(k) ?? 0), problem, value });
      const name = txt('name');
      const form = txt('form');
      const yearText = txt('year');
      if (!form && !yearText) continue; // blank line or a section heading
      let ok = true;
      for (const k of ['kind', 'name', 'position', 'unit', 'form', 'decisionNo', 'issuer'] as const) {
        if (txt(k).length > MAX_CELL) {
          issue(k, 'too_long', txt(k).slice(0, 40) + '…');
          ok = false;
        }
      }
      if (!name) {
        issue('name', 'empty');
        ok = false;
      }
      if (!form) {
        issue('form', 'empty');
        ok = false;
      }
      const kindText = foldName(txt('kind'));
      const kind = KINDS[kindText];
      if (!kind) {
        issue('kind', kindText ? 'bad_kind' : 'empty', txt('kind') || undefined);
        ok = false;
      }
      const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
      if (!yearText) {
        issue('year', 'empty');
        ok = false;
      } else if (!Number.isInteger(year) || year < 1945 || year > opts.thisYear + 1) {
        issue('year', 'bad_year', yearText);
        ok = false;
      }
      let date: string | null = null;
      if (txt('date')) {
        date = parseSheetDate(raw('date'));
        if (!date) {
          issue('date', 'bad_date', txt('date'));
          ok = false;
        }
      }
      let type: CommendationType = 'cong_trang';
      if (txt('type')) {
        const t = TYPES[foldName(txt('type'))];
        if (!t) {
          issue('type', 'bad_type', txt('type'));
          ok = false;
        } else type = t;
      }
      let birthYear: number | null = null;
      if (txt('birthYear')) {
        const b = Number(txt('birthYear'));
        if (!/^\d{4}$/.test(txt('birthYear')) || b < 1900 || b > opts.thisYear) {
          issue('birthYear', 'bad_birth_year', txt('birthYear'));
          ok = false;
        } else birthYear = b;
      }
      if (!ok) continue;
      if (!titleCache.has(form)) titleCache.set(form, matchTitle(rs, form));
      const title = titleCache.get(form);
      if (!title) unmatched.add(form);
      out.rows.push({
        sheet,
        row: r,
        kind: kind!,
        name,
        position: txt('position') || null,
        unit: txt('unit') || null,
        form,
        titleCode: title?.code ?? null,
        year,
        decisionNo: txt('decisionNo') || null,
        date,
        type,
        issuer: txt('issuer') || null,
        birthYear,
      });
    }
  }
  if (sheetsWithHeader === 0 && out.issues.length === 0)
    out.issues.push({ sheet: wb.worksheets[0]?.name ?? '', row: 0, problem: 'no_header' });
  out.unmatchedForms = [...unmatched];
  return out;
}

const PROBLEM_VI: Record<SheetIssue['problem'], string> = {
  no_header: 'không tìm thấy dòng tiêu đề (cần các cột "Tên tập thể/cá nhân" và "Danh hiệu/hình thức")',
  missing_column: 'thiếu cột bắt buộc',
  empty: 'để trống',
  bad_kind: 'phải là "Cá nhân", "Tập thể" hoặc "Hộ gia đình"',
  bad_year: 'không phải năm hợp lệ (4 chữ số, từ 1945 đến năm sau)',
  bad_date: 'không phải ngày hợp lệ (dd/mm/yyyy)',
  bad_type: 'phải là công trạng, chuyên đề, đột xuất, cống hiến, đối ngoại hoặc niên hạn',
  bad_birth_year: 'không phải năm sinh hợp lệ',
  too_long: `dài quá ${MAX_CELL} ký tự`,
  not_xlsx: 'tệp không phải bảng tính Excel (.xlsx) đọc được',
  too_many_rows: `quá ${MAX_SHEET_ROWS} dòng`,
};

/** One line per issue in Vietnamese: sheet, row, column (letter) and what is wrong. */
export function describeIssue(i: SheetIssue): string {
  const where = [
    i.sheet ? `Trang "${i.sheet}"` : 'Tệp',
    i.row > 0 ? `dòng ${i.row}` : '',
    i.column ? `cột "${i.column}"${i.letter ? ` (${i.letter})` : ''}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${i.value !== undefined ? `"${i.value}" ` : ''}${PROBLEM_VI[i.problem]}`;
}

/** The empty template: the header row with a note on each column, and a sheet of guidance with an example. */
export async function buildAwardsTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'thidua-bot';
  wb.created = new Date(Date.UTC(2026, 0, 1));
  wb.modified = wb.created;
  const ws = wb.addWorksheet('Danh sách', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = SHEET_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const head = ws.getRow(1);
  head.font = { bold: true, name: 'Times New Roman' };
  head.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  SHEET_COLUMNS.forEach((c, i) => {
    head.getCell(i + 1).note = c.note;
  });
  const guide = wb.addWorksheet('Hướng dẫn');
  guide.columns = [
    { header: 'Cột', width: 36 },
    { header: 'Bắt buộc', width: 10 },
    { header: 'Cách ghi', width: 80 },
  ];
  guide.getRow(1).font = { bold: true };
  for (const c of SHEET_COLUMNS) guide.addRow([c.header, c.required ? 'có' : 'không', c.note]);
  guide.addRow([]);
  guide.addRow([
    'Ví dụ một dòng',
    '',
    '1 | Cá nhân | Nguyễn Văn A | Chuyên viên | Văn phòng HĐND và UBND xã | Lao động tiên tiến | 2025 | 125/QĐ-UBND | 20/12/2025',
  ]);
  guide.addRow([
    'Lưu ý',
    '',
    'Dòng không có danh hiệu/hình thức và không có năm (dòng tiêu đề nhóm như "I. TẬP THỂ") được bỏ qua.',
  ]);
  guide.addRow(['', '', 'Nếu có dòng sai, không dòng nào được nhập; thông báo lỗi nêu trang, dòng và cột.']);
  guide.addRow(['', '', 'Nhập: npm run admin -- awards-import tệp.xlsx (thêm --dry-run để chỉ kiểm tra).']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
