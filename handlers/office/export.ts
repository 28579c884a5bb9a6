/**
 * The office's export of one deadline: an XLSX workbook (summary + one row per unit) and the
 * same details as CSV. Pure functions of a `DeadlineOverview`; nothing here reads the store.
 *
 * Conventions:
 * - Times are shown in `o.timezone`. Excel has no time zones, so a date cell holds the local
 *   wall-clock time (a `Date` whose UTC fields are the local fields).
 * - Percent items (`number` with `percent: true`) store what the person typed: 85 means 85%.
 *   In the XLSX they are written as real percentages, 0.85 with a `0%` number format (shown
 *   "85%"), so sums, averages and charts in Excel work on them; the CSV writes "85%". A sum
 *   of percentages means nothing, so the summary gives their average only.
 * - Figures in the summary count every unit whose latest submitted version has a value for
 *   the item (a skipped or unanswered item does not count towards the average).
 */
import type { Alignment, Borders, Fill, Worksheet } from 'exceljs';
import type { FormItem } from '../../domain/form-items.js';
import { formatDate, formatDateTime } from '../../domain/format.js';
import { localParts } from '../../domain/time.js';
import type { Json } from '../types.js';
import { kindLabel, kindOrder, officeLabels, type OfficeLabels } from './labels.js';
import type { DeadlineOverview, UnitProgress } from './model.js';
import { choiceFigures, numberFigures, numberOf, yesNoFigures } from './figures.js';

// ------------------------------------------------------------------ the details table

type ColumnKind = 'int' | 'number' | 'percent' | 'text' | 'longtext' | 'date' | 'datetime';

interface Column {
  header: string;
  kind: ColumnKind;
  /** Excel number format for numeric and date columns. */
  numFmt?: string;
}

/** A cell before it is written: dates are wall-clock dates (UTC fields = local fields). */
type Value = string | number | Date | null;

interface DetailTable {
  columns: Column[];
  rows: Value[][];
}

const DATE_FMT = 'dd/mm/yyyy';
const DATETIME_FMT = 'hh:mm dd/mm/yyyy';

/** Decimal places needed to show every value exactly (at most `cap`). */
function decimalsOf(values: number[], cap: number): number {
  let d = 0;
  for (const v of values) {
    for (let k = d; k <= cap; k++) {
      if (Math.abs(Math.round(v * 10 ** k) - v * 10 ** k) < 1e-9) break;
      d = k + 1;
    }
  }
  return Math.min(d, cap);
}

function numberFormat(decimals: number, percent: boolean): string {
  const frac = decimals > 0 ? '.' + '0'.repeat(decimals) : '';
  return percent ? `0${frac}%` : `#,##0${frac}`;
}

/** A wall-clock `Date` for an instant: its UTC fields are the local fields in `tz`. */
function wallClock(d: Date, tz: string): Date {
  const p = localParts(d, tz);
  return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, 0));
}

/** 'YYYY-MM-DD' as a wall-clock date, or undefined for anything else. */
function isoDate(v: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 ? d : undefined;
}

function itemHeader(item: FormItem, L: OfficeLabels): string {
  if (item.type === 'number' && item.unit && !item.percent) return `${item.label} (${item.unit})`;
  if (item.type === 'file') return `${item.label} (${L.filesCount})`;
  return item.label;
}

function itemColumn(item: FormItem, units: UnitProgress[], L: OfficeLabels): Column {
  const header = itemHeader(item, L);
  switch (item.type) {
    case 'number': {
      const values = units.map((u) => numberOf(u.answers[item.code])).filter((v): v is number => v !== undefined);
      const decimals = item.integer ? 0 : decimalsOf(values, 4);
      return item.percent
        ? { header, kind: 'percent', numFmt: numberFormat(decimals, true) }
        : { header, kind: 'number', numFmt: numberFormat(decimals, false) };
    }
    case 'file':
      return { header, kind: 'int', numFmt: '0' };
    case 'date':
      return { header, kind: 'date', numFmt: DATE_FMT };
    case 'longtext':
      return { header, kind: 'longtext' };
    default:
      return { header, kind: 'text' };
  }
}

