/**
 * Telegram channel throughput: updates per second and handling latency (p50/p99) of a
 * DB-reading command (/trogiup) through the whole stack — fake Bot API server, long polling
 * with @grammyjs/runner, the adapter (mapping, sequentialize, retry and throttle transformers),
 * the flow engine and a real database — next to a bare grammY echo bot on the same fake
 * server in the same process.
 *
 *   npx tsx bench/telegram-throughput.ts                       # PGlite (and PostgreSQL if DATABASE_URL is set)
 *   npx tsx bench/telegram-throughput.ts --pg postgres://postgres@127.0.0.1:5432/postgres
 *   options: --chats 100 --rounds 20 --repeats 3 --concurrency 100 --command /trogiup --no-pglite
 *
 * Load is closed-loop, like people chatting: each of `chats` chats sends a command, waits for
 * the answer, and sends the next, `rounds` times. Latency = push of the update to the fake
 * server → the reply's sendMessage arriving there. Telegram's own limits are lifted for the
 * measurement (global 1e6/s, no per-chat spacing): with them the bot sends ≤ 30 msg/s by
 * design, which measures the throttle, not the bot. The throttler stays in the call path.
 *
 * The comparison: after a warm-up of both stacks (discarded — the fake server and grammY's
 * client take a few thousand requests to reach full speed, and a cold echo would flatter the
 * ratio), echo and full stack run `repeats` times, alternating, and the ratio is of the
 * medians. This machine is shared and noisy; single runs vary by ±30 %.
 *
 * Rows:
 *   throttler alone         our outgoing transformer stack (throttler, retry) with no
 *                           network
 *   adapter, stub engine    the whole adapter with an engine that answers at once
 *   engine alone, 1 chat    engine.handle(command) one after another: one lone update's
 *                           transaction (mostly waiting for the commit to reach the disk)
 *   engine alone            engine.handle from all chats at once: the database's ceiling with
 *                           group commit
 *   grammY echo (bare) #i   runner + sequentialize + ctx.reply, nothing else
 *   thidua <command> #i     everything
 * CPU % is this process's CPU time over wall time (the fake server runs in it too); the profile
 * line counts the transactions and statements the engine issues per update.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { run, sequentialize } from '@grammyjs/runner';
import { Bot, type Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { createApp, type App } from '../bot/app.js';
import { createConfig } from '../bot/config.js';
import { silentLogger } from '../bot/logger.js';
import { createRetry, createThrottler } from '../bot/telegram/client.js';
import { createTelegramChannel } from '../bot/telegram/index.js';
import { importDataFile } from '../handlers/services/data-import.js';
import { accounts, people } from '../db/schema.js';
import { openStore, type Store } from '../db/store.js';
import type { Engine } from '../handlers/engine/index.js';
import { systemClock, type ChannelCapabilities } from '../handlers/types.js';
import { startFakeTelegram, type FakeTelegram } from '../test/fakes/telegram-api.js';
import { countingStore, createDatabase } from './lib.js';

const SEED = fileURLToPath(new URL('../data/lai-chau/tam-duong.yaml', import.meta.url));

interface Args {
  chats: number;
  rounds: number;
  concurrency: number;
  /** Alternations of echo and full stack compared (medians). */
  repeats: number;
  /** What every chat sends: /trogiup (the target's command) or a heavier query such as /hanchot. */
  command: string;
  pg?: string;
  pglite: boolean;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    chats: Number(get('chats') ?? 100),
    rounds: Number(get('rounds') ?? 20),
    concurrency: Number(get('concurrency') ?? 100),
    repeats: Math.max(1, Number(get('repeats') ?? 3)),
    command: get('command') ?? '/trogiup',
    pg: get('pg') ?? (process.env.DATABASE_URL || undefined),
    pglite: !argv.includes('--no-pglite'),
  };
}

