/**
 * The page every document of the cycle is printed on: Vietnamese administrative format of
 * Nghị định 30/2020/NĐ-CP (Phụ lục I) built with the `docx` package. A document module
 * describes its content as a list of `Block`s (headings, paragraphs, tables, quotes) and this
 * module lays it out: A4, margins 20/20/30/15 mm, Times New Roman on every font slot of every
 * run (so diacritics never fall back to another font), 14 pt body, the issuer's heading beside
 * the national heading with their rules, the number-and-symbol and date lines, the title and
 * summary, then "Nơi nhận" beside the signature block.
 *
 * Trade-off: documents are built in code (docx) rather than filled into Word templates
 * (docxtemplater). Every table here has a variable number of rows and sections appear only
 * when there is data for them; in code that is a loop, in a template it is template logic an
 * office cannot safely edit. What an office does change — names, signer, symbols, place — is
 * data (`doc_*` settings, see conventions.ts).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type ParagraphChild,
} from 'docx';
import { dateLine, headingLines, numberLine, signatureLines, type DocumentSettings } from './conventions.js';

export const FONT = 'Times New Roman';

/** Twentieths of a point per millimetre. */
const MM = 56.7;
/** A4 in twips, and the margins the decree allows (top/bottom 20–25, left 30–35, right 15–20 mm). */
export const PAGE = {
  width: 11906,
  height: 16838,
  margin: {
    top: Math.round(20 * MM),
    bottom: Math.round(20 * MM),
    left: Math.round(30 * MM),
    right: Math.round(15 * MM),
  },
} as const;
const CONTENT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

/** Font sizes in half-points. */
const SIZE = {
  body: 28,
  heading: 26,
  motto: 26,
  national: 24,
  table: 26,
  recipients: 22,
  recipientsTitle: 24,
} as const;

// ------------------------------------------------------------------ content model

export type Cell = string | number;

export interface TableColumn {
  header: string;
  /** Share of the text width, in percent; the columns of a table add up to 100. */
  width: number;
  align?: 'left' | 'center' | 'right';
}

export type Block =
  /** "I. …" (level 1, bold capitals as given) or "1. …" (level 2, bold) or level 3 (bold italic). */
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string; italic?: boolean }
  | { kind: 'bullets'; items: string[] }
  /** A quoted passage and who wrote it: "Xã A: «…»". */
  | { kind: 'quote'; source: string; text: string }
  | { kind: 'table'; columns: TableColumn[]; rows: Cell[][]; total?: Cell[] };

export interface DocumentSpec {
  settings: DocumentSettings;
  timezone: string;
  issuedAt: Date;
  /** The kind's symbol in the number line: BC (báo cáo), TTr (tờ trình), QĐ, BB. */
  kindSymbol: string;
  /** The kind's name as printed above the summary: "BÁO CÁO". */
  kindName: string;
  /** Trích yếu: what the document is about. */
  summary: string;
  body: Block[];
  /** Nơi nhận, one line each ("Như trên;", "Lưu: VT."). */
  recipients: string[];
  /** Document properties (shown by Word in File → Info). */
  title: string;
}

// ------------------------------------------------------------------ runs and paragraphs

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
}

/** Every run of every document is made here, so none can miss the font or NFC. */
function run(text: string, style: RunStyle = {}): TextRun {
  return new TextRun({
    text: text.normalize('NFC'),
    font: FONT,
    size: style.size ?? SIZE.body,
    bold: style.bold,
    italics: style.italics,
  });
}

const SINGLE: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 };
const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER };

function paragraph(
  children: ParagraphChild[],
  o: {
    align?: 'left' | 'center' | 'right' | 'both';
    before?: number;
    after?: number;
    firstLine?: number;
    keepNext?: boolean;
  } = {},
): Paragraph {
  const alignment = {
    left: AlignmentType.LEFT,
    center: AlignmentType.CENTER,
    right: AlignmentType.RIGHT,
    both: AlignmentType.JUSTIFIED,
  }[o.align ?? 'both'];
  return new Paragraph({
    children,
    alignment,
    keepNext: o.keepNext,
    spacing: { before: o.before ?? 0, after: o.after ?? 120, line: 276, lineRule: LineRuleType.AUTO },
    indent: o.firstLine ? { firstLine: o.firstLine } : undefined,
  });
}

