/**
 * Units and people from an XLSX workbook as offices keep them: a sheet with the columns
 * "Mã, Tên đơn vị, Loại, Đơn vị cấp trên" and a sheet with "Họ tên, Chức vụ, Đơn vị, Vai trò,
 * Số điện thoại" (found by their header row, whatever the sheets are called; other sheets are
 * ignored). The rows become the same validated units/people structure as a YAML data file
 * and are written by the same upsert-and-audit code (db/import.ts), in one transaction.
 *
 * Every problem is collected first, naming sheet, row and column, and any problem refuses
 * the whole file (nothing is written). After writing, each row is reported as created,
 * updated or unchanged, read back from the audit entries the import itself wrote.
 *
 * Trade-off: people get a code from their unit and folded name when the sheet has no "Mã"
 * column, so a re-import of the same sheet updates rather than duplicates; two people with
 * the same name in one unit then need that column.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Workbook, Worksheet, CellValue } from 'exceljs';
import { foldVi } from '../domain/text.js';
import { dataFileSchema, type DataFile } from './data-file.js';
import { UNIT_KINDS } from '../domain/kinds.js';
import { writeDataFile, type ImportActor } from './import.js';
import { auditLog, units as unitsTable } from './schema.js';
import { listJurisdictions } from './queries/jurisdictions.js';
import { rowsOf, type Store } from './store.js';

export const XLSX_MAX_BYTES = 20 * 1024 * 1024;
const MAX_ROWS = 20_000;
const MAX_TEXT = 200;

export interface XlsxIssue {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

export class XlsxImportError extends Error {
  override name = 'XlsxImportError';
  constructor(
    readonly file: string,
    readonly issues: XlsxIssue[],
  ) {
    super(
      `Không nạp tệp ${file} (chưa ghi gì):\n` +
        issues
          .slice(0, 50)
          .map((i) =>
            i.row > 0
              ? `  trang "${i.sheet}", dòng ${i.row}, cột "${i.column}": ${i.message}`
              : `  ${i.sheet ? `trang "${i.sheet}": ` : ''}${i.message}`,
          )
          .join('\n') +
        (issues.length > 50 ? `\n  … và ${issues.length - 50} lỗi khác` : ''),
    );
  }
}

export type RowAction = 'created' | 'updated' | 'unchanged';
export interface RowReport {
  sheet: string;
  row: number;
  entity: 'unit' | 'person';
  code: string;
  name: string;
  action: RowAction;
}

// ------------------------------------------------------------------ columns and values

type UnitColumn = 'code' | 'name' | 'kind' | 'parent';
type PersonColumn = 'code' | 'name' | 'position' | 'unit' | 'role' | 'phone';

const UNIT_HEADERS: Record<UnitColumn, string[]> = {
  code: ['ma', 'ma don vi'],
  name: ['ten don vi', 'ten'],
  kind: ['loai', 'loai don vi'],
  parent: ['don vi cap tren', 'cap tren', 'ma don vi cap tren'],
};
const PERSON_HEADERS: Record<PersonColumn, string[]> = {
  code: ['ma', 'ma nguoi dung', 'ma can bo'],
  name: ['ho ten', 'ho va ten'],
  position: ['chuc vu'],
  unit: ['don vi', 'ma don vi', 'ten don vi'],
  role: ['vai tro'],
  phone: ['so dien thoai', 'dien thoai', 'sdt'],
};

/** "Loại" as offices write it → the unit kind; the English codes are accepted too. */
export const KIND_WORDS: Record<string, { kind: (typeof UNIT_KINDS)[number]; office?: true }> = {
  'co quan thuong truc': { kind: 'office', office: true },
  'thuong truc': { kind: 'office', office: true },
  'co quan': { kind: 'agency' },
  'co quan chuyen mon': { kind: 'agency' },
  'phong ban': { kind: 'agency' },
  xa: { kind: 'commune' },
  phuong: { kind: 'town' },
  'thi tran': { kind: 'town' },
  'doanh nghiep': { kind: 'enterprise' },
  'truong hoc': { kind: 'school' },
  truong: { kind: 'school' },
  'y te': { kind: 'health' },
  'to chuc': { kind: 'organisation' },
  'doan the': { kind: 'organisation' },
  thon: { kind: 'village' },
  ban: { kind: 'village' },
  'thon ban': { kind: 'village' },
  'to dan pho': { kind: 'village' },
  ...Object.fromEntries(UNIT_KINDS.map((k) => [k, k === 'office' ? { kind: k, office: true as const } : { kind: k }])),
};