function answerValue(item: FormItem, v: Json | undefined, L: OfficeLabels): Value {
  if (v === undefined || v === null) return null;
  switch (item.type) {
    case 'number':
      return numberOf(v) ?? jsonText(v);
    case 'yesno':
      return v === true ? L.yes : v === false ? L.no : jsonText(v);
    case 'date':
      return typeof v === 'string' ? (isoDate(v) ?? v) : jsonText(v);
    case 'file':
      return Array.isArray(v) ? v.length : null;
    case 'names':
      return Array.isArray(v) ? v.map(String).join('; ') : jsonText(v);
    default:
      return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : jsonText(v);
  }
}

/** A stored answer as text: strings as they are, anything else as JSON. */
function jsonText(v: Json): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function detailTable(o: DeadlineOverview): DetailTable {
  const L = officeLabels(o.locale);
  const columns: Column[] = [
    { header: L.col.no, kind: 'int', numFmt: '0' },
    { header: L.col.unitCode, kind: 'text' },
    { header: L.col.unitName, kind: 'text' },
    { header: L.col.kind, kind: 'text' },
    { header: L.col.state, kind: 'text' },
    { header: L.col.overdue, kind: 'text' },
    { header: L.col.submittedAt, kind: 'datetime', numFmt: DATETIME_FMT },
    { header: L.col.version, kind: 'int', numFmt: '0' },
    { header: L.col.refNo, kind: 'text' },
    ...o.items.map((it) => itemColumn(it, o.units, L)),
  ];
  const rows = o.units.map((u, i): Value[] => [
    i + 1,
    u.code,
    u.name,
    kindLabel(o.locale, u.kind),
    L.state[u.state],
    // A unit that filed after the deadline is not "not overdue": it says it was late.
    u.overdue ? L.yes : u.firstSubmittedAt && u.firstSubmittedAt > o.deadline.dueAt ? L.late : L.no,
    u.submittedAt ? wallClock(u.submittedAt, o.timezone) : null,
    u.version > 0 ? u.version : null,
    u.refNo ?? null,
    ...o.items.map((it) => answerValue(it, u.answers[it.code], L)),
  ]);
  return { columns, rows };
}

// ------------------------------------------------------------------ summary figures

type Segment = 'not_started' | 'draft' | 'returned' | 'submitted' | 'accepted';
const STATES: readonly Segment[] = ['not_started', 'draft', 'returned', 'submitted', 'accepted'];

interface StateRow {
  label: string;
  counts: Record<Segment, number>;
  total: number;
  overdue: number;
  done: number;
}

function stateRows(o: DeadlineOverview): { rows: StateRow[]; total: StateRow } {
  const L = officeLabels(o.locale);
  const empty = (label: string): StateRow => ({
    label,
    counts: { not_started: 0, draft: 0, returned: 0, submitted: 0, accepted: 0 },
    total: 0,
    overdue: 0,
    done: 0,
  });
  const byKind = new Map<string, StateRow>();
  const total = empty(L.stateTable.grandTotal);
  for (const kind of kindOrder(o.units.map((u) => u.kind))) byKind.set(kind, empty(kindLabel(o.locale, kind)));
  for (const u of o.units) {
    for (const r of [byKind.get(u.kind)!, total]) {
      r.counts[u.state]++;
      r.total++;
      if (u.overdue) r.overdue++;
      if (u.state === 'submitted' || u.state === 'accepted') r.done++;
    }
  }
  return { rows: [...byKind.values()], total };
}

// ------------------------------------------------------------------ XLSX styling

const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE5F0' } };
const TOTAL_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const THIN = { style: 'thin' as const, color: { argb: 'FFB0B7C3' } };
const BORDER: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_ALIGN: Partial<Alignment> = { vertical: 'middle', horizontal: 'center', wrapText: true };

