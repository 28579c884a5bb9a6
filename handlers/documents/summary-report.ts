/**
 * Báo cáo tổng hợp sơ kết / tổng kết: the jurisdiction's summary of one review deadline,
 * written from what the units submitted in chat. Two pure steps, so tests can compare the
 * document with the data: `summaryReportModel` computes every count, total and quote;
 * `summaryReportSpec` turns the model into the blocks of the shared administrative layout.
 *
 * The figures are the export's (`office/figures.ts`): a unit counts when its latest submitted
 * version has a value. "Đúng hạn" / "Muộn" compare a unit's FIRST submission with the due
 * time (a later correction does not make an on-time report late); units that never submitted
 * (drafts included) are "chưa nộp". Lists of units are sorted with Vietnamese collation.
 *
 * Documents are Vietnamese only: they are the administrative documents the law describes,
 * signed and filed in Vietnamese whatever language the person who asked for them reads.
 */
import { formatNumber } from '../../domain/format.js';
import { kindLabel, kindOrder } from '../office/labels.js';
import type { DeadlineOverview, UnitProgress } from '../office/model.js';
import { choiceFigures, numberFigures, yesNoFigures } from '../office/figures.js';
import type { DocumentSettings } from './conventions.js';
import { upper } from './conventions.js';
import type { Block, Cell, DocumentSpec } from './layout.js';

export interface ExemplarEntry {
  unitName: string;
  name: string;
  field: string;
  achievement: string;
}

/** A top-level section of the deadline's campaign plan: one line of work and its points. */
export interface LineOfWork {
  title: string;
  items: string[];
}

export interface SummaryReportInput {
  overview: DeadlineOverview;
  exemplars: ExemplarEntry[];
  linesOfWork: LineOfWork[];
  settings: DocumentSettings;
  /** Nơi nhận, one line each. */
  recipients: string[];
}

export interface UnitRef {
  code: string;
  name: string;
}

export interface KindRow {
  kind: string;
  label: string;
  total: number;
  onTime: number;
  late: number;
  returned: number;
  missing: number;
}

export interface SummaryReportModel {
  deadline: DeadlineOverview['deadline'];
  generatedAt: Date;
  timezone: string;
  total: number;
  /** Submitted (or accepted), by their first submission against the due time. */
  onTime: UnitRef[];
  late: UnitRef[];
  /** Submitted, then returned by the office for correction: not counted as submitted, as in /tinhhinh. */
  returned: UnitRef[];
  /** Not submitted: not started or a draft. */
  missing: UnitRef[];
  byKind: KindRow[];
  numbers: Array<{ label: string; unit?: string; percent: boolean; count: number; sum: number; average?: number }>;
  yesNo: Array<{ label: string; yes: number; no: number }>;
  choices: Array<{ label: string; options: Array<{ option: string; units: number }> }>;
  highlights: Array<{ label: string; quotes: Array<{ unit: string; text: string }> }>;
  exemplars: ExemplarEntry[];
  linesOfWork: LineOfWork[];
}

/** Longest quote of a long answer, in characters; longer answers are cut at a word. */
export const QUOTE_MAX = 600;

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name);

/** Done as /tinhhinh counts it: the latest version is submitted or accepted. */
function done(u: UnitProgress): boolean {
  return u.state === 'submitted' || u.state === 'accepted';
}

function isLate(u: UnitProgress, dueAt: Date): boolean {
  return done(u) && u.firstSubmittedAt !== undefined && u.firstSubmittedAt.getTime() > dueAt.getTime();
}

function isMissing(u: UnitProgress): boolean {
  return u.state === 'not_started' || u.state === 'draft';
}