export const ROLE_WORDS: Record<string, 'member' | 'focal' | 'head' | 'admin'> = {
  'thanh vien': 'member',
  'can bo': 'member',
  'dau moi': 'focal',
  'can bo dau moi': 'focal',
  'thu truong': 'head',
  'lanh dao': 'head',
  'quan tri': 'admin',
  member: 'member',
  focal: 'focal',
  head: 'head',
  admin: 'admin',
};

/** The text of a cell, whatever Excel stored: rich text, formula result, hyperlink, number, date. */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText))
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('result' in v) return cellText((v as { result?: CellValue }).result ?? null);
    if ('text' in v) return cellText((v as { text: CellValue }).text);
    if ('error' in v) return '';
  }
  // A cell kind not listed above keeps String()'s text, as before.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return String(v).trim();
}

/** Digits with a leading 0 or +84; Excel's numbers lose the 0, which is put back. */
export function normalisePhone(raw: string): string {
  let s = raw.replace(/[\s.\-()]/g, '');
  if (/^84\d{9,10}$/.test(s)) s = `+${s}`;
  if (/^[1-9]\d{8}$/.test(s)) s = `0${s}`;
  return s;
}

function slug(s: string): string {
  return foldVi(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// ------------------------------------------------------------------ reading

interface Located<T> {
  sheet: string;
  row: number;
  value: T;
}
interface SheetColumns<C extends string> {
  sheet: Worksheet;
  headerRow: number;
  cols: Partial<Record<C, { index: number; header: string }>>;
}

function findHeader<C extends string>(
  ws: Worksheet,
  headers: Record<C, string[]>,
  required: C[],
): SheetColumns<C> | null {
  for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
    const row = ws.getRow(r);
    const cols: Partial<Record<C, { index: number; header: string }>> = {};
    row.eachCell((cell, index) => {
      const text = cellText(cell.value);
      const folded = foldVi(text);
      for (const [col, names] of Object.entries(headers) as Array<[C, string[]]>) {
        if (!cols[col] && names.includes(folded)) {
          cols[col] = { index, header: text };
          break;
        }
      }
    });
    if (required.every((c) => cols[c])) return { sheet: ws, headerRow: r, cols };
  }
  return null;
}

export interface ReadRows {
  units: Array<Located<Record<UnitColumn, string>>>;
  people: Array<Located<Record<PersonColumn, string>>>;
  unitColumns?: Record<string, string>;
  personColumns?: Record<string, string>;
}

/** Finds the two kinds of sheet and reads their non-empty rows as text. */
export function readSheets(wb: Workbook): {
  rows: ReadRows;
  issues: XlsxIssue[];
  unitHeaders: Partial<Record<UnitColumn, string>>;
  personHeaders: Partial<Record<PersonColumn, string>>;
} {
  const rows: ReadRows = { units: [], people: [] };
  const issues: XlsxIssue[] = [];
  const unitHeaders: Partial<Record<UnitColumn, string>> = {};
  const personHeaders: Partial<Record<PersonColumn, string>> = {};
  let found = false;
  for (const ws of wb.worksheets) {
    const u = findHeader(ws, UNIT_HEADERS, ['code', 'name', 'kind']);
    const p = u ? null : findHeader(ws, PERSON_HEADERS, ['name', 'unit', 'role']);
    const spec = u ?? p;
    if (!spec) continue;
    found = true;
    const target = u ? rows.units : rows.people;
    const headers = (u ? unitHeaders : personHeaders) as Record<string, string>;
    for (const [c, v] of Object.entries(spec.cols)) headers[c] = (v as { header: string }).header;
    if (ws.rowCount - spec.headerRow > MAX_ROWS) {
      issues.push({ sheet: ws.name, row: 0, column: '', message: `quá ${MAX_ROWS} dòng; chia thành nhiều tệp.` });
      continue;
    }
    for (let r = spec.headerRow + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const value: Record<string, string> = {};
      let any = false;
      for (const [col, at] of Object.entries(spec.cols) as Array<[string, { index: number }]>) {
        const t = cellText(row.getCell(at.index).value).replace(/\s+/g, ' ');
        value[col] = t;
        if (t) any = true;
      }
      for (const col of Object.keys(u ? UNIT_HEADERS : PERSON_HEADERS)) value[col] ??= '';
      if (any) target.push({ sheet: ws.name, row: r, value } as never);
    }
  }
  if (!found) {
    issues.push({
      sheet: '',
      row: 0,
      column: '',
      message:
        'không thấy trang đơn vị (cột Mã, Tên đơn vị, Loại, Đơn vị cấp trên) hay trang người dùng (cột Họ tên, Chức vụ, Đơn vị, Vai trò, Số điện thoại). Xem mẫu trong data/templates/.',
    });
  }
  return { rows, issues, unitHeaders, personHeaders };
}

// ------------------------------------------------------------------ validating

type UnitInput = DataFile['units'][number];
type PersonInput = DataFile['people'][number];
const unitSchema = dataFileSchema.shape.units.element;
const personSchema = dataFileSchema.shape.people.unwrap().element;

export interface ExistingUnit {
  code: string;
  name: string;
  isOffice?: boolean;
}

export interface Validated {
  units: Array<Located<UnitInput>>;
  people: Array<Located<PersonInput>>;
}

/**
 * Pure: turns the rows into units and people, or lists every problem. `existing` are the
 * units already in the database, which parents and people's units may refer to (by code or
 * by exact name).
 */
export function validateRows(
  read: ReturnType<typeof readSheets>,
  existing: ExistingUnit[],
): { data: Validated; issues: XlsxIssue[] } {
  const issues: XlsxIssue[] = [...read.issues];
  const uh = (c: UnitColumn) => read.unitHeaders[c] ?? UNIT_HEADERS[c][0]!;
  const ph = (c: PersonColumn) => read.personHeaders[c] ?? PERSON_HEADERS[c][0]!;
  const out: Validated = { units: [], people: [] };

  const byCode = new Map<string, string>(existing.map((u) => [u.code.toLowerCase(), u.code]));
  const byName = new Map<string, string>(existing.map((u) => [foldVi(u.name), u.code]));
  const fileCodes = new Map<string, number>();
  for (const { sheet, row, value } of read.rows.units) {
    const at = (c: UnitColumn, message: string) => issues.push({ sheet, row, column: uh(c), message });
    const kindWord = KIND_WORDS[foldVi(value.kind)];
    if (!kindWord)
      at(
        'kind',
        `"${value.kind}" không phải loại đơn vị đã biết (vd. cơ quan thường trực, cơ quan, xã, phường, trường học, y tế, đoàn thể, thôn).`,
      );
    if (value.name.length > MAX_TEXT) at('name', `dài quá ${MAX_TEXT} ký tự.`);
    const prev = fileCodes.get(value.code.toLowerCase());
    if (value.code && prev !== undefined) at('code', `mã "${value.code}" trùng với dòng ${prev}.`);
    fileCodes.set(value.code.toLowerCase(), row);
    const parsed = unitSchema.safeParse({
      code: value.code,
      name: value.name,
      kind: kindWord?.kind ?? 'agency',
      office: kindWord?.office ?? false,
      ...(value.parent ? { parent: value.parent } : {}),
    });
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const col =
          i.path[0] === 'code' ? 'code' : i.path[0] === 'name' ? 'name' : i.path[0] === 'parent' ? 'parent' : 'kind';
        at(
          col,
          col === 'code' && !value.code
            ? 'thiếu mã đơn vị.'
            : col === 'name' && !value.name
              ? 'thiếu tên đơn vị.'
              : i.message,
        );
      }
      continue;
    }
    out.units.push({ sheet, row, value: parsed.data });
    byCode.set(parsed.data.code.toLowerCase(), parsed.data.code);
    byName.set(foldVi(parsed.data.name), parsed.data.code);
  }
  // One standing office: the one already there (init creates it) keeps its code.
  const existingOffice = existing.find((u) => u.isOffice);
  const offices = out.units.filter((u) => u.value.office);
  for (const [i, u] of offices.entries()) {
    if (existingOffice && u.value.code !== existingOffice.code) {
      issues.push({
        sheet: u.sheet,
        row: u.row,
        column: uh('code'),
        message: `đã có cơ quan thường trực mã "${existingOffice.code}"; ghi mã đó ở dòng này để cập nhật nó.`,
      });
    } else if (i > 0) {
      issues.push({
        sheet: u.sheet,
        row: u.row,
        column: uh('kind'),
        message: `chỉ một đơn vị là cơ quan thường trực (đã có ở dòng ${offices[0]!.row}).`,
      });
    }
  }
  const resolveUnit = (ref: string) => byCode.get(ref.toLowerCase()) ?? byName.get(foldVi(ref));
  for (const u of out.units) {
    if (!u.value.parent) continue;
    const parent = resolveUnit(u.value.parent);
    if (!parent)
      issues.push({
        sheet: u.sheet,
        row: u.row,
        column: uh('parent'),
        message: `không có đơn vị "${u.value.parent}" (trong tệp hay trong dữ liệu hiện có).`,
      });
    else if (parent === u.value.code)
      issues.push({
        sheet: u.sheet,
        row: u.row,
        column: uh('parent'),
        message: 'đơn vị không thể là cấp trên của chính nó.',
      });
    else u.value.parent = parent;
  }

  const personCodes = new Map<string, number>();
  for (const { sheet, row, value } of read.rows.people) {
    const at = (c: PersonColumn, message: string) => issues.push({ sheet, row, column: ph(c), message });
    const role = ROLE_WORDS[foldVi(value.role)];
    if (!value.role) at('role', 'thiếu vai trò (thành viên, đầu mối, thủ trưởng hoặc quản trị).');
    else if (!role) at('role', `"${value.role}" không phải vai trò (thành viên, đầu mối, thủ trưởng hoặc quản trị).`);
    if (!value.name) at('name', 'thiếu họ tên.');
    else if (value.name.length > MAX_TEXT) at('name', `dài quá ${MAX_TEXT} ký tự.`);
    if (value.position.length > MAX_TEXT) at('position', `dài quá ${MAX_TEXT} ký tự.`);
    const unit = value.unit ? resolveUnit(value.unit) : undefined;
    if (!value.unit) at('unit', 'thiếu đơn vị.');
    else if (!unit) at('unit', `không có đơn vị "${value.unit}" (ghi mã hoặc đúng tên đơn vị).`);
    const phone = value.phone ? normalisePhone(value.phone) : undefined;
    if (phone !== undefined && !/^(\+84|0)\d{8,10}$/.test(phone))
      at('phone', `"${value.phone}" không phải số điện thoại.`);
    const code =
      value.code || (unit && value.name ? `${unit}.${slug(value.name)}`.slice(0, 64).replace(/[-.]+$/, '') : '');
    if (code) {
      const prev = personCodes.get(code.toLowerCase());
      if (prev !== undefined)
        at(
          value.code ? 'code' : 'name',
          value.code
            ? `mã "${code}" trùng với dòng ${prev}.`
            : `trùng họ tên và đơn vị với dòng ${prev}; thêm cột "Mã" để phân biệt.`,
        );
      personCodes.set(code.toLowerCase(), row);
    }
    if (!role || !unit || !value.name || !code) continue;
    const parsed = personSchema.safeParse({
      code,
      name: value.name,
      unit,
      role,
      ...(value.position ? { position: value.position } : {}),
      ...(phone ? { phone } : {}),
    });
    if (!parsed.success) {
      for (const i of parsed.error.issues)
        at(i.path[0] === 'phone' ? 'phone' : i.path[0] === 'code' ? 'code' : 'name', i.message);
      continue;
    }
    out.people.push({ sheet, row, value: parsed.data });
  }
  return { data: out, issues };
}