/** Display length of a value in characters, for column widths. */
function displayLength(v: Value, c: Column): number {
  if (v === null) return 0;
  if (v instanceof Date) return c.kind === 'datetime' ? 16 : 10;
  if (typeof v === 'number')
    return c.kind === 'percent'
      ? String(v).length + 1
      : Math.max(String(Math.round(v)).length * 1.35, String(v).length);
  return Math.max(...v.split('\n').map((l) => [...l].length));
}

function columnWidth(c: Column, values: Value[]): number {
  const max = c.kind === 'longtext' ? 60 : 45;
  const content = Math.max(0, ...values.map((v) => displayLength(v, c)));
  // A header may wrap onto two lines (more when the column hits its maximum); its longest
  // word must fit.
  const headerWords = Math.max(...c.header.split(/\s+/).map((w) => [...w].length));
  const header = Math.max(headerWords, Math.ceil([...c.header].length / 2));
  const width = Math.min(max, Math.max(6, Math.ceil(content) + 2, header + 2));
  // exceljs leaves out a column whose width equals its default (9): keep ours explicit.
  return width === 9 ? 9.5 : width;
}

/** Height in points of a header row whose texts wrap in their columns. */
function headerHeight(headers: string[], widths: number[]): number {
  let lines = 1;
  headers.forEach((h, i) => {
    const w = Math.max(1, (widths[i] ?? 10) - 1);
    let n = 1;
    let len = 0;
    for (const word of h.split(/\s+/)) {
      const wl = [...word].length;
      if (len > 0 && len + 1 + wl > w) {
        n++;
        len = wl;
      } else len += (len > 0 ? 1 : 0) + wl;
    }
    lines = Math.max(lines, n);
  });
  return Math.min(4, lines) * 15 + 6;
}

function writeDetails(ws: Worksheet, t: DetailTable): void {
  const widths = t.columns.map((c, i) =>
    columnWidth(
      c,
      t.rows.map((r) => r[i] ?? null),
    ),
  );
  t.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = widths[i]!;
    if (c.numFmt) col.numFmt = c.numFmt;
  });
  const header = ws.getRow(1);
  t.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = HEADER_ALIGN;
    cell.border = BORDER;
  });
  header.height = headerHeight(
    t.columns.map((c) => c.header),
    widths,
  );

  t.rows.forEach((r, ri) => {
    const row = ws.getRow(ri + 2);
    t.columns.forEach((c, i) => {
      const v = r[i] ?? null;
      const cell = row.getCell(i + 1);
      cell.border = BORDER;
      if (v === null) return;
      if (c.kind === 'percent' && typeof v === 'number') cell.value = v / 100;
      else cell.value = v;
      if (c.numFmt && (typeof v === 'number' || v instanceof Date)) cell.numFmt = c.numFmt;
      cell.alignment =
        c.kind === 'longtext' || (typeof v === 'string' && v.includes('\n'))
          ? { vertical: 'top', wrapText: true }
          : { vertical: 'top' };
    });
  });

  ws.views = [{ state: 'frozen', xSplit: 3, ySplit: 1, topLeftCell: 'D2', activeCell: 'D2' }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
}

function headerCells(ws: Worksheet, rowNo: number, headers: string[]): void {
  const row = ws.getRow(rowNo);
  headers.forEach((h, i) => {
    const cell = row.getCell(i + 1);
    cell.value = h;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = HEADER_ALIGN;
    cell.border = BORDER;
  });
  row.height = headerHeight(
    headers,
    headers.map((_, i) => ws.getColumn(i + 1).width ?? 10),
  );
}

function bodyCells(
  ws: Worksheet,
  rowNo: number,
  values: Array<string | number | null>,
  fmts: Array<string | undefined> = [],
  bold = false,
): void {
  const row = ws.getRow(rowNo);
  values.forEach((v, i) => {
    const cell = row.getCell(i + 1);
    cell.border = BORDER;
    if (v !== null) cell.value = v;
    const fmt = fmts[i];
    if (fmt && typeof v === 'number') cell.numFmt = fmt;
    cell.alignment = { vertical: 'middle', wrapText: typeof v === 'string' };
    if (bold) {
      cell.font = { bold: true };
      cell.fill = TOTAL_FILL;
    }
  });
}

