/**
 * `npm run admin -- backup --out <file>` and `restore --from <file>`: the CLI side of
 * db/backup.ts. They run before the admin CLI opens the store in its usual way, because a
 * restore needs the database closed (PGlite) or empty (PostgreSQL), and a migration run
 * would make it non-empty.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { openConfiguredStore } from '../startup.js';
import {
  BackupError,
  backupPglite,
  backupPostgres,
  restorePglite,
  restorePostgres,
  tableDigests,
} from '../../db/backup.js';
import { openStore } from '../../db/store.js';

export const BACKUP_COMMANDS = ['backup', 'restore'] as const;
export const BACKUP_USAGE = `  backup --out <tệp>                         sao lưu toàn bộ dữ liệu (nhúng: .tar.gz; PostgreSQL: SQL của pg_dump)
  restore --from <tệp>                       khôi phục từ bản sao lưu (dừng bot trước; PostgreSQL: vào CSDL trống)
`;

export function isBackupCommand(command: string | undefined): boolean {
  return (BACKUP_COMMANDS as readonly string[]).includes(command ?? '');
}

const pgliteDir = (config: Config) => path.join(config.dataDir, 'pglite');

export async function runBackupCommand(argv: string[], config: Config, out: (line: string) => void): Promise<void> {
  const [command, ...rest] = argv;
  let values: { out?: string; from?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { out: { type: 'string' }, from: { type: 'string' } } }));
  } catch (err) {
    throw new BackupError(`${err instanceof Error ? err.message : String(err)}\nCách dùng:\n${BACKUP_USAGE}`);
  }
  if (command === 'backup') {
    if (!values.out)
      throw new BackupError('Cách dùng: npm run admin -- backup --out sao-luu.tar.gz (PostgreSQL: sao-luu.sql)');
    if (config.databaseUrl) {
      const { bytes } = backupPostgres(config.databaseUrl, values.out);
      out(`Đã sao lưu PostgreSQL vào ${values.out} (${kb(bytes)}, SQL của pg_dump).`);
      return;
    }
    const store = await openConfiguredStore(config);
    try {
      const counts = await tableDigests(store.db);
      const { bytes } = await backupPglite(store, values.out);
      out(`Đã sao lưu cơ sở dữ liệu nhúng vào ${values.out} (${kb(bytes)}): ${summary(counts)}.`);
    } finally {
      await store.close();
    }
    return;
  }
  if (!values.from) throw new BackupError('Cách dùng: npm run admin -- restore --from sao-luu.tar.gz');
  let keptAt: string | null = null;
  if (config.databaseUrl) await restorePostgres(config.databaseUrl, values.from);
  else keptAt = (await restorePglite(pgliteDir(config), values.from)).keptAt;
  const store = config.databaseUrl
    ? await openStore({ databaseUrl: config.databaseUrl, maxConnections: 1 })
    : await openConfiguredStore(config);
  try {
    out(`Đã khôi phục từ ${values.from}: ${summary(await tableDigests(store.db))}.`);
  } finally {
    await store.close();
  }
  if (keptAt) out(`Dữ liệu trước khi khôi phục được giữ ở ${keptAt} (xoá khi không cần nữa).`);
}

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('vi-VN')} KB`;

function summary(counts: Record<string, { rows: number }>): string {
  const n = (t: string) => counts[`public.${t}`]?.rows ?? 0;
  return `${n('units')} đơn vị, ${n('people')} người dùng, ${n('submissions')} báo cáo, ${n('audit_log')} dòng nhật ký`;
}
