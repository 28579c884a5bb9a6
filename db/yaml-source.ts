/**
 * Reads a data file's YAML text into plain values, with a way back from a value's path to its
 * line for error messages (`file:line: path: message`).
 *
 * Why it exists: the `yaml` library's document tree costs about 8 KB and 80 µs per line, so a
 * file of 100,000 units took 1.6 GB before a row was written. A large file (over
 * `chunkAboveBytes`) whose top level is a plain map is therefore read in slices: each top-level
 * key on its own, and a long block sequence (`units:`, `people:` …) a few thousand items at a
 * time, each slice parsed by the same library and dropped once converted. Only the plain
 * values stay. A path's line is found by parsing its slice again (errors only, at most 20).
 *
 * Trade-off: slicing relies on the layout of block YAML (a top-level key at column 0, sequence
 * items at one indent). Anything else at column 0 (`---`, flow collections, complex keys) or an
 * alias whose anchor lies in another slice makes it read the whole document the usual way, so
 * the result is always the one the library gives; only the memory differs. Alias bombs
 * ("billion laughs") and unresolved aliases come back as a DataFileError on the alias's line,
 * never as the library's raw ReferenceError.
 */
import { isMap, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { DataFileError, type DataFileIssue } from './data-file-error.js';
import { parseFlowItemLine } from './yaml-flow-line.js';

export interface YamlSource {
  /** The document as plain JavaScript values. */
  value: unknown;
  /** 1-based line of the deepest node on `path` that exists (1 when none does). */
  lineOf(path: Array<string | number>): number;
}

export interface YamlSourceOptions {
  /** Files larger than this are read in slices (default 512 KiB). */
  chunkAboveBytes?: number;
  /** Sequence items per slice (default 2,000). */
  itemsPerChunk?: number;
}

/** The same limit the importer always used: more aliases than this is an expansion attack. */
export const MAX_ALIAS_COUNT = 100;

/** Parses `text`; throws DataFileError (YAML syntax, duplicate keys, alias problems). */
export function readYamlSource(text: string, fileName: string, opts: YamlSourceOptions = {}): YamlSource {
  const chunkAbove = opts.chunkAboveBytes ?? 512 * 1024;
  if (text.length > chunkAbove) {
    const sliced = readSliced(text, fileName, opts.itemsPerChunk ?? 2000);
    if (sliced) return sliced;
  }
  return readWhole(text, fileName, (line) => line);
}

// ------------------------------------------------------------------ one document

interface Parsed {
  doc: Document;
  line: (offset: number | undefined) => number;
}

function parse(text: string, mapLine: (line: number) => number): Parsed {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return { doc, line: (offset) => mapLine(offset === undefined ? 1 : lineCounter.linePos(offset).line) };
}

function syntaxIssues(p: Parsed, fileName: string): DataFileIssue[] {
  return p.doc.errors.map((e) => ({
    file: fileName,
    line: p.line(e.pos[0]),
    path: '(yaml)',
    message: e.message.split('\n')[0]!,
  }));
}

class AliasProblem extends Error {}

/** toJS with the alias limit; an alias problem becomes a DataFileIssue on the first alias. */
function toValue(p: Parsed, fileName: string): unknown {
  try {
    return p.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    let offset: number | undefined;
    visit(p.doc, {
      Alias(_, node) {
        offset = node.range?.[0];
        return visit.BREAK;
      },
    });
    const message = /Excessive alias count/.test(err.message)
      ? `too many YAML aliases (more than ${MAX_ALIAS_COUNT} expansions; an alias bomb?)`
      : `YAML alias problem: ${err.message}`;
    throw new AliasProblem(
      JSON.stringify({ file: fileName, line: p.line(offset), path: '(yaml)', message } satisfies DataFileIssue),
    );
  }
}

function readWhole(text: string, fileName: string, mapLine: (line: number) => number): YamlSource {
  const p = parse(text, mapLine);
  if (p.doc.errors.length > 0) throw new DataFileError(syntaxIssues(p, fileName));
  let value: unknown;
  try {
    value = toValue(p, fileName);
  } catch (err) {
    if (err instanceof AliasProblem) throw new DataFileError([JSON.parse(err.message) as DataFileIssue]);
    throw err;
  }
  return { value, lineOf: (path) => p.line(nodeOffset(p.doc, path)) };
}

/** Offset of the deepest existing node on `path`, for the line number of an error. */
export function nodeOffset(doc: Document, path: Array<string | number>): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as { range?: [number] } | null)?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === key);
      if (!pair) break;
      offset = (pair.key as { range?: [number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (!node) break;
      offset = (node as { range?: [number] }).range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

// ------------------------------------------------------------------ in slices

interface Slice {
  /** Index of the slice's first sequence item (0 for a whole top-level key). */
  first: number;
  /** The slice is the key line (1-based `keyLine`), then the lines [fromLine, toLine) (0-based). */
  keyLine: number;
  fromLine: number;
  toLine: number;
  /** Start lines of its sequence items (sequences only). */
  items?: number[];
  /** Indent of the sequence's "-" (sequences only). */
  indent?: number;
}

interface Segment {
  key: string;
  line: number;
  slices: Slice[];
  sequence: boolean;
}

const TOP_KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*))?$/;
const NEUTRAL = /^[ \t]*(#.*)?$/;

/** The sliced read, or undefined when the layout is not one it can slice safely. */
function readSliced(text: string, fileName: string, perChunk: number): YamlSource | undefined {
  const lines = text.split('\n');
  const segments: Segment[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!.replace(/\r$/, '');
    if (NEUTRAL.test(line)) {
      i++;
      continue;
    }
    const m = TOP_KEY.exec(line);
    if (!m) return undefined; // ---, flow or complex top level, a tab …: read it whole
    let end = i + 1;
    while (end < lines.length && (NEUTRAL.test(lines[end]!) || /^[ \t]/.test(lines[end]!))) end++;
    const segment = sliceSegment(m[1]!, m[2], lines, i, end, perChunk);
    if (!segment) return undefined;
    segments.push(segment);
    i = end;
  }
  if (segments.length === 0) return undefined;

  const value: Record<string, unknown> = {};
  const issues: DataFileIssue[] = [];
  const seen = new Set<string>();
  for (const seg of segments) {
    if (seen.has(seg.key)) {
      issues.push({ file: fileName, line: seg.line, path: '(yaml)', message: 'Map keys must be unique' });
      continue;
    }
    seen.add(seg.key);
    const items: unknown[] = [];
    for (const slice of seg.slices) {
      const fast = seg.sequence ? fastItems(lines, slice) : undefined;
      if (fast) {
        for (const x of fast) items.push(x);
        continue;
      }
      const p = parseSlice(lines, slice);
      if (p.doc.errors.length > 0) {
        issues.push(...syntaxIssues(p, fileName));
        continue;
      }
      let v: unknown;
      try {
        v = (toValue(p, fileName) as Record<string, unknown> | null)?.[seg.key];
      } catch (err) {
        if (err instanceof AliasProblem) return undefined; // maybe an anchor in another slice: read it whole
        throw err;
      }
      if (seg.sequence) {
        if (!Array.isArray(v)) return undefined;
        for (const x of v) items.push(x);
      } else value[seg.key] = v;
    }
    if (seg.sequence) value[seg.key] = items;
    if (issues.length >= 20) break;
  }
  if (issues.length > 0) throw new DataFileError(issues.slice(0, 20));

  let cached: { slice: Slice; p: Parsed } | undefined;
  return {
    value,
    lineOf(path) {
      const seg = segments.find((s) => s.key === path[0]);
      if (!seg) return segments[0]!.line; // the root, as the whole-document read gives it
      let slice = seg.slices[0]!;
      let rest = path;
      if (seg.sequence) {
        const index = path[1];
        if (typeof index !== 'number') return seg.line;
        slice = seg.slices.filter((s) => s.first <= index).at(-1) ?? slice;
        rest = [seg.key, index - slice.first, ...path.slice(2)];
      }
      if (cached?.slice !== slice) cached = { slice, p: parseSlice(lines, slice) };
      return cached.p.line(nodeOffset(cached.p.doc, rest));
    },
  };
}

function parseSlice(lines: string[], slice: Slice): Parsed {
  const text = [lines[slice.keyLine - 1], ...lines.slice(slice.fromLine, slice.toLine)].join('\n');
  return parse(text, (line) => (line === 1 ? slice.keyLine : slice.fromLine + line - 1));
}

/** The slice's items through the one-line fast path, or undefined when one of them is not in its subset. */
function fastItems(lines: string[], slice: Slice): unknown[] | undefined {
  const out: unknown[] = [];
  const starts = slice.items!;
  for (let k = 0; k < starts.length; k++) {
    const at = starts[k]!;
    const next = k + 1 < starts.length ? starts[k + 1]! : slice.toLine;
    for (let j = at + 1; j < next; j++) if (!NEUTRAL.test(lines[j]!)) return undefined; // a multi-line item
    const item = parseFlowItemLine(lines[at]!.replace(/\r$/, ''), slice.indent!);
    if (!item) return undefined;
    out.push(item);
  }
  return out;
}

/**
 * One top-level key from line `start` (its `key:` line) to `end` (exclusive): a block sequence
 * split at its item lines, or the whole key as one slice.
 */
function sliceSegment(
  key: string,
  inline: string | undefined,
  lines: string[],
  start: number,
  end: number,
  perChunk: number,
): Segment | undefined {
  const keyLine = start + 1;
  const whole = (): Segment => ({
    key,
    line: keyLine,
    sequence: false,
    slices: [{ first: 0, keyLine, fromLine: start + 1, toLine: end }],
  });
  if (inline !== undefined && !/^#/.test(inline.trim())) return whole();
  const firstContent = lines.slice(start + 1, end).findIndex((l) => !NEUTRAL.test(l));
  if (firstContent < 0) return whole();
  const indent = /^( *)-(?: |$)/.exec(lines[start + 1 + firstContent]!)?.[1];
  if (indent === undefined) return whole(); // a nested map: small in practice, one slice
  const itemStart = new RegExp(`^${indent}-(?: |\\r?$)`);
  const starts: number[] = [];
  for (let j = start + 1; j < end; j++) {
    const l = lines[j]!;
    if (itemStart.test(l)) starts.push(j);
    else if (!NEUTRAL.test(l)) {
      const lead = /^ */.exec(l)![0].length;
      if (lead <= indent.length) return undefined; // not the layout we slice: read it whole
    }
  }
  const slices: Slice[] = [];
  for (let k = 0; k < starts.length; k += perChunk) {
    const from = starts[k]!;
    const to = k + perChunk < starts.length ? starts[k + perChunk]! : end;
    slices.push({
      first: k,
      keyLine,
      fromLine: from,
      toLine: to,
      items: starts.slice(k, k + perChunk),
      indent: indent.length,
    });
  }
  return { key, line: keyLine, sequence: true, slices };
}
