/**
 * The cost of scoping (issue 16, item 7): a province with its communes next to one flat
 * jurisdiction, for the scheduler's planning and for `/tinhhinh` through the engine; with
 * `--national`, 34 provinces in one PostgreSQL database and one tick's planning over all.
 *
 *   npx tsx bench/jurisdictions.ts                       # PGlite (and PostgreSQL if DATABASE_URL is set)
 *   npx tsx bench/jurisdictions.ts --pg postgres://postgres@127.0.0.1:5432/postgres --national
 *   options: --communes 100 --commune-units 40 --province-units 60 --flat-units 10000
 *            --runs 200 --warmup 20 --plan-runs 10 --no-same-size --no-pglite --no-pg
 *            --national  --provinces 34 --national-communes 40 --national-commune-units 100
 *                        --national-province-units 60 --national-runs 5 --national-status-runs 50
 *
 * Stores (each in its own database: a fresh PGlite in memory, or a throwaway PostgreSQL
 * database dropped at the end):
 *   province    one `tinh` with `province-units` units of its own plus one unit of kind
 *               `commune` per commune (its code is the commune's `unit_code_in_parent`), and
 *               `communes` communes (`xa`, parent = the province) of `commune-units` units each.
 *               Everyone: 2 focal points + 1 head per unit (the planner's heavier layout, as in
 *               bench/reminders.ts), 3 admins in the province's office, 2 in each commune's.
 *   flat        one jurisdiction of `flat-units` units (seedJurisdiction alone), same people.
 *   same size   one jurisdiction with as many units as the whole province store: the direct
 *               comparison (skip with --no-same-size).
 *   national    (--national, PostgreSQL only) `provinces` provinces, each with
 *               `national-province-units` units of its own plus its communes' units, and
 *               `national-communes` communes of `national-commune-units` units; 1 focal point
 *               + 1 head per unit to keep the seed time reasonable.
 * Every jurisdiction has 5 open deadlines whose reminder points all fall on the bench's
 * "today" (as in bench/reminders.ts: due today, tomorrow, in 7 days, overdue by 2 and by 6
 * working days); the province's fifth is for `{unitKinds: ['commune']}` (its communes), a
 * commune's fifth for its villages. Submissions in mixed states (seedJurisdiction).
 * Clock fixed at Wed 2025-11-12 08:05 (Asia/Ho_Chi_Minh).
 *
 * Rows:
 *   planning     planFromStore(store, now, calendar, DEFAULT_POLICY) over the whole store (all
 *                jurisdictions: what one scheduler tick plans), `plan-runs` runs after 1
 *                warm-up: median and p95 (with 10 runs the p95 is the slowest run); then each
 *                of its five SELECTs alone (copied from jobs/scheduler.ts) and the pure planner.
 *   /tinhhinh    engine.handle as bench/status.ts does (one update id each, a stub channel's
 *                capabilities): the province admin (its own deadlines, then its communes' progress
 *                read only: two replies), one commune admin, the flat admin; `warmup` untimed
 *                then `runs` timed calls one after another; p50/p99. districtProgress and
 *                childrenProgress alone (in a transaction) show where the province's time goes.
 *   reads alone  each of the planner's SELECTs and of childrenSnapshot's (db/queries/rollup.ts,
 *                copied) timed through drizzle and next to EXPLAIN ANALYZE's execution time (the
 *                database's share; the rest is the driver and drizzle turning rows into objects),
 *                with the plans of the slowest.
 * Targets (from the issue): province admin /tinhhinh p99 < 100 ms (on PostgreSQL); national
 * tick planning < 2 s on PostgreSQL. A miss prints by how much.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { and, eq, gte, inArray, isNull, or, sql, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { createApp, workCalendar } from '../bot/app.js';
import { createConfig } from '../bot/config.js';
import { silentLogger } from '../bot/logger.js';
import { scoped } from '../db/scope.js';
import { accounts, deadlines, jurisdictions, people, submissions, units } from '../db/schema.js';
import { openStore, rowsOf, type Store } from '../db/store.js';
import { planReminders } from '../domain/reminders/planner.js';
import { DEFAULT_POLICY } from '../domain/reminders/policy.js';
import { resolveActor } from '../handlers/actor.js';
import { childrenProgress, districtProgress } from '../handlers/services/overview.js';
import type { ChannelCapabilities, InboundEvent } from '../handlers/types.js';
import { loadPlannerInput, planFromStore } from '../jobs/scheduler.js';
import {
  analyzeAll,
  argNumber,
  argValue,
  backendsFromArgs,
  countingStore,
  createDatabase,
  FixedClock,
  fmt,
  int,
  note,
  percentile,
  printHeader,
  printTable,
  redactUrl,
  sample,
  seedJurisdiction,
  stats,
  verdict,
  type Backend,
  type QueryProfile,
  type SeedDeadline,
  type Seeded,
} from './lib.js';

const argv = process.argv.slice(2);
const COMMUNES = argNumber(argv, 'communes', 100);
const COMMUNE_UNITS = argNumber(argv, 'commune-units', 40);
const PROVINCE_UNITS = argNumber(argv, 'province-units', 60);
const FLAT_UNITS = argNumber(argv, 'flat-units', 10_000);
const RUNS = argNumber(argv, 'runs', 200);
const WARMUP = argNumber(argv, 'warmup', 20);
const PLAN_RUNS = argNumber(argv, 'plan-runs', 10);
const SAME_SIZE = !argv.includes('--no-same-size');
const NATIONAL = argv.includes('--national');
const PROVINCES = argNumber(argv, 'provinces', 34);
const N_COMMUNES = argNumber(argv, 'national-communes', 40);
const N_COMMUNE_UNITS = argNumber(argv, 'national-commune-units', 100);
const N_PROVINCE_UNITS = argNumber(argv, 'national-province-units', 60);
const N_RUNS = argNumber(argv, 'national-runs', 5);
const N_STATUS_RUNS = argNumber(argv, 'national-status-runs', 50);
const STATUS_TARGET_MS = 100;
const NATIONAL_TARGET_MS = 2000;

const local = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`);
/** Wednesday 2025-11-12, 08:05 +07: every reminder point of the deadlines below is 08:00 today. */
const NOW = local('2025-11-12', '08:05');
const SEEDED_AT = new Date(NOW.getTime() - 86_400_000);

