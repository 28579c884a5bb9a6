/**
 * A durable queue for inbound events that could not be handled because the database was
 * unavailable, for the Zalo channels: Zalo wants a 200 within 2 seconds and does not reliably
 * deliver an event again, so an event the engine reports as transient is written here before
 * anything else happens to it, and handled again, in order per chat, once the database
 * answers. While a chat has events waiting, its new events queue behind them (an answer never
 * overtakes an older question). The person is told once, when the chat's first event waits.
 *
 * The file is append-only JSON lines next to the process (`DATA_DIR/inbound/<channel>.jsonl`):
 * `{"t":"add",…}` when an event is kept (written and fsynced before the function returns),
 * `{"t":"done","seq":N}` when it was handled (not fsynced: a lost marker means one more
 * attempt, which the engine recognises as a repeat by the update id and ignores). The file is
 * emptied when nothing waits, and rewritten with what still waits when it is opened.
 *
 * Trade-offs: synchronous writes and fsync (a few ms per kept event, only during an outage)
 * instead of a write stream, so "kept" is true when we say it; a bound on waiting events
 * (INBOUND_JOURNAL_MAX_EVENTS) rather than a full disk — beyond it, or when the disk refuses
 * the write, the person is asked to send again later and the event is logged.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './logger.js';
import type { OutboundMessage } from '../handlers/types.js';

/** What handling one event gave. */
export type Attempt =
  | { status: 'handled' }
  /** The database was unavailable; `notice` says the answer will come. */
  | { status: 'transient'; notice: OutboundMessage[] };

export interface InboundJournalOptions<T> {
  file: string;
  /** Most events waiting at once. */
  maxEvents: number;
  logger: Logger;
  /** Runs `fn` behind earlier work of this chat (the adapter's per-chat lanes). */
  inLane(chat: string, fn: () => Promise<void>): Promise<void>;
  /** Handles one event (and sends its replies). */
  handle(payload: T): Promise<Attempt>;
  /** Says something to a chat: the notice that the answer will come, or a request to resend. */
  tell(chat: string, messages: OutboundMessage[]): Promise<void>;
  /** Sent when an event could not be kept (journal full, disk error). */
  resendLater: OutboundMessage[];
  /** Whether the database answers now (a cheap ping with a time limit). */
  healthy(): Promise<boolean>;
  /** Wait between replay rounds while the database is down: first and longest (default 1 s, 30 s). */
  retryMs?: { first: number; max: number };
  /** Largest event kept, in bytes of JSON (default 256 KB). */
  maxEntryBytes?: number;
}

interface Entry<T> {
  seq: number;
  chat: string;
  at: string;
  payload: T;
}

export interface InboundJournal<T> {
  /** Handles an event now, or keeps it when its chat already waits or the database is down. Call it inside the chat's lane. */
  accept(chat: string, payload: T): Promise<void>;
  /** Reads what a previous process left and starts replaying. */
  start(): void;
  /** Stops replaying (what waits stays in the file for the next start). */
  stop(): Promise<void>;
  /** Events waiting, for one chat or in all. */
  waiting(chat?: string): number;
  /** Events kept since start (for logs and tests). */
  readonly stats: { kept: number; replayed: number; refused: number };
}

