/**
 * `npm run docs:preview` (not part of CI): writes every document the demo's data allows into
 * docs/preview/ (DOCX), converts each to PDF with LibreOffice when it is installed
 * (`libreoffice --headless --convert-to pdf`) and the first page to PNG with pdftoppm
 * (poppler-utils), so a person can look at what an office will print. The PNGs of the first
 * pages go to docs/ as document-<kind>.png for the README.
 *
 *   npm run docs:preview [-- --seed data/…yaml] [--out docs/preview]
 *
 * The demo is loaded into an in-memory database, as on a first start, on today's date.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createConfig } from '../bot/config.js';
import { DEFAULT_SEED } from '../bot/main.js';
import { scoped } from '../db/scope.js';
import { importDataFile } from '../handlers/services/data-import.js';
import { openStore } from '../db/store.js';
import { listDeadlines } from '../db/queries/submissions.js';
import { appliesTo, DOCUMENT_KINDS, makeDocument } from '../handlers/documents/catalog.js';

const { values } = parseArgs({ options: { seed: { type: 'string' }, out: { type: 'string' } } });
const outDir = path.resolve(values.out ?? 'docs/preview');
// One jurisdiction's file (the demo's commune, whose simulated year has answers to write up).
const seed = values.seed ?? path.join(DEFAULT_SEED, 'binh-lu.yaml');
const config = createConfig({ ...process.env, DATA_DIR: '/tmp/thidua-docs-preview' });

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const store = await openStore({});
try {
  const now = new Date();
  const { jurisdiction } = await importDataFile(store, seed, {
    timezone: config.timezone,
    now,
    actor: { personId: null, account: 'system:preview' },
  });
  fs.mkdirSync(outDir, { recursive: true });
  const office = has('soffice') ? 'soffice' : has('libreoffice') ? 'libreoffice' : undefined;
  const written: string[] = [];
  for (const kind of DOCUMENT_KINDS) {
    const deadlines = (await listDeadlines(scoped(store.db, jurisdiction.id))).filter((d) => appliesTo(kind, d));
    let first = true;
    for (const deadline of deadlines) {
      const made = await store.tx((tx) =>
        makeDocument(
          scoped(tx, jurisdiction.id),
          { kind: 'system', name: 'preview' },
          kind,
          { deadline },
          { now, timezone: config.timezone },
        ),
      );
      if (!made.ok) {
        console.log(
          `- ${kind.code} ${deadline.code}: ${made.reason === 'no_data' ? 'chưa có đơn vị nào nộp' : made.reason}`,
        );
        continue;
      }
      const file = path.join(outDir, made.file.fileName);
      fs.writeFileSync(file, made.file.data);
      written.push(file);
      console.log(
        `- ${kind.code} ${deadline.code}: ${path.relative(process.cwd(), file)} (${made.submitted}/${made.total} đơn vị đã nộp)`,
      );
      if (!office) continue;
      execFileSync(office, ['--headless', '--convert-to', 'pdf', '--outdir', outDir, file], {
        stdio: 'ignore',
        timeout: 120_000,
      });
      const pdf = file.replace(/\.docx$/, '.pdf');
      if (first && has('pdftoppm')) {
        execFileSync('pdftoppm', [
          '-r',
          '80',
          '-png',
          '-f',
          '1',
          '-l',
          '1',
          '-singlefile',
          pdf,
          path.resolve('docs', `document-${kind.code}`),
        ]);
        console.log(`  trang đầu: docs/document-${kind.code}.png`);
        first = false;
      }
    }
  }
  if (!office)
    console.log(
      'LibreOffice không có trên máy này: chỉ ghi DOCX (apt-get install libreoffice-writer-nogui poppler-utils).',
    );
  if (written.length === 0) console.log('Dữ liệu mẫu chưa có đợt nào đủ dữ liệu để lập văn bản.');
} finally {
  await store.close();
}
