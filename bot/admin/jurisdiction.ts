/**
 * Which jurisdiction an admin command works in: `--jurisdiction <code>`, or the only one in
 * the store. With several and no flag the command stops and lists them, rather than guessing
 * (a province deployment holds the province and each commune).
 */
import type { Db } from '../../db/store.js';
import { findJurisdictionByCode, listJurisdictions, type JurisdictionRow } from '../../db/queries/jurisdictions.js';
import { CliError } from './cli-error.js';

export async function pickJurisdiction(db: Db, code: string | undefined): Promise<JurisdictionRow> {
  if (code) {
    const j = await findJurisdictionByCode(db, code.trim());
    if (j) return j;
    throw new CliError(`Không có đơn vị hành chính mã "${code}". ${await listing(db)}`);
  }
  const all = await listJurisdictions(db);
  if (all.length === 1) return all[0]!;
  if (all.length === 0)
    throw new CliError(
      'Chưa có dữ liệu: nạp tệp dữ liệu trước (npm run admin -- import data/lai-chau/) hoặc chạy init.',
    );
  throw new CliError(`Có ${all.length} đơn vị hành chính; chọn một bằng --jurisdiction <mã>. ${await listing(db)}`);
}

async function listing(db: Db): Promise<string> {
  const all = await listJurisdictions(db);
  return `Hiện có: ${all.map((j) => `${j.code} (${j.name})`).join('; ')}.`;
}