/** A centred horizontal rule `length` twips long under the paragraph above it. */
function rule(cellWidth: number, length: number): Paragraph {
  const side = Math.max(0, Math.round((cellWidth - length) / 2));
  // An empty 1 pt line whose bottom border is the rule: it sits just under the text above it
  // in Word and LibreOffice alike (a top border on a short exact line was drawn over that text).
  return new Paragraph({
    children: [run('', { size: 2 })],
    border: { bottom: SINGLE },
    indent: { left: side, right: side },
    spacing: { before: 0, after: 160, line: 40, lineRule: LineRuleType.EXACT },
  });
}

/** Approximate printed width, in twips, of bold Times New Roman text: for the rules' lengths. */
function textWidth(text: string, halfPoints: number): number {
  return Math.round([...text].length * halfPoints * 10 * 0.55);
}

function cell(children: Paragraph[], width: number, borders = NO_BORDERS, shade = false): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    borders,
    verticalAlign: VerticalAlignTable.TOP,
    shading: shade ? { fill: 'F2F2F2' } : undefined,
  });
}

// ------------------------------------------------------------------ the parts of the page

/** Issuer's heading (left) beside the national heading (right), then number and date lines. */
function headingTable(spec: DocumentSpec): Table {
  const left = Math.round(CONTENT_WIDTH * 0.4);
  const right = CONTENT_WIDTH - left;
  const h = headingLines(spec.settings);
  const issuerParas: Paragraph[] = [];
  if (h.parent) issuerParas.push(paragraph([run(h.parent, { size: SIZE.heading })], { align: 'center', after: 0 }));
  for (const line of h.issuer)
    issuerParas.push(paragraph([run(line, { size: SIZE.heading, bold: true })], { align: 'center', after: 0 }));
  const issuerRule = Math.min(left, Math.max(...h.issuer.map((l) => textWidth(l, SIZE.heading))) / 2);
  issuerParas.push(rule(left, issuerRule));

  const national = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  const nationalParas = [
    paragraph([run(national, { size: SIZE.national, bold: true })], { align: 'center', after: 0 }),
    paragraph([run(motto, { size: SIZE.motto, bold: true })], { align: 'center', after: 0 }),
    rule(right, Math.min(right, textWidth(motto, SIZE.motto))),
  ];
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    borders: {
      top: NO_BORDER,
      bottom: NO_BORDER,
      left: NO_BORDER,
      right: NO_BORDER,
      insideHorizontal: NO_BORDER,
      insideVertical: NO_BORDER,
    },
    rows: [
      new TableRow({ children: [cell(issuerParas, left), cell(nationalParas, right)] }),
      new TableRow({
        children: [
          cell(
            [
              paragraph([run(numberLine(spec.kindSymbol, spec.settings), { size: SIZE.heading })], {
                align: 'center',
                after: 0,
              }),
            ],
            left,
          ),
          cell(
            [
              paragraph(
                [run(dateLine(spec.issuedAt, spec.timezone, spec.settings), { size: SIZE.motto, italics: true })],
                { align: 'center', after: 0 },
              ),
            ],
            right,
          ),
        ],
      }),
    ],
  });
}

function titleParagraphs(spec: DocumentSpec): Paragraph[] {
  return [
    paragraph([run(spec.kindName, { bold: true })], { align: 'center', before: 360, after: 0 }),
    paragraph([run(spec.summary, { bold: true })], { align: 'center', after: 0 }),
    rule(
      CONTENT_WIDTH,
      Math.min(CONTENT_WIDTH / 2, Math.max(CONTENT_WIDTH / 3, textWidth(spec.summary, SIZE.body) / 2)),
    ),
  ];
}

