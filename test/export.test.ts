import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { FormItem } from '../domain/form-items.js';
import { buildCsv, buildWorkbook, exportFileName } from '../handlers/office/export.js';
import type { DeadlineOverview } from '../handlers/office/model.js';

const TZ = 'Asia/Ho_Chi_Minh';

const items: FormItem[] = [
  {
    code: 'so_hd',
    label: 'Số hoạt động thi đua',
    type: 'number',
    unit: 'lượt',
    integer: true,
    percent: false,
    required: true,
  },
  {
    code: 'kinh_phi',
    label: 'Kinh phí khen thưởng',
    type: 'number',
    unit: 'triệu đồng',
    integer: false,
    percent: false,
    required: true,
  },
  { code: 'ty_le', label: 'Tỷ lệ hoàn thành chỉ tiêu', type: 'number', integer: false, percent: true, required: true },
  { code: 'phat_dong', label: 'Có tổ chức phát động', type: 'yesno', required: true },
  { code: 'xep_loai', label: 'Tự xếp loại', type: 'choice', options: ['Tốt', 'Khá', 'Trung bình'], required: true },
  { code: 'ghi_chu', label: 'Ghi chú', type: 'text', max_length: 200, required: false },
  { code: 'bao_cao', label: 'Nội dung báo cáo', type: 'longtext', max_length: 2000, required: false },
  { code: 'ngay_hop', label: 'Ngày họp Hội đồng', type: 'date', required: false },
  { code: 'tep', label: 'Tệp báo cáo', type: 'file', accept: ['pdf'], max_files: 3, required: false },
  { code: 'de_nghi', label: 'Danh sách đề nghị', type: 'names', max_names: 20, required: false },
];

const NAME_WITH_COMMA = 'Phòng Nội vụ, "Thường trực"';

function fixture(locale: 'vi' | 'en' = 'vi'): DeadlineOverview {
  return {
    deadline: {
      id: 7,
      code: 'so-ket-6t-2026',
      title: 'Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2026',
      kind: 'midyear_review',
      dueAt: new Date('2026-06-20T10:00:00Z'), // 17:00 20/06/2026 in Hà Nội
    },
    items,
    generatedAt: new Date('2026-06-24T02:30:00Z'), // 09:30 24/06/2026
    timezone: TZ,
    locale,
    issuer: 'UBND huyện Yên Thế',
    office: 'Phòng Nội vụ huyện Yên Thế',
    units: [
      {
        unitId: 1,
        code: 'xa-tan-lap',
        name: 'Xã Tân Lập',
        kind: 'commune',
        state: 'accepted',
        overdue: false,
        submittedAt: new Date('2026-06-18T03:15:00Z'), // 10:15 18/06
        firstSubmittedAt: new Date('2026-06-17T03:15:00Z'),
        version: 2,
        refNo: 'TĐKT-2026-001',
        answers: {
          so_hd: 12,
          kinh_phi: 45.5,
          ty_le: 85,
          phat_dong: true,
          xep_loai: 'Tốt',
          ghi_chu: 'Đúng hạn',
          bao_cao: 'Dòng 1\nDòng 2',
          ngay_hop: '2026-06-10',
          tep: ['a1', 'a2'],
          de_nghi: ['Nguyễn Văn An', 'Trần Thị Bình'],
        },
      },
      {
        unitId: 2,
        code: 'phong-noi-vu',
        name: NAME_WITH_COMMA,
        kind: 'agency',
        state: 'submitted',
        overdue: false,
        submittedAt: new Date('2026-06-19T16:30:00Z'), // 23:30 19/06 local (still 19/06)
        version: 1,
        refNo: 'TĐKT-2026-002',
        answers: {
          so_hd: 8,
          kinh_phi: 20,
          ty_le: 90.5,
          phat_dong: false,
          xep_loai: 'Khá',
          ghi_chu: '=SUM(A1)',
          ngay_hop: '2026-06-12',
          tep: ['b1'],
          de_nghi: ['Lê Văn Cường'],
        },
      },
      {
        unitId: 3,
        code: 'tt-yen-the',
        name: 'Thị trấn Yên Thế',
        kind: 'town',
        state: 'returned',
        overdue: true,
        submittedAt: new Date('2026-06-15T01:00:00Z'),
        version: 1,
        answers: { so_hd: 5, kinh_phi: null, ty_le: 70, phat_dong: true, xep_loai: 'Tốt' },
      },
      {
        unitId: 4,
        code: 'thcs-kim-dong',
        name: 'Trường THCS Kim Đồng',
        kind: 'school',
        state: 'draft',
        overdue: true,
        version: 0,
        answers: {},
      },
      {
        unitId: 5,
        code: 'thon-dong-ban',
        name: 'Thôn Đồng Bản',
        kind: 'village',
        state: 'not_started',
        overdue: true,
        version: 0,
        answers: {},
      },
      {
        unitId: 6,
        code: 'cty-an-phu',
        name: 'Công ty TNHH An Phú',
        kind: 'enterprise',
        state: 'submitted',
        overdue: false,
        submittedAt: new Date('2026-06-22T08:00:00Z'), // 15:00 22/06, late
        version: 1,
        refNo: 'TĐKT-2026-003',
        answers: { so_hd: 3, kinh_phi: 10.25, ty_le: 100, phat_dong: true, xep_loai: 'Khá', ngay_hop: '2026-06-21' },
      },
    ],
  };
}

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

