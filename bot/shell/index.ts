/**
 * The local chat shell: a readline conversation with the bot in the terminal, on the same
 * engine and flows as Telegram and Zalo. Buttons appear as numbered choices. With piped
 * input it prints each reply and exits when the input ends, so scripts and tests drive it.
 *
 * Developer commands, like other bot frameworks' emulators:
 *   /as <person code | name | role>   act as another person (demo data)
 *   /whoami                           who the shell is acting as
 *   /state                            the current flow state of this chat
 *   /tick                             run the reminder scheduler and deliver due messages now
 *   /tep <path>                       attach a file from this machine (as a person would send one)
 *   /quit                             leave
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { and, asc, eq } from 'drizzle-orm';
import { createJobs, type App } from '../app.js';
import type { ChannelAdapter, SendOutcome } from '../channel.js';
import { accounts, jurisdictions, people, units } from '../../db/schema.js';
import { placeName } from '../../handlers/jurisdiction.js';
import { loadConversation } from '../../db/queries/conversation.js';
import { foldVi } from '../../domain/text.js';
import { localFileFetcher } from '../files/download.js';
import type { ChannelCapabilities, InboundEvent, OutboundMessage } from '../../handlers/types.js';

export const SHELL_CAPS: ChannelCapabilities = {
  buttons: false,
  maxButtons: 0,
  editMessages: false,
  documents: true,
  maxTextLength: 100_000,
};

export interface ShellOptions {
  input: Readable;
  output: Writable;
  /** Folder where documents the bot sends are written. */
  filesDir: string;
  /** Person code to act as at start; default: the first active office admin. */
  actAs?: string;
  interactive?: boolean;
  /** Adds /tick: the scheduler and the outbox, delivering to shell accounts as printed lines. */
  withJobs?: boolean;
}

/** Proactive messages to shell accounts are printed, so reminders can be tried on the terminal. */
class ShellAdapter implements ChannelAdapter {
  readonly channel = 'shell' as const;
  readonly caps = SHELL_CAPS;
  readonly routes = [];
  constructor(private readonly out: (s: string) => void) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(chatId: string, message: OutboundMessage): Promise<SendOutcome> {
    this.out(`\n🔔 [tin tự động tới ${chatId}]\n${message.text}`);
    return { ok: true };
  }
}

interface Identity {
  accountId: string;
  label: string;
}