// ------------------------------------------------------------------ writing

export async function importXlsxFile(
  store: Store,
  filePath: string,
  opts: {
    now: Date;
    actor: ImportActor;
    /** The jurisdiction's code (needed when the store holds several). */ jurisdiction?: string;
  },
): Promise<{ rows: RowReport[] }> {
  const name = path.basename(filePath);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(filePath);
  } catch {
    throw new XlsxImportError(name, [{ sheet: '', row: 0, column: '', message: 'không đọc được tệp.' }]);
  }
  if (stat.size > XLSX_MAX_BYTES)
    throw new XlsxImportError(name, [
      { sheet: '', row: 0, column: '', message: `tệp lớn quá ${XLSX_MAX_BYTES / 1024 / 1024} MB.` },
    ]);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(fs.readFileSync(filePath) as unknown as ArrayBuffer);
  } catch {
    throw new XlsxImportError(name, [
      {
        sheet: '',
        row: 0,
        column: '',
        message: 'không phải tệp Excel .xlsx (tệp .xls cũ: mở bằng Excel rồi lưu lại dạng .xlsx).',
      },
    ]);
  }
  const read = readSheets(wb);

  return store.tx(async (tx) => {
    const all = await listJurisdictions(tx);
    const jurisdiction = opts.jurisdiction
      ? all.find((j) => j.code === opts.jurisdiction)
      : all.length === 1
        ? all[0]
        : undefined;
    if (!jurisdiction) {
      const message =
        all.length === 0
          ? 'chưa thiết lập địa bàn: chạy "npm run admin -- init" trước.'
          : opts.jurisdiction
            ? `không có đơn vị hành chính mã "${opts.jurisdiction}" (hiện có: ${all.map((j) => j.code).join(', ')}).`
            : `có ${all.length} đơn vị hành chính; chọn nơi nạp bằng --jurisdiction <mã> (${all.map((j) => j.code).join(', ')}).`;
      throw new XlsxImportError(name, [{ sheet: '', row: 0, column: '', message }]);
    }
    const existing = await tx.select().from(unitsTable).where(eq(unitsTable.jurisdictionId, jurisdiction.id));
    const { data, issues } = validateRows(read, existing);
    if (issues.length) throw new XlsxImportError(name, issues);

    // People may belong to units already in the database: those go through the importer
    // with their current values, so they are matched and left unchanged.
    const inFile = new Set(data.units.map((u) => u.value.code));
    const carried: UnitInput[] = existing
      .filter((u) => !inFile.has(u.code) && data.people.some((p) => p.value.unit === u.code))
      .map((u) => ({
        code: u.code,
        name: u.name,
        kind: u.kind as UnitInput['kind'],
        office: u.isOffice,
        parent: u.parentCode ?? undefined,
        active: u.active,
        note: u.note ?? undefined,
        uncertain: u.uncertain,
      }));
    // A unit in the sheet keeps what the sheet does not say (note, uncertain, active).
    const known = new Map(existing.map((u) => [u.code, u]));
    const sheetUnits = data.units.map(({ value }) => {
      const old = known.get(value.code);
      return old ? { ...value, note: old.note ?? undefined, uncertain: old.uncertain, active: old.active } : value;
    });

    const [last] = rowsOf<{ max_id: string | number | null }>(
      await tx.execute(sql`select coalesce(max(id), 0) as max_id from audit_log`),
    );
    const maxId = Number(last?.max_id ?? 0);

    const file: DataFile = {
      // The jurisdiction is the database's own (`into` below): its row is left as it is.
      meta: { code: jurisdiction.code, name: jurisdiction.name },
      settings: {} as DataFile['settings'],
      units: [...carried, ...sheetUnits],
      people: data.people.map((p) => p.value),
      rules: [],
      campaigns: [],
      titles: [],
      templates: [],
      deadlines: [],
    };
    await writeDataFile(tx, file, new Map(), { ...opts, into: jurisdiction });

    const codes = [...data.units.map((u) => u.value.code), ...data.people.map((p) => p.value.code)];
    const touched = codes.length
      ? await tx
          .select({ entity: auditLog.entity, entityId: auditLog.entityId, action: auditLog.action })
          .from(auditLog)
          .where(
            and(
              gt(auditLog.id, maxId),
              eq(auditLog.jurisdictionId, jurisdiction.id),
              inArray(auditLog.entity, ['unit', 'person']),
              inArray(auditLog.entityId, codes),
            ),
          )
      : [];
    const actionOf = (entity: string, code: string): RowAction => {
      const a = touched.find((t) => t.entity === entity && t.entityId === code)?.action;
      return a === 'import.insert' ? 'created' : a === 'import.update' ? 'updated' : 'unchanged';
    };
    const rows: RowReport[] = [
      ...data.units.map((u) => ({
        sheet: u.sheet,
        row: u.row,
        entity: 'unit' as const,
        code: u.value.code,
        name: u.value.name,
        action: actionOf('unit', u.value.code),
      })),
      ...data.people.map((p) => ({
        sheet: p.sheet,
        row: p.row,
        entity: 'person' as const,
        code: p.value.code,
        name: p.value.name,
        action: actionOf('person', p.value.code),
      })),
    ];
    return { rows };
  });
}