/** The five deadlines of bench/reminders.ts; the fifth is for the units of `fifthKinds`. */
function deadlinesFor(fifthKinds: string[], fifthTitle: string): SeedDeadline[] {
  return [
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
      code: 'tk-cap-duoi',
      kind: 'report',
      title: fifthTitle,
      dueAt: local('2025-11-04', '17:00'),
      audience: { unitKinds: fifthKinds },
      mix: { submitted: 0.45, accepted: 0.05, draft: 0.1 },
    },
  ];
}
const PROVINCE_DEADLINES = deadlinesFor(['commune'], 'Báo cáo thống kê thi đua của các xã, phường');
const COMMUNE_DEADLINES = deadlinesFor(['village'], 'Báo cáo thi đua của các thôn, bản');
const FLAT_DEADLINES = deadlinesFor(['commune'], 'Báo cáo thống kê thi đua của các xã, phường');

/** A province's own units besides the communes, in turn. */
const PROVINCE_KINDS = ['agency', 'organisation', 'enterprise'];
const COMMUNE_KINDS: Array<[string, number]> = [
  ['village', 45],
  ['school', 20],
  ['agency', 15],
  ['organisation', 12],
  ['health', 8],
];
/** bench/reminders.ts's mix for one flat jurisdiction. */
const FLAT_KINDS: Array<[string, number]> = [
  ['commune', 45],
  ['school', 25],
  ['agency', 12],
  ['health', 8],
  ['organisation', 5],
  ['town', 3],
  ['enterprise', 2],
];
const ROLES = ['focal', 'focal', 'head'];
const NATIONAL_ROLES = ['focal', 'head'];

const config = createConfig({});
const calendar = workCalendar(config);

const CAPS: ChannelCapabilities = {
  buttons: true,
  maxButtons: 100,
  editMessages: true,
  documents: true,
  maxTextLength: 4096,
};

// ------------------------------------------------------------------ seeding

interface StoreShape {
  label: string;
  jurisdictions: number;
  units: number;
  people: number;
  submissions: number;
  openDeadlines: number;
  seedMs: number;
}

interface ProvinceSeed {
  province: Seeded;
  communes: Seeded[];
  shape: StoreShape;
}

/**
 * One province (`ownUnits` units of its own and one `commune` unit per commune, mixed in) and
 * its communes, each linked to its unit by `unit_code_in_parent`.
 */
async function seedProvince(
  store: Store,
  o: {
    index: number;
    communes: number;
    ownUnits: number;
    communeUnits: number;
    roles: string[];
    analyze: boolean;
    label: string;
  },
): Promise<ProvinceSeed> {
  const t0 = performance.now();
  const total = o.communes + o.ownUnits;
  // Communes spread evenly among the province's units, exactly `communes` of them.
  const communeAt = (i: number) => Math.floor(((i + 1) * o.communes) / total) > Math.floor((i * o.communes) / total);
  let own = 0;
  const p = String(o.index + 1).padStart(2, '0');
  const province = await seedJurisdiction(store, {
    jurisdiction: { code: `tinh-${p}`, name: `Tỉnh Mẫu ${p}`, level: 'tinh' },
    units: total,
    kinds: [],
    kindOf: (i) => (communeAt(i) ? 'commune' : PROVINCE_KINDS[own++ % PROVINCE_KINDS.length]!),
    roles: o.roles,
    admins: 3,
    deadlines: PROVINCE_DEADLINES,
    now: SEEDED_AT,
    seed: 1000 * (o.index + 1),
    analyze: false,
  });
  const communeUnits = province.units.filter((u) => u.kind === 'commune');
  if (communeUnits.length !== o.communes)
    throw new Error(`province ${p}: ${communeUnits.length} commune units for ${o.communes} communes`);
  const communes: Seeded[] = [];
  for (const [i, u] of communeUnits.entries()) {
    const c = String(i + 1).padStart(3, '0');
    communes.push(
      await seedJurisdiction(store, {
        jurisdiction: {
          code: `tinh-${p}-xa-${c}`,
          name: `Xã Mẫu ${p}-${c}`,
          level: 'xa',
          parentId: province.jurisdictionId,
          parentCode: `tinh-${p}`,
          unitCodeInParent: u.code,
        },
        units: o.communeUnits,
        kinds: COMMUNE_KINDS,
        roles: o.roles,
        admins: 2,
        deadlines: COMMUNE_DEADLINES,
        now: SEEDED_AT,
        seed: 1000 * (o.index + 1) + i + 1,
        analyze: false,
      }),
    );
  }
  if (o.analyze) await analyzeAll(store);
  const all = [province, ...communes];
  return {
    province,
    communes,
    shape: {
      label: o.label,
      jurisdictions: all.length,
      units: all.reduce((s, x) => s + x.counts.units, 0),
      people: all.reduce((s, x) => s + x.counts.people, 0),
      submissions: all.reduce((s, x) => s + x.counts.submissions, 0),
      openDeadlines: all.reduce((s, x) => s + x.deadlines.length, 0),
      seedMs: performance.now() - t0,
    },
  };
}

