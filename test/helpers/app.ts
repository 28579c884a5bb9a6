/**
 * The whole application on a real test database with a controllable clock, plus a chat
 * driver that talks to the engine the way an adapter does: send text, press a button by its
 * label, send a file, and read what came back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { createApp, type App } from '../../bot/app.js';
import { createConfig, type Config } from '../../bot/config.js';
import { silentLogger } from '../../bot/logger.js';
import { importDataFile, importDataFolder } from '../../handlers/services/data-import.js';
import { ensureNationalContent } from '../../db/national.js';
import { accounts, jurisdictions, people } from '../../db/schema.js';
import type { Db, Store } from '../../db/store.js';
import type {
  Channel,
  ChannelCapabilities,
  Clock,
  InboundEvent,
  InboundFile,
  OutboundMessage,
} from '../../handlers/types.js';
import { openTestStore } from './db.js';

export const FIXTURE_MINI = fileURLToPath(new URL('../fixtures/mini.yaml', import.meta.url));
export const DATA_TAM_DUONG = fileURLToPath(new URL('../../data/lai-chau/tam-duong.yaml', import.meta.url));
export const DATA_BINH_LU = fileURLToPath(new URL('../../data/lai-chau/binh-lu.yaml', import.meta.url));
export const DATA_LAI_CHAU = fileURLToPath(new URL('../../data/lai-chau', import.meta.url));

export class TestClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const BUTTON_CAPS: ChannelCapabilities = {
  buttons: true,
  maxButtons: 100,
  editMessages: true,
  documents: true,
  maxTextLength: 4096,
};
export const TEXT_CAPS: ChannelCapabilities = {
  buttons: false,
  maxButtons: 0,
  editMessages: false,
  documents: true,
  maxTextLength: 100_000,
};

export interface TestApp extends App {
  clock: TestClock;
  store: Store;
  close(): Promise<void>;
  /** A chat with the bot as the person with this code (linked on `channel`), or as a stranger. */
  chat(
    who: string | { stranger: string },
    opts?: { channel?: Channel; caps?: ChannelCapabilities; chatType?: 'private' | 'group'; chatId?: string },
  ): ChatDriver;
  personId(code: string): Promise<number>;
}

export interface TestAppOptions {
  seed?: string | null;
  now?: string;
  env?: Record<string, string>;
  /** Load the shipped national titles first, as `npm start` does (off by default: most tests pin their own titles). */
  national?: boolean;
  /** Sees every statement the store runs. */
  onQuery?: (sql: string) => void;
}

export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const store = await openTestStore({ onQuery: opts.onQuery });
  const clock = new TestClock(new Date(opts.now ?? '2026-11-26T02:00:00Z'));
  const config: Config = createConfig({ DATA_DIR: '/tmp/thidua-test', ...opts.env });
  const logger = silentLogger();
  if (opts.national) await ensureNationalContent(store, { now: clock.now() });
  if (opts.seed !== null) {
    const seed = opts.seed ?? FIXTURE_MINI;
    const o = { timezone: config.timezone, now: clock.now(), actor: { personId: null, account: 'test' } };
    if (fs.statSync(seed).isDirectory()) await importDataFolder(store, seed, o);
    else await importDataFile(store, seed, o);
  }
  const app = createApp({ config, store, clock, logger });
  return {
    ...app,
    clock,
    store,
    close: () => store.close(),
    chat: (who, o = {}) =>
      new ChatDriver(app, who, o.channel ?? 'telegram', o.caps ?? BUTTON_CAPS, o.chatType ?? 'private', o.chatId),
    async personId(code) {
      return (await personByRef(store.db, code)).id;
    },
  };
}

/**
 * A person by code, or by "code@jurisdiction" where two jurisdictions use the same code (a
 * province deployment: every commune has its own roster).
 */
async function personByRef(db: Db, ref: string): Promise<{ id: number }> {
  const [code, where] = ref.split('@') as [string, string | undefined];
  const rows = await db
    .select({ id: people.id, j: jurisdictions.code })
    .from(people)
    .innerJoin(jurisdictions, eq(jurisdictions.id, people.jurisdictionId))
    .where(eq(people.code, code));
  const found = where ? rows.filter((r) => r.j === where) : rows;
  if (found.length === 0) throw new Error(`no person ${ref}`);
  if (found.length > 1) throw new Error(`person code ${code} is in ${found.map((r) => r.j).join(', ')}: say which`);
  return found[0]!;
}

let updateSeq = 1;

export class ChatDriver {
  readonly transcript: OutboundMessage[] = [];
  private linked = false;
  readonly accountId: string;
  readonly chatId: string;

  constructor(
    private readonly app: App,
    private readonly who: string | { stranger: string },
    readonly channel: Channel,
    readonly caps: ChannelCapabilities,
    readonly chatType: 'private' | 'group',
    chatId?: string,
  ) {
    this.accountId = typeof who === 'string' ? `acc-${who}` : who.stranger;
    this.chatId = chatId ?? this.accountId;
  }

  private async ensureLinked(): Promise<void> {
    if (this.linked || typeof this.who !== 'string') return;
    const db = this.app.store.db;
    const p = await personByRef(db, this.who);
    const existing = await db
      .select()
      .from(accounts)
      .where(and(eq(accounts.channel, this.channel), eq(accounts.externalId, this.accountId)));
    if (existing.length === 0) {
      await db
        .insert(accounts)
        .values({ personId: p.id, channel: this.channel, externalId: this.accountId, chatId: this.chatId });
    }
    this.linked = true;
  }

  private async deliver(partial: Partial<InboundEvent>): Promise<OutboundMessage[]> {
    await this.ensureLinked();
    const event: InboundEvent = {
      channel: this.channel,
      accountId: this.accountId,
      chatId: this.chatId,
      chatType: this.chatType,
      updateId: `u${updateSeq++}`,
      ...partial,
    };
    const { replies } = await this.app.engine.handle(event, this.caps);
    this.transcript.push(...replies);
    return replies;
  }

  /** Sends text; returns the texts of the replies. */
  async send(text: string): Promise<string[]> {
    return (await this.deliver({ text })).map((r) => r.text);
  }

  async sendRaw(partial: Partial<InboundEvent>): Promise<OutboundMessage[]> {
    return this.deliver(partial);
  }

  async sendFile(file: InboundFile): Promise<string[]> {
    return (await this.deliver({ file })).map((r) => r.text);
  }

  /** Presses the button whose label contains `label` on the latest message that has one. */
  async press(label: string | RegExp): Promise<string[]> {
    const token = this.findButton(label);
    return (await this.deliver({ buttonToken: token })).map((r) => r.text);
  }

  findButton(label: string | RegExp): string {
    for (let i = this.transcript.length - 1; i >= 0; i--) {
      for (const b of this.transcript[i]!.buttons?.flat() ?? []) {
        if (typeof label === 'string' ? b.label.includes(label) : label.test(b.label)) return b.token;
      }
    }
    throw new Error(`no button "${String(label)}" in: ${JSON.stringify(this.buttons())}`);
  }

  /** Labels of the buttons on the latest reply that has buttons. */
  buttons(): string[] {
    for (let i = this.transcript.length - 1; i >= 0; i--) {
      const b = this.transcript[i]!.buttons;
      if (b?.length) return b.flat().map((x) => x.label);
    }
    return [];
  }

  last(): OutboundMessage {
    const m = this.transcript[this.transcript.length - 1];
    if (!m) throw new Error('no reply yet');
    return m;
  }

  lastText(): string {
    return this.last().text;
  }
}

export const DATA_DIR = path.resolve('data');
