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
import { csvLine, csvNumber, csvQuote, type CsvStyle } from '../../domain/csv.js';
import type { FormItem } from '../../domain/form-items.js';
import { formatDate, formatDateTime } from '../../domain/format.js';
import { COLLECTIVE_ITEM } from '../../domain/registration.js';
import { daysLate } from '../../domain/submission.js';
import { translator } from '../i18n/index.js';
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
    overdueCell(o, u, L),
    u.submittedAt ? wallClock(u.submittedAt, o.timezone) : null,
    u.version > 0 ? u.version : null,
    u.refNo ?? null,
    ...o.items.map((it) => answerValue(it, u.answers[it.code], L)),
  ]);
  return { columns, rows };
}

/** "Có" while overdue; a unit that filed after the deadline says how late: "Nộp muộn 245 ngày". */
function overdueCell(o: DeadlineOverview, u: UnitProgress, L: OfficeLabels): string {
  if (u.overdue) return L.yes;
  const late = u.firstSubmittedAt ? daysLate(o.deadline, u.firstSubmittedAt, o.timezone) : 0;
  return late > 0 ? L.lateDays(late) : L.no;
}

// ------------------------------------------------------------------ a registration's nominations

interface Nominations {
  table: DetailTable;
  /** Nominations per title, in the form's order (collective titles first). */
  totals: Array<[title: string, count: number]>;
}

/**
 * One row per nominated person (and per unit registering a collective title), with the unit,
 * its state and lateness; a unit that nominated nobody gets one row saying so, so every unit
 * shows. The title of a "names" item is its label without the form's wording around it.
 */
function nominations(o: DeadlineOverview): Nominations {
  const L = officeLabels(o.locale);
  const N = L.nominations;
  const [before = '', after = ''] = translator(o.locale)('reg.item_individuals', { title: '\u0000' }).split('\u0000');
  const titleOf = (label: string): string =>
    label.startsWith(before) && label.endsWith(after) && label.length > before.length + after.length
      ? label.slice(before.length, label.length - after.length)
      : label;
  const collective = o.items.find((i) => i.code === COLLECTIVE_ITEM && i.type === 'choice');
  const noneOption = collective?.type === 'choice' ? collective.options.at(-1) : undefined;
  const individuals = o.items.filter((i) => i.type === 'names');
  const totals = new Map<string, number>();
  if (collective?.type === 'choice') for (const opt of collective.options.slice(0, -1)) totals.set(opt, 0);
  for (const it of individuals) totals.set(titleOf(it.label), 0);
  const columns: Column[] = [
    { header: L.col.no, kind: 'int', numFmt: '0' },
    { header: L.col.unitCode, kind: 'text' },
    { header: L.col.unitName, kind: 'text' },
    { header: L.col.state, kind: 'text' },
    { header: L.col.overdue, kind: 'text' },
    { header: N.form, kind: 'text' },
    { header: N.title, kind: 'text' },
    { header: N.name, kind: 'text' },
  ];
  const rows: Value[][] = [];
  for (const u of o.units) {
    const unitCells = (): Value[] => [rows.length + 1, u.code, u.name, L.state[u.state], overdueCell(o, u, L)];
    const before = rows.length;
    const picked = u.answers[COLLECTIVE_ITEM];
    if (typeof picked === 'string' && picked !== noneOption) {
      rows.push([...unitCells(), N.collective, picked, u.name]);
      totals.set(picked, (totals.get(picked) ?? 0) + 1);
    }
    for (const it of individuals) {
      const names = u.answers[it.code];
      if (!Array.isArray(names)) continue;
      const title = titleOf(it.label);
      for (const name of names) {
        rows.push([...unitCells(), N.individual, title, jsonText(name)]);
        totals.set(title, (totals.get(title) ?? 0) + 1);
      }
    }
    if (rows.length === before) rows.push([...unitCells(), null, null, N.none]);
  }
  return { table: { columns, rows }, totals: [...totals] };
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
  if (o.deadline.kind === 'registration') {
    const n = nominations(o);
    const ws = wb.addWorksheet(L.sheet.nominations, {
      pageSetup: { orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    writeDetails(ws, n.table);
    let r = n.table.rows.length + 3;
    sectionTitle(ws, r++, L.nominations.totalsTitle);
    headerCells(ws, r++, [L.nominations.title, L.nominations.count]);
    for (const [title, count] of n.totals) bodyCells(ws, r++, [title, count], [undefined, '0']);
    bodyCells(ws, r, [L.stateTable.grandTotal, n.totals.reduce((a, [, c]) => a + c, 0)], [undefined, '0'], true);
  }

  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out);
}

function csvField(s: string, style: CsvStyle): string {
  // A text starting like a formula would run as one when the CSV is opened in a spreadsheet.
  return csvQuote(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s, style);
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function csvValue(v: Value, c: Column, style: CsvStyle): string {
  if (v === null) return '';
  if (v instanceof Date) {
    const date = `${two(v.getUTCDate())}/${two(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
    return c.kind === 'datetime' ? `${two(v.getUTCHours())}:${two(v.getUTCMinutes())} ${date}` : date;
  }
  if (typeof v === 'number') return csvNumber(v, style) + (c.kind === 'percent' ? '%' : '');
  return csvField(v, style);
}

function csvTable(t: DetailTable, style: CsvStyle): string[] {
  return [
    csvLine(
      t.columns.map((c) => csvField(c.header, style)),
      style,
    ),
    ...t.rows.map((r) =>
      csvLine(
        t.columns.map((c, i) => csvValue(r[i] ?? null, c, style)),
        style,
      ),
    ),
  ];
}

/**
 * The details as CSV, in one of two styles (domain/csv.ts): `rfc4180` (the default here: comma
 * separator, "." decimal point) or `excel-vi` (";" separator, decimal comma, what Excel opens
 * directly on a Vietnamese Windows; `CSV_STYLE`, by default for a Vietnamese export). CRLF line
 * ends; fields holding a quote, the separator or a line break quoted; dates dd/mm/yyyy, times
 * HH:mm dd/mm/yyyy in `o.timezone`; percentages as "85%". Starts with a UTF-8 BOM so Excel
 * reads the Vietnamese text correctly. Text cells that start with =, +, -, @ get a leading
 * apostrophe so a spreadsheet does not evaluate them.
 *
 * A registration gives one row per nominated person (or collective), then, after an empty
 * line, the number of nominations per title; the per-unit table stays in the XLSX.
 */
export function buildCsv(o: DeadlineOverview, style: CsvStyle = 'rfc4180'): string {
  let lines: string[];
  if (o.deadline.kind === 'registration') {
    const L = officeLabels(o.locale);
    const n = nominations(o);
    const total = n.totals.reduce((a, [, c]) => a + c, 0);
    lines = [
      ...csvTable(n.table, style),
      '',
      csvLine([csvField(L.nominations.title, style), csvField(L.nominations.count, style)], style),
      ...[...n.totals, [L.stateTable.grandTotal, total] as const].map(([title, count]) =>
        csvLine([csvField(title, style), csvNumber(count, style)], style),
      ),
    ];
  } else lines = csvTable(detailTable(o), style);
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