async function seedFlat(
  store: Store,
  unitCount: number,
  label: string,
): Promise<{ seeded: Seeded; shape: StoreShape }> {
  const seeded = await seedJurisdiction(store, {
    jurisdiction: { code: 'flat', name: 'Huyện Mẫu (một cấp)', level: 'huyen' },
    units: unitCount,
    kinds: FLAT_KINDS,
    roles: ROLES,
    admins: 3,
    deadlines: FLAT_DEADLINES,
    now: SEEDED_AT,
  });
  return {
    seeded,
    shape: {
      label,
      jurisdictions: 1,
      units: seeded.counts.units,
      people: seeded.counts.people,
      submissions: seeded.counts.submissions,
      openDeadlines: seeded.deadlines.length,
      seedMs: seeded.ms,
    },
  };
}

// ------------------------------------------------------------------ planning

interface LoadTiming {
  name: string;
  /** Through drizzle and the driver, rows mapped to objects (median of 3 after 1 warm-up). */
  ms: number;
  rows: number;
  /** EXPLAIN ANALYZE's execution time: the database's own share. */
  serverMs: number;
  plan: string[];
}

interface PlanningResult {
  backend: string;
  store: string;
  units: number;
  runs: number[];
  pure: number[];
  loads: LoadTiming[];
  input: { deadlines: number; units: number; people: number; submissions: number };
  reminders: number;
  escalations: number;
}

interface Load {
  name: string;
  /** A fresh query builder: awaited to time it, embedded in EXPLAIN to explain it. */
  query: () => SQLWrapper & PromiseLike<unknown[]>;
}

/** Each load timed (median of 3 after 1 warm-up) and explained (EXPLAIN ANALYZE, BUFFERS). */
async function measureLoads(store: Store, loads: Load[]): Promise<LoadTiming[]> {
  const out: LoadTiming[] = [];
  for (const l of loads) {
    let rows = 0;
    const ms = await sample(3, 1, async () => {
      rows = (await l.query()).length;
    });
    const res = await store.db.execute(sql`explain (analyze, buffers) ${l.query()}`);
    const plan = rowsOf<Record<string, string>>(res).map((r) => Object.values(r)[0] ?? '');
    const exec = /Execution Time: ([\d.]+)/.exec(plan.find((x) => x.startsWith('Execution Time')) ?? '');
    out.push({ name: l.name, ms: stats(ms).p50, rows, serverMs: Number(exec?.[1] ?? NaN), plan });
  }
  return out;
}

/**
 * The five SELECTs of loadPlannerInput (jobs/scheduler.ts), copied so that each can be timed
 * and explained alone. Keep them in step with the scheduler.
 */
function plannerLoads(store: Store, openIds: number[]): Load[] {
  const db = store.db;
  const today = NOW.toISOString().slice(0, 10);
  const parentUnit = alias(units, 'parent_unit');
  const office = alias(units, 'office_unit');
  return [
    {
      name: 'open deadlines (⋈ jurisdictions)',
      query: () =>
        db
          .select({
            id: deadlines.id,
            jurisdictionId: deadlines.jurisdictionId,
            dueAt: deadlines.dueAt,
            audience: deadlines.audience,
            status: deadlines.status,
            reminderPolicy: deadlines.reminderPolicy,
            updatedAt: deadlines.updatedAt,
          })
          .from(deadlines)
          .innerJoin(jurisdictions, eq(jurisdictions.id, deadlines.jurisdictionId))
          .where(
            and(eq(deadlines.status, 'open'), or(isNull(jurisdictions.activeTo), gte(jurisdictions.activeTo, today))),
          ),
    },
    {
      name: 'active units',
      query: () =>
        db
          .select({
            id: units.id,
            jurisdictionId: units.jurisdictionId,
            code: units.code,
            kind: units.kind,
            isOffice: units.isOffice,
            active: units.active,
          })
          .from(units)
          .where(eq(units.active, true)),
    },
    {
      name: 'focal points and heads',
      query: () =>
        db
          .select({ id: people.id, unitId: people.unitId, role: people.role, active: people.active })
          .from(people)
          .where(and(eq(people.active, true), inArray(people.role, ['focal', 'head']))),
    },
    {
      name: 'commune offices acting in the province',
      query: () =>
        db
          .select({ id: people.id, unitId: parentUnit.id, role: people.role, active: people.active })
          .from(people)
          .innerJoin(office, and(eq(office.id, people.unitId), eq(office.isOffice, true)))
          .innerJoin(jurisdictions, eq(jurisdictions.id, office.jurisdictionId))
          .innerJoin(
            parentUnit,
            and(
              eq(parentUnit.jurisdictionId, jurisdictions.parentId),
              eq(parentUnit.code, jurisdictions.unitCodeInParent),
            ),
          )
          .where(and(eq(people.active, true), inArray(people.role, ['admin', 'focal', 'head']))),
    },
    {
      name: `submissions of the open deadlines (IN ${openIds.length} ids)`,
      query: () =>
        db
          .select({ deadlineId: submissions.deadlineId, unitId: submissions.unitId, status: submissions.status })
          .from(submissions)
          .where(inArray(submissions.deadlineId, openIds)),
    },
  ];
}