function rowValues(ws: ExcelJS.Worksheet, r: number, from: number, to: number): unknown[] {
  const out: unknown[] = [];
  for (let c = from; c <= to; c++) out.push(ws.getCell(r, c).value ?? null);
  return out;
}

/** The first row whose column A holds `label`. */
function findRow(ws: ExcelJS.Worksheet, label: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === label) return r;
  throw new Error(`no row "${label}" in ${ws.name}`);
}

const VI_HEADERS = [
  'STT',
  'Mã đơn vị',
  'Tên đơn vị',
  'Loại',
  'Trạng thái',
  'Quá hạn',
  'Thời điểm nộp',
  'Lần nộp',
  'Số tham chiếu',
  'Số hoạt động thi đua (lượt)',
  'Kinh phí khen thưởng (triệu đồng)',
  'Tỷ lệ hoàn thành chỉ tiêu',
  'Có tổ chức phát động',
  'Tự xếp loại',
  'Ghi chú',
  'Nội dung báo cáo',
  'Ngày họp Hội đồng',
  'Tệp báo cáo (số tệp)',
  'Danh sách đề nghị',
];

describe('buildWorkbook', () => {
  it('writes the details sheet with one typed row per unit', async () => {
    const wb = await load(await buildWorkbook(fixture()));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Chi tiết']);
    const ws = wb.getWorksheet('Chi tiết')!;

    expect(rowValues(ws, 1, 1, VI_HEADERS.length)).toEqual(VI_HEADERS);
    expect(ws.getCell(1, 1).font?.bold).toBe(true);
    expect(ws.getCell(1, 19).font?.bold).toBe(true);
    expect(ws.rowCount).toBe(7); // header + 6 units

    // Unit 1: every item type.
    expect(rowValues(ws, 2, 1, 19)).toEqual([
      1,
      'xa-tan-lap',
      'Xã Tân Lập',
      'Xã',
      'Đã tiếp nhận',
      'Không',
      new Date('2026-06-18T10:15:00Z'), // wall clock 10:15 18/06/2026
      2,
      'TĐKT-2026-001',
      12,
      45.5,
      0.85,
      'Có',
      'Tốt',
      'Đúng hạn',
      'Dòng 1\nDòng 2',
      new Date('2026-06-10T00:00:00Z'),
      2,
      'Nguyễn Văn An; Trần Thị Bình',
    ]);
    // Unit 2: the local time crosses no day boundary in Hà Nội; percent 90.5 → 0.905.
    expect(ws.getCell(3, 3).value).toBe(NAME_WITH_COMMA);
    expect(ws.getCell(3, 4).value).toBe('Cơ quan chuyên môn');
    expect(ws.getCell(3, 7).value).toEqual(new Date('2026-06-19T23:30:00Z'));
    expect(ws.getCell(3, 12).value).toBeCloseTo(0.905, 10);
    expect(ws.getCell(3, 13).value).toBe('Không');
    expect(ws.getCell(3, 15).value).toBe('=SUM(A1)'); // text, not a formula
    expect(ws.getCell(3, 15).type).toBe(ExcelJS.ValueType.String);
    // Unit 3: returned and overdue, a skipped item is an empty cell.
    expect(rowValues(ws, 4, 4, 6)).toEqual(['Thị trấn', 'Bị trả lại', 'Có']);
    expect(ws.getCell(4, 11).value).toBeNull();
    // Unit 4 and 5: never submitted.
    expect(rowValues(ws, 5, 1, 9)).toEqual([
      4,
      'thcs-kim-dong',
      'Trường THCS Kim Đồng',
      'Trường học',
      'Bản nháp',
      'Có',
      null,
      null,
      null,
    ]);
    expect(rowValues(ws, 6, 4, 6)).toEqual(['Thôn, bản', 'Chưa làm', 'Có']);
    expect(rowValues(ws, 6, 10, 19).every((v) => v === null)).toBe(true);
    expect(rowValues(ws, 7, 4, 5)).toEqual(['Doanh nghiệp', 'Đã nộp']);
  });

  it('uses real numbers, dates and formats', async () => {
    const ws = (await load(await buildWorkbook(fixture()))).getWorksheet('Chi tiết')!;
    for (let r = 2; r <= 7; r++) expect(typeof ws.getCell(r, 1).value).toBe('number');
    expect(ws.getCell(2, 10).type).toBe(ExcelJS.ValueType.Number);
    expect(ws.getCell(2, 10).numFmt).toBe('#,##0');
    expect(ws.getCell(2, 11).numFmt).toBe('#,##0.00'); // 45.5 and 10.25: two decimals
    expect(ws.getCell(2, 12).numFmt).toBe('0.0%'); // 90.5%: one decimal
    expect(ws.getCell(2, 18).type).toBe(ExcelJS.ValueType.Number); // attachments counted

    const date = ws.getCell(2, 17);
    expect(date.type).toBe(ExcelJS.ValueType.Date);
    expect(date.value).toBeInstanceOf(Date);
    expect(date.numFmt).toBe('dd/mm/yyyy');
    expect(ws.getCell(7, 17).value).toEqual(new Date('2026-06-21T00:00:00Z'));
    const at = ws.getCell(2, 7);
    expect(at.type).toBe(ExcelJS.ValueType.Date);
    expect(at.numFmt).toBe('hh:mm dd/mm/yyyy');
  });

  it('freezes and filters the header and sizes the columns', async () => {
    const ws = (await load(await buildWorkbook(fixture()))).getWorksheet('Chi tiết')!;
    const view = ws.views[0] as ExcelJS.WorksheetViewFrozen;
    expect(view.state).toBe('frozen');
    expect(view.ySplit).toBe(1);
    expect(ws.autoFilter).toBeTruthy();
    const ref = typeof ws.autoFilter === 'string' ? ws.autoFilter : JSON.stringify(ws.autoFilter);
    expect(ref).toMatch(/A1:S1/);
    for (let c = 1; c <= 19; c++) {
      const w = ws.getColumn(c).width ?? 0;
      expect(w).toBeGreaterThanOrEqual(6);
      expect(w).toBeLessThanOrEqual(60);
    }
    // The name column fits the longest name; STT stays narrow.
    expect(ws.getColumn(3).width!).toBeGreaterThanOrEqual(NAME_WITH_COMMA.length);
    expect(ws.getColumn(1).width!).toBeLessThan(10);
  });

  it('writes the summary: header, units by state, figures', async () => {
    const ws = (await load(await buildWorkbook(fixture()))).getWorksheet('Tổng hợp')!;
    expect(ws.getCell('A1').value).toBe('UBND huyện Yên Thế');
    expect(ws.getCell('A2').value).toBe('Phòng Nội vụ huyện Yên Thế');
    expect(ws.getCell('A4').value).toBe('TỔNG HỢP TÌNH HÌNH NỘP BÁO CÁO');
    expect(ws.getCell(findRow(ws, 'Nội dung'), 2).value).toBe(
      'Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2026',
    );
    expect(ws.getCell(findRow(ws, 'Hạn nộp'), 2).value).toBe('17:00 20/06/2026');
    expect(ws.getCell(findRow(ws, 'Thời điểm tổng hợp'), 2).value).toBe('09:30 24/06/2026');

    const head = findRow(ws, 'Loại đơn vị');
    expect(rowValues(ws, head, 2, 9)).toEqual([
      'Chưa làm',
      'Bản nháp',
      'Bị trả lại',
      'Đã nộp',
      'Đã tiếp nhận',
      'Tổng số',
      'Trong đó quá hạn',
      'Tỷ lệ đã nộp',
    ]);
    // Kinds in the data file's order.
    expect(rowValues(ws, head + 1, 1, 1)).toEqual(['Cơ quan chuyên môn']);
    expect(rowValues(ws, head + 2, 1, 1)).toEqual(['Xã']);
    expect(rowValues(ws, head + 1, 2, 9)).toEqual([0, 0, 0, 1, 0, 1, 0, 1]);
    expect(rowValues(ws, findRow(ws, 'Thôn, bản'), 2, 9)).toEqual([1, 0, 0, 0, 0, 1, 1, 0]);
    const total = findRow(ws, 'Tổng cộng');
    expect(total).toBe(head + 7); // six kinds, then the total
    expect(rowValues(ws, total, 2, 9)).toEqual([1, 1, 1, 2, 1, 6, 3, 0.5]);
    expect(ws.getCell(total, 9).numFmt).toBe('0.0%');

    // Numbers: total and average over the units that have a value (hand-computed).
    expect(rowValues(ws, findRow(ws, 'Số hoạt động thi đua'), 2, 5)).toEqual(['lượt', 4, 28, 7]);
    const kp = findRow(ws, 'Kinh phí khen thưởng');
    expect(rowValues(ws, kp, 2, 5)).toEqual(['triệu đồng', 3, 75.75, 25.25]); // the skipped answer does not count
    const tl = findRow(ws, 'Tỷ lệ hoàn thành chỉ tiêu');
    expect(rowValues(ws, tl, 2, 4)).toEqual(['%', 4, null]); // no sum of percentages
    expect(ws.getCell(tl, 5).value).toBeCloseTo(0.86375, 10); // (85 + 90.5 + 70 + 100) / 4 = 86.375%
    expect(ws.getCell(tl, 5).numFmt).toContain('%');

    // Yes/no: units answering "Có" / "Không".
    expect(rowValues(ws, findRow(ws, 'Có tổ chức phát động'), 2, 3)).toEqual([3, 1]);
    // Choice: units per option, every option listed.
    const xl = findRow(ws, 'Tự xếp loại');
    expect(rowValues(ws, xl, 2, 3)).toEqual(['Tốt', 2]);
    expect(rowValues(ws, xl + 1, 2, 3)).toEqual(['Khá', 2]);
    expect(rowValues(ws, xl + 2, 2, 3)).toEqual(['Trung bình', 0]);
  });

  it('speaks English when the overview asks for it, data unchanged', async () => {
    const wb = await load(await buildWorkbook(fixture('en')));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Details']);
    const ws = wb.getWorksheet('Details')!;
    expect(rowValues(ws, 1, 1, 10)).toEqual([
      'No.',
      'Unit code',
      'Unit name',
      'Kind',
      'State',
      'Overdue',
      'Submitted at',
      'Version',
      'Reference no.',
      'Số hoạt động thi đua (lượt)',
    ]);
    expect(ws.getCell(1, 18).value).toBe('Tệp báo cáo (files)');
    expect(rowValues(ws, 2, 3, 6)).toEqual(['Xã Tân Lập', 'Commune', 'Accepted', 'No']);
    expect(ws.getCell(2, 13).value).toBe('Yes');
    const sum = wb.getWorksheet('Summary')!;
    expect(rowValues(sum, findRow(sum, 'All units'), 2, 8)).toEqual([1, 1, 1, 2, 1, 6, 3]);
    expect(sum.getCell(findRow(sum, 'Due'), 2).value).toBe('17:00 20/06/2026');
  });

  it('handles a deadline without units or form', async () => {
    const o = { ...fixture(), items: [], units: [] };
    const wb = await load(await buildWorkbook(o));
    const ws = wb.getWorksheet('Chi tiết')!;
    expect(rowValues(ws, 1, 1, 9)).toEqual(VI_HEADERS.slice(0, 9));
    expect(ws.getCell(1, 10).value).toBeNull();
    const sum = wb.getWorksheet('Tổng hợp')!;
    expect(rowValues(sum, findRow(sum, 'Tổng cộng'), 2, 9)).toEqual([0, 0, 0, 0, 0, 0, 0, null]);
    expect(buildCsv(o)).toBe('\uFEFF' + VI_HEADERS.slice(0, 9).join(',') + '\r\n');
  });

  it('shows an unknown unit kind as its code', async () => {
    const o = fixture();
    o.units = [{ ...o.units[0]!, kind: 'hop_tac_xa' }];
    const ws = (await load(await buildWorkbook(o))).getWorksheet('Chi tiết')!;
    expect(ws.getCell(2, 4).value).toBe('hop_tac_xa');
  });
});