export function createInboundJournal<T>(opts: InboundJournalOptions<T>): InboundJournal<T> {
  const log = opts.logger;
  const retry = opts.retryMs ?? { first: 1000, max: 30_000 };
  const maxEntryBytes = opts.maxEntryBytes ?? 256 * 1024;
  /** Waiting events by chat, oldest first; Map order = order in which chats began to wait. */
  const byChat = new Map<string, Entry<T>[]>();
  let total = 0;
  let nextSeq = 1;
  let fd: number | undefined;
  let size = 0;
  let started = false;
  let loaded = false;
  let stopped = false;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  const stats = { kept: 0, replayed: 0, refused: 0 };

  function open(): number {
    if (fd !== undefined) return fd;
    fs.mkdirSync(path.dirname(opts.file), { recursive: true });
    fd = fs.openSync(opts.file, 'a');
    size = fs.fstatSync(fd).size;
    return fd;
  }

  /** Appends one line; on failure the file is cut back so no half line stays behind. */
  function append(line: string, sync: boolean): boolean {
    let f: number;
    try {
      f = open();
    } catch (err) {
      log.error({ err, file: opts.file }, 'inbound journal: cannot open the file');
      return false;
    }
    const buf = Buffer.from(`${line}\n`, 'utf8');
    try {
      fs.writeSync(f, buf);
      if (sync) fs.fsyncSync(f);
      size += buf.length;
      return true;
    } catch (err) {
      log.error({ err, file: opts.file }, 'inbound journal: write failed (disk full?)');
      try {
        fs.ftruncateSync(f, size);
      } catch {
        /* the next load skips a broken line */
      }
      return false;
    }
  }

  function keep(chat: string, payload: T): boolean {
    if (total >= opts.maxEvents) {
      log.error({ waiting: total, max: opts.maxEvents }, 'inbound journal: full; event not kept');
      return false;
    }
    const entry: Entry<T> = { seq: nextSeq, chat, at: new Date().toISOString(), payload };
    const line = JSON.stringify({ t: 'add', ...entry });
    if (Buffer.byteLength(line) > maxEntryBytes) {
      log.error({ bytes: Buffer.byteLength(line) }, 'inbound journal: event too large to keep');
      return false;
    }
    if (!append(line, true)) return false;
    nextSeq++;
    const list = byChat.get(chat);
    if (list) list.push(entry);
    else byChat.set(chat, [entry]);
    total++;
    stats.kept++;
    wake?.();
    return true;
  }

  function markDone(entry: Entry<T>): void {
    const list = byChat.get(entry.chat);
    if (list?.[0] === entry) list.shift();
    if (list && list.length === 0) byChat.delete(entry.chat);
    total--;
    stats.replayed++;
    if (total === 0 && fd !== undefined) {
      try {
        fs.ftruncateSync(fd, 0);
        size = 0;
      } catch (err) {
        log.warn({ err }, 'inbound journal: could not empty the file');
      }
    } else {
      append(JSON.stringify({ t: 'done', seq: entry.seq }), false);
    }
  }

  /** Loads what waits in the file (once, before the first event) and rewrites it with only that. */
  function load(): void {
    if (loaded) return;
    loaded = true;
    let text: string;
    try {
      text = fs.readFileSync(opts.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        log.error({ err, file: opts.file }, 'inbound journal: cannot read the file');
      return;
    }
    const adds = new Map<number, Entry<T>>();
    let broken = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const rec = JSON.parse(line) as { t: string; seq: number; chat: string; at: string; payload: T };
        if (rec.t === 'add' && Number.isInteger(rec.seq) && typeof rec.chat === 'string')
          adds.set(rec.seq, { seq: rec.seq, chat: rec.chat, at: rec.at, payload: rec.payload });
        else if (rec.t === 'done') adds.delete(rec.seq);
      } catch {
        broken++; // a line cut by a crash or a full disk
      }
    }
    if (broken > 0) log.warn({ broken, file: opts.file }, 'inbound journal: unreadable lines skipped');
    const waiting = [...adds.values()].sort((a, b) => a.seq - b.seq);
    for (const e of waiting) {
      const list = byChat.get(e.chat);
      if (list) list.push(e);
      else byChat.set(e.chat, [e]);
      nextSeq = Math.max(nextSeq, e.seq + 1);
    }
    total = waiting.length;
    const tmp = `${opts.file}.${process.pid}.tmp`;
    const body = waiting.map((e) => `${JSON.stringify({ t: 'add', ...e })}\n`).join('');
    try {
      const f = fs.openSync(tmp, 'w');
      try {
        fs.writeSync(f, body);
        fs.fsyncSync(f);
      } finally {
        fs.closeSync(f);
      }
      fs.renameSync(tmp, opts.file);
    } catch (err) {
      log.warn({ err, file: opts.file }, 'inbound journal: could not compact the file; appending to it as it is');
    }
    if (total > 0)
      log.warn(
        { waiting: total, chats: byChat.size },
        'inbound journal: events from before the restart wait to be handled',
      );
  }

  async function drainChat(chat: string): Promise<boolean> {
    for (;;) {
      const entry = byChat.get(chat)?.[0];
      if (!entry || stopped) return true;
      let attempt: Attempt;
      try {
        attempt = await opts.handle(entry.payload);
      } catch (err) {
        log.error({ err, seq: entry.seq }, 'inbound journal: replay failed; the event is dropped');
        attempt = { status: 'handled' };
      }
      if (attempt.status === 'transient') return false;
      markDone(entry);
    }
  }

  async function replayLoop(): Promise<void> {
    let delay = retry.first;
    while (!stopped) {
      if (total === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        delay = retry.first;
        continue;
      }
      await sleep(delay);
      if (stopped) break;
      if (!(await opts.healthy())) {
        delay = Math.min(retry.max, delay * 2);
        continue;
      }
      let allDone = true;
      for (const chat of [...byChat.keys()]) {
        if (stopped) break;
        let done = false;
        await opts.inLane(chat, async () => {
          done = await drainChat(chat);
        });
        if (!done) {
          allDone = false;
          break; // the database went away again: wait before the next round
        }
      }
      delay = allDone ? retry.first : Math.min(retry.max, delay * 2);
      if (allDone && stats.replayed > 0)
        log.info({ replayed: stats.replayed }, 'inbound journal: events handled after the outage');
    }
  }

  let sleeper: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        sleeper = undefined;
        resolve();
      }, ms);
      sleeper = { timer, resolve };
    });
  }

  return {
    stats,
    waiting: (chat) => (chat === undefined ? total : (byChat.get(chat)?.length ?? 0)),
    async accept(chat, payload) {
      load();
      if ((byChat.get(chat)?.length ?? 0) > 0) {
        if (!keep(chat, payload)) {
          stats.refused++;
          await opts.tell(chat, opts.resendLater);
        }
        return;
      }
      const attempt = await opts.handle(payload);
      if (attempt.status === 'handled') return;
      if (keep(chat, payload)) {
        log.warn({ chat, waiting: total }, 'inbound journal: event kept until the database is back');
        await opts.tell(chat, attempt.notice);
      } else {
        stats.refused++;
        await opts.tell(chat, opts.resendLater);
      }
    },
    start() {
      if (started) return;
      started = true;
      load();
      loop = replayLoop().catch((err: unknown) => log.error({ err }, 'inbound journal: replay stopped'));
    },
    async stop() {
      stopped = true;
      wake?.();
      if (sleeper) {
        clearTimeout(sleeper.timer);
        sleeper.resolve();
      }
      await loop;
      if (fd !== undefined) {
        try {
          fs.closeSync(fd);
        } catch {
          /* already closed */
        }
        fd = undefined;
      }
    },
  };
}