async function benchPlanning(backend: string, store: Store, label: string, runs: number): Promise<PlanningResult> {
  note(`${backend} / ${label}: planning (${runs} runs)…`);
  let reminders = 0;
  let escalations = 0;
  const ms = await sample(runs, 1, async () => {
    const r = (await planFromStore(store, NOW, calendar, DEFAULT_POLICY)).reminders;
    reminders = r.length;
    escalations = r.filter((x) => x.escalation).length;
  });
  const input = await loadPlannerInput(store, NOW);
  const pure = await sample(Math.min(runs, 5), 1, () =>
    planReminders({ ...input, now: NOW, policy: DEFAULT_POLICY, calendar }),
  );
  const loads = await measureLoads(
    store,
    plannerLoads(
      store,
      input.deadlines.map((d) => d.id),
    ),
  );
  return {
    backend,
    store: label,
    units: input.units.length,
    runs: ms,
    pure,
    loads,
    input: {
      deadlines: input.deadlines.length,
      units: input.units.length,
      people: input.people.length,
      submissions: input.submissions.length,
    },
    reminders,
    escalations,
  };
}

/**
 * The four SELECTs of childrenSnapshot (db/queries/rollup.ts: what childrenProgress reads for
 * a province's /tinhhinh), copied so that each can be timed and explained alone.
 */
function rollupLoads(store: Store, parentId: number, openIds: number[]): Load[] {
  const db = store.db;
  const below = () =>
    db.select({ id: jurisdictions.id }).from(jurisdictions).where(eq(jurisdictions.parentId, parentId));
  return [
    { name: 'children', query: () => db.select().from(jurisdictions).where(eq(jurisdictions.parentId, parentId)) },
    {
      name: "children's open deadlines",
      query: () =>
        db
          .select({
            id: deadlines.id,
            jurisdictionId: deadlines.jurisdictionId,
            audience: deadlines.audience,
            status: deadlines.status,
          })
          .from(deadlines)
          .where(and(inArray(deadlines.jurisdictionId, below()), eq(deadlines.status, 'open'))),
    },
    {
      name: "children's active units",
      query: () =>
        db
          .select({
            id: units.id,
            jurisdictionId: units.jurisdictionId,
            code: units.code,
            kind: units.kind,
            isOffice: units.isOffice,
            active: units.active,
          })
          .from(units)
          .where(and(inArray(units.jurisdictionId, below()), eq(units.active, true))),
    },
    {
      name: `children's submissions (IN ${openIds.length} ids)`,
      query: () =>
        db
          .select({ deadlineId: submissions.deadlineId, unitId: submissions.unitId, status: submissions.status })
          .from(submissions)
          .where(and(inArray(submissions.jurisdictionId, below()), inArray(submissions.deadlineId, openIds))),
    },
  ];
}

interface RollupResult {
  backend: string;
  store: string;
  loads: LoadTiming[];
}

async function benchRollupLoads(backend: string, store: Store, label: string, parentId: number): Promise<RollupResult> {
  note(`${backend} / ${label}: the province's rollup reads alone…`);
  const children = await store.db
    .select({ id: jurisdictions.id })
    .from(jurisdictions)
    .where(eq(jurisdictions.parentId, parentId));
  const open = await store.db
    .select({ id: deadlines.id })
    .from(deadlines)
    .where(
      and(
        inArray(
          deadlines.jurisdictionId,
          children.map((c) => c.id),
        ),
        eq(deadlines.status, 'open'),
      ),
    );
  return {
    backend,
    store: label,
    loads: await measureLoads(
      store,
      rollupLoads(
        store,
        parentId,
        open.map((d) => d.id),
      ),
    ),
  };
}

/** One row per result, one column per load: "drizzle ms / database ms (rows)". */
function printLoads(results: Array<{ backend: string; store: string; loads: LoadTiming[] }>): void {
  const names = results[0]?.loads.map((l) => l.name.replace(/ \(IN \d+ ids\)/, '')) ?? [];
  printTable(
    ['backend', 'store', ...names.map((n) => `>${n}`)],
    results.map((r) => [
      r.backend,
      r.store,
      ...r.loads.map((l) => `${fmt(l.ms, 0)} / ${fmt(l.serverMs, 1)} (${int(l.rows)})`),
    ]),
  );
}

function slowest(loads: LoadTiming[]): LoadTiming {
  return loads.reduce((a, b) => (b.ms > a.ms ? b : a));
}

