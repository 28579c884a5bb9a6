/**
 * Admin CLI commands about what the bot keeps at rest: re-sealing stored tokens after a key
 * rotation, pruning the audit log, exporting a deadline's archived files. Kept apart from
 * `admin-cli.ts` so that file only dispatches here; each command writes its own audit row.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import type { Store } from '../db/store.js';
import { writeAudit } from '../db/queries/audit.js';
import { lockChannelTokens, resealChannelTokens } from '../db/queries/channel-tokens.js';
import { auditRowsBefore, deleteAuditRows } from '../db/queries/retention.js';
import { createSecretBox } from '../db/secret-box.js';

export const STORAGE_USAGE = `  audit-prune --before YYYY-MM-DD --out tệp.csv
                                             xuất rồi xoá nhật ký trước ngày đó (lệnh này được ghi nhật ký)
  secrets-rotate                             mã hoá lại các mã nền tảng bằng SECRETS_KEY hiện tại
`;

export class StorageCliError extends Error {
  override name = 'CliError';
}

export interface StorageCliDeps {
  store: Store;
  config: Config;
  out: (line: string) => void;
  now: () => Date;
}

const CLI_ACCOUNT = 'system:cli';

/** Runs `command` if it is one of these; false when it is not (the caller goes on). */
export async function runStorageCommand(
  command: string | undefined,
  _positionals: string[],
  values: { before?: string; out?: string },
  deps: StorageCliDeps,
): Promise<boolean> {
  switch (command) {
    case 'audit-prune':
      await auditPrune(values, deps);
      return true;
    case 'secrets-rotate':
      await secretsRotate(deps);
      return true;
    default:
      return false;
  }
}

async function auditPrune(values: { before?: string; out?: string }, deps: StorageCliDeps): Promise<void> {
  const { store, out } = deps;
  if (!values.before || !/^\d{4}-\d{2}-\d{2}$/.test(values.before) || !values.out) {
    throw new StorageCliError('Cách dùng: npm run admin -- audit-prune --before YYYY-MM-DD --out nhat-ky-cu.csv (các dòng bị xoá được ghi vào tệp trước).');
  }
  const before = new Date(`${values.before}T00:00:00Z`);
  if (Number.isNaN(before.getTime()) || before.toISOString().slice(0, 10) !== values.before) throw new StorageCliError('--before phải là một ngày có thật, dạng YYYY-MM-DD.');
  const now = deps.now();
  if (before.getTime() > now.getTime()) throw new StorageCliError('--before không được ở tương lai.');
  const file = values.out;
  const result = await store.tx(async (tx) => {
    const rows = await auditRowsBefore(tx, before);
    // The export is written and flushed before anything is deleted; if writing fails the
    // transaction rolls back and the log is untouched.
    const csv = auditCsv(rows);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, csv);
    const sha256 = crypto.createHash('sha256').update(csv).digest('hex');
    const deleted = await deleteAuditRows(tx, rows.map((r) => r.id));
    await writeAudit(
      tx,
      { actorPersonId: null, actorAccount: CLI_ACCOUNT, action: 'audit.prune', entity: 'audit_log', after: { before: values.before, deleted, export: path.basename(file), sha256 } },
      now,
    );
    return { deleted, sha256 };
  });
  out(`Đã xuất rồi xoá ${result.deleted} dòng nhật ký trước ${values.before} (tệp ${file}, SHA-256 ${result.sha256}).`);
}

async function secretsRotate(deps: StorageCliDeps): Promise<void> {
  const { store, config, out } = deps;
  if (!config.secrets.key) throw new StorageCliError('Chưa đặt SECRETS_KEY: không có khoá để mã hoá. Xem README, mục "Secrets at rest".');
  const box = createSecretBox(config.secrets);
  const changed = await store.tx(async (tx) => {
    if (store.driver === 'postgres') await lockChannelTokens(tx, 'zalo-oa');
    const n = await resealChannelTokens(tx, box);
    await writeAudit(tx, { actorPersonId: null, actorAccount: CLI_ACCOUNT, action: 'secrets.rotate', entity: 'channel_tokens', after: { resealed: n } }, deps.now());
    return n;
  });
  out(`Đã mã hoá lại ${changed} bộ mã bằng khoá hiện tại. Có thể bỏ khoá cũ khỏi SECRETS_KEY_PREVIOUS.`);
}

function csvCell(v: unknown): string {
  const s = String(v ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The same columns as `npm run admin -- audit --out`. */
function auditCsv(rows: Awaited<ReturnType<typeof auditRowsBefore>>): string {
  return (
    '\ufeff' +
    [
      'thoi_gian,nguoi_thuc_hien,tai_khoan,hanh_dong,doi_tuong,ma_doi_tuong,don_vi,truoc,sau',
      ...rows.map((r) =>
        [r.at.toISOString(), r.actorPersonId ?? '', r.actorAccount ?? '', r.action, r.entity, r.entityId ?? '', r.unitId ?? '', JSON.stringify(r.before ?? null), JSON.stringify(r.after ?? null)]
          .map(csvCell)
          .join(','),
      ),
    ].join('\n') +
    '\n'
  );
}
