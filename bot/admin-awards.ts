/**
 * `npm run admin -- awards-import <file.xlsx> [--dry-run]` and `awards-load <file.yaml>`: the
 * awards history on the command line. Kept out of admin-cli.ts (one `case` there calls it) so the CLI's own file
 * changes by a line.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Store } from '../db/store.js';
import type { Actor } from '../domain/authz.js';
import { importAwardsWorkbook } from '../handlers/services/awards-import.js';
import { AwardsFileError, loadAwardsFile, parseAwardsFile } from '../handlers/services/awards-demo.js';

export class AwardsCliError extends Error {
  override name = 'CliError';
}

const MAX_BYTES = 20 * 1024 * 1024;

export async function awardsImportCommand(
  store: Store,
  actor: Actor,
  file: string | undefined,
  opts: { dryRun: boolean; now: Date; out: (line: string) => void; jurisdictionId?: number },
): Promise<void> {
  if (!file)
    throw new AwardsCliError(
      'Thiếu tệp: npm run admin -- awards-import lich-su.xlsx [--dry-run] (mẫu: data/templates/lich-su-khen-thuong.xlsx)',
    );
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new AwardsCliError(`Không đọc được tệp "${file}".`);
  }
  if (!stat.isFile()) throw new AwardsCliError(`"${file}" không phải là tệp.`);
  if (stat.size > MAX_BYTES) throw new AwardsCliError(`Tệp "${file}" lớn quá ${MAX_BYTES / 1024 / 1024} MB.`);
  const r = await importAwardsWorkbook(store, actor, fs.readFileSync(file), {
    fileName: path.basename(file),
    now: opts.now,
    dryRun: opts.dryRun,
    jurisdictionId: opts.jurisdictionId,
  });
  if (r.dryRun) opts.out(`Kiểm tra ${file}: ${r.rows} dòng hợp lệ, không có lỗi. Chưa ghi gì (--dry-run).`);
  else
    opts.out(
      `Đã nhập ${file}: ${r.rows} dòng; thêm ${r.awardsAdded} khen thưởng, ${r.nomineesCreated} đối tượng mới; ${r.duplicates} dòng đã có trong lịch sử.`,
    );
  if (r.unmatchedForms.length > 0) {
    opts.out(
      `Lưu nguyên văn (không khớp danh hiệu/hình thức đã biết, không dùng để xét điều kiện): ${r.unmatchedForms.map((f) => `"${f}"`).join(', ')}`,
    );
  }
}

/** `npm run admin -- awards-load <file.yaml>`: an awards history written in YAML (the demo). */
export async function awardsLoadCommand(
  store: Store,
  actor: Actor,
  file: string | undefined,
  opts: { now: Date; out: (line: string) => void; jurisdictionId?: number },
): Promise<void> {
  if (!file) throw new AwardsCliError('Thiếu tệp: npm run admin -- awards-load data/lai-chau/binh-lu.awards.yaml');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new AwardsCliError(`Không đọc được tệp "${file}".`);
  }
  try {
    const s = await loadAwardsFile(
      store,
      actor,
      parseAwardsFile(text, path.basename(file)),
      path.basename(file),
      opts.now,
      opts.jurisdictionId,
    );
    opts.out(
      `Đã nạp ${file}: thêm ${s.nominees} đối tượng, ${s.awards} khen thưởng, ${s.initiatives} sáng kiến, ${s.ratings} xếp loại, ${s.flags} vụ việc.`,
    );
  } catch (e) {
    if (e instanceof AwardsFileError) throw new AwardsCliError(e.message);
    throw e;
  }
}