/** A plan for the report: long lines (a literal list of thousands of ids) cut. */
function printPlan(plan: string[]): void {
  for (const l of plan) console.log(`    ${l.length > 160 ? `${l.slice(0, 157)}…` : l}`);
  console.log('');
}

// ------------------------------------------------------------------ /tinhhinh

interface StatusResult {
  backend: string;
  store: string;
  who: string;
  ms: number[];
  statements: number;
  replies: number;
  chars: number;
}

let updateSeq = 1;
function event(who: { externalId: string; chatId: string }, text: string): InboundEvent {
  return {
    channel: 'telegram',
    accountId: who.externalId,
    chatId: who.chatId,
    chatType: 'private',
    updateId: `bench-jur-${updateSeq++}`,
    text,
  };
}

let accountSeq = 9_100_000;
async function link(store: Store, personId: number): Promise<{ externalId: string; chatId: string }> {
  const id = String(accountSeq++);
  await store.db
    .insert(accounts)
    .values({ personId, channel: 'telegram', externalId: id, chatId: id, displayName: 'Bench', linkedAt: NOW });
  return { externalId: id, chatId: id };
}

let sampleProvinceReplies: string[] | undefined;

/**
 * `/tinhhinh` through the engine for each of `who`, then (for a province) its two reads alone.
 * Every call has its own update id.
 */
