/**
 * `/tinhhinh` (status) latency: the district view an office admin gets, through the whole
 * engine (one transaction: update id, actor, conversation, flow, button tokens, state), next
 * to `districtProgress` alone; the deadline detail behind one of its buttons; and the unit
 * view a focal point gets.
 *
 *   npx tsx bench/status.ts                         # PGlite (and PostgreSQL if DATABASE_URL is set)
 *   npx tsx bench/status.ts --pg postgres://postgres@127.0.0.1:5432/test
 *   options: --units 200 --runs 200 --warmup 20 --no-pglite --no-pg
 *
 * Data: a district of `units` units of mixed kinds (communes, schools, agencies, health
 * stations, associations, a town) with 1 focal point, 1 head and 1 member each, the office
 * with 3 admins, and 5 open deadlines with realistic progress (an overdue registration almost
 * done, a report due today, a nomination in 3 days, a six-month review in 10 days, a year-end
 * review just opened), written with multi-row inserts. Clock fixed at Wed 2025-11-12 09:00
 * (Asia/Ho_Chi_Minh).
 *
 * Each row: `warmup` untimed calls, then `runs` timed calls one after another (latency, not
 * throughput). Every engine call has its own update id, as Telegram's would. Target (from
 * the issue): `/tinhhinh` for an admin under 100 ms on PostgreSQL (judged on p99).
 */
import { scoped } from '../db/scope.js';
import { performance } from 'node:perf_hooks';
import { createApp } from '../bot/app.js';
import { createConfig } from '../bot/config.js';
import { silentLogger } from '../bot/logger.js';
import { accounts } from '../db/schema.js';
import type { Store } from '../db/store.js';
import { resolveActor } from '../handlers/actor.js';
import type { Engine } from '../handlers/engine/index.js';
import { districtProgress } from '../handlers/services/overview.js';
import type { ChannelCapabilities, InboundEvent, OutboundMessage } from '../handlers/types.js';
import {
  argNumber,
  backendsFromArgs,
  countingStore,
  FixedClock,
  fmt,
  forEachBackend,
  int,
  note,
  printDeadlines,
  printHeader,
  printTable,
  sample,
  seedJurisdiction,
  stats,
  verdict,
  type QueryProfile,
  type SeedDeadline,
  type Seeded,
} from './lib.js';

const argv = process.argv.slice(2);
const UNITS = argNumber(argv, 'units', 200);
const RUNS = argNumber(argv, 'runs', 200);
const WARMUP = argNumber(argv, 'warmup', 20);
const TARGET_MS = 100;

