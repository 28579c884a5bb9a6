/**
 * Admin CLI commands about what the bot keeps at rest: re-sealing stored tokens after a key
 * rotation, pruning the audit log, exporting a deadline's archived files. Kept apart from
 * `admin-cli.ts` so that file only dispatches here; each command writes its own audit row.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import { eq } from 'drizzle-orm';
import { scoped } from '../db/scope.js';
import { pickJurisdiction } from './admin/jurisdiction.js';
import type { Store } from '../db/store.js';
import { submissions } from '../db/schema.js';
import { writeAudit } from '../db/queries/audit.js';
import { lockChannelTokens, resealChannelTokens } from '../db/queries/channel-tokens.js';
import { auditRowsBefore, deleteAuditRows } from '../db/queries/retention.js';
import { createSecretBox } from '../db/secret-box.js';
import { getDeadlineByCode } from '../db/queries/submissions.js';
import { buildOverview } from '../handlers/services/overview.js';
import { buildFilesZip } from '../handlers/office/files-zip.js';
import { silentLogger } from './logger.js';
import { createFileArchive } from './files/archive.js';
import { createBlobStore } from './files/blob-store.js';
import { localFileFetcher, telegramFileFetcher, urlFileFetcher } from './files/download.js';
import { csvCell, csvLine, localIsoTime, resolveCsvStyle } from '../domain/csv.js';

export const STORAGE_USAGE = `  files <mã đợt> --out tệp.zip               xuất mọi tệp đính kèm của một đợt (theo đơn vị và mục)
  audit-prune --before YYYY-MM-DD --out tệp.csv
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
  positionals: string[],
  values: { before?: string; out?: string; jurisdiction?: string },
  deps: StorageCliDeps,
): Promise<boolean> {
  switch (command) {
    case 'audit-prune':
      await auditPrune(values, deps);
      return true;
    case 'files':
      await filesZip(positionals[0], values, deps);
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
    throw new StorageCliError(
      'Cách dùng: npm run admin -- audit-prune --before YYYY-MM-DD --out nhat-ky-cu.csv (các dòng bị xoá được ghi vào tệp trước).',
    );
  }
  const before = new Date(`${values.before}T00:00:00Z`);
  if (Number.isNaN(before.getTime()) || before.toISOString().slice(0, 10) !== values.before)
    throw new StorageCliError('--before phải là một ngày có thật, dạng YYYY-MM-DD.');
  const now = deps.now();
  if (before.getTime() > now.getTime()) throw new StorageCliError('--before không được ở tương lai.');
  const file = values.out;
  const result = await store.tx(async (tx) => {
    const rows = await auditRowsBefore(tx, before);
    // The export is written and flushed before anything is deleted; if writing fails the
    // transaction rolls back and the log is untouched.
    const csv = auditCsv(rows, deps.config);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, csv);
    const sha256 = crypto.createHash('sha256').update(csv).digest('hex');
    const deleted = await deleteAuditRows(
      tx,
      rows.map((r) => r.id),
    );
    await writeAudit(
      tx,
      {
        actorPersonId: null,
        actorAccount: CLI_ACCOUNT,
        action: 'audit.prune',
        entity: 'audit_log',
        after: { before: values.before, deleted, export: path.basename(file), sha256 },
      },
      now,
    );
    return { deleted, sha256 };
  });
  out(`Đã xuất rồi xoá ${result.deleted} dòng nhật ký trước ${values.before} (tệp ${file}, SHA-256 ${result.sha256}).`);
}

async function secretsRotate(deps: StorageCliDeps): Promise<void> {
  const { store, config, out } = deps;
  if (!config.secrets.key)
    throw new StorageCliError('Chưa đặt SECRETS_KEY: không có khoá để mã hoá. Xem README, mục "Secrets at rest".');
  const box = createSecretBox(config.secrets);
  const changed = await store.tx(async (tx) => {
    if (store.driver === 'postgres') await lockChannelTokens(tx, 'zalo-oa');
    const n = await resealChannelTokens(tx, box);
    await writeAudit(
      tx,
      {
        actorPersonId: null,
        actorAccount: CLI_ACCOUNT,
        action: 'secrets.rotate',
        entity: 'channel_tokens',
        after: { resealed: n },
      },
      deps.now(),
    );
    return n;
  });
  out(`Đã mã hoá lại ${changed} bộ mã bằng khoá hiện tại. Có thể bỏ khoá cũ khỏi SECRETS_KEY_PREVIOUS.`);
}

/**
 * `files <deadline> --out files.zip`: first tries once more to archive the deadline's files
 * that the platform did not hand out on arrival (with the configured tokens), then writes the ZIP.
 */
