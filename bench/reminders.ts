/**
 * Reminders at district scale: planning (DB loads + the pure planner), the scheduler's tick
 * with its outbox insert, and delivery of reminders through the real Telegram adapter and the
 * real outbox deliverer against the fake Bot API server, throttled at TELEGRAM_GLOBAL_RATE.
 *
 *   npx tsx bench/reminders.ts                         # PGlite (and PostgreSQL if DATABASE_URL is set)
 *   npx tsx bench/reminders.ts --pg postgres://postgres@127.0.0.1:5432/test
 *   options: --units 10000 --runs 7 --messages 1000 --ceiling-messages 600 --rate 30
 *            --no-pglite --no-pg --no-delivery
 *            --investigate   adds a delivery run with createDeliverer({ batchSize: 500 })
 *
 * Data: `units` units (mixed kinds) with 3 people each — 2 focal points and 1 head, the
 * heavier of the two layouts for the planner, since members are never reminded and not even
 * loaded — plus the office with 2 admins; 5 open deadlines whose reminder points all fall on
 * the bench's "today" (Wed 2025-11-12, 08:00 Asia/Ho_Chi_Minh): due today (d0), tomorrow
 * (-1d), in 7 days (-7d), overdue by 2 and by 6 working days (o1, o3: heads get escalations);
 * 25–65 % of units have submitted, depending on the deadline. Written with multi-row inserts.
 *
 * Targets (from the issue): planning for 10,000 units under 1 s on PostgreSQL; delivery at
 * ≥ 95 % of the configured 30 msg/s sustained, with zero duplicates.
 *
 * Planning rows:
 *   planFromStore        the scheduler's loads (4 SELECTs) + planReminders, as one call
 *   loads alone          the same 4 SELECTs (copied from jobs/scheduler.ts)
 *   planReminders (pure) the pure planner on those rows
 * Tick rows (createScheduler(...).tick(), fixed clock):
 *   08:05  first tick of the day: plans and inserts every due reminder + the admins' digests
 *   08:06  one minute later: the same reminders are re-offered (they came due less than the
 *          scheduler's 1 h overlap before the previous tick); ON CONFLICT skips them all.
 *          Every tick up to 09:00 does the same.
 *   09:30  steady state, the previous tick at 09:29 (recorded in the scheduler's setting)
 * Delivery rows (real time: systemClock, the throttler is real time):
 *   as deployed      `messages` reminders to distinct chats linked on 'telegram'; the
 *                    deliverer exactly as createJobs builds it (batch 100, concurrency 32)
 *   throttle lifted  `ceiling-messages` more, with the adapter's limits lifted: the
 *                    deliverer's own ceiling on this database (headroom over 30/s)
 * Sustained rate = successful sendMessage calls seen by the fake server after a 2 s warm-up,
 * divided by the time they span. Send latency = adapter.send(), which includes the wait in
 * the throttler's queue (≈ concurrency / rate when saturated). Stalls = gaps between two
 * consecutive sends longer than 3 throttle slots. Peak = most sends the server saw in any
 * 1 s window, over the whole run and after the warm-up. Duplicates = extra messages to one chat.
 *
 * `runDelivery` and `prepareDelivery` are exported so a variant of the deliverer can be
 * measured the same way; `main` runs only when this file is the entry point.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { inArray, sql } from 'drizzle-orm';
import { createApp, createJobs, workCalendar, type App } from '../bot/app.js';
import type { ChannelAdapter } from '../bot/channel.js';
import { createConfig } from '../bot/config.js';
import { silentLogger } from '../bot/logger.js';
import { createTelegramChannel } from '../bot/telegram/index.js';
import { enqueue, type OutboxItem } from '../db/queries/outbox.js';
import { accounts, outbox, settings } from '../db/schema.js';
import type { Store } from '../db/store.js';
import { systemClock, type Channel } from '../handlers/types.js';
import type { Deliverer } from '../jobs/deliverer.js';
import { reminderPayload } from '../domain/outbox.js';
import { planReminders, type PlannedReminder } from '../domain/reminders/planner.js';
import { DEFAULT_POLICY } from '../domain/reminders/policy.js';
import { createScheduler, loadPlannerInput, planFromStore } from '../jobs/scheduler.js';
import { startFakeTelegram } from '../test/fakes/telegram-api.js';
import {
  argNumber,
  backendsFromArgs,
  countingStore,
  FixedClock,
  fmt,
  int,
  note,
  printDeadlines,
  printHeader,
  printTable,
  sample,
  seedJurisdiction,
  sleep,
  stats,
  timed,
  verdict,
  type QueryProfile,
  type SeedDeadline,
  type Seeded,
} from './lib.js';

const argv = process.argv.slice(2);
const UNITS = argNumber(argv, 'units', 10_000);
const RUNS = argNumber(argv, 'runs', 7);
const MESSAGES = argNumber(argv, 'messages', 1000);
const CEILING_MESSAGES = argNumber(argv, 'ceiling-messages', 600);
const RATE = argNumber(argv, 'rate', 30);
const DELIVERY = !argv.includes('--no-delivery');
const INVESTIGATE = argv.includes('--investigate');
const WARMUP_MS = 2000;
/** The scheduler's own record of its last tick (jobs/scheduler.ts). */
const LAST_TICK = 'scheduler.last_tick';

