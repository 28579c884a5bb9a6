/**
 * Reads a DOCX back the way a reviewer would look at it: the paragraphs' text in order, the
 * tables as rows of cell texts, every run's fonts, the page size and margins. Enough of
 * WordprocessingML for the tests to compare a document with the data it was written from.
 */
import JSZip from 'jszip';

export interface DocxReadback {
  xml: string;
  /** Every paragraph's text, in order (table cells included). */
  paragraphs: string[];
  /** Each table: rows of cell texts. */
  tables: string[][][];
  /** The rFonts attributes of every run that has text. */
  runFonts: Array<Record<string, string>>;
  page: { width: number; height: number; top: number; bottom: number; left: number; right: number };
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join('');
}

function paragraphsOf(xml: string): string[] {
  return [...xml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)].map((m) => textOf(m[1]!));
}

export async function readDocx(data: Uint8Array): Promise<DocxReadback> {
  const zip = await JSZip.loadAsync(data);
  const xml = await zip.file('word/document.xml')!.async('string');
  const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...t[1]!.matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((r) =>
      [...r[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => paragraphsOf(c[1]!).join('\n')),
    ),
  );
  const runFonts = [...xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)]
    .filter((r) => /<w:t[\s>]/.test(r[1]!))
    .map((r) => {
      const tag = /<w:rFonts([^>]*)\/>/.exec(r[1]!)?.[1] ?? '';
      return Object.fromEntries([...tag.matchAll(/w:(\w+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
    });
  const attr = (tag: string, name: string) => Number(new RegExp(`<w:${tag}[^>]*w:${name}="(\\d+)"`).exec(xml)?.[1]);
  return {
    xml,
    paragraphs: paragraphsOf(xml),
    tables,
    runFonts,
    page: {
      width: attr('pgSz', 'w'),
      height: attr('pgSz', 'h'),
      top: attr('pgMar', 'top'),
      bottom: attr('pgMar', 'bottom'),
      left: attr('pgMar', 'left'),
      right: attr('pgMar', 'right'),
    },
  };
}