async function filesZip(
  code: string | undefined,
  values: { out?: string; jurisdiction?: string },
  deps: StorageCliDeps,
): Promise<void> {
  const { store, config, out } = deps;
  if (!code || !values.out)
    throw new StorageCliError('Cách dùng: npm run admin -- files <mã đợt> --out tep-dinh-kem.zip');
  const j = await pickJurisdiction(store.db, values.jurisdiction);
  const deadline = await getDeadlineByCode(scoped(store.db, j.id), code);
  if (!deadline) throw new StorageCliError(`Không có đợt mã "${code}".`);
  const archive = createFileArchive({
    store,
    blobs: createBlobStore(config.files.s3),
    logger: silentLogger(),
    maxBytes: config.maxFileBytes,
    now: deps.now,
  });
  if (config.telegram) archive.register('telegram', telegramFileFetcher(config.telegram));
  archive.register('zalo-bot', urlFileFetcher('zalo-bot'));
  archive.register('zalo-oa', urlFileFetcher('zalo-oa'));
  archive.register('shell', localFileFetcher);
  const actor = { kind: 'system' as const, name: 'cli' };
  const opts = { now: deps.now(), timezone: config.timezone, locale: config.defaultLocale };
  const first = await store.tx((tx) => buildOverview(scoped(tx, j.id), actor, deadline.id, opts));
  const subIds = await store.db
    .select({ id: submissions.id })
    .from(submissions)
    .where(eq(submissions.deadlineId, deadline.id));
  const retried = await archive.retryPending({ ownerIds: subIds.map((r) => r.id), limit: 10_000 });
  const z = await store.tx(async (tx) => buildFilesZip(tx, archive, first!));
  fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
  fs.writeFileSync(values.out, z.data);
  await writeAudit(
    store.db,
    {
      actorPersonId: null,
      actorAccount: CLI_ACCOUNT,
      action: 'files.export',
      entity: 'deadline',
      entityId: deadline.id,
      after: { files: z.files, missing: z.missing.length },
    },
    deps.now(),
  );
  out(
    `Đã ghi ${values.out}: ${z.files} tệp của ${z.units} đơn vị${retried ? ` (${retried} tệp vừa tải được bản lưu)` : ''}.`,
  );
  for (const m of z.missing) out(`Chưa có bản lưu: ${m.unit} — ${m.item}: ${m.name}`);
}

/**
 * The audit log as CSV, for `audit --out` and `audit-prune`: times in `TIMEZONE` with their
 * offset ("2026-03-01T15:00:00+07:00"), separator and decimal mark by `CSV_STYLE` (auto: the
 * default locale's), a UTF-8 BOM so Excel reads the Vietnamese text.
 */
export function auditCsv(
  rows: Array<Awaited<ReturnType<typeof auditRowsBefore>>[number]>,
  config: Pick<Config, 'timezone' | 'csvStyle' | 'defaultLocale'>,
): string {
  const style = resolveCsvStyle(config.csvStyle, config.defaultLocale);
  const header = [
    'thoi_gian',
    'nguoi_thuc_hien',
    'tai_khoan',
    'hanh_dong',
    'doi_tuong',
    'ma_doi_tuong',
    'don_vi',
    'truoc',
    'sau',
  ];
  const line = (cells: unknown[]) =>
    csvLine(
      cells.map((c) => csvCell(c, style)),
      style,
    );
  return (
    '\ufeff' +
    [
      line(header),
      ...rows.map((r) =>
        line([
          localIsoTime(r.at, config.timezone),
          r.actorPersonId ?? '',
          r.actorAccount ?? '',
          r.action,
          r.entity,
          r.entityId ?? '',
          r.unitId ?? '',
          JSON.stringify(r.before ?? null),
          JSON.stringify(r.after ?? null),
        ]),
      ),
    ].join('\n') +
    '\n'
  );
}