const local = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`);
const NOW = local('2025-11-12', '09:00');

const DEADLINES: SeedDeadline[] = [
  {
    code: 'dk-2026',
    kind: 'registration',
    title: 'Đăng ký thi đua năm 2026',
    dueAt: local('2025-11-07', '17:00'),
    audience: { all: true },
    mix: { submitted: 0.6, accepted: 0.25, returned: 0.03, draft: 0.05 },
  },
  {
    code: 'bc-thang-11',
    kind: 'report',
    title: 'Báo cáo kết quả thi đua tháng 11/2025 của các xã',
    dueAt: local('2025-11-12', '17:00'),
    audience: { unitKinds: ['commune', 'town'] },
    mix: { submitted: 0.5, accepted: 0.05, draft: 0.2, empty: 0.05 },
  },
  {
    code: 'de-nghi-khen',
    kind: 'nomination',
    title: 'Đề nghị khen thưởng tổng kết phong trào thi đua',
    dueAt: local('2025-11-15', '17:00'),
    audience: { all: true },
    mix: { submitted: 0.2, draft: 0.25, empty: 0.05 },
  },
  {
    code: 'so-ket-2025',
    kind: 'midyear_review',
    title: 'Báo cáo sơ kết công tác thi đua, khen thưởng',
    dueAt: local('2025-11-22', '17:00'),
    audience: { all: true },
    mix: { submitted: 0.35, draft: 0.2, empty: 0.05 },
  },
  {
    code: 'tk-nam-2025',
    kind: 'yearend_review',
    title: 'Báo cáo tổng kết công tác thi đua, khen thưởng năm 2025',
    dueAt: local('2025-12-10', '17:00'),
    audience: { all: true },
    mix: { submitted: 0.03, draft: 0.07, empty: 0.05 },
  },
];

const KINDS: Array<[string, number]> = [
  ['commune', 40],
  ['school', 30],
  ['agency', 15],
  ['health', 8],
  ['organisation', 5],
  ['town', 2],
];

const CAPS: ChannelCapabilities = {
  buttons: true,
  maxButtons: 100,
  editMessages: true,
  documents: true,
  maxTextLength: 4096,
};

interface Row {
  backend: string;
  step: string;
  ms: number[];
  statements?: number;
  transactions?: number;
  note?: string;
}

const rows: Row[] = [];
let seededOnce: Seeded | undefined;
let sampleReply: OutboundMessage | undefined;

let updateSeq = 1;
function event(who: { externalId: string; chatId: string }, partial: Partial<InboundEvent>): InboundEvent {
  return {
    channel: 'telegram',
    accountId: who.externalId,
    chatId: who.chatId,
    chatType: 'private',
    updateId: `bench-status-${updateSeq++}`,
    ...partial,
  };
}

async function benchBackend(backend: string, store: Store): Promise<void> {
  note(`${backend}: seeding ${UNITS} units…`);
  const seeded = await seedJurisdiction(store, {
    units: UNITS,
    kinds: KINDS,
    roles: ['focal', 'head', 'member'],
    admins: 3,
    deadlines: DEADLINES,
    now: NOW,
  });
  seededOnce ??= seeded;
  const admin = seeded.admins[0]!;
  const firstCommune = seeded.units.find((u) => u.kind === 'commune')!;
  const focal = seeded.people.find((p) => p.unitId === firstCommune.id && p.role === 'focal')!;
  const adminAcc = { externalId: '9000001', chatId: '9000001' };
  const focalAcc = { externalId: '9000002', chatId: '9000002' };
  await store.db.insert(accounts).values([
    { personId: admin.id, channel: 'telegram', ...adminAcc, displayName: 'Quản trị', linkedAt: NOW },
    { personId: focal.id, channel: 'telegram', ...focalAcc, displayName: 'Đầu mối', linkedAt: NOW },
  ]);

  const profile: QueryProfile = { statements: 0, transactions: 0 };
  const config = createConfig({});
  const app = createApp({
    config,
    store: countingStore(store, profile),
    clock: new FixedClock(NOW),
    logger: silentLogger(),
  });
  const engine: Engine = app.engine;

  /** Runs `fn` warmup + runs times and records latency and statements per call. */
  async function measure(step: string, fn: (i: number) => Promise<unknown>, rowNote?: string): Promise<void> {
    note(`${backend}: ${step}…`);
    for (let i = 0; i < WARMUP; i++) await fn(-1 - i);
    profile.statements = 0;
    profile.transactions = 0;
    const ms = await sample(RUNS, 0, fn);
    rows.push({
      backend,
      step,
      ms,
      statements: profile.statements / RUNS,
      transactions: profile.transactions / RUNS,
      note: rowNote,
    });
  }

  // The admin's /tinhhinh, through the engine.
  const first = await engine.handle(event(adminAcc, { text: '/tinhhinh' }), CAPS);
  const reply = first.replies[0];
  if (!reply || !reply.buttons?.length)
    throw new Error(`unexpected /tinhhinh reply: ${JSON.stringify(first.replies).slice(0, 300)}`);
  sampleReply ??= reply;
  await measure(
    '/tinhhinh, admin (district view, engine.handle)',
    async () => {
      const r = await engine.handle(event(adminAcc, { text: '/tinhhinh' }), CAPS);
      if (r.replies.length !== 1) throw new Error('no reply');
    },
    `${reply.text.length} chars, ${reply.buttons.flat().length} buttons`,
  );

  // districtProgress alone, as the flow calls it (inside a transaction) and on the pool.
  const { actor } = await resolveActor(store.db, 'telegram', adminAcc.externalId);
  const counted = countingStore(store, profile);
  await measure('districtProgress alone (in a transaction)', () =>
    counted.tx((tx) => districtProgress(scoped(tx, seeded.jurisdictionId), actor, NOW)),
  );
  await measure('districtProgress alone (no transaction)', () =>
    districtProgress(scoped(counted.db, seeded.jurisdictionId), actor, NOW),
  );

  // The deadline detail behind the first button (the overdue registration, all units).
  const token = reply.buttons[0]![0]!.token;
  let detailNote = '';
  await measure('deadline detail, admin (button press)', async () => {
    const r = await engine.handle(event(adminAcc, { buttonToken: token }), CAPS);
    const m = r.replies[0];
    if (!m) throw new Error('no reply');
    detailNote = `${m.text.length} chars, ${m.buttons?.flat().length ?? 0} buttons`;
  });
  rows[rows.length - 1]!.note = detailNote;

  // The focal point's own unit view.
  const unitReply = (await engine.handle(event(focalAcc, { text: '/tinhhinh' }), CAPS)).replies[0];
  await measure(
    '/tinhhinh, focal point (unit view, engine.handle)',
    async () => {
      const r = await engine.handle(event(focalAcc, { text: '/tinhhinh' }), CAPS);
      if (r.replies.length !== 1) throw new Error('no reply');
    },
    unitReply ? `${unitReply.text.length} chars, ${unitReply.buttons?.flat().length ?? 0} buttons` : '',
  );
}

async function main(): Promise<void> {
  const backends = backendsFromArgs(argv);
  printHeader('Status (/tinhhinh) latency', [
    `data:     ${int(UNITS)} units × (1 focal + 1 head + 1 member), office with 3 admins, 5 open deadlines; clock ${NOW.toISOString()} (Wed 09:00 +07)`,
    `runs:     ${RUNS} timed after ${WARMUP} warm-up, one after another`,
    `backends: ${backends.map((b) => `${b.name} (${b.where})`).join(', ') || 'none'}`,
  ]);
  const t0 = performance.now();
  // forEachBackend prints a section title per backend; the figures follow at the end.
  await forEachBackend(backends, async (b, store) => {
    await benchBackend(b.name, store);
    console.log(`seeded and measured in ${fmt((performance.now() - t0) / 1000, 1)} s (cumulative)`);
    console.log('');
  });

  if (seededOnce) {
    console.log(
      `## Data (${int(seededOnce.counts.units)} units, ${int(seededOnce.counts.people)} people, ${int(seededOnce.counts.submissions)} submissions)`,
    );
    console.log('');
    printDeadlines(seededOnce);
  }

  console.log(`## Latency (ms, ${RUNS} runs after ${WARMUP} warm-up)`);
  console.log('');
  printTable(
    ['backend', 'call', '>min', '>p50', '>p90', '>p99', '>max', '>stmts/call', '>tx/call', 'reply'],
    rows.map((r) => {
      const s = stats(r.ms);
      return [
        r.backend,
        r.step,
        fmt(s.min, 1),
        fmt(s.p50, 1),
        fmt(s.p90, 1),
        fmt(s.p99, 1),
        fmt(s.max, 1),
        fmt(r.statements ?? NaN, 1),
        fmt(r.transactions ?? NaN, 1),
        r.note ?? '',
      ];
    }),
  );
  console.log('stmts/call counts query builders (SELECT/INSERT/UPDATE) issued through the store, not BEGIN/COMMIT.');
  console.log('');

  if (sampleReply) {
    console.log('Sample /tinhhinh reply (admin):');
    console.log('');
    for (const line of sampleReply.text.split('\n')) console.log(`    ${line}`);
    console.log('');
  }

  console.log('## Targets');
  console.log('');
  for (const r of rows.filter((x) => x.step.startsWith('/tinhhinh, admin'))) {
    const s = stats(r.ms);
    const t = r.backend === 'postgres' ? 'target' : 'for reference, the target is on PostgreSQL';
    console.log(
      `- ${r.backend}: /tinhhinh for an admin, ${UNITS} units: p50 ${fmt(s.p50, 1)} ms, p99 ${fmt(s.p99, 1)} ms < ${TARGET_MS} ms (${t}): ${verdict(s.p99 < TARGET_MS)}`,
    );
  }
  console.log(`\n(total ${fmt((performance.now() - t0) / 1000, 1)} s)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