interface Result {
  backend: string;
  stack: string;
  updates: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** This process's CPU time over wall time (100 = one core busy; the fake server included). */
  cpuPercent: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Closed loop: every chat sends, waits for the reply, sends again. */
async function drive(fake: FakeTelegram, token: string, chats: number[], rounds: number, text: string): Promise<Loop> {
  // The fake server records every call; forget earlier runs' so its growing heap does not
  // slow the later stacks down (every run starts from the same memory).
  fake.reset();
  const waiting = new Map<string, { t0: number; done: () => void }>();
  const latencies: number[] = [];
  const off = fake.onCall((c) => {
    if (c.token !== token || c.method !== 'sendMessage' || c.outcome !== 'ok') return;
    const w = waiting.get(String(c.payload.chat_id));
    if (!w) return;
    waiting.delete(String(c.payload.chat_id));
    latencies.push(performance.now() - w.t0);
    w.done();
  });
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    chats.map(async (chat) => {
      for (let r = 0; r < rounds; r++) {
        await new Promise<void>((done) => {
          waiting.set(String(chat), { t0: performance.now(), done });
          fake.pushText(chat, text, { token });
        });
      }
    }),
  );
  const ms = performance.now() - start;
  off();
  return { latencies: latencies.sort((a, b) => a - b), ms, cpuMs: cpuMsSince(cpu0) };
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

function summarize(backend: string, stack: string, r: Loop): Result {
  return {
    cpuPercent: (r.cpuMs / r.ms) * 100,
    backend,
    stack,
    updates: r.latencies.length,
    seconds: r.ms / 1000,
    perSecond: r.latencies.length / (r.ms / 1000),
    p50: percentile(r.latencies, 50),
    p99: percentile(r.latencies, 99),
  };
}

function botInfoFor(fake: FakeTelegram, token: string): UserFromGetMe {
  const id = Number(token.split(':')[0]);
  return { ...fake.botInfo, id, username: `bot${id}_bot` };
}

const token = (n: number) => `${n}:AABenchToken${randomBytes(8).toString('hex')}`;

// ------------------------------------------------------------------ stacks

let botNumber = 700_000_001;

async function benchEcho(fake: FakeTelegram, args: Args, chats: number[]): Promise<Loop> {
  const t = token(botNumber++);
  const bot = new Bot(t, { botInfo: botInfoFor(fake, t), client: { apiRoot: fake.apiRoot } });
  bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : [])));
  bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
  bot.catch(() => {});
  const handle = run(bot, {
    runner: { fetch: { timeout: 30 }, silent: true },
    sink: { concurrency: args.concurrency },
  });
  try {
    await drive(fake, t, chats.slice(0, 20), 10, 'khởi động'); // warm-up
    return await drive(fake, t, chats, args.rounds, 'xin chào');
  } finally {
    await handle.stop();
  }
}

interface Profile {
  statements: number;
  transactions: number;
  engineMs: number;
  engineCalls: number;
}

async function benchAdapter(app: App, fake: FakeTelegram, args: Args, chats: number[], engine: Engine): Promise<Loop> {
  const t = token(botNumber++);
  const ch = createTelegramChannel(
    { ...app, engine },
    {
      token: t,
      apiRoot: fake.apiRoot,
      botInfo: botInfoFor(fake, t),
      publishCommands: false,
      concurrency: args.concurrency,
      webhook: null,
      throttle: { globalPerSecond: 1_000_000, privateChatIntervalMs: 0, groupPerMinute: 1_000_000 },
    },
  );
  await ch.start();
  try {
    await drive(fake, t, chats.slice(0, 20), 5, args.command); // warm-up
    return await drive(fake, t, chats, args.rounds, args.command);
  } finally {
    await ch.stop();
  }
}

type Loop = { latencies: number[]; ms: number; cpuMs: number };

