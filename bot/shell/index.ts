/**
 * The local chat shell: a readline conversation with the bot in the terminal, on the same
 * engine and flows as Telegram and Zalo. Buttons appear as numbered choices. With piped
 * input it prints each reply and exits when the input ends, so scripts and tests drive it.
 *
 * Developer commands, like other bot frameworks' emulators:
 *   /as <person code | name | role>   act as another person (demo data)
 *   /whoami                           who the shell is acting as
 *   /state                            the current flow state of this chat
 *   /quit                             leave
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { and, asc, eq } from 'drizzle-orm';
import type { App } from '../app.js';
import { accounts, people, units } from '../../db/schema.js';
import { loadConversation } from '../../db/queries/conversation.js';
import { foldVi } from '../../handlers/text.js';
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
  /** Hook for developer commands added by other modules (the scheduler adds /tick). */
  extraCommands?: Record<string, (args: string, say: (s: string) => void) => Promise<void>>;
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

  const rl = readline.createInterface({ input: opts.input, terminal: opts.interactive ?? false });
  if (opts.interactive) {
    rl.setPrompt('> ');
    rl.prompt();
  }
  for await (const raw of rl) {
    const line = raw.replace(/\r$/, '');
    const dev = /^\/(as|whoami|state|quit|exit)(?:\s+(.*))?$/i.exec(line.trim());
    const extra = /^\/(\w+)(?:\s+(.*))?$/.exec(line.trim());
    if (dev) {
      const [, name, args = ''] = dev;
      const cmd = name!.toLowerCase();
      if (cmd === 'quit' || cmd === 'exit') break;
      if (cmd === 'whoami') out(`Đang đóng vai: ${me.label}`);
      if (cmd === 'as') {
        const next = await actAs(app, args.trim());
        if (next) {
          me = next;
          out(`Đã chuyển sang: ${me.label}`);
        } else out(`Không tìm thấy người dùng "${args.trim()}". Thử mã (ví dụ focal-xa-binh-lu) hoặc vai trò (admin, focal, head, member, guest).`);
      }
      if (cmd === 'state') {
        const row = await loadConversation(app.store.db, { channel: 'shell', chatId: me.accountId, accountId: me.accountId });
        out(JSON.stringify(row ? { flow: row.flow, step: row.step, data: row.data, choices: row.choices, locale: row.locale } : null, null, 2));
      }
    } else if (extra && opts.extraCommands?.[extra[1]!.toLowerCase()]) {
      await opts.extraCommands[extra[1]!.toLowerCase()]!(extra[2] ?? '', out);
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
 * Finds a person by code, role or name and makes sure a shell account is linked to them.
 * "guest" acts as someone nobody invited, to try the public features.
 */
async function actAs(app: App, who: string): Promise<Identity | undefined> {
  const db = app.store.db;
  if (foldVi(who) === 'guest' || foldVi(who) === 'khach') return { accountId: 'shell-guest', label: 'khách (chưa được mời)' };
  const all = await db
    .select({ person: people, unit: units })
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(eq(people.active, true))
    .orderBy(asc(units.isOffice), asc(people.id));
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
    await db.insert(accounts).values({ personId: found.person.id, channel: 'shell', externalId: accountId, chatId: accountId, displayName: found.person.fullName });
  }
  return { accountId, label: `${found.person.fullName} — ${found.person.role}, ${found.unit.name}` };
}