/** A long answer shortened at a word boundary, whitespace collapsed. */
export function quoteOf(text: string, max = QUOTE_MAX): string {
  const flat = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max).join('');
  const at = cut.lastIndexOf(' ');
  return `${(at > max / 2 ? cut.slice(0, at) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

const ref = (u: UnitProgress): UnitRef => ({ code: u.code, name: u.name });

/** Every figure of the report, from the data only. */
export function summaryReportModel(input: SummaryReportInput): SummaryReportModel {
  const o = input.overview;
  const due = o.deadline.dueAt;
  const units = [...o.units].sort(byName);
  const byKind = kindOrder(units.map((u) => u.kind)).map((kind): KindRow => {
    const of = units.filter((u) => u.kind === kind);
    return {
      kind,
      label: kindLabel('vi', kind),
      total: of.length,
      onTime: of.filter((u) => done(u) && !isLate(u, due)).length,
      late: of.filter((u) => isLate(u, due)).length,
      returned: of.filter((u) => u.state === 'returned').length,
      missing: of.filter(isMissing).length,
    };
  });
  const longItems = o.items.filter((i) => i.type === 'longtext');
  return {
    deadline: o.deadline,
    generatedAt: o.generatedAt,
    timezone: o.timezone,
    total: units.length,
    onTime: units.filter((u) => done(u) && !isLate(u, due)).map(ref),
    late: units.filter((u) => isLate(u, due)).map(ref),
    returned: units.filter((u) => u.state === 'returned').map(ref),
    missing: units.filter(isMissing).map(ref),
    byKind,
    numbers: numberFigures(o).map((f) => ({
      label: f.item.label,
      unit: f.item.percent ? undefined : f.item.unit,
      percent: f.item.percent === true,
      count: f.count,
      sum: f.sum,
      average: f.average,
    })),
    yesNo: yesNoFigures(o).map((f) => ({ label: f.item.label, yes: f.yes, no: f.no })),
    choices: choiceFigures(o).map((f) => ({
      label: f.item.label,
      options: [...f.counts].map(([option, n]) => ({ option, units: n })),
    })),
    highlights: longItems
      .map((item) => ({
        label: item.label,
        quotes: units
          .map((u) => ({ unit: u.name, answer: u.answers[item.code] }))
          .filter((q): q is { unit: string; answer: string } => typeof q.answer === 'string' && q.answer.trim() !== '')
          .map((q) => ({ unit: q.unit, text: quoteOf(q.answer) })),
      }))
      .filter((h) => h.quotes.length > 0),
    exemplars: [...input.exemplars].sort(
      (a, b) => collator.compare(a.unitName, b.unitName) || collator.compare(a.name, b.name),
    ),
    linesOfWork: input.linesOfWork,
  };
}

/** True when there is nothing to report: no unit has ever submitted. */
export function isEmptyReport(m: SummaryReportModel): boolean {
  return m.onTime.length + m.late.length + m.returned.length === 0;
}

// ------------------------------------------------------------------ the document

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

const n = (x: number, digits = 2): string => formatNumber(Math.round(x * 10 ** digits) / 10 ** digits, 'vi');
const names = (list: UnitRef[]): string => list.map((u) => u.name).join('; ');

function submissionBlocks(m: SummaryReportModel): Block[] {
  const done = m.onTime.length + m.late.length;
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text:
        `Tổng số đơn vị phải báo cáo: ${m.total}. Đã nộp: ${done}/${m.total} (${n((done / Math.max(1, m.total)) * 100, 1)}%), ` +
        `trong đó đúng hạn ${m.onTime.length}, muộn ${m.late.length}; ` +
        (m.returned.length ? `trả lại để hoàn thiện: ${m.returned.length}; ` : '') +
        `chưa nộp: ${m.missing.length}.`,
    },
  ];
  const rows: Cell[][] = m.byKind.map((k, i) => [i + 1, k.label, k.total, k.onTime, k.late, k.returned, k.missing]);
  const sum = (f: (k: KindRow) => number) => m.byKind.reduce((a, k) => a + f(k), 0);
  blocks.push({
    kind: 'table',
    columns: [
      { header: 'STT', width: 8, align: 'center' },
      { header: 'Loại đơn vị', width: 32 },
      { header: 'Tổng số', width: 12, align: 'right' },
      { header: 'Nộp đúng hạn', width: 12, align: 'right' },
      { header: 'Nộp muộn', width: 12, align: 'right' },
      { header: 'Trả lại hoàn thiện', width: 12, align: 'right' },
      { header: 'Chưa nộp', width: 12, align: 'right' },
    ],
    rows,
    total: [
      '',
      'Tổng cộng',
      sum((k) => k.total),
      sum((k) => k.onTime),
      sum((k) => k.late),
      sum((k) => k.returned),
      sum((k) => k.missing),
    ],
  });
  if (m.late.length) blocks.push({ kind: 'paragraph', text: `Đơn vị nộp muộn: ${names(m.late)}.` });
  if (m.missing.length) blocks.push({ kind: 'paragraph', text: `Đơn vị chưa nộp: ${names(m.missing)}.` });
  if (m.returned.length)
    blocks.push({ kind: 'paragraph', text: `Báo cáo đã trả lại để đơn vị hoàn thiện: ${names(m.returned)}.` });
  return blocks;
}

function resultBlocks(m: SummaryReportModel): Block[] {
  const blocks: Block[] = [];
  let k = 0;
  if (m.numbers.length) {
    blocks.push({ kind: 'heading', level: 2, text: `${++k}. Các chỉ tiêu số liệu` });
    blocks.push({
      kind: 'table',
      columns: [
        { header: 'STT', width: 8, align: 'center' },
        { header: 'Chỉ tiêu', width: 44 },
        { header: 'Đơn vị tính', width: 12, align: 'center' },
        { header: 'Số đơn vị báo cáo', width: 12, align: 'right' },
        { header: 'Tổng số', width: 12, align: 'right' },
        { header: 'Bình quân', width: 12, align: 'right' },
      ],
      rows: m.numbers.map((f, i) => [
        i + 1,
        f.label,
        f.percent ? '%' : (f.unit ?? ''),
        f.count,
        f.percent ? '' : n(f.sum),
        f.average === undefined ? '' : n(f.average),
      ]),
    });
  }
  if (m.yesNo.length || m.choices.length) {
    blocks.push({ kind: 'heading', level: 2, text: `${++k}. Việc triển khai tại các đơn vị` });
    for (const f of m.yesNo)
      blocks.push({
        kind: 'bullets',
        items: [`${f.label.replace(/[?:\s]+$/, '')}: có ${f.yes} đơn vị, không ${f.no} đơn vị.`],
      });
    for (const c of m.choices) {
      blocks.push({
        kind: 'bullets',
        items: [`${c.label}: ${c.options.map((o) => `${o.option} ${o.units} đơn vị`).join('; ')}.`],
      });
    }
  }
  if (m.highlights.length) {
    blocks.push({ kind: 'heading', level: 2, text: `${k + 1}. Kết quả nổi bật do các đơn vị báo cáo` });
    for (const h of m.highlights) {
      blocks.push({ kind: 'heading', level: 3, text: h.label });
      for (const q of h.quotes) blocks.push({ kind: 'quote', source: q.unit, text: q.text });
    }
  }
  return blocks;
}

/** The blocks and heading of the report, ready for `renderDocument`. */
export function summaryReportSpec(
  m: SummaryReportModel,
  input: Pick<SummaryReportInput, 'settings' | 'recipients'>,
): DocumentSpec {
  const body: Block[] = [];
  let section = 0;
  const heading = (text: string) =>
    body.push({ kind: 'heading', level: 1, text: `${ROMAN[section++]}. ${upper(text)}` });
  const due = new Intl.DateTimeFormat('vi-VN', {
    timeZone: m.timezone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(m.deadline.dueAt);

  body.push({
    kind: 'paragraph',
    text: `Căn cứ báo cáo của các đơn vị về ${m.deadline.title.replace(/^Báo cáo\s+/i, '').replace(/^./, (c) => c.toLocaleLowerCase('vi'))} (hạn nộp ${due}), ${input.settings.issuer ?? 'cơ quan thường trực'} tổng hợp kết quả như sau:`,
  });
  heading('Tình hình báo cáo của các đơn vị');
  body.push(...submissionBlocks(m));
  heading('Kết quả thực hiện');
  const results = resultBlocks(m);
  body.push(
    ...(results.length
      ? results
      : [{ kind: 'paragraph', text: 'Mẫu báo cáo của đợt này không có chỉ tiêu để tổng hợp.' } as Block]),
  );
  if (m.linesOfWork.length) {
    heading('Các nội dung thi đua theo kế hoạch');
    m.linesOfWork.forEach((line, i) => {
      body.push({ kind: 'heading', level: 2, text: `${i + 1}. ${line.title}` });
      if (line.items.length) body.push({ kind: 'bullets', items: line.items });
    });
  }
  if (m.exemplars.length) {
    heading('Gương điển hình tiên tiến');
    body.push({
      kind: 'table',
      columns: [
        { header: 'STT', width: 8, align: 'center' },
        { header: 'Tên điển hình', width: 24 },
        { header: 'Đơn vị', width: 24 },
        { header: 'Lĩnh vực', width: 16 },
        { header: 'Thành tích', width: 28 },
      ],
      rows: m.exemplars.map((e, i) => [i + 1, e.name, e.unitName, e.field, quoteOf(e.achievement, 300)]),
    });
  }
  heading('Phương hướng, kiến nghị');
  body.push({ kind: 'paragraph', text: '…'.repeat(60), italic: true });

  return {
    settings: input.settings,
    timezone: m.timezone,
    issuedAt: m.generatedAt,
    kindSymbol: 'BC',
    kindName: 'BÁO CÁO',
    summary: `Tổng hợp kết quả ${m.deadline.title.replace(/^Báo cáo\s+/i, '').replace(/^./, (c) => c.toLocaleLowerCase('vi'))}`,
    body,
    recipients: input.recipients,
    title: m.deadline.title,
  };
}