function sectionTitle(ws: Worksheet, rowNo: number, text: string): void {
  const cell = ws.getCell(rowNo, 1);
  cell.value = text;
  cell.font = { bold: true, size: 12 };
}

function writeSummary(ws: Worksheet, o: DeadlineOverview): void {
  const L = officeLabels(o.locale);
  const S = L.stateTable;
  const F = L.figures;
  const lastCol = 9;
  ws.getColumn(1).width = 40;
  for (let c = 2; c <= lastCol; c++) ws.getColumn(c).width = 16;

  ws.getCell('A1').value = o.issuer;
  ws.getCell('A1').font = { bold: true };
  ws.getCell('A2').value = o.office;
  ws.getCell('A2').font = { bold: true };

  ws.mergeCells(4, 1, 4, lastCol);
  ws.getCell('A4').value = L.head.title;
  ws.getCell('A4').font = { bold: true, size: 14 };
  ws.getCell('A4').alignment = { horizontal: 'center' };

  const info: Array<[string, string]> = [
    [L.head.deadline, o.deadline.title],
    [L.head.dueAt, formatDateTime(o.deadline.dueAt, o.timezone)],
    [L.head.generatedAt, formatDateTime(o.generatedAt, o.timezone)],
  ];
  let r = 6;
  for (const [k, v] of info) {
    ws.getCell(r, 1).value = k;
    ws.getCell(r, 1).font = { bold: true };
    ws.mergeCells(r, 2, r, lastCol);
    ws.getCell(r, 2).value = v;
    ws.getCell(r, 2).alignment = { wrapText: true, vertical: 'top' };
    if ([...v].length > 110) ws.getRow(r).height = Math.min(4, Math.ceil([...v].length / 110)) * 15;
    r++;
  }

  // I. Units by state and kind.
  r++;
  sectionTitle(ws, r++, S.title);
  headerCells(ws, r++, [S.kind, ...STATES.map((s) => L.state[s]), S.total, S.overdueOfWhich, S.doneRate]);
  const { rows, total } = stateRows(o);
  const stateLine = (x: StateRow): Array<string | number | null> => [
    x.label,
    ...STATES.map((s) => x.counts[s]),
    x.total,
    x.overdue,
    x.total ? x.done / x.total : null,
  ];
  const stateFmts = [undefined, ...STATES.map(() => '0'), '0', '0', '0.0%'];
  for (const x of rows) bodyCells(ws, r++, stateLine(x), stateFmts);
  bodyCells(ws, r++, stateLine(total), stateFmts, true);

  // II. Numbers: total and average over units with a value.
  const figures = numberFigures(o);
  if (figures.length) {
    r++;
    sectionTitle(ws, r++, F.numbersTitle);
    headerCells(ws, r++, [F.item, F.measure, F.respondents, F.total, F.average, F.note]);
    for (const f of figures) {
      const pct = f.item.percent;
      const values = o.units.map((u) => numberOf(u.answers[f.item.code])).filter((v): v is number => v !== undefined);
      const d = f.item.integer ? 0 : decimalsOf(values, 4);
      const avgDecimals = f.average === undefined || Number.isInteger(f.average) ? 0 : pct ? 1 : 2;
      bodyCells(
        ws,
        r,
        [
          f.item.label,
          pct ? '%' : (f.item.unit ?? null),
          f.count,
          pct || f.count === 0 ? null : f.sum,
          f.average === undefined ? null : pct ? f.average / 100 : f.average,
          pct ? F.percentTotalNote : null,
        ],
        [undefined, undefined, '0', numberFormat(d, false), numberFormat(avgDecimals, pct)],
      );
      ws.getCell(r, 2).alignment = { horizontal: 'center', vertical: 'middle' };
      r++;
    }
  }

  // III. Yes/no items: how many units answered "Có" and "Không".
  const yesno = o.items.filter((i) => i.type === 'yesno');
  if (yesno.length) {
    r++;
    sectionTitle(ws, r++, F.yesnoTitle);
    headerCells(ws, r++, [F.item, F.yesCount, F.noCount]);
    for (const { item, yes, no } of yesNoFigures(o)) bodyCells(ws, r++, [item.label, yes, no], [undefined, '0', '0']);
  }

  // IV. Choice items: units per option (answers outside the options listed after them).
  const choices = o.items.filter((i) => i.type === 'choice');
  if (choices.length) {
    r++;
    sectionTitle(ws, r++, F.choiceTitle);
    headerCells(ws, r++, [F.item, F.option, F.units]);
    for (const { item: it, counts } of choiceFigures(o)) {
      const first = r;
      for (const [opt, n] of counts) {
        bodyCells(ws, r, [r === first ? it.label : null, opt, n], [undefined, undefined, '0']);
        r++;
      }
      if (r - 1 > first) ws.mergeCells(first, 1, r - 1, 1);
      ws.getCell(first, 1).alignment = { vertical: 'top', wrapText: true };
    }
  }
  // Option texts can be long; the second column holds them.
  if (choices.length) {
    const longest = Math.max(...choices.flatMap((c) => c.options.map((x) => [...x].length)));
    ws.getColumn(2).width = Math.min(40, Math.max(14, longest + 2));
  }
}