function dataTable(b: Extract<Block, { kind: 'table' }>): Table {
  const widths = b.columns.map((c) => Math.round((CONTENT_WIDTH * c.width) / 100));
  const borders = { top: SINGLE, bottom: SINGLE, left: SINGLE, right: SINGLE };
  const cellPara = (value: Cell, c: TableColumn, bold: boolean) =>
    paragraph([run(String(value), { size: SIZE.table, bold })], {
      align: c.align ?? (typeof value === 'number' ? 'right' : 'left'),
      after: 0,
    });
  const header = new TableRow({
    tableHeader: true,
    children: b.columns.map((c, i) =>
      cell(
        [paragraph([run(c.header, { size: SIZE.table, bold: true })], { align: 'center', after: 0 })],
        widths[i]!,
        borders,
        true,
      ),
    ),
  });
  const rows = b.rows.map(
    (r) =>
      new TableRow({ children: b.columns.map((c, i) => cell([cellPara(r[i] ?? '', c, false)], widths[i]!, borders)) }),
  );
  if (b.total)
    rows.push(
      new TableRow({
        children: b.columns.map((c, i) => cell([cellPara(b.total![i] ?? '', c, true)], widths[i]!, borders, true)),
      }),
    );
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [header, ...rows],
  });
}

function blockChildren(b: Block): Array<Paragraph | Table> {
  switch (b.kind) {
    case 'heading':
      return [
        paragraph([run(b.text, { bold: true, italics: b.level === 3 })], {
          before: b.level === 1 ? 240 : 120,
          keepNext: true,
          firstLine: b.level === 1 ? 0 : 567,
        }),
      ];
    case 'paragraph':
      return [paragraph([run(b.text, { italics: b.italic })], { firstLine: 567 })];
    case 'bullets':
      return b.items.map((item) => paragraph([run(`- ${item}`)], { firstLine: 567 }));
    case 'quote':
      return [
        paragraph([run(`${b.source}: `, { bold: true }), run(`“${b.text}”`, { italics: true })], { firstLine: 567 }),
      ];
    case 'table':
      return [dataTable(b), paragraph([], { after: 120 })];
  }
}

/** "Nơi nhận" (left) beside the signature block (right). */
function closingTable(spec: DocumentSpec): Table {
  const left = Math.round(CONTENT_WIDTH * 0.45);
  const right = CONTENT_WIDTH - left;
  const sig = signatureLines(spec.settings);
  const recipients = [
    paragraph([run('Nơi nhận:', { size: SIZE.recipientsTitle, bold: true, italics: true })], {
      align: 'left',
      after: 0,
    }),
    ...spec.recipients.map((r) => paragraph([run(`- ${r}`, { size: SIZE.recipients })], { align: 'left', after: 0 })),
  ];
  const signer = [
    ...(sig.authority ? [paragraph([run(sig.authority, { bold: true })], { align: 'center', after: 0 })] : []),
    paragraph([run(sig.title, { bold: true })], { align: 'center', after: 0 }),
    // Room for the signature and the stamp.
    ...[0, 1, 2, 3].map(() => paragraph([], { align: 'center', after: 0 })),
    ...(sig.name ? [paragraph([run(sig.name, { bold: true })], { align: 'center', after: 0 })] : []),
  ];
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    borders: {
      top: NO_BORDER,
      bottom: NO_BORDER,
      left: NO_BORDER,
      right: NO_BORDER,
      insideHorizontal: NO_BORDER,
      insideVertical: NO_BORDER,
    },
    rows: [new TableRow({ cantSplit: true, children: [cell(recipients, left), cell(signer, right)] })],
  });
}

/** Lays out a document and packs it as DOCX bytes. */
export async function renderDocument(spec: DocumentSpec): Promise<Uint8Array> {
  const doc = new Document({
    creator: 'thidua-bot',
    title: spec.title.normalize('NFC'),
    styles: { default: { document: { run: { font: FONT, size: SIZE.body } } } },
    sections: [
      {
        properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: PAGE.margin } },
        children: [
          headingTable(spec),
          ...titleParagraphs(spec),
          ...spec.body.flatMap(blockChildren),
          paragraph([], { after: 240 }),
          closingTable(spec),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