/** Closed loop over any async call, one outstanding call per chat. */
async function loop(
  chats: number[],
  rounds: number,
  call: (chat: number, round: number) => Promise<unknown>,
): Promise<Loop> {
  const latencies: number[] = [];
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    chats.map(async (chat) => {
      for (let r = 0; r < rounds; r++) {
        const t0 = performance.now();
        await call(chat, r);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), ms: performance.now() - start, cpuMs: cpuMsSince(cpu0) };
}

/** The adapter's outgoing transformer stack, with a network that answers at once. */
async function benchThrottler(chats: number[], rounds: number): Promise<Loop> {
  const stack = [
    createThrottler({ globalPerSecond: 1_000_000, privateChatIntervalMs: 0, groupPerMinute: 1_000_000 }),
    createRetry({ maxRetryAttempts: 4, maxDelaySeconds: 60 }),
  ];
  type Call = (method: string, payload: Record<string, unknown>, signal?: unknown) => Promise<unknown>;
  let call: Call = async (_m, p) => ({ ok: true, result: { message_id: 1, chat: { id: p.chat_id } } });
  for (const t of stack) {
    const prev = call;
    call = (m, p, sig) =>
      (t as unknown as (prev: Call, m: string, p: unknown, s: unknown) => Promise<unknown>)(prev, m, p, sig);
  }
  await loop(chats.slice(0, 20), 5, (chat) => call('sendMessage', { chat_id: chat, text: 'x' }));
  return loop(chats, rounds, (chat) => call('sendMessage', { chat_id: chat, text: 'x' }));
}

const CAPS: ChannelCapabilities = {
  buttons: true,
  maxButtons: 100,
  editMessages: true,
  documents: true,
  maxTextLength: 4096,
};
let engineUpdate = 1;
function engineCall(engine: Engine, chat: number, text: string): Promise<unknown> {
  const id = String(chat);
  return engine.handle(
    { channel: 'telegram', accountId: id, chatId: id, chatType: 'private', updateId: `bench-${engineUpdate++}`, text },
    CAPS,
  );
}

/**
 * Diagnostic rows once, then the comparison: a warm-up of both (discarded: the fake server and
 * grammY's client warm up for a while), then `repeats` alternations of echo and full stack.
 */
async function benchBackend(
  backend: string,
  store: Store,
  fake: FakeTelegram,
  args: Args,
  chats: number[],
): Promise<{ rows: Result[]; echo: Result[]; full: Result[]; profile: Profile }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-bench-'));
  await importDataFile(store, SEED, {
    timezone: 'Asia/Ho_Chi_Minh',
    now: new Date(),
    actor: { personId: null, account: 'bench' },
  });
  // Every bench chat belongs to a known official, as in production.
  const staff = await store.db.select({ id: people.id }).from(people);
  await store.db.insert(accounts).values(
    chats.map((c, i) => ({
      personId: staff[i % staff.length]!.id,
      channel: 'telegram',
      externalId: String(c),
      chatId: String(c),
    })),
  );

  const profile: Profile = { statements: 0, transactions: 0, engineMs: 0, engineCalls: 0 };
  const config = createConfig({ DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: token(1), TELEGRAM_API_ROOT: fake.apiRoot });
  const app = createApp({ config, store: countingStore(store, profile), clock: systemClock, logger: silentLogger() });
  const timed: Engine = {
    ...app.engine,
    async handle(event, caps) {
      const t0 = performance.now();
      try {
        return await app.engine.handle(event, caps);
      } finally {
        profile.engineMs += performance.now() - t0;
        profile.engineCalls++;
      }
    },
  };

  process.stdout.write('warm-up… ');
  await benchEcho(fake, args, chats);
  await benchAdapter(app, fake, args, chats, app.engine);
  profile.statements = profile.transactions = 0;

  process.stdout.write('diagnostics… ');
  const throttler = await benchThrottler(chats, args.rounds);
  const stub: Engine = {
    ...app.engine,
    handle: async () => ({ replies: [{ text: 'Các lệnh anh/chị dùng được: /tieuchi, /baocao, /trogiup' }] }),
  };
  const adapterOnly = await benchAdapter(app, fake, args, chats, stub);
  const plainApp = createApp({ config, store, clock: systemClock, logger: silentLogger() });
  await loop(chats.slice(0, 10), 10, (chat) => engineCall(plainApp.engine, chat, args.command)); // warm-up
  const engineOne = await loop([chats[0]!], Math.min(300, args.rounds * 15), (chat) =>
    engineCall(plainApp.engine, chat, args.command),
  );
  const engineAll = await loop(chats, args.rounds, (chat) => engineCall(plainApp.engine, chat, args.command));

  const echo: Result[] = [];
  const full: Result[] = [];
  for (let i = 0; i < args.repeats; i++) {
    process.stdout.write(`echo/thidua ${i + 1}… `);
    echo.push(summarize(backend, `grammY echo (bare) #${i + 1}`, await benchEcho(fake, args, chats)));
    full.push(
      summarize(backend, `thidua ${args.command} #${i + 1}`, await benchAdapter(app, fake, args, chats, timed)),
    );
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  return {
    rows: [
      summarize(backend, 'throttler alone (no I/O)', throttler),
      summarize(backend, 'adapter, stub engine', adapterOnly),
      summarize(backend, 'engine alone, 1 chat', engineOne),
      summarize(backend, 'engine alone', engineAll),
      ...echo.flatMap((e, i) => [e, full[i]!]),
    ],
    echo,
    full,
    profile,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

// ------------------------------------------------------------------ main

function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '—';
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const chats = Array.from({ length: args.chats }, (_, i) => 900_001 + i);
  const fake = await startFakeTelegram({ maxPollWaitMs: 1000 });
  const results: Result[] = [];
  const comparisons: Array<{ backend: string; echo: Result[]; full: Result[]; profile: Profile }> = [];
  const started = performance.now();
  console.log(
    `Telegram throughput of ${args.command}: ${args.chats} chats × ${args.rounds} rounds, runner concurrency ${args.concurrency}, Node ${process.version}, ${os.cpus().length} CPU`,
  );

  try {
    const backends: Array<[string, () => Promise<{ store: Store; cleanup: () => Promise<void> }>]> = [];
    if (args.pglite) backends.push(['pglite', async () => ({ store: await openStore({}), cleanup: async () => {} })]);
    if (args.pg) {
      const pgUrl = args.pg;
      backends.push([
        'postgres',
        async () => {
          const db = await createDatabase(pgUrl);
          const store = await openStore({ databaseUrl: db.url, maxConnections: 10 });
          return { store, cleanup: db.drop };
        },
      ]);
    }
    for (const [name, open] of backends) {
      process.stdout.write(`· ${name}: opening the database… `);
      const { store, cleanup } = await open();
      try {
        const r = await benchBackend(name, store, fake, args, chats);
        results.push(...r.rows);
        comparisons.push({ backend: name, echo: r.echo, full: r.full, profile: r.profile });
        console.log('done');
      } finally {
        await store.close();
        await cleanup();
      }
    }
  } finally {
    await fake.close();
  }

  console.log('');
  console.log('| backend  | stack                    | updates | seconds | updates/s | p50 ms | p99 ms | CPU % |');
  console.log('|----------|--------------------------|--------:|--------:|----------:|-------:|-------:|------:|');
  for (const r of results) {
    console.log(
      `| ${r.backend.padEnd(8)} | ${r.stack.padEnd(24)} | ${String(r.updates).padStart(7)} | ${fmt(r.seconds, 2).padStart(7)} | ${fmt(r.perSecond).padStart(9)} | ${fmt(r.p50, 1).padStart(6)} | ${fmt(r.p99, 1).padStart(6)} | ${fmt(r.cpuPercent).padStart(5)} |`,
    );
  }
  console.log('');
  for (const c of comparisons) {
    const row = (stack: string) => results.find((r) => r.backend === c.backend && r.stack === stack)!;
    const thr = row('throttler alone (no I/O)');
    const stub = row('adapter, stub engine');
    const one = row('engine alone, 1 chat');
    const all = row('engine alone');
    const echo = median(c.echo.map((r) => r.perSecond));
    const full = median(c.full.map((r) => r.perSecond));
    const ratio = full / echo;
    console.log(
      `${c.backend}: thidua / echo = ${fmt(ratio, 2)} (target ≥ 0.5: ${ratio >= 0.5 ? 'met' : 'NOT met'}) — ` +
        `medians of ${c.echo.length} alternating runs: thidua ${fmt(full)}/s, echo ${fmt(echo)}/s`,
    );
    console.log(
      `  ceilings: throttler ${fmt(thr.perSecond)}/s, adapter with stub engine ${fmt(stub.perSecond)}/s, engine alone ${fmt(all.perSecond)}/s ` +
        `(a lone update's transaction takes ${fmt(one.p50, 1)} ms)`,
    );
    const p = c.profile;
    if (p.engineCalls > 0) {
      console.log(
        `  profile: ${fmt(p.transactions / p.engineCalls, 3)} transactions and ${fmt(p.statements / p.engineCalls, 2)} statements (+ BEGIN/COMMIT) per update ` +
          `(group commit: ${fmt(p.engineCalls / Math.max(1, p.transactions), 1)} updates per transaction); engine.handle took ${fmt(p.engineMs / p.engineCalls, 1)} ms on average inside the full stack`,
      );
    }
  }
  console.log(`\n(total ${fmt((performance.now() - started) / 1000, 1)} s)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