// ------------------------------------------------------------------ public API

/** The XLSX workbook of a deadline: "Tổng hợp" (summary) and "Chi tiết" (one row per unit). */
export async function buildWorkbook(o: DeadlineOverview): Promise<Buffer> {
  const L = officeLabels(o.locale);
  // Loaded on first use: exceljs costs ~0.25 s and ~25 MB at every start otherwise.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = o.office;
  wb.created = o.generatedAt;
  wb.modified = o.generatedAt;
  wb.title = o.deadline.title;

  const summary = wb.addWorksheet(L.sheet.summary, {
    pageSetup: { orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  writeSummary(summary, o);
  const details = wb.addWorksheet(L.sheet.details, {
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  writeDetails(details, detailTable(o));

  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out);
}

function csvField(s: string): string {
  // A text starting like a formula would run as one when the CSV is opened in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function csvValue(v: Value, c: Column): string {
  if (v === null) return '';
  if (v instanceof Date) {
    const date = `${two(v.getUTCDate())}/${two(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
    return c.kind === 'datetime' ? `${two(v.getUTCHours())}:${two(v.getUTCMinutes())} ${date}` : date;
  }
  if (typeof v === 'number') return c.kind === 'percent' ? `${v}%` : String(v);
  return csvField(v);
}

/**
 * The details sheet as CSV: RFC 4180 (comma separator, CRLF line ends, fields with commas,
 * quotes or line breaks quoted), dates dd/mm/yyyy, times HH:mm dd/mm/yyyy in `o.timezone`,
 * numbers with a "." decimal point, percentages as "85%". Starts with a UTF-8 BOM so Excel
 * reads the Vietnamese text correctly. Text cells that start with =, +, -, @ get a leading
 * apostrophe so a spreadsheet does not evaluate them.
 */
export function buildCsv(o: DeadlineOverview): string {
  const t = detailTable(o);
  const lines = [
    t.columns.map((c) => csvField(c.header)).join(','),
    ...t.rows.map((r) => t.columns.map((c, i) => csvValue(r[i] ?? null, c)).join(',')),
  ];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** A file name for the export, e.g. "bao-cao-6-thang-2026_30-06-2026.xlsx" (ASCII only). */
export function exportFileName(o: DeadlineOverview, ext: 'xlsx' | 'csv'): string {
  const base = (o.deadline.code || o.deadline.title)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60);
  return `${base || 'export'}_${formatDate(o.generatedAt, o.timezone).split('/').join('-')}.${ext}`;
}
