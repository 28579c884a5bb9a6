/**
 * `npm run admin -- init`: sets up a real jurisdiction in one sitting. It takes the issuing
 * body, its level, the standing office, the council, the time zone and the jurisdiction's
 * name as flags, asks for the missing ones when a person is at the terminal (and refuses,
 * naming them, when not), writes them as settings (audited, like the data-file importer:
 * an unchanged value is not rewritten), creates the standing office's unit when there is
 * none, and prints the first admin invite for it.
 *
 * Trade-off: only what a jurisdiction cannot run without; units and people come after, from
 * an XLSX sheet or a YAML data file (`npm run admin -- import`).
 */
import readline from 'node:readline/promises';
import { and, eq } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { Store } from '../../db/store.js';
import { jurisdictions, units } from '../../db/schema.js';
import { scoped } from '../../db/scope.js';
import { writeAudit } from '../../db/queries/audit.js';
import { sameValue } from '../../db/import.js';
import { createInvite, formatCode } from '../../handlers/services/invites.js';
import { formatDateTime } from '../../domain/format.js';
import { foldVi } from '../../domain/text.js';
import type { Actor } from '../../domain/authz.js';

export const INIT_USAGE = `  init [--issuer "Ủy ban nhân dân xã …"] [--level tinh|xa] [--office "…"] [--council "…"]
       [--timezone Asia/Ho_Chi_Minh] [--name "Xã …, tỉnh …"] [--code ma-dia-ban] [--admin "Họ tên"]
                                             thiết lập địa bàn và in mã mời quản trị đầu tiên
`;

export const LEVELS = ['tinh', 'xa'] as const;

export class InitError extends Error {
  override name = 'InitError';
}

export interface InitAnswers {
  issuer: string;
  level: (typeof LEVELS)[number];
  office: string;
  council: string;
  timezone: string;
  name: string;
  code: string;
}

interface Field {
  key: keyof InitAnswers;
  flag: string;
  question: string;
  check(v: string): string | null;
}

const MAX = 200;
const text = (what: string) => (v: string) =>
  v.length === 0 ? `${what} không được để trống.` : v.length > MAX ? `${what} dài quá ${MAX} ký tự.` : null;

export function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return /\//.test(tz) || tz === 'UTC';
  } catch {
    return false;
  }
}

const FIELDS: Field[] = [
  {
    key: 'issuer',
    flag: '--issuer',
    question: 'Cơ quan ban hành (vd. Ủy ban nhân dân xã Bình Lư): ',
    check: text('Cơ quan ban hành'),
  },
  {
    key: 'level',
    flag: '--level',
    question: 'Cấp (tinh hoặc xa): ',
    check: (v) => ((LEVELS as readonly string[]).includes(v) ? null : 'Cấp phải là "tinh" hoặc "xa".'),
  },
  {
    key: 'office',
    flag: '--office',
    question: 'Cơ quan thường trực thi đua, khen thưởng: ',
    check: text('Tên cơ quan thường trực'),
  },
  { key: 'council', flag: '--council', question: 'Hội đồng Thi đua – Khen thưởng: ', check: text('Tên Hội đồng') },
  {
    key: 'timezone',
    flag: '--timezone',
    question: 'Múi giờ [Asia/Ho_Chi_Minh]: ',
    check: (v) =>
      validTimezone(v) ? null : `Múi giờ "${v}" không hợp lệ (dạng Khu_vực/Thành_phố, vd. Asia/Ho_Chi_Minh).`,
  },
  {
    key: 'name',
    flag: '--name',
    question: 'Tên địa bàn (vd. Xã Bình Lư, tỉnh Lai Châu): ',
    check: text('Tên địa bàn'),
  },
];

