/**
 * `npm run admin -- <command>`: the office's command line, on the same store and services as
 * the bot. It acts as the system (full rights) and every change is audited as `system:cli`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Config } from './config.js';
import { configOrExit, openStoreOrExit } from './startup.js';
import type { Db, Store } from '../db/store.js';
import { scoped, type Scoped } from '../db/scope.js';
import { listJurisdictions, type JurisdictionRow } from '../db/queries/jurisdictions.js';
import { pickJurisdiction } from './admin/jurisdiction.js';
import { importDataFile, importDataFolder } from '../handlers/services/data-import.js';
import { DataFileError } from '../db/data-file.js';
import {
  findPerson,
  findPersonByCode,
  findUnitByCode,
  listPeople,
  listUnits,
  type PersonRow,
} from '../db/queries/directory.js';
import { listAudit } from '../db/queries/audit.js';
import { isRole, ROLES, type Actor } from '../domain/authz.js';
import { createInvite, formatCode } from '../handlers/services/invites.js';
import { changeRole, moveToUnit, setActive } from '../handlers/services/people.js';
import { formatDateTime } from '../domain/format.js';
import { getDeadlineByCode } from '../db/queries/submissions.js';
import { buildOverview } from '../handlers/services/overview.js';
import { buildCsv, buildWorkbook } from '../handlers/office/export.js';
import { createSecretBox } from '../db/secret-box.js';
import { resolveCsvStyle } from '../domain/csv.js';
import { auditCsv, runStorageCommand, STORAGE_USAGE, StorageCliError } from './admin-storage.js';
import { BACKUP_USAGE, isBackupCommand, runBackupCommand } from './admin/backup.js';
import { BackupError } from '../db/backup.js';
import { INIT_USAGE, InitError, runInitCli } from './admin/init.js';
import { runXlsxImportCli } from './admin/xlsx.js';
import { XlsxImportError } from '../db/xlsx-import.js';
import { CliError } from './admin/cli-error.js';
import { AwardsCliError, awardsImportCommand, awardsLoadCommand } from './admin-awards.js';
import { AwardsImportError } from '../handlers/services/awards-import.js';

const CLI: Actor = { kind: 'system', name: 'cli' };

export const USAGE = `Cách dùng: npm run admin -- <lệnh> [tham số] [--jurisdiction <mã>]

Khi có nhiều đơn vị hành chính (tỉnh và các xã), --jurisdiction chọn nơi lệnh làm việc.

${INIT_USAGE}  import <tệp.yaml | thư mục>                nạp/cập nhật dữ liệu (đơn vị, danh hiệu, lịch…) theo mã;
                                             một thư mục (data/lai-chau/) nạp cả tỉnh và các xã
  jurisdictions                              liệt kê đơn vị hành chính (tỉnh, xã, huyện cũ)
  import <tệp.xlsx>                          nạp đơn vị, người dùng từ bảng Excel (mẫu: data/templates/)
${BACKUP_USAGE}  units                                      liệt kê đơn vị
  invite --unit <mã> --role <vai trò> [--name "Họ tên"] [--days 7]
                                             tạo mã mời dùng một lần (vai trò: ${ROLES.join(', ')})
  people [--unit <mã>]                       liệt kê người dùng
  role <người> <vai trò>                     đổi vai trò (người: mã hoặc số id)
  move <người> <mã đơn vị>                   chuyển đơn vị
  deactivate <người> | activate <người>      ngừng / kích hoạt lại
  audit [--unit <mã>] [--since YYYY-MM-DD] [--out tệp.csv]
                                             xuất nhật ký thay đổi
  export <mã đợt> --out <tệp.xlsx|tệp.csv> [--csv]
                                             xuất tổng hợp một đợt (Excel hoặc CSV)
  document help                              liệt kê các văn bản lập được
  document <loại> --deadline <mã đợt> --out <tệp.docx>
                                             lập văn bản (Word) từ dữ liệu của đợt
  zalo-oa-token <access_token> <refresh_token>
                                             lưu cặp mã Zalo OA đầu tiên (dùng - để đọc từ stdin)
  awards-import <tệp.xlsx> [--dry-run]       nhập lịch sử khen thưởng (mẫu: data/templates/lich-su-khen-thuong.xlsx)
  awards-load <tệp.yaml>                     nạp lịch sử khen thưởng viết bằng YAML (dữ liệu minh họa)
${STORAGE_USAGE}`;

export { CliError };

type Out = (line: string) => void;

export async function runCli(
  argv: string[],
  deps: { store: Store; config: Config; out: Out; now?: () => Date },
): Promise<void> {
  const { store, config, out } = deps;
  const now = deps.now ?? (() => new Date());
  const [command, ...rest] = argv;
  if (command === 'init') return runInitCli(rest, { store, config, out, now: now() });
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      unit: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      days: { type: 'string' },
      since: { type: 'string' },
      out: { type: 'string' },
      csv: { type: 'boolean' },
      deadline: { type: 'string' },
      before: { type: 'string' },
      'dry-run': { type: 'boolean' },
      jurisdiction: { type: 'string' },
    },
  });
  if (await runStorageCommand(command, positionals, values, { store, config, out, now })) return;

  // The jurisdiction a command works in: --jurisdiction, or the only one in the store.
  let chosen: JurisdictionRow | undefined;
  const jurisdiction = async (): Promise<JurisdictionRow> => {
    chosen ??= await pickJurisdiction(store.db, values.jurisdiction);
    return chosen;
  };
  const within = async (tx: Db = store.db): Promise<Scoped> => scoped(tx, (await jurisdiction()).id);
  const person = async (ref: string | undefined): Promise<PersonRow> => {
    if (!ref) throw new CliError('Thiếu người dùng (mã hoặc số id).');
    const here = await within();
    const p = /^\d+$/.test(ref) ? await findPerson(here, Number(ref)) : await findPersonByCode(here, ref);
    if (!p) throw new CliError(`Không tìm thấy người dùng "${ref}".`);
    return p;
  };
  const unit = async (code: string | undefined) => {
    if (!code) throw new CliError('Thiếu mã đơn vị (--unit).');
    const u = await findUnitByCode(await within(), code);
    if (!u) throw new CliError(`Không có đơn vị mã "${code}". Xem danh sách: npm run admin -- units`);
    return u;
  };

  switch (command) {
    case 'import': {
      const file = positionals[0];
      if (!file) throw new CliError('Thiếu tệp dữ liệu: npm run admin -- import data/lai-chau/tam-duong.yaml');
      if (/\.xlsx$/i.test(file)) return runXlsxImportCli(store, file, out, now(), values.jurisdiction);
      const opts = {
        timezone: config.timezone,
        now: now(),
        actor: { personId: null, account: 'system:cli' },
        maxBytes: config.importMaxBytes,
      };
      const isFolder = fs.existsSync(file) && fs.statSync(file).isDirectory();
      const results = isFolder ? await importDataFolder(store, file, opts) : [await importDataFile(store, file, opts)];
      for (const r of results) {
        const j = r.jurisdiction;
        out(
          `Đã nạp ${r.file}: ${j.name} (${j.code}) — thêm ${r.inserted}, cập nhật ${r.updated}, không đổi ${r.unchanged}.`,
        );
        if (j.parentCode && !j.parentLinked)
          out(`  Cấp trên "${j.parentCode}" chưa có: liên kết sẽ được lập khi nạp tệp của cấp trên.`);
        if (r.skippedNational?.length)
          out(
            `  Bỏ qua ${r.skippedNational.length} danh hiệu, hình thức khen thưởng đã có trong nội dung quốc gia (data/national/): ${r.skippedNational.join(', ')}.`,
          );
      }
      return;
    }
    case 'jurisdictions': {
      for (const j of await listJurisdictions(store.db)) {
        const parent = j.parentCode ? ` — thuộc ${j.parentCode}` : '';
        const until = j.activeTo ? ` (đến ${j.activeTo})` : '';
        out(`${j.code.padEnd(20)} ${j.level.padEnd(6)} ${j.name}${parent}${until}`);
      }
      return;
    }
    case 'units': {
      for (const u of await listUnits(await within())) {
        out(
          `${u.code.padEnd(24)} ${u.kind.padEnd(12)} ${u.name}${u.isOffice ? ' (cơ quan thường trực)' : ''}${u.active ? '' : ' (ngừng)'}`,
        );
      }
      return;
    }
    case 'invite': {
      const u = await unit(values.unit);
      const role = values.role ?? '';
      if (!isRole(role)) throw new CliError(`Vai trò phải là một trong: ${ROLES.join(', ')}.`);
      const days = values.days ? Number(values.days) : config.inviteTtlDays;
      if (!Number.isInteger(days) || days < 1 || days > 90) throw new CliError('--days phải là số nguyên từ 1 đến 90.');
      const { code, invite } = await store.tx(async (tx) =>
        createInvite(await within(tx), CLI, {
          unitId: u.id,
          role,
          fullName: values.name ?? null,
          ttlDays: days,
          now: now(),
        }),
      );
      out(`Mã mời: ${formatCode(code)}`);
      out(`Đơn vị: ${u.name} — vai trò: ${role} — hết hạn: ${formatDateTime(invite.expiresAt, config.timezone)}`);
      out('Người được mời gửi mã này cho bot (Telegram: /start <mã>; Zalo hoặc Telegram: gửi mã như một tin nhắn).');
      return;
    }
    case 'people': {
      const u = values.unit ? await unit(values.unit) : undefined;
      const rows = await listPeople(await within(), u ? { unitIds: [u.id] } : {});
      for (const { person: p, unit: pu } of rows) {
        out(
          `${String(p.id).padStart(5)} ${(p.code ?? '-').padEnd(22)} ${p.role.padEnd(7)} ${p.active ? '' : '[ngừng] '}${p.fullName} — ${pu.name}`,
        );
      }
      return;
    }
    case 'role': {
      const p = await person(positionals[0]);
      const role = positionals[1] ?? '';
      if (!isRole(role)) throw new CliError(`Vai trò phải là một trong: ${ROLES.join(', ')}.`);
      await store.tx(async (tx) => changeRole(await within(tx), CLI, p.id, role, now()));
      out(`Đã đổi vai trò của ${p.fullName} thành ${role}.`);
      return;
    }
    case 'move': {
      const p = await person(positionals[0]);
      const u = await unit(positionals[1]);
      await store.tx(async (tx) => moveToUnit(await within(tx), CLI, p.id, u.id, now()));
      out(`Đã chuyển ${p.fullName} sang ${u.name}.`);
      return;
    }
    case 'deactivate':
    case 'activate': {
      const p = await person(positionals[0]);
      await store.tx(async (tx) => setActive(await within(tx), CLI, p.id, command === 'activate', now()));
      out(command === 'activate' ? `Đã kích hoạt lại ${p.fullName}.` : `Đã ngừng hoạt động ${p.fullName}.`);
      return;
    }
    case 'audit': {
      const u = values.unit ? await unit(values.unit) : undefined;
      const since = values.since ? new Date(`${values.since}T00:00:00Z`) : undefined;
      if (since && Number.isNaN(since.getTime())) throw new CliError('--since phải có dạng YYYY-MM-DD.');
      const rows = await listAudit(await within(), { unitId: u?.id, since, limit: 100_000 });
      const csv = auditCsv(rows, config);
      if (values.out) {
        fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
        fs.writeFileSync(values.out, csv);
        out(`Đã ghi ${rows.length} dòng nhật ký vào ${values.out}.`);
      } else out(csv.replace(/^\ufeff/, '').trimEnd());
      return;
    }
    case 'zalo-oa-token': {
      let [access, refresh] = positionals;
      if (access === '-') [access, refresh] = (await readStdin()).trim().split(/\s+/);
      if (!access || !refresh)
        throw new CliError(
          'Cách dùng: npm run admin -- zalo-oa-token <access_token> <refresh_token> (hoặc "-" để đọc hai mã từ stdin, tránh lưu vào lịch sử lệnh).',
        );
      const { seedOaTokens } = await import('./zalo-oa/index.js');
      const { version, accessExpiresAt } = await seedOaTokens(store, access, refresh, now(), {
        secrets: createSecretBox(config.secrets),
      });
      out(
        `Đã lưu mã Zalo OA (phiên bản ${version}). Bot sẽ tự làm mới mã trước ${formatDateTime(accessExpiresAt, config.timezone)}.`,
      );
      return;
    }
    case 'export': {
      const code = positionals[0];
      if (!code || !values.out) throw new CliError('Cách dùng: npm run admin -- export <mã đợt> --out tong-hop.xlsx');
      const deadline = await getDeadlineByCode(await within(), code);
      if (!deadline) throw new CliError(`Không có đợt mã "${code}".`);
      const csv = values.csv || values.out.toLowerCase().endsWith('.csv');
      const o = await store.tx(async (tx) =>
        buildOverview(await within(tx), CLI, deadline.id, {
          now: now(),
          timezone: config.timezone,
          locale: config.defaultLocale,
        }),
      );
      const data = csv
        ? Buffer.from(buildCsv(o!, resolveCsvStyle(config.csvStyle, o!.locale)), 'utf8')
        : await buildWorkbook(o!);
      fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
      fs.writeFileSync(values.out, data);
      out(
        `Đã ghi ${values.out}: ${o!.units.length} đơn vị, ${o!.units.filter((u) => u.state === 'submitted' || u.state === 'accepted').length} đã nộp.`,
      );
      return;
    }
    case 'document': {
      const { runDocumentCommand } = await import('./admin/document.js');
      await runDocumentCommand(
        positionals,
        { deadline: values.deadline, out: values.out, jurisdiction: values.jurisdiction },
        { store, config, out, now: now() },
      );
      return;
    }
    case 'awards-import':
      return awardsImportCommand(store, CLI, positionals[0], {
        dryRun: values['dry-run'] === true,
        now: now(),
        out,
        jurisdictionId: values.jurisdiction ? (await jurisdiction()).id : undefined,
      });
    case 'awards-load':
      return awardsLoadCommand(store, CLI, positionals[0], {
        now: now(),
        out,
        jurisdictionId: values.jurisdiction ? (await jurisdiction()).id : undefined,
      });
    default:
      throw new CliError(command ? `Không có lệnh "${command}".\n\n${USAGE}` : USAGE);
  }
}

async function readStdin(): Promise<string> {
  let s = '';
  for await (const chunk of process.stdin) s += chunk;
  return s;
}

async function main(): Promise<void> {
  const config = configOrExit();
  // `npm run admin -- audit | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
  });
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help') {
    process.stdout.write(USAGE);
    return;
  }
  if (isBackupCommand(argv[0])) {
    try {
      await runBackupCommand(argv, config, (l) => process.stdout.write(l + '\n'));
    } catch (err) {
      if (!(err instanceof BackupError || (err instanceof Error && err.name === 'StoreLockedError'))) throw err;
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
    }
    return;
  }
  const store = await openStoreOrExit(config);
  try {
    await runCli(argv, { store, config, out: (l) => process.stdout.write(l + '\n') });
  } catch (err) {
    if (
      err instanceof CliError ||
      err instanceof DataFileError ||
      err instanceof StorageCliError ||
      err instanceof InitError ||
      err instanceof XlsxImportError ||
      err instanceof AwardsImportError ||
      err instanceof AwardsCliError
    ) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
    } else throw err;
  } finally {
    await store.close();
  }
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