/** RFC 4180 parser for the test: quoted fields, doubled quotes, CRLF records. */
function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < s.length) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
    i++;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe('buildCsv', () => {
  const csv = buildCsv(fixture());

  it('starts with a BOM and ends records with CRLF', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('round-trips through an RFC 4180 parser', () => {
    const rows = parseCsv(csv.slice(1));
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual(VI_HEADERS);
    expect(rows.every((r) => r.length === 19)).toBe(true);
    expect(rows[1]).toEqual([
      '1',
      'xa-tan-lap',
      'Xã Tân Lập',
      'Xã',
      'Đã tiếp nhận',
      'Không',
      '10:15 18/06/2026',
      '2',
      'TĐKT-2026-001',
      '12',
      '45.5',
      '85%',
      'Có',
      'Tốt',
      'Đúng hạn',
      'Dòng 1\nDòng 2',
      '10/06/2026',
      '2',
      'Nguyễn Văn An; Trần Thị Bình',
    ]);
    expect(rows[2]![2]).toBe(NAME_WITH_COMMA);
    expect(rows[2]![6]).toBe('23:30 19/06/2026');
    expect(rows[2]![11]).toBe('90.5%');
    expect(rows[2]![14]).toBe("'=SUM(A1)"); // not evaluated as a formula by a spreadsheet
    expect(rows[3]![10]).toBe(''); // skipped
    expect(rows[4]!.slice(6)).toEqual(Array(13).fill(''));
  });

  it('quotes exactly the fields that need it', () => {
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(VI_HEADERS.join(','));
    expect(lines[2]).toBe(
      '2,phong-noi-vu,"Phòng Nội vụ, ""Thường trực""",Cơ quan chuyên môn,Đã nộp,Không,23:30 19/06/2026,1,TĐKT-2026-002,8,20,90.5%,Không,Khá,\'=SUM(A1),,12/06/2026,1,Lê Văn Cường',
    );
    expect(csv).toContain(',"Dòng 1\nDòng 2",');
  });

  it('names the export file in ASCII', () => {
    expect(exportFileName(fixture(), 'xlsx')).toBe('so-ket-6t-2026_24-06-2026.xlsx');
  });
});
