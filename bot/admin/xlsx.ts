/**
 * `npm run admin -- import <file>.xlsx`: the CLI side of db/xlsx-import.ts — one line per
 * row (created / updated / unchanged) and the totals.
 */
import type { Store } from '../../db/store.js';
import { importXlsxFile, type RowAction } from '../../db/xlsx-import.js';

const WORD: Record<RowAction, string> = { created: 'thêm mới', updated: 'cập nhật', unchanged: 'không đổi' };

export async function runXlsxImportCli(
  store: Store,
  file: string,
  out: (line: string) => void,
  now: Date,
  jurisdiction?: string,
): Promise<void> {
  const { rows } = await importXlsxFile(store, file, {
    now,
    actor: { personId: null, account: 'system:cli' },
    jurisdiction,
  });
  for (const r of rows)
    out(
      `trang "${r.sheet}", dòng ${r.row}: ${r.entity === 'unit' ? 'đơn vị' : 'người dùng'} ${r.code} (${r.name}) — ${WORD[r.action]}`,
    );
  const count = (a: RowAction) => rows.filter((r) => r.action === a).length;
  out(`Đã nạp ${file}: thêm ${count('created')}, cập nhật ${count('updated')}, không đổi ${count('unchanged')}.`);
}