async function benchStatus(
  backend: string,
  store: Store,
  label: string,
  who: Array<{ name: string; personId: number; jurisdictionId: number; replies: number; province?: boolean }>,
  runs: number,
  warmup: number,
): Promise<StatusResult[]> {
  const profile: QueryProfile = { statements: 0, transactions: 0 };
  const app = createApp({
    config,
    store: countingStore(store, profile),
    clock: new FixedClock(NOW),
    logger: silentLogger(),
  });
  const out: StatusResult[] = [];
  for (const w of who) {
    const acc = await link(store, w.personId);
    const first = await app.engine.handle(event(acc, '/tinhhinh'), CAPS);
    if (first.replies.length !== w.replies || !first.replies[0]?.buttons?.length)
      throw new Error(`${label}, ${w.name}: unexpected /tinhhinh reply ${JSON.stringify(first.replies).slice(0, 400)}`);
    if (w.province && !sampleProvinceReplies) sampleProvinceReplies = first.replies.map((r) => r.text);
    note(`${backend} / ${label}: /tinhhinh, ${w.name} (${runs} runs)…`);
    for (let i = 0; i < warmup; i++) await app.engine.handle(event(acc, '/tinhhinh'), CAPS);
    profile.statements = 0;
    const ms = await sample(runs, 0, async () => {
      const r = await app.engine.handle(event(acc, '/tinhhinh'), CAPS);
      if (r.replies.length !== w.replies) throw new Error('unexpected replies');
    });
    out.push({
      backend,
      store: label,
      who: `/tinhhinh, ${w.name} (engine.handle)`,
      ms,
      statements: profile.statements / runs,
      replies: first.replies.length,
      chars: first.replies.reduce((s, r) => s + r.text.length, 0),
    });
    if (w.province) {
      // The province's two reads alone, as the flow calls them (each in a transaction).
      const { actor } = await resolveActor(store.db, 'telegram', acc.externalId);
      const counted = countingStore(store, profile);
      const scope = (tx: Parameters<typeof scoped>[0]) => scoped(tx, w.jurisdictionId);
      for (const [name, fn] of [
        ['districtProgress alone (own deadlines)', () => counted.tx((tx) => districtProgress(scope(tx), actor, NOW))],
        ['childrenProgress alone (communes, read only)', () => counted.tx((tx) => childrenProgress(scope(tx), actor))],
      ] as const) {
        for (let i = 0; i < warmup; i++) await fn();
        profile.statements = 0;
        const alone = await sample(runs, 0, fn);
        out.push({
          backend,
          store: label,
          who: `  ${name}`,
          ms: alone,
          statements: profile.statements / runs,
          replies: 0,
          chars: 0,
        });
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------ national

interface NationalResult {
  shape: StoreShape;
  planning: PlanningResult;
  status: StatusResult[];
  dbBytes: number;
  rollup: RollupResult;
}

async function benchNational(pgUrl: string): Promise<NationalResult> {
  const db = await createDatabase(pgUrl);
  let store: Store | undefined;
  try {
    store = await openStore({ databaseUrl: db.url, maxConnections: 10 });
    const t0 = performance.now();
    const seeds: ProvinceSeed[] = [];
    for (let i = 0; i < PROVINCES; i++) {
      seeds.push(
        await seedProvince(store, {
          index: i,
          communes: N_COMMUNES,
          ownUnits: N_PROVINCE_UNITS,
          communeUnits: N_COMMUNE_UNITS,
          roles: NATIONAL_ROLES,
          analyze: false,
          label: 'national',
        }),
      );
      note(
        `national: province ${i + 1}/${PROVINCES} seeded (${fmt((performance.now() - t0) / 1000, 0)} s, ${int(seeds.reduce((s, x) => s + x.shape.units, 0))} units)`,
      );
    }
    const tAnalyze = performance.now();
    await analyzeAll(store);
    const analyzeMs = performance.now() - tAnalyze;
    const seedMs = performance.now() - t0;
    const shape: StoreShape = {
      label: `national (${PROVINCES} provinces)`,
      jurisdictions: seeds.reduce((s, x) => s + x.shape.jurisdictions, 0),
      units: seeds.reduce((s, x) => s + x.shape.units, 0),
      people: seeds.reduce((s, x) => s + x.shape.people, 0),
      submissions: seeds.reduce((s, x) => s + x.shape.submissions, 0),
      openDeadlines: seeds.reduce((s, x) => s + x.shape.openDeadlines, 0),
      seedMs,
    };
    note(`national: seeded in ${fmt(seedMs / 1000, 1)} s (ANALYZE ${fmt(analyzeMs / 1000, 1)} s)`);
    const size = rowsOf<{ n: string | number }>(
      await store.db.execute(sql`select pg_database_size(current_database()) as n`),
    );
    const dbBytes = Number(size[0]?.n ?? NaN);
    const planning = await benchPlanning('postgres', store, shape.label, N_RUNS);
    const first = seeds[0]!;
    const rollup = await benchRollupLoads('postgres', store, shape.label, first.province.jurisdictionId);
    const status = await benchStatus(
      'postgres',
      store,
      shape.label,
      [
        {
          name: `province admin (${N_COMMUNES} communes)`,
          personId: first.province.admins[0]!.id,
          jurisdictionId: first.province.jurisdictionId,
          replies: 2,
          province: true,
        },
        {
          name: `commune admin (${N_COMMUNE_UNITS} units)`,
          personId: first.communes[0]!.admins[0]!.id,
          jurisdictionId: first.communes[0]!.jurisdictionId,
          replies: 1,
        },
      ],
      N_STATUS_RUNS,
      Math.min(WARMUP, 10),
    );
    return { shape, planning, status, dbBytes, rollup };
  } finally {
    await store?.close().catch(() => {});
    await db.drop();
  }
}

// ------------------------------------------------------------------ main

const shapes: Array<StoreShape & { backend: string }> = [];
const planning: PlanningResult[] = [];
const status: StatusResult[] = [];
const rollups: RollupResult[] = [];

async function onBackend(b: Backend, label: string, fn: (store: Store) => Promise<void>): Promise<void> {
  const opened = await b.open();
  try {
    await fn(opened.store);
  } finally {
    await opened.close();
  }
  note(`${b.name} / ${label}: done`);
}

const PROVINCE_LABEL = `province (${COMMUNES} communes)`;
const FLAT_LABEL = `flat ${int(FLAT_UNITS)} units`;

async function main(): Promise<void> {
  const backends = backendsFromArgs(argv);
  const pgUrl = argValue(argv, 'pg') ?? (process.env.DATABASE_URL || undefined);
  const provinceUnits = 1 + PROVINCE_UNITS + COMMUNES + COMMUNES * (1 + COMMUNE_UNITS);
  printHeader('Jurisdictions: the cost of scoping (planning and /tinhhinh)', [
    `province: 1 province (${PROVINCE_UNITS} units of its own + ${COMMUNES} units of kind commune) and ${COMMUNES} communes × ${COMMUNE_UNITS} units ` +
      `(${int(provinceUnits)} units with the offices), 2 focal + 1 head per unit, 5 open deadlines per jurisdiction (the province's fifth for {unitKinds:['commune']})`,
    `flat:     one jurisdiction of ${int(FLAT_UNITS)} units${SAME_SIZE ? ` and one of ${int(provinceUnits - 1)} (as many as the province store)` : ''}, same people and deadlines`,
    `national: ${NATIONAL ? `${PROVINCES} provinces × (${N_PROVINCE_UNITS} own + ${N_COMMUNES} communes × ${N_COMMUNE_UNITS} units), 1 focal + 1 head per unit (fewer people to keep the seed time reasonable), PostgreSQL only` : 'not run (add --national with --pg)'}`,
    `clock:    ${NOW.toISOString()} (Wed 08:05 +07); planning ${PLAN_RUNS} runs after 1 warm-up, /tinhhinh ${RUNS} runs after ${WARMUP} warm-up`,
    `backends: ${backends.map((b) => `${b.name} (${b.where})`).join(', ') || 'none'}`,
    `load:     ${loadAverage()} at the start`,
  ]);
  const t0 = performance.now();

  for (const b of backends) {
    await onBackend(b, PROVINCE_LABEL, async (store) => {
      note(`${b.name}: seeding the province and ${COMMUNES} communes…`);
      const s = await seedProvince(store, {
        index: 0,
        communes: COMMUNES,
        ownUnits: PROVINCE_UNITS,
        communeUnits: COMMUNE_UNITS,
        roles: ROLES,
        analyze: true,
        label: PROVINCE_LABEL,
      });
      shapes.push({ ...s.shape, backend: b.name });
      planning.push(await benchPlanning(b.name, store, PROVINCE_LABEL, PLAN_RUNS));
      status.push(
        ...(await benchStatus(
          b.name,
          store,
          PROVINCE_LABEL,
          [
            {
              name: 'province admin',
              personId: s.province.admins[0]!.id,
              jurisdictionId: s.province.jurisdictionId,
              replies: 2,
              province: true,
            },
            {
              name: `commune admin (${COMMUNE_UNITS} units)`,
              personId: s.communes[0]!.admins[0]!.id,
              jurisdictionId: s.communes[0]!.jurisdictionId,
              replies: 1,
            },
          ],
          RUNS,
          WARMUP,
        )),
      );
      rollups.push(await benchRollupLoads(b.name, store, PROVINCE_LABEL, s.province.jurisdictionId));
    });
    const flats: Array<[number, string]> = [[FLAT_UNITS, FLAT_LABEL]];
    if (SAME_SIZE) flats.push([provinceUnits - 1, `flat ${int(provinceUnits - 1)} units (same size)`]);
    for (const [n, label] of flats) {
      await onBackend(b, label, async (store) => {
        note(`${b.name}: seeding ${label}…`);
        const s = await seedFlat(store, n, label);
        shapes.push({ ...s.shape, backend: b.name });
        planning.push(await benchPlanning(b.name, store, label, PLAN_RUNS));
        status.push(
          ...(await benchStatus(
            b.name,
            store,
            label,
            [{ name: 'admin', personId: s.seeded.admins[0]!.id, jurisdictionId: s.seeded.jurisdictionId, replies: 1 }],
            RUNS,
            WARMUP,
          )),
        );
      });
    }
  }

  let national: NationalResult | undefined;
  if (NATIONAL) {
    if (!pgUrl) console.log('--national needs PostgreSQL (--pg <url> or DATABASE_URL): skipped.\n');
    else {
      note(`national: seeding ${PROVINCES} provinces on ${redactUrl(pgUrl)}…`);
      national = await benchNational(pgUrl);
      shapes.push({ ...national.shape, backend: 'postgres' });
      planning.push(national.planning);
      status.push(...national.status);
      rollups.push(national.rollup);
    }
  }

  // ---- figures
  console.log('## Stores');
  console.log('');
  printTable(
    ['backend', 'store', '>jurisdictions', '>units', '>people', '>submissions', '>open deadlines', '>seed s'],
    shapes.map((s) => [
      s.backend,
      s.label,
      int(s.jurisdictions),
      int(s.units),
      int(s.people),
      int(s.submissions),
      int(s.openDeadlines),
      fmt(s.seedMs / 1000, 1),
    ]),
  );
  if (national) {
    console.log(
      `national database: pg_database_size ${fmt(national.dbBytes / 2 ** 20, 0)} MiB (${int(national.dbBytes)} bytes) after seeding and ANALYZE; ` +
        `${NATIONAL_ROLES.length} people per unit (1 focal + 1 head) instead of 3 to keep the seed time reasonable.`,
    );
    console.log('');
  }

  console.log('## Planning: planFromStore over the whole store (one scheduler tick; ms)');
  console.log('');
  printTable(
    [
      'backend',
      'store',
      '>runs',
      '>min',
      '>median',
      '>p95',
      '>max',
      '>ms / 1,000 units',
      '>pure planner',
      '>deadlines',
      '>focal/head',
      '>submissions',
      '>reminders',
    ],
    planning.map((p) => {
      const med = stats(p.runs).p50;
      return [
        p.backend,
        p.store,
        p.runs.length,
        fmt(p.runs[0]!, 0),
        fmt(med, 0),
        fmt(percentile(p.runs, 95), 0),
        fmt(p.runs[p.runs.length - 1]!, 0),
        fmt((med / p.units) * 1000, 1),
        fmt(stats(p.pure).p50, 0),
        int(p.input.deadlines),
        int(p.input.people),
        int(p.input.submissions),
        `${int(p.reminders)} (${int(p.escalations)} to heads)`,
      ];
    }),
  );
  console.log(
    `p95 is nearest-rank: of ${PLAN_RUNS} runs (${N_RUNS} national) it is the slowest run. "pure planner" = planReminders on the loaded rows (median of 5).`,
  );
  console.log('');
  console.log(
    'Each load of planFromStore alone: ms through drizzle and the driver (median of 3) / ms the database spent (EXPLAIN ANALYZE execution time), and rows:',
  );
  console.log('');
  printLoads(planning);

  console.log(`## /tinhhinh (ms; ${RUNS} runs after ${WARMUP} warm-up, one after another)`);
  console.log('');
  printTable(
    ['backend', 'store', 'call', '>runs', '>min', '>p50', '>p90', '>p99', '>max', '>stmts/call', 'reply'],
    status.map((r) => {
      const s = stats(r.ms);
      return [
        r.backend,
        r.store,
        r.who,
        s.n,
        fmt(s.min, 1),
        fmt(s.p50, 1),
        fmt(s.p90, 1),
        fmt(s.p99, 1),
        fmt(s.max, 1),
        fmt(r.statements, 1),
        r.replies ? `${r.replies} message${r.replies > 1 ? 's' : ''}, ${int(r.chars)} chars` : '',
      ];
    }),
  );
  console.log('stmts/call counts query builders issued through the store (not BEGIN/COMMIT).');
  console.log('');

  console.log('## Side by side: the province against one flat jurisdiction');
  console.log('');
  const labels = [...new Set(shapes.filter((s) => !s.label.startsWith('national')).map((s) => s.label))];
  const cell = (backend: string, label: string, what: 'plan' | 'admin' | 'commune' | 'units') => {
    if (what === 'units') return int(shapes.find((s) => s.backend === backend && s.label === label)?.units ?? NaN);
    if (what === 'plan') {
      const p = planning.find((x) => x.backend === backend && x.store === label);
      return p ? `${fmt(stats(p.runs).p50, 0)} / ${fmt(percentile(p.runs, 95), 0)}` : '—';
    }
    const r = status.find(
      (x) =>
        x.backend === backend &&
        x.store === label &&
        (what === 'admin'
          ? x.who.startsWith('/tinhhinh, province admin') || x.who.startsWith('/tinhhinh, admin')
          : x.who.startsWith('/tinhhinh, commune admin')),
    );
    if (!r) return '—';
    const s = stats(r.ms);
    return `${fmt(s.p50, 1)} / ${fmt(s.p99, 1)}`;
  };
  const backendNames = [...new Set(shapes.map((s) => s.backend))];
  printTable(
    ['measure', 'backend', ...labels.map((l) => `>${l}`)],
    backendNames.flatMap((b) => [
      ['units in the store', b, ...labels.map((l) => cell(b, l, 'units'))],
      ['planning median / p95 ms', b, ...labels.map((l) => cell(b, l, 'plan'))],
      ['/tinhhinh, office admin p50 / p99 ms', b, ...labels.map((l) => cell(b, l, 'admin'))],
      ['/tinhhinh, commune admin p50 / p99 ms', b, ...labels.map((l) => cell(b, l, 'commune'))],
    ]),
  );
  console.log(
    `The province admin's /tinhhinh is two messages (the deadlines over its own ${int(1 + PROVINCE_UNITS + COMMUNES)} units, then every commune's progress); a flat admin's is one.`,
  );
  console.log('');

  if (sampleProvinceReplies) {
    console.log('Sample /tinhhinh of the province admin (first lines of each message):');
    console.log('');
    for (const text of sampleProvinceReplies) {
      const lines = text.split('\n');
      for (const l of lines.slice(0, 8)) console.log(`    ${l}`);
      if (lines.length > 8) console.log(`    … (${lines.length - 8} more lines)`);
      console.log('');
    }
  }

  if (rollups.length) {
    console.log("## The province admin's rollup: the reads of childrenProgress alone (db/queries/rollup.ts)");
    console.log('');
    console.log('ms through drizzle and the driver (median of 3) / ms the database spent (EXPLAIN ANALYZE), and rows:');
    console.log('');
    printLoads(rollups);
    for (const r of rollups) {
      const slow = slowest(r.loads);
      const server = r.loads.reduce((a, b) => (b.serverMs > a.serverMs ? b : a));
      for (const l of server === slow ? [slow] : [slow, server]) {
        const why = l === slow ? 'slowest through drizzle' : 'most time in the database';
        console.log(`EXPLAIN (ANALYZE, BUFFERS) on ${r.backend}, ${r.store}: ${l.name} (${why}):`);
        console.log('');
        printPlan(l.plan);
      }
    }
  }

  if (national) {
    const slow = slowest(national.planning.loads);
    console.log(`## National: EXPLAIN (ANALYZE, BUFFERS) of the slowest planner load (${slow.name})`);
    console.log('');
    printPlan(slow.plan);
    for (const l of national.planning.loads.filter((x) => x !== slow)) {
      console.log(`${l.name}: ${fmt(l.serverMs, 1)} ms in the database, ${fmt(l.ms, 0)} ms through drizzle; plan:`);
      printPlan(l.plan.filter((x) => !x.startsWith('Planning') && !x.startsWith('Execution')).slice(0, 6));
    }
  }

  console.log('## Targets');
  console.log('');
  for (const r of status.filter((x) => x.who.startsWith('/tinhhinh, province admin'))) {
    const s = stats(r.ms);
    const t = r.backend === 'postgres' ? 'target' : 'for reference, the target is on PostgreSQL';
    console.log(
      `- ${r.backend}, ${r.store}: /tinhhinh for the province admin p99 ${fmt(s.p99, 1)} ms < ${STATUS_TARGET_MS} ms (${t}): ${verdict(s.p99 < STATUS_TARGET_MS)}` +
        (s.p99 < STATUS_TARGET_MS ? '' : ` — over by ${fmt(s.p99 - STATUS_TARGET_MS, 1)} ms`),
    );
  }
  if (national) {
    const med = stats(national.planning.runs).p50;
    console.log(
      `- postgres, national: one tick's planning (planFromStore median of ${N_RUNS}) ${fmt(med, 0)} ms < ${NATIONAL_TARGET_MS} ms: ${verdict(med < NATIONAL_TARGET_MS)}` +
        (med < NATIONAL_TARGET_MS
          ? ''
          : ` — over by ${fmt(med - NATIONAL_TARGET_MS, 0)} ms (${fmt(med / NATIONAL_TARGET_MS, 2)}×)`),
    );
  } else console.log('- national tick planning: not run (--national --pg <url>)');
  console.log(`\n(total ${fmt((performance.now() - t0) / 1000, 1)} s; load average ${loadAverage()} at the end)`);
}

/** 1, 5 and 15 minute load averages, as uptime prints them. */
function loadAverage(): string {
  return `${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(', ')} (${os.cpus().length} CPU)`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