/** Wednesday 2025-11-12, 08:05 in Asia/Ho_Chi_Minh (UTC+7): every reminder point is 08:00 today. */
const local = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`);
const NOW = local('2025-11-12', '08:05');

const DEADLINES: SeedDeadline[] = [
  {
    code: 'bc-thang-11',
    kind: 'report',
    title: 'Báo cáo kết quả thi đua tháng 11/2025',
    dueAt: local('2025-11-12', '17:00'),
    audience: { all: true },
    mix: { submitted: 0.25, accepted: 0.05, draft: 0.1, empty: 0.05 },
  },
  {
    code: 'tk-nam-2025',
    kind: 'yearend_review',
    title: 'Báo cáo tổng kết công tác thi đua năm 2025',
    dueAt: local('2025-11-13', '17:00'),
    audience: { all: true },
    mix: { submitted: 0.3, draft: 0.15, empty: 0.05 },
  },
  {
    code: 'dk-2026',
    kind: 'registration',
    title: 'Đăng ký thi đua năm 2026',
    dueAt: local('2025-11-19', '17:00'),
    audience: { all: true },
    mix: { submitted: 0.25, draft: 0.1, empty: 0.05 },
  },
  {
    code: 'de-nghi-khen',
    kind: 'nomination',
    title: 'Đề nghị khen thưởng tổng kết phong trào',
    dueAt: local('2025-11-10', '17:00'),
    audience: { all: true },
    mix: { submitted: 0.5, accepted: 0.1, returned: 0.05, draft: 0.1 },
  },
  {
    code: 'tk-xa',
    kind: 'report',
    title: 'Báo cáo thống kê của các xã, thị trấn',
    dueAt: local('2025-11-04', '17:00'),
    audience: { unitKinds: ['commune', 'town'] },
    mix: { submitted: 0.45, accepted: 0.05, draft: 0.1 },
  },
];
const POINT: Record<string, string> = {
  'bc-thang-11': 'd0 (due today)',
  'tk-nam-2025': '-1d',
  'dk-2026': '-7d',
  'de-nghi-khen': 'o1 (+heads)',
  'tk-xa': 'o3 (+heads)',
};

const KINDS: Array<[string, number]> = [
  ['commune', 45],
  ['school', 25],
  ['agency', 12],
  ['health', 8],
  ['organisation', 5],
  ['town', 3],
  ['enterprise', 2],
];

const config = createConfig({});
const calendar = workCalendar(config);
const policy = DEFAULT_POLICY;

// ------------------------------------------------------------------ results

interface PlanningResult {
  backend: string;
  seedMs: number;
  planFromStore: number[];
  loads: number[];
  pure: number[];
  reminders: number;
  escalations: number;
  input: { units: number; people: number; submissions: number };
  ticks: Array<{
    label: string;
    ms: number;
    planned: number;
    offered: number;
    queued: number;
    digests: number;
    outboxRows: number;
  }>;
}

export interface DeliveryResult {
  backend: string;
  mode: string;
  lifted: boolean;
  rate: number;
  messages: number;
  sent: number;
  seconds: number;
  startupMs: number;
  sustained: number;
  perSecond: { min: number; p50: number; max: number };
  peak1s: number;
  /** The same after the warm-up. */
  peak1sWarm: number;
  /** Gaps between consecutive sends longer than 3 throttle slots, and the time lost in them. */
  stalls: number;
  stallMs: number;
  /** Event-loop delay during the run (ms): how long timers and sockets had to wait. */
  loop: { p99: number; max: number };
  duplicates: number;
  status: Record<string, number>;
  sendMs: ReturnType<typeof stats>;
  profile: QueryProfile;
}

const planning: PlanningResult[] = [];
const delivery: DeliveryResult[] = [];
let seededOnce: Seeded | undefined;

// ------------------------------------------------------------------ planning

async function countOutbox(store: Store): Promise<number> {
  const rows = await store.db.select({ n: sql<number>`count(*)::int` }).from(outbox);
  return Number(rows[0]?.n ?? 0);
}

/** How many of `reminders` a tick at `now` offers after a tick at `last` (jobs/scheduler.ts: 1 h overlap). */
function offeredAfter(reminders: PlannedReminder[], last: Date | undefined): number {
  return reminders.filter((r) => !last || r.effectiveAt.getTime() > last.getTime() - 60 * 60_000).length;
}

async function benchPlanning(backend: string, store: Store): Promise<{ reminders: PlannedReminder[] }> {
  note(`${backend}: seeding ${int(UNITS)} units…`);
  const seeded = await seedJurisdiction(store, {
    units: UNITS,
    kinds: KINDS,
    roles: ['focal', 'focal', 'head'],
    admins: 2,
    deadlines: DEADLINES,
    now: new Date(NOW.getTime() - 86_400_000),
  });
  seededOnce ??= seeded;

  note(`${backend}: planning (${RUNS} runs each)…`);
  let last: PlannedReminder[] = [];
  const pf = await sample(RUNS, 1, async () => {
    last = (await planFromStore(store, NOW, calendar, policy)).reminders;
  });
  const loads = await sample(RUNS, 1, () => loadPlannerInput(store));
  const input = await loadPlannerInput(store);
  const pure = await sample(RUNS, 1, () => planReminders({ ...input, now: NOW, policy, calendar }));

  note(`${backend}: scheduler ticks…`);
  const clock = new FixedClock(NOW);
  const scheduler = createScheduler({
    store,
    clock,
    logger: silentLogger(),
    calendar,
    policy,
    digestAt: policy.onDayAt,
  });
  const ticks: PlanningResult['ticks'] = [];
  let prev: Date | undefined;
  for (const [label, at, previous] of [
    ['08:05 first tick of the day', NOW, undefined],
    ['08:06 next minute (re-offers all)', local('2025-11-12', '08:06'), undefined],
    // Ticks run every minute: the one before 09:30 ran at 09:29. Record that instead of running
    // the 83 ticks in between (those up to 09:00 re-offer everything, as 08:06 does).
    ['09:30 steady state (previous 09:29)', local('2025-11-12', '09:30'), local('2025-11-12', '09:29')],
  ] as const) {
    if (previous) {
      await store.db
        .insert(settings)
        .values({ key: LAST_TICK, value: previous.toISOString(), updatedAt: previous })
        .onConflictDoUpdate({ target: settings.key, set: { value: previous.toISOString(), updatedAt: previous } });
      prev = previous;
    }
    clock.set(at);
    const planned = (await planFromStore(store, at, calendar, policy)).reminders;
    const { ms, value } = await timed(() => scheduler.tick());
    ticks.push({
      label,
      ms,
      planned: value.planned,
      offered: offeredAfter(planned, prev),
      queued: value.queued,
      digests: value.digests,
      outboxRows: await countOutbox(store),
    });
    prev = at;
  }
  await scheduler.stop();

  planning.push({
    backend,
    seedMs: seeded.ms,
    planFromStore: pf,
    loads,
    pure,
    reminders: last.length,
    escalations: last.filter((r) => r.escalation).length,
    input: { units: input.units.length, people: input.people.length, submissions: input.submissions.length },
    ticks,
  });
  return { reminders: last };
}

// ------------------------------------------------------------------ delivery

/** Reminders to distinct people, one each, as the tick would queue them but due now (real time). */
function reminderItems(reminders: PlannedReminder[], count: number, skip: Set<number>): OutboxItem[] {
  const out: OutboxItem[] = [];
  const now = new Date();
  for (const r of reminders) {
    if (out.length >= count) break;
    if (skip.has(r.personId)) continue;
    skip.add(r.personId);
    out.push({
      key: `bench:${r.key}`,
      kind: 'reminder',
      personId: r.personId,
      dueAt: now,
      payload: reminderPayload(r),
    });
  }
  return out;
}

const CHAT_BASE = 7_000_000;

export interface DeliveryOptions {
  /** Row label in the table. */
  label: string;
  /** Lift the adapter's limits (the deliverer's own ceiling). */
  lifted?: boolean;
  /** Messages per second the adapter is configured for (TELEGRAM_GLOBAL_RATE). */
  rate?: number;
  /** Builds the deliverer; default: createJobs (exactly what the bot runs). */
  makeDeliverer?: (app: App, adapters: ReadonlyMap<Channel, ChannelAdapter>, worker: string) => Deliverer;
  /** Sends before this long after the first are not counted in the sustained rate. */
  warmupMs?: number;
}

/**
 * Delivers `items` (queued now) through a real Telegram adapter pointed at a fresh fake Bot
 * API server, with the real deliverer on systemClock, and measures what the server saw.
 */
export async function runDelivery(
  backend: string,
  store: Store,
  items: OutboxItem[],
  o: DeliveryOptions,
): Promise<DeliveryResult> {
  const rate = o.rate ?? RATE;
  const warmupMs = o.warmupMs ?? (o.lifted ? 250 : WARMUP_MS);
  const worker = `bench-${Math.random().toString(36).slice(2, 8)}`;
  const fake = await startFakeTelegram();
  try {
    const profile: QueryProfile = { statements: 0, transactions: 0 };
    const cfg = createConfig({
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_GLOBAL_RATE: String(rate),
    });
    const app = createApp({
      config: cfg,
      store: countingStore(store, profile),
      clock: systemClock,
      logger: silentLogger(),
    });
    const tg = createTelegramChannel(app, {
      botInfo: fake.botInfo,
      publishCommands: false,
      webhook: null,
      ...(o.lifted
        ? { throttle: { globalPerSecond: 1_000_000, privateChatIntervalMs: 0, groupPerMinute: 1_000_000 } }
        : {}),
    });
    const sendMs: number[] = [];
    // The real adapter, timed. It is never start()ed: proactive sends need no polling.
    const adapter: ChannelAdapter = {
      channel: 'telegram',
      get caps() {
        return tg.caps;
      },
      routes: [],
      start: () => Promise.resolve(),
      stop: () => tg.stop(),
      async send(chatId, message) {
        const t0 = performance.now();
        try {
          return await tg.send(chatId, message);
        } finally {
          sendMs.push(performance.now() - t0);
        }
      },
    };
    const adapters = new Map<Channel, ChannelAdapter>([['telegram', adapter]]);
    const deliverer = o.makeDeliverer
      ? o.makeDeliverer(app, adapters, worker)
      : createJobs(app, adapters, { worker }).deliverer;

    let sent = 0;
    let lastProgress = Date.now();
    const off = fake.onCall((c) => {
      if (c.method === 'sendMessage' && c.outcome === 'ok') {
        sent++;
        lastProgress = Date.now();
      }
    });
    await enqueue(store.db, items, new Date());
    profile.statements = 0;
    profile.transactions = 0;

    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const started = Date.now();
    lastProgress = started;
    deliverer.start(100);
    const hardLimit = started + (items.length / (o.lifted ? 50 : rate)) * 2000 + 30_000;
    while (sent < items.length && Date.now() - lastProgress < 15_000 && Date.now() < hardLimit) await sleep(50);
    await sleep(300); // let the last markSent land
    await deliverer.stop();
    loop.disable();
    off();

    const ok = fake
      .callsOf('sendMessage')
      .filter((c) => c.outcome === 'ok')
      .sort((a, b) => a.at - b.at);
    const first = ok[0]?.at ?? started;
    const lastAt = ok[ok.length - 1]?.at ?? started;
    const warm = ok.filter((c) => c.at >= first + warmupMs);
    const span = (warm.length > 1 ? warm[warm.length - 1]!.at - warm[0]!.at : NaN) / 1000;
    const sustained = (warm.length - 1) / span;
    // Whole seconds after the warm-up: messages per second, min / median / max.
    const buckets: number[] = [];
    if (warm.length > 1) {
      const t0 = warm[0]!.at;
      const full = Math.floor((warm[warm.length - 1]!.at - t0) / 1000);
      for (let i = 0; i < full; i++) buckets.push(0);
      for (const c of warm) {
        const i = Math.floor((c.at - t0) / 1000);
        if (i < full) buckets[i]!++;
      }
    }
    const bs = stats(buckets);
    // Stalls: gaps between consecutive sends longer than 3 throttle slots, and the time they lose.
    const slot = 1000 / rate;
    let stalls = 0;
    let stallMs = 0;
    if (!o.lifted) {
      for (let i = 1; i < warm.length; i++) {
        const gap = warm[i]!.at - warm[i - 1]!.at;
        if (gap > 3 * slot) {
          stalls++;
          stallMs += gap - slot;
        }
      }
    }
    const perChat = new Map<string, number>();
    for (const c of ok) perChat.set(String(c.payload.chat_id), (perChat.get(String(c.payload.chat_id)) ?? 0) + 1);
    const duplicates = [...perChat.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const statusRows = await store.db
      .select({ status: outbox.status, n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(
        inArray(
          outbox.key,
          items.map((it) => it.key),
        ),
      )
      .groupBy(outbox.status);
    const status: Record<string, number> = {};
    for (const r of statusRows) status[r.status] = Number(r.n);
    return {
      backend,
      mode: o.label,
      lifted: Boolean(o.lifted),
      rate,
      messages: items.length,
      sent: ok.length,
      seconds: (lastAt - first) / 1000,
      startupMs: first - started,
      sustained,
      perSecond: { min: bs.min, p50: bs.p50, max: bs.max },
      peak1s: fake.peakRate({ windowMs: 1000, methods: ['sendMessage'] }),
      peak1sWarm: peakIn(
        warm.map((c) => c.at),
        1000,
      ),
      stalls,
      stallMs,
      loop: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      duplicates,
      status,
      sendMs: stats(sendMs),
      profile,
    };
  } finally {
    await fake.close();
  }
}

/** Most timestamps (ms, sorted) inside any window of `windowMs`. */
function peakIn(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** Gives `count` people (not in `used`) a linked Telegram account each and returns one due reminder per person. */
export async function prepareDelivery(
  store: Store,
  reminders: PlannedReminder[],
  count: number,
  used: Set<number>,
): Promise<OutboxItem[]> {
  const items = reminderItems(reminders, count, used);
  for (let i = 0; i < items.length; i += 1000) {
    await store.db.insert(accounts).values(
      items.slice(i, i + 1000).map((it) => {
        const chat = String(CHAT_BASE + it.personId);
        return { personId: it.personId, channel: 'telegram', externalId: chat, chatId: chat, linkedAt: new Date() };
      }),
    );
  }
  return items;
}

async function benchDelivery(backend: string, store: Store, reminders: PlannedReminder[]): Promise<void> {
  // Only the bench's rows in the outbox: the tick's rows stay out of the way.
  await store.db.delete(outbox);
  const used = new Set<number>();
  const main = await prepareDelivery(store, reminders, MESSAGES, used);
  const ceiling = await prepareDelivery(store, reminders, CEILING_MESSAGES, used);
  note(`${backend}: delivering ${main.length} reminders at ${RATE}/s (≈ ${fmt(main.length / RATE)} s)…`);
  delivery.push(await runDelivery(backend, store, main, { label: `${RATE}/s, as deployed` }));
  if (INVESTIGATE) {
    for (const batchSize of [500]) {
      const more = await prepareDelivery(store, reminders, MESSAGES, used);
      note(`${backend}: delivering ${more.length} reminders at ${RATE}/s with batchSize ${batchSize}…`);
      delivery.push(
        await runDelivery(backend, store, more, {
          label: `${RATE}/s, batchSize ${batchSize}`,
          makeDeliverer: (app, adapters, worker) => createJobs(app, adapters, { worker, batchSize }).deliverer,
        }),
      );
    }
  }
  note(`${backend}: delivering ${ceiling.length} reminders with the throttle lifted…`);
  delivery.push(await runDelivery(backend, store, ceiling, { label: 'throttle lifted', lifted: true }));
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const backends = backendsFromArgs(argv);
  printHeader('Reminders: planning, scheduler tick, delivery', [
    `data:     ${int(UNITS)} units × (2 focal + 1 head), office with 2 admins, 5 open deadlines; clock ${NOW.toISOString()} (Wed 08:05 +07)`,
    `delivery: ${DELIVERY ? `${int(MESSAGES)} reminders at TELEGRAM_GLOBAL_RATE=${RATE} + ${int(CEILING_MESSAGES)} with the throttle lifted, fake Bot API on 127.0.0.1` : 'skipped (--no-delivery)'}`,
    `backends: ${backends.map((b) => `${b.name} (${b.where})`).join(', ') || 'none'}`,
  ]);
  const t0 = performance.now();
  for (const b of backends) {
    const opened = await b.open();
    try {
      const { reminders } = await benchPlanning(b.name, opened.store);
      if (DELIVERY) await benchDelivery(b.name, opened.store, reminders);
    } finally {
      await opened.close();
    }
  }

  if (seededOnce) {
    console.log(
      `## Data (${int(seededOnce.counts.units)} units, ${int(seededOnce.counts.people)} people, ${int(seededOnce.counts.submissions)} submissions)`,
    );
    console.log('');
    printDeadlines(seededOnce, (d) => POINT[d.code] ?? '');
  }

  console.log('## Planning (ms over several runs, after 1 warm-up)');
  console.log('');
  printTable(
    ['backend', 'step', '>runs', '>min', '>median', '>max', '>reminders'],
    planning.flatMap((p) => {
      const row = (step: string, v: number[], n: string) => [
        p.backend,
        step,
        v.length,
        fmt(v[0]!, 1),
        fmt(stats(v).p50, 1),
        fmt(v[v.length - 1]!, 1),
        n,
      ];
      return [
        row('planFromStore (loads + plan)', p.planFromStore, int(p.reminders)),
        row('loads alone (4 SELECTs)', p.loads, ''),
        row('planReminders (pure)', p.pure, int(p.reminders)),
      ];
    }),
  );
  for (const p of planning) {
    console.log(
      `${p.backend}: planner input ${int(p.input.units)} units, ${int(p.input.people)} focal/head people, ${int(p.input.submissions)} submissions → ` +
        `${int(p.reminders)} reminders (${int(p.escalations)} escalations to heads); seeding took ${fmt(p.seedMs / 1000, 1)} s`,
    );
  }
  console.log('');

  console.log(
    '## Scheduler tick (fixed clock; scheduler.tick() = planFromStore + outbox insert of the offered reminders)',
  );
  console.log('');
  printTable(
    ['backend', 'tick at', '>ms', '>≈ insert ms', '>planned', '>offered', '>queued', '>digests', '>outbox rows'],
    planning.flatMap((p) => {
      const plan = stats(p.planFromStore).p50;
      return p.ticks.map((t) => [
        p.backend,
        t.label,
        fmt(t.ms, 0),
        fmt(Math.max(0, t.ms - plan), 0),
        int(t.planned),
        int(t.offered),
        int(t.queued),
        int(t.digests),
        int(t.outboxRows),
      ]);
    }),
  );
  console.log(
    '"≈ insert ms" = tick − planFromStore median: the enqueue of the offered rows (ON CONFLICT DO NOTHING) and the last-tick setting.',
  );
  console.log('');

  if (delivery.length) {
    console.log('## Delivery (real adapter → fake Bot API, real deliverer, systemClock)');
    console.log('');
    printTable(
      [
        'backend',
        'deliverer',
        '>messages',
        '>sent',
        '>dupl.',
        'rows not sent',
        '>seconds',
        '>first send ms',
        '>sustained msg/s',
        '>% of limit',
        '>per-s min/p50/max',
        '>peak 1 s all/after warm-up',
      ],
      delivery.map((d) => {
        const unsent = d.messages - (d.status.sent ?? 0);
        const left = Object.entries(d.status)
          .filter(([st]) => st !== 'sent')
          .map(([st, n]) => `${st} ${n}`)
          .join(', ');
        return [
          d.backend,
          d.mode,
          int(d.messages),
          int(d.sent),
          int(d.duplicates),
          unsent === 0 ? '0' : `${unsent} (${left || 'never claimed'})`,
          fmt(d.seconds, 1),
          fmt(d.startupMs),
          fmt(d.sustained, d.lifted ? 0 : 2),
          d.lifted ? '—' : `${fmt((d.sustained / d.rate) * 100, 1)} %`,
          d.lifted ? '—' : `${fmt(d.perSecond.min)}/${fmt(d.perSecond.p50)}/${fmt(d.perSecond.max)}`,
          d.lifted ? int(d.peak1s) : `${int(d.peak1s)}/${int(d.peak1sWarm)}`,
        ];
      }),
    );
    printTable(
      [
        'backend',
        'deliverer',
        '>stalls > 3 slots',
        '>time lost in stalls',
        '>event-loop delay p99/max ms',
        '>send p50 ms',
        '>send p99 ms',
        '>statements/msg',
        '>transactions/msg',
      ],
      delivery.map((d) => [
        d.backend,
        d.mode,
        d.lifted ? '—' : int(d.stalls),
        d.lifted ? '—' : `${fmt(d.stallMs / 1000, 1)} s of ${fmt(d.seconds, 1)} s`,
        `${fmt(d.loop.p99)}/${fmt(d.loop.max)}`,
        fmt(d.sendMs.p50, 1),
        fmt(d.sendMs.p99, 1),
        fmt(d.profile.statements / Math.max(1, d.sent), 1),
        fmt(d.profile.transactions / Math.max(1, d.sent), 1),
      ]),
    );
    console.log(
      `Sustained = sends after a ${WARMUP_MS / 1000} s warm-up / the time they span. Send latency = adapter.send(), including the wait in the throttler's queue. ` +
        'A stall is a gap between two consecutive sends longer than 3 throttle slots; "time lost" sums those gaps minus one slot each.',
    );
    console.log('');
  }

  console.log('## Targets');
  console.log('');
  for (const p of planning) {
    const median = stats(p.planFromStore).p50;
    const t = p.backend === 'postgres' ? 'target' : 'for reference, the target is on PostgreSQL';
    console.log(
      `- ${p.backend}: planning ${int(UNITS)} units, planFromStore median ${fmt(median)} ms < 1000 ms (${t}): ${verdict(median < 1000)}; ` +
        `the first tick including the insert of ${int(p.ticks[0]!.queued)} outbox rows took ${fmt(p.ticks[0]!.ms)} ms`,
    );
  }
  for (const d of delivery.filter((x) => !x.lifted)) {
    const pct = (d.sustained / d.rate) * 100;
    const unsent = d.messages - (d.status.sent ?? 0);
    console.log(
      `- ${d.backend} (${d.mode}): delivery ${fmt(d.sustained, 2)} msg/s = ${fmt(pct, 1)} % of ${d.rate}/s (≥ 95 %: ${verdict(pct >= 95)}), ` +
        `duplicates ${d.duplicates} (= 0: ${verdict(d.duplicates === 0)}), rows not sent ${unsent}`,
    );
  }
  for (const d of delivery.filter((x) => x.lifted))
    console.log(
      `- ${d.backend}: deliverer ceiling with the throttle lifted ${fmt(d.sustained, 0)} msg/s (${fmt(d.sustained / RATE, 1)}× the limit)`,
    );
  console.log(`\n(total ${fmt((performance.now() - t0) / 1000, 1)} s)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
