/**
 * Importing a jurisdiction's data file in one transaction: the store writes what the file
 * says (db/import.ts), and a file with a `demo:` section then gets its simulated year written
 * through the same services a person's answers go through (demo-year.ts). Kept out of db/
 * because the simulation uses the services; db/ stays below them.
 */
import fs from 'node:fs';
import type { Store } from '../../db/store.js';
import { parseDataFile } from '../../db/data-file.js';
import {
  checkFileSize,
  DEFAULT_IMPORT_MAX_BYTES,
  writeDataFile,
  type ImportActor,
  type ImportSummary,
} from '../../db/import.js';
import { simulateDemo, type DemoSummary } from './demo-year.js';

export interface DataImportSummary extends ImportSummary {
  /** What the demo's simulated year wrote (files with a `demo:` section only). */
  demo?: DemoSummary;
}

export async function importDataFile(
  store: Store,
  filePath: string,
  opts: { timezone: string; now: Date; actor: ImportActor; maxBytes?: number },
): Promise<DataImportSummary> {
  checkFileSize(filePath, opts.maxBytes ?? DEFAULT_IMPORT_MAX_BYTES);
  const text = fs.readFileSync(filePath, 'utf8');
  const parsed = parseDataFile(text, filePath, opts.timezone, opts.now);
  return store.tx(async (tx) => {
    const summary: DataImportSummary = await writeDataFile(tx, parsed.data, parsed.dueAt, opts);
    if (parsed.data.demo)
      summary.demo = await simulateDemo(tx, parsed.data, { now: opts.now, timezone: opts.timezone });
    return summary;
  });
}
