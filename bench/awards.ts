/**
 * Awards history figures: importing an N-row sheet in the offices' layout (one transaction,
 * an audit row per write), checking one nominee against the stored history, and the pure
 * engine alone. Prints figures; never fails on a timing.
 *
 *   npx tsx bench/awards.ts [--rows 2000] [--pg postgres://…] [--no-pglite]
 *
 * Not in run-all.ts yet (kept out of that shared file); run it directly.
 */
import ExcelJS from 'exceljs';
import { performance } from 'node:perf_hooks';
import { argNumber, backendsFromArgs, fmt, forEachBackend, int, printHeader, printTable, stats } from './lib.js';
import { loadRuleSets } from '../db/rule-sets.js';
import { evaluate, type EvaluationInput } from '../domain/commendation/index.js';
import { importAwardsWorkbook } from '../handlers/services/awards-import.js';
import { checkNominee } from '../handlers/services/awards-history.js';
import { nominees } from '../db/schema.js';

const argv = process.argv.slice(2);
const rows = argNumber(argv, 'rows', 2000);
const now = new Date('2026-01-15T03:00:00Z');
const SYS = { kind: 'system', name: 'bench' } as const;
const FORMS = [
  'Lao động tiên tiến',
  'Chiến sĩ thi đua cơ sở',
  'Giấy khen của Chủ tịch UBND xã',
  'Bằng khen của Chủ tịch UBND tỉnh',
];

async function sheet(n: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow([
    'STT',
    'Phân loại khen thưởng',
    'Tên tập thể/cá nhân',
    'Chức vụ',
    'Đơn vị',
    'Danh hiệu/hình thức',
    'Năm',
    'Số quyết định',
    'Ngày',
  ]);
  for (let i = 0; i < n; i++) {
    const person = Math.floor(i / 4);
    const year = 2021 + (i % 4);
    ws.addRow([
      i + 1,
      'Cá nhân',
      `Người thử ${person}`,
      'Chuyên viên',
      `Đơn vị ${person % 40}`,
      FORMS[i % FORMS.length],
      year,
      `${i}/QĐ-UBND`,
      `20/12/${year}`,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

printHeader('awards history', [`sheet rows: ${rows}`]);
const data = await sheet(rows);
const rs = loadRuleSets()[0]!;

// The pure engine alone.
const input: EvaluationInput = {
  nomination: { titleCode: 'chien_si_thi_dua_cap_tinh', year: 2025, type: 'cong_trang', asOf: '2026-01-15' },
  history: {
    nominee: { key: 'p', kind: 'individual', name: 'X' },
    unit: null,
    lineage: [],
    awards: [2021, 2022, 2023, 2024, 2025].flatMap((y) =>
      ['lao_dong_tien_tien', 'chien_si_thi_dua_co_so'].map((t) => ({
        holder: 'p',
        year: y,
        titleCode: t,
        formName: t,
        type: 'cong_trang' as const,
      })),
    ),
    initiatives: [{ holder: 'p', title: 'S', kind: 'sang_kien', scope: 'tinh', year: 2024 }],
    ratings: [],
    flags: [],
  },
};
const N = 20_000;
const t0 = performance.now();
for (let i = 0; i < N; i++) evaluate(rs, input);
const engineUs = ((performance.now() - t0) * 1000) / N;
printTable(
  ['measure', '>value'],
  [['pure engine, one CSTĐ cấp tỉnh check with 10 awards (mean)', `${fmt(engineUs, 1)} µs`]],
);

await forEachBackend(backendsFromArgs(argv), async (_b, store) => {
  const t = performance.now();
  const r = await importAwardsWorkbook(store, SYS, data, { fileName: 'bench.xlsx', now });
  const importMs = performance.now() - t;
  const t2 = performance.now();
  const again = await importAwardsWorkbook(store, SYS, data, { fileName: 'bench.xlsx', now });
  const againMs = performance.now() - t2;
  const ids = (await store.db.select({ id: nominees.id }).from(nominees)).map((x) => x.id);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const id = ids[i % ids.length]!;
    const s = performance.now();
    await store.tx((tx) => checkNominee(tx, SYS, id, input.nomination));
    times.push(performance.now() - s);
  }
  const st = stats(times.slice(20));
  printTable(
    ['measure', '>value'],
    [
      [
        `import ${int(rows)} rows (${r.nomineesCreated} nominees, ${r.awardsAdded} awards, one transaction)`,
        `${int(importMs)} ms (${int((rows / importMs) * 1000)} rows/s)`,
      ],
      [`the same file again (${again.duplicates} duplicates, nothing written)`, `${int(againMs)} ms`],
      ['checkNominee from the store (p50 / p99, 180 runs)', `${fmt(st.p50, 2)} / ${fmt(st.p99, 2)} ms`],
    ],
  );
});