/** A code from a Vietnamese name: "Xã Bình Lư, tỉnh Lai Châu" → "xa-binh-lu-tinh-lai-chau". */
export function codeFromName(name: string): string {
  const slug = foldVi(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug || 'dia-ban';
}

/**
 * Completes the answers from flags, then (when `ask` is given) from questions; without `ask`
 * a missing or invalid answer is an error naming the flag.
 */
export async function collectAnswers(
  flags: Partial<Record<keyof InitAnswers, string | undefined>>,
  defaults: { timezone: string },
  ask?: (question: string) => Promise<string>,
): Promise<InitAnswers> {
  const out: Partial<Record<keyof InitAnswers, string>> = {};
  const problems: string[] = [];
  for (const f of FIELDS) {
    let v = flags[f.key]?.trim();
    if (v === undefined && f.key === 'timezone' && !ask) v = defaults.timezone;
    if (v !== undefined) {
      const bad = f.check(v);
      if (!bad) {
        out[f.key] = v;
        continue;
      }
      if (!ask) {
        problems.push(`${f.flag}: ${bad}`);
        continue;
      }
      process.stderr.write(`${bad}\n`);
    }
    if (!ask) {
      problems.push(`thiếu ${f.flag}`);
      continue;
    }
    for (let tries = 0; ; tries++) {
      let answer = (await ask(f.question)).trim();
      if (answer === '' && f.key === 'timezone') answer = defaults.timezone;
      const bad = f.check(answer);
      if (!bad) {
        out[f.key] = answer;
        break;
      }
      if (tries >= 4) throw new InitError(`${f.flag}: ${bad}`);
      process.stderr.write(`${bad}\n`);
    }
  }
  if (problems.length)
    throw new InitError(
      `Chưa đủ thông tin để thiết lập địa bàn:\n  ${problems.join('\n  ')}\nChạy lại với đủ tham số, hoặc chạy trong cửa sổ dòng lệnh để trả lời từng câu.`,
    );
  const code = flags.code?.trim() || codeFromName(out.name!);
  if (!/^[a-z0-9][a-z0-9_.-]{0,63}$/i.test(code))
    throw new InitError('--code chỉ gồm chữ không dấu, số, "-", "_" hoặc "." (tối đa 64).');
  return { ...(out as Omit<InitAnswers, 'code'>), code };
}

export interface InitResult {
  changed: string[];
  unchanged: string[];
  officeUnit: { id: number; code: string; name: string; created: boolean };
  invite: { code: string; expiresAt: Date };
}

const CLI_ACTOR: Actor = { kind: 'system', name: 'cli' };

/**
 * Writes the answers as the jurisdiction's row (by its code; a second `init` with another code
 * adds another jurisdiction) and prints nothing: the caller reports. One transaction.
 */
export async function applyInit(
  store: Store,
  a: InitAnswers,
  opts: { now: Date; inviteTtlDays: number; adminName?: string },
): Promise<InitResult> {
  return store.tx(async (tx) => {
    // Reported by the names an operator knows from the data file's settings.
    const fields = {
      issuer: ['issuer', a.issuer],
      issuer_level: ['level', a.level],
      office_name: ['officeName', a.office],
      council_name: ['councilName', a.council],
      timezone: ['timeZone', a.timezone],
      jurisdiction: ['name', a.name],
    } as const;
    const existing = (await tx.select().from(jurisdictions).where(eq(jurisdictions.code, a.code)).limit(1))[0];
    const changed: string[] = [];
    const unchanged: string[] = [];
    for (const [key, [column, value]] of Object.entries(fields)) {
      if (existing && sameValue((existing as Record<string, unknown>)[column], value)) unchanged.push(key);
      else changed.push(key);
    }
    const row = {
      name: a.name,
      level: a.level,
      issuer: a.issuer,
      officeName: a.office,
      councilName: a.council,
      timeZone: a.timezone,
      updatedAt: opts.now,
    };
    let jurisdictionId: number;
    if (existing) {
      jurisdictionId = existing.id;
      if (changed.length) await tx.update(jurisdictions).set(row).where(eq(jurisdictions.id, existing.id));
    } else {
      const [j] = await tx
        .insert(jurisdictions)
        .values({ code: a.code, ...row, createdAt: opts.now })
        .returning({ id: jurisdictions.id });
      jurisdictionId = j!.id;
    }
    const s = scoped(tx, jurisdictionId);
    if (changed.length)
      await writeAudit(
        s,
        {
          actorPersonId: null,
          actorAccount: 'system:cli',
          action: 'init.jurisdiction',
          entity: 'jurisdiction',
          entityId: a.code,
          before: existing
            ? Object.fromEntries(
                changed.map((k) => [k, (existing as Record<string, unknown>)[fields[k as keyof typeof fields][0]]]),
              )
            : null,
          after: Object.fromEntries(changed.map((k) => [k, fields[k as keyof typeof fields][1]])),
        },
        opts.now,
      );

    let office = (
      await tx
        .select()
        .from(units)
        .where(and(eq(units.jurisdictionId, jurisdictionId), eq(units.isOffice, true)))
        .limit(1)
    )[0];
    let created = false;
    if (!office) {
      const code = 'co-quan-thuong-truc';
      [office] = await tx
        .insert(units)
        .values({ jurisdictionId, code, name: a.office, kind: 'office', isOffice: true, searchText: foldVi(a.office) })
        .onConflictDoNothing()
        .returning();
      if (!office)
        throw new InitError(
          `Đã có đơn vị mã "${code}" nhưng không phải cơ quan thường trực; sửa trong tệp dữ liệu rồi chạy lại.`,
        );
      created = true;
      await writeAudit(
        s,
        {
          actorPersonId: null,
          actorAccount: 'system:cli',
          action: 'init.unit',
          entity: 'unit',
          entityId: code,
          unitId: office.id,
          before: null,
          after: { name: a.office, kind: 'office', isOffice: true },
        },
        opts.now,
      );
    }
    const { code, invite } = await createInvite(s, CLI_ACTOR, {
      unitId: office.id,
      role: 'admin',
      fullName: opts.adminName ?? null,
      ttlDays: opts.inviteTtlDays,
      now: opts.now,
    });
    return {
      changed,
      unchanged,
      officeUnit: { id: office.id, code: office.code, name: office.name, created },
      invite: { code, expiresAt: invite.expiresAt },
    };
  });
}

export async function runInitCommand(
  flags: Partial<Record<keyof InitAnswers | 'admin', string | undefined>>,
  deps: { store: Store; config: Config; out: (line: string) => void; now: Date; interactive: boolean },
): Promise<void> {
  const { config, out } = deps;
  let rl: readline.Interface | undefined;
  const ask = deps.interactive
    ? async (q: string) => {
        rl ??= readline.createInterface({ input: process.stdin, output: process.stderr });
        return rl.question(q);
      }
    : undefined;
  let answers: InitAnswers;
  try {
    answers = await collectAnswers(flags, { timezone: config.timezone }, ask);
  } finally {
    rl?.close();
  }
  const r = await applyInit(deps.store, answers, {
    now: deps.now,
    inviteTtlDays: config.inviteTtlDays,
    adminName: flags.admin,
  });
  out(
    `Địa bàn: ${answers.name} (${answers.code}) — ${answers.issuer}, cấp ${answers.level === 'tinh' ? 'tỉnh' : 'xã'}.`,
  );
  out(`Cơ quan thường trực: ${answers.office}. Hội đồng: ${answers.council}. Múi giờ: ${answers.timezone}.`);
  out(
    r.changed.length
      ? `Đã ghi ${r.changed.length} thiết lập (${r.changed.join(', ')}); không đổi ${r.unchanged.length}.`
      : 'Các thiết lập đã đúng như vậy, không thay đổi.',
  );
  if (r.officeUnit.created)
    out(`Đã tạo đơn vị "${r.officeUnit.name}" (mã ${r.officeUnit.code}) làm cơ quan thường trực.`);
  if (answers.timezone !== config.timezone)
    out(`Lưu ý: bot đang chạy theo múi giờ ${config.timezone}; đặt TIMEZONE=${answers.timezone} khi khởi động.`);
  out(
    `Mã mời quản trị đầu tiên: ${formatCode(r.invite.code)} (đơn vị ${r.officeUnit.name}, hết hạn ${formatDateTime(r.invite.expiresAt, config.timezone)}).`,
  );
  out(
    'Gửi mã này cho bot (Telegram: /start <mã>; Zalo hoặc Telegram: gửi mã như một tin nhắn). Sau đó nạp đơn vị và người dùng: npm run admin -- import don-vi.xlsx',
  );
}

/** `init` as typed on the command line (its own flags: the shared parser does not know them). */
export async function runInitCli(
  args: string[],
  deps: { store: Store; config: Config; out: (line: string) => void; now: Date },
): Promise<void> {
  const { parseArgs } = await import('node:util');
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        issuer: { type: 'string' },
        level: { type: 'string' },
        office: { type: 'string' },
        council: { type: 'string' },
        timezone: { type: 'string' },
        name: { type: 'string' },
        code: { type: 'string' },
        admin: { type: 'string' },
      },
    }) as { values: Record<string, string | undefined> });
  } catch (err) {
    throw new InitError(`${err instanceof Error ? err.message : String(err)}\nCách dùng:\n${INIT_USAGE}`);
  }
  await runInitCommand(values, { ...deps, interactive: process.stdin.isTTY === true });
}
