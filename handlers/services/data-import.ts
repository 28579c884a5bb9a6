/**
 * Importing a jurisdiction's data file in one transaction: the store writes what the file
 * says (db/import.ts), and a file with a `demo:` section then gets its simulated year written
 * through the same services a person's answers go through (demo-year.ts). Kept out of db/
 * because the simulation uses the services; db/ stays below them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db, Store } from '../../db/store.js';
import { DataFileError, parseDataFile, type ParsedDataFile } from '../../db/data-file.js';
import { scoped } from '../../db/scope.js';
import {
  checkFileSize,
  DEFAULT_IMPORT_MAX_BYTES,
  writeDataFile,
  type ImportActor,
  type ImportSummary,
} from '../../db/import.js';
import { simulateDemo, type DemoSummary } from './demo-year.js';

export interface DataImportSummary extends ImportSummary {
  /** The file it came from. */
  file: string;
  /** What the demo's simulated year wrote (files with a `demo:` section only). */
  demo?: DemoSummary;
}

type ImportOptions = { timezone: string; now: Date; actor: ImportActor; maxBytes?: number };

export async function importDataFile(store: Store, filePath: string, opts: ImportOptions): Promise<DataImportSummary> {
  const parsed = readDataFile(filePath, opts);
  return store.tx((tx) => writeParsed(tx, filePath, parsed, opts));
}

/**
 * Every data file of a folder (one per jurisdiction; `*.awards.yaml` are awards histories,
 * loaded apart), parents before their children, in one transaction: a province and its
 * communes arrive together or not at all. Every file is parsed before anything is written, so
 * an error in the last file stops the import before the first is touched.
 */
export async function importDataFolder(store: Store, dir: string, opts: ImportOptions): Promise<DataImportSummary[]> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f) && !/\.awards\.ya?ml$/i.test(f))
    .sort()
    .map((f) => path.join(dir, f));
  if (files.length === 0)
    throw new DataFileError([{ file: dir, line: 1, path: '(folder)', message: 'no .yaml data file here' }]);
  const parsed = files.map((file) => ({ file, parsed: readDataFile(file, opts) }));
  const inFolder = new Set(parsed.map((p) => p.parsed.data.meta.code));
  const depth = (code: string, seen = new Set<string>()): number => {
    const p = parsed.find((x) => x.parsed.data.meta.code === code);
    const parent = p?.parsed.data.jurisdiction?.parent;
    if (!parent || !inFolder.has(parent) || seen.has(code)) return 0;
    seen.add(code);
    return 1 + depth(parent, seen);
  };
  const ordered = [...parsed].sort((a, b) => depth(a.parsed.data.meta.code) - depth(b.parsed.data.meta.code));
  return store.tx(async (tx) => {
    const out: DataImportSummary[] = [];
    for (const p of ordered) out.push(await writeParsed(tx, p.file, p.parsed, opts));
    return out;
  });
}

function readDataFile(filePath: string, opts: ImportOptions): ParsedDataFile {
  checkFileSize(filePath, opts.maxBytes ?? DEFAULT_IMPORT_MAX_BYTES);
  const text = fs.readFileSync(filePath, 'utf8');
  return parseDataFile(text, filePath, opts.timezone, opts.now);
}

async function writeParsed(
  tx: Db,
  file: string,
  parsed: ParsedDataFile,
  opts: ImportOptions,
): Promise<DataImportSummary> {
  const summary: DataImportSummary = { ...(await writeDataFile(tx, parsed.data, parsed.dueAt, opts)), file };
  if (parsed.data.demo)
    summary.demo = await simulateDemo(scoped(tx, summary.jurisdiction.id), parsed.data, {
      now: opts.now,
      timezone: opts.timezone,
    });
  return summary;
}