export async function runShell(app: App, opts: ShellOptions): Promise<void> {
  const out = (s: string) => opts.output.write(s.endsWith('\n') ? s : s + '\n');
  let me = await actAs(app, opts.actAs ?? 'admin');
  if (!me) me = { accountId: 'shell-guest', label: 'khách (chưa được mời)' };
  out(`Thidua-bot — kênh thử nghiệm trên máy. Đang đóng vai: ${me.label}.`);
  out('Gõ /trogiup để xem lệnh; /as <mã|vai trò> để đổi người; /quit để thoát.');

  app.files.register('shell', localFileFetcher);
  const jobs = opts.withJobs
    ? createJobs(app, new Map([['shell', new ShellAdapter(out)]]), { worker: 'shell' })
    : undefined;
  // On a terminal readline needs the output stream to show the prompt, echo what is typed and
  // give line editing and history (↑/↓); piped input stays a plain line reader, so scripts
  // and tests see only the bot's replies.
  const rl = opts.interactive
    ? readline.createInterface({
        input: opts.input,
        output: opts.output,
        terminal: true,
        historySize: 200,
        removeHistoryDuplicates: true,
        prompt: '> ',
      })
    : readline.createInterface({ input: opts.input, terminal: false });
  if (opts.interactive) rl.prompt();
  for await (const raw of rl) {
    const line = raw.replace(/\r$/, '');
    const dev = /^\/(as|whoami|state|tick|quit|exit|tep|file)(?:\s+(.*))?$/i.exec(line.trim());
    if (dev) {
      const [, name, args = ''] = dev;
      const cmd = name!.toLowerCase();
      if (cmd === 'quit' || cmd === 'exit') break;
      if (cmd === 'tep' || cmd === 'file') {
        const file = path.resolve(args.trim());
        const size = fs.existsSync(file) && fs.statSync(file).isFile() ? fs.statSync(file).size : undefined;
        if (size === undefined) out(`Không đọc được tệp "${args.trim()}".`);
        else {
          const event: InboundEvent = {
            channel: 'shell',
            accountId: me.accountId,
            chatId: me.accountId,
            chatType: 'private',
            displayName: me.label,
            file: { fileId: file, kind: 'document', name: path.basename(file), size },
          };
          const { replies } = await app.engine.handle(event, SHELL_CAPS);
          for (const r of replies) out(render(r, opts.filesDir));
        }
      }
      if (cmd === 'whoami') out(`Đang đóng vai: ${me.label}`);
      if (cmd === 'as') {
        const next = await actAs(app, args.trim());
        if (next) {
          me = next;
          out(`Đã chuyển sang: ${me.label}`);
        } else
          out(
            `Không tìm thấy người dùng "${args.trim()}". Thử mã (ví dụ focal-p-kinh-te) hoặc vai trò (admin, focal, head, member, guest).`,
          );
      }
      if (cmd === 'tick') {
        if (!jobs) out('Lịch nhắc không chạy trong phiên này.');
        else {
          const r = await jobs.scheduler.tick();
          let sent = 0;
          for (let n = await jobs.deliverer.deliverOnce(); n > 0; n = await jobs.deliverer.deliverOnce()) sent += n;
          out(
            `Lịch nhắc: ${r.planned} nhắc đến hạn, ${r.queued} tin mới xếp hàng, ${sent} tin đã xử lý (tin tới tài khoản chưa dùng shell được ghi là lỗi, xem /loigui).`,
          );
        }
      }
      if (cmd === 'state') {
        const row = await loadConversation(app.store.db, {
          channel: 'shell',
          chatId: me.accountId,
          accountId: me.accountId,
        });
        out(
          JSON.stringify(
            row ? { flow: row.flow, step: row.step, data: row.data, choices: row.choices, locale: row.locale } : null,
            null,
            2,
          ),
        );
      }
    } else {
      const event: InboundEvent = {
        channel: 'shell',
        accountId: me.accountId,
        chatId: me.accountId,
        chatType: 'private',
        displayName: me.label,
        text: line,
      };
      const { replies } = await app.engine.handle(event, SHELL_CAPS);
      for (const r of replies) out(render(r, opts.filesDir));
    }
    if (opts.interactive) rl.prompt();
  }
  rl.close();
}

function render(m: OutboundMessage, filesDir: string): string {
  let s = `\n${m.text}\n`;
  for (const f of [m.document, m.photo]) {
    if (!f) continue;
    fs.mkdirSync(filesDir, { recursive: true });
    const target = path.join(filesDir, f.fileName);
    fs.writeFileSync(target, f.data);
    s += `📎 ${f.fileName} (${Math.round(f.data.length / 1024)} KB) → ${target}\n`;
  }
  return s;
}

/**
 * Finds a person by code, role or name — in any jurisdiction of the store; "code@jurisdiction"
 * where two communes use the same code — and makes sure a shell account is linked to them.
 * "guest" acts as someone nobody invited, to try the public features.
 */
async function actAs(app: App, input: string): Promise<Identity | undefined> {
  const db = app.store.db;
  if (foldVi(input) === 'guest' || foldVi(input) === 'khach')
    return { accountId: 'shell-guest', label: 'khách (chưa được mời)' };
  const [who, where] = input.split('@') as [string, string | undefined];
  const all = (
    await db
      .select({ person: people, unit: units, place: jurisdictions.name, placeCode: jurisdictions.code })
      .from(people)
      .innerJoin(units, eq(units.id, people.unitId))
      .innerJoin(jurisdictions, eq(jurisdictions.id, people.jurisdictionId))
      .where(eq(people.active, true))
      .orderBy(asc(units.isOffice), asc(people.id))
  ).filter((r) => !where || r.placeCode === where.trim());
  const q = foldVi(who);
  const found =
    all.find((r) => r.person.code === who) ??
    all.find((r) => r.person.role === q && (q !== 'admin' || r.unit.isOffice)) ??
    all.find((r) => foldVi(r.person.fullName).includes(q));
  if (!found) return undefined;
  const accountId = `p${found.person.id}`;
  const existing = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.channel, 'shell'), eq(accounts.externalId, accountId)))
    .limit(1);
  if (existing.length === 0) {
    await db.insert(accounts).values({
      personId: found.person.id,
      channel: 'shell',
      externalId: accountId,
      chatId: accountId,
      displayName: found.person.fullName,
    });
  }
  return {
    accountId,
    label: `${found.person.fullName} — ${found.person.role}, ${found.unit.name} (${placeName(found.place)})`,
  };
}
