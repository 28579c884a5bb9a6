/**
 * Shared helpers of the benchmarks in bench/: the header every bench prints, the databases
 * to run on (PGlite in memory, and a fresh PostgreSQL database when DATABASE_URL or --pg is
 * given), timing and percentiles, markdown tables, a statement-counting Store, and a fast
 * generator of a synthetic jurisdiction (units, people, deadlines, submissions) written with
 * multi-row inserts.
 *
 * Nothing here imports test code: test/helpers/db.ts pulls in vitest (`inject`), so the
 * idea of `createDatabase` is copied below instead.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { deadlines, jurisdictions, people, reportTemplates, submissions, units } from '../db/schema.js';
import { openStore, type Db, type Store } from '../db/store.js';
import { foldVi } from '../domain/text.js';
import type { Clock } from '../handlers/types.js';
import { createDatabase as createThrowawayDatabase } from '../test/helpers/pg.js';

export const TIMEZONE = 'Asia/Ho_Chi_Minh';

// ------------------------------------------------------------------ arguments and header

export function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

export function argNumber(argv: string[], name: string, dflt: number): number {
  const v = argValue(argv, name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number (got "${v}")`);
  return n;
}

/** postgres://user:secret@host/db → postgres://user:***@host/db */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** The command line as typed, environment that matters first. */
export function commandLine(): string {
  const script = process.argv[1] ? relativeScript(process.argv[1]) : '?';
  const env = process.env.DATABASE_URL ? `DATABASE_URL=${redactUrl(process.env.DATABASE_URL)} ` : '';
  const args = process.argv.slice(2).map((a) => (/^[\w./:@=,-]+$/.test(a) ? a : JSON.stringify(a)));
  return `${env}npx tsx ${[script, ...args].join(' ')}`;
}

function relativeScript(p: string): string {
  const cwd = process.cwd();
  return p.startsWith(cwd + '/') ? p.slice(cwd.length + 1) : p;
}

/** Title, machine and command, printed at the top of every bench. */
export function printHeader(title: string, lines: string[] = []): void {
  const cpus = os.cpus();
  console.log(`# ${title}`);
  console.log('');
  console.log(`command:  ${commandLine()}`);
  console.log(
    `machine:  Node ${process.version}, ${cpus.length} CPU (${cpus[0]?.model.trim() ?? 'unknown'}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}`,
  );
  console.log(`started:  ${new Date().toISOString()}`);
  for (const l of lines) console.log(l);
  console.log('');
}

// ------------------------------------------------------------------ databases

export interface Backend {
  name: 'pglite' | 'postgres';
  /** Shown next to the name: "in memory" or the (redacted) server URL. */
  where: string;
  open(): Promise<OpenedBackend>;
}

export interface OpenedBackend {
  store: Store;
  /** Closes the store and, on PostgreSQL, drops the database. */
  close(): Promise<void>;
}

/**
 * PGlite in memory (unless --no-pglite), then PostgreSQL when `--pg <url>` or DATABASE_URL
 * is given (unless --no-pg): a fresh database there, dropped at the end.
 */
export function backendsFromArgs(argv: string[], opts: { maxConnections?: number } = {}): Backend[] {
  const list: Backend[] = [];
  if (!argv.includes('--no-pglite')) {
    list.push({
      name: 'pglite',
      where: 'in memory',
      async open() {
        const store = await openStore({});
        return { store, close: () => store.close() };
      },
    });
  }
  const pg = argValue(argv, 'pg') ?? (process.env.DATABASE_URL || undefined);
  if (pg && !argv.includes('--no-pg')) {
    list.push({
      name: 'postgres',
      where: redactUrl(pg),
      async open() {
        const db = await createDatabase(pg);
        try {
          // Same pool size as production (openStore's default).
          const store = await openStore({ databaseUrl: db.url, maxConnections: opts.maxConnections ?? 10 });
          return {
            store,
            async close() {
              try {
                await store.close();
              } finally {
                await db.drop();
              }
            },
          };
        } catch (err) {
          await db.drop().catch(() => {});
          throw err;
        }
      },
    });
  }
  return list;
}

/** A throwaway database for a bench run, named thidua_bench_… so leftovers are easy to spot. */
export const createDatabase = (baseUrl: string) => createThrowawayDatabase(baseUrl, 'thidua_bench');

/** Runs `fn` on every backend in turn, always closing (and dropping) the database. */
export async function forEachBackend(
  backends: Backend[],
  fn: (b: Backend, store: Store) => Promise<void>,
): Promise<void> {
  for (const b of backends) {
    console.log(`## ${b.name} (${b.where})`);
    console.log('');
    const opened = await b.open();
    try {
      await fn(b, opened.store);
    } finally {
      await opened.close();
    }
  }
}

// ------------------------------------------------------------------ time

export class FixedClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(t: Date): void {
    this.current = new Date(t);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Milliseconds `fn` took, and its result. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/**
 * `warmup` untimed calls, then `runs` timed ones (one after another); durations in ms, sorted.
 * `fn` may return a promise: each call is awaited.
 */
export async function sample(runs: number, warmup: number, fn: (i: number) => unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Stats {
  n: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  return {
    n: s.length,
    min: s[0] ?? NaN,
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? NaN,
    mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN,
  };
}

// ------------------------------------------------------------------ output

export function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '—';
}

export function int(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—';
}

/** A markdown table; columns whose header starts with '>' are right-aligned (the '>' is dropped). */
export function printTable(headers: string[], rows: Array<Array<string | number>>): void {
  const right = headers.map((h) => h.startsWith('>'));
  const names = headers.map((h) => (h.startsWith('>') ? h.slice(1) : h));
  const cells = rows.map((r) => r.map((c) => String(c)));
  const width = names.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (right[i] ? c.padStart(width[i]!) : c.padEnd(width[i]!))).join(' | ')} |`;
  console.log(line(names));
  console.log(`|${width.map((w, i) => (right[i] ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|')}|`);
  for (const r of cells) console.log(line(r));
  console.log('');
}

export function verdict(ok: boolean): string {
  return ok ? 'met' : 'NOT met';
}

/** A progress note on stderr, so the figures on stdout stay clean when redirected. */
export function note(s: string): void {
  process.stderr.write(`  … ${s}\n`);
}

// ------------------------------------------------------------------ counting statements

export interface QueryProfile {
  statements: number;
  transactions: number;
}

/**
 * A Store that counts the statements issued through `db` and through its transactions, and
 * the transactions opened. Query builders are counted when created (one builder = one
 * statement, plus BEGIN/COMMIT per transaction).
 */
export function countingStore(inner: Store, profile: QueryProfile): Store {
  const builders = new Set(['select', 'selectDistinct', 'selectDistinctOn', 'insert', 'update', 'delete', 'execute']);
  const wrap = (db: Db): Db =>
    new Proxy(db, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof prop === 'string' && builders.has(prop) && typeof v === 'function') {
          return (...a: unknown[]) => {
            profile.statements++;
            return (v as (...x: unknown[]) => unknown).apply(target, a);
          };
        }
        return v;
      },
    });
  return {
    driver: inner.driver,
    executeNamed: (db, name, query) => inner.executeNamed(db, name, query),
    db: wrap(inner.db),
    tx: (fn) =>
      inner.tx((tx) => {
        profile.transactions++;
        return fn(wrap(tx));
      }),
    ping: (ms) => inner.ping(ms),
    health: () => inner.health(),
    markUnhealthy: (reason) => inner.markUnhealthy(reason),
    close: () => inner.close(),
  };
}

// ------------------------------------------------------------------ synthetic jurisdiction

/** Deterministic PRNG (mulberry32), so every run seeds the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type SeedState = 'submitted' | 'accepted' | 'returned' | 'draft' | 'empty';

export interface SeedDeadline {
  code: string;
  title: string;
  kind: 'registration' | 'midyear_review' | 'yearend_review' | 'report' | 'nomination';
  dueAt: Date;
  audience: { all: true } | { unitKinds: string[] } | { units: string[] };
  /**
   * Share of the deadline's units in each state; the rest have no submission row.
   * `empty` is a draft row without answers (a form opened and left), `not started` to the office.
   */
  mix: Partial<Record<SeedState, number>>;
}

export interface SeedOptions {
  /** The jurisdiction to write (default: a district "bench" with no parent). */
  jurisdiction?: {
    code: string;
    name: string;
    level: 'tinh' | 'xa' | 'huyen';
    parentId?: number | null;
    parentCode?: string | null;
    unitCodeInParent?: string | null;
  };
  /** Units besides the office. */
  units: number;
  /** Unit kinds with weights, e.g. [['commune', 5], ['agency', 2]]. */
  kinds: Array<[string, number]>;
  /**
   * The kind of the i-th unit (from 0), instead of spreading `kinds` by their weights: for
   * an exact count of one kind (a province's units for its communes). `kinds` is then unused.
   */
  kindOf?: (i: number) => string;
  /** Roles of the people of each unit, e.g. ['focal', 'focal', 'head']. */
  roles: string[];
  /** Admins in the office unit. */
  admins: number;
  deadlines: SeedDeadline[];
  now: Date;
  seed?: number;
  /**
   * Run ANALYZE over the whole database at the end (default true). A bench seeding many
   * jurisdictions in a row passes false and runs `analyzeAll` once after the last.
   */
  analyze?: boolean;
}

/** Fresh planner statistics, as autovacuum would have them on a database that has been running. */
export async function analyzeAll(store: Store): Promise<void> {
  await store.db.execute(sql`analyze`);
}

export interface SeededUnit {
  id: number;
  code: string;
  name: string;
  kind: string;
}

export interface SeededPerson {
  id: number;
  code: string;
  unitId: number;
  role: string;
}

export interface Seeded {
  jurisdictionId: number;
  office: SeededUnit;
  units: SeededUnit[];
  people: SeededPerson[];
  admins: SeededPerson[];
  deadlines: Array<{
    id: number;
    code: string;
    title: string;
    dueAt: Date;
    audienceUnits: number;
    byState: Record<SeedState, number>;
  }>;
  counts: { units: number; people: number; submissions: number };
  ms: number;
}

const SURNAMES = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Vũ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lò',
  'Tẩn',
  'Lý',
];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thu', 'Đức', 'Ngọc', 'Hữu', 'Thanh', 'Quang', 'Kim'];
const GIVEN = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Giang',
  'Hà',
  'Hải',
  'Hạnh',
  'Hùng',
  'Lan',
  'Linh',
  'Mai',
  'Nam',
  'Phương',
  'Quân',
  'Sơn',
  'Thảo',
  'Trang',
  'Tuấn',
  'Yến',
];
const PLACES = [
  'Bản Bo',
  'Bình Lư',
  'Tả Lèng',
  'Khun Há',
  'Nà Tăm',
  'Sơn Bình',
  'Hồ Thầu',
  'Giang Ma',
  'Thèn Sin',
  'Sùng Phài',
  'Nùng Nàng',
  'Bản Giang',
];
const UNIT_NAME: Record<string, (place: string, n: number) => string> = {
  commune: (p, n) => `UBND xã ${p} ${n}`,
  town: (p, n) => `UBND thị trấn ${p} ${n}`,
  agency: (p, n) => `Phòng chuyên môn ${p} số ${n}`,
  school: (p, n) => `Trường THCS ${p} ${n}`,
  health: (p, n) => `Trạm Y tế ${p} ${n}`,
  organisation: (p, n) => `Hội Nông dân ${p} ${n}`,
  enterprise: (p, n) => `Công ty TNHH ${p} ${n}`,
  village: (p, n) => `Thôn ${p} ${n}`,
};

const ROLE_POSITION: Record<string, string> = {
  focal: 'Công chức văn hóa – xã hội',
  head: 'Chủ tịch UBND',
  member: 'Chuyên viên',
  admin: 'Chuyên viên Phòng Nội vụ',
};

/** Inserts in chunks of `size` rows, one statement each, returning what `returning` gives. */
async function insertChunks<R>(
  rows: unknown[],
  size: number,
  insert: (chunk: unknown[]) => Promise<R[]>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += size) out.push(...(await insert(rows.slice(i, i + size))));
  return out;
}

/** A report form like the ones in the data files (six-month review). */
const TEMPLATE_ITEMS = [
  {
    code: 'so_cbcc',
    label: 'Tổng số cán bộ, công chức, viên chức',
    type: 'number',
    unit: 'người',
    min: 0,
    integer: true,
    required: true,
  },
  {
    code: 'ty_le',
    label: 'Tỷ lệ hoàn thành chỉ tiêu',
    type: 'number',
    percent: true,
    min: 0,
    max: 100,
    required: true,
  },
  { code: 'da_phat_dong', label: 'Đã ban hành kế hoạch phát động thi đua năm?', type: 'yesno', required: true },
  {
    code: 'muc_do',
    label: 'Mức độ triển khai phong trào',
    type: 'choice',
    options: ['Tốt', 'Khá', 'Trung bình', 'Chưa đạt'],
    required: true,
  },
  { code: 'ket_qua', label: 'Kết quả nổi bật', type: 'longtext', max_length: 500, required: true },
  { code: 'kien_nghi', label: 'Khó khăn, kiến nghị', type: 'longtext', required: false },
];

function answersFor(r: () => number, full: boolean, at: string, by: number | null): Record<string, unknown> {
  const cells: Record<string, unknown> = {
    so_cbcc: { v: 10 + Math.floor(r() * 60), rev: 1, by, at },
    ty_le: { v: Math.round(600 + r() * 400) / 10, rev: 1, by, at },
  };
  if (full) {
    cells.da_phat_dong = { v: r() < 0.9, rev: 1, by, at };
    cells.muc_do = { v: ['Tốt', 'Khá', 'Trung bình'][Math.floor(r() * 3)]!, rev: 1, by, at };
    cells.ket_qua = {
      v: 'Tổ chức phát động thi đua đến 100% thôn, bản; biểu dương 12 điển hình tiên tiến trong sản xuất nông nghiệp.',
      rev: 1,
      by,
      at,
    };
  }
  return cells;
}

/**
 * Writes a synthetic jurisdiction with multi-row inserts (about a second for 10,000 units on
 * PostgreSQL): the office with its admins, `units` units of mixed kinds with `roles` people
 * each, the deadlines, and submissions in the proportions each deadline asks for.
 */
export async function seedJurisdiction(store: Store, o: SeedOptions): Promise<Seeded> {
  const t0 = performance.now();
  const db = store.db;
  const r = rng(o.seed ?? 20251112);
  const now = o.now;

  const [jrow] = await db
    .insert(jurisdictions)
    .values({
      code: o.jurisdiction?.code ?? 'bench',
      name: o.jurisdiction?.name ?? 'Huyện Mẫu (bench)',
      level: o.jurisdiction?.level ?? 'huyen',
      parentId: o.jurisdiction?.parentId ?? null,
      parentCode: o.jurisdiction?.parentCode ?? null,
      unitCodeInParent: o.jurisdiction?.unitCodeInParent ?? null,
      issuer: 'Ủy ban nhân dân huyện Mẫu (bench)',
      officeName: 'Phòng Nội vụ huyện Mẫu',
    })
    .returning({ id: jurisdictions.id });
  const jurisdictionId = jrow!.id;
  await db
    .insert(reportTemplates)
    .values({ jurisdictionId, code: 'so-ket', title: 'Báo cáo sơ kết 6 tháng', items: TEMPLATE_ITEMS, updatedAt: now })
    .onConflictDoNothing();

  // ---- units
  const totalWeight = o.kinds.reduce((s, [, w]) => s + w, 0);
  const pickKind = (i: number): string => {
    if (o.kindOf) return o.kindOf(i);
    // Spread kinds evenly by position so every prefix of the list has the same mix.
    let x = ((i * 0.6180339887) % 1) * totalWeight;
    for (const [k, w] of o.kinds) {
      if (x < w) return k;
      x -= w;
    }
    return o.kinds[o.kinds.length - 1]![0];
  };
  const officeName = 'Phòng Nội vụ huyện Mẫu';
  const [office] = await db
    .insert(units)
    .values({
      jurisdictionId,
      code: 'pnv',
      name: officeName,
      kind: 'office',
      isOffice: true,
      searchText: foldVi(officeName),
      createdAt: now,
    })
    .returning({ id: units.id, code: units.code, name: units.name, kind: units.kind });
  const unitValues = Array.from({ length: o.units }, (_, i): typeof units.$inferInsert => {
    const kind = pickKind(i);
    const name = (UNIT_NAME[kind] ?? ((p: string, n: number) => `Đơn vị ${p} ${n}`))(PLACES[i % PLACES.length]!, i + 1);
    return {
      jurisdictionId,
      code: `dv-${String(i + 1).padStart(5, '0')}`,
      name,
      kind,
      isOffice: false,
      searchText: foldVi(name),
      createdAt: now,
    };
  });
  const unitRows = await insertChunks(unitValues, 1000, (chunk) =>
    db
      .insert(units)
      .values(chunk as Array<typeof units.$inferInsert>)
      .returning({ id: units.id, code: units.code, name: units.name, kind: units.kind }),
  );
  unitRows.sort((a, b) => a.id - b.id);

  // ---- people
  const personName = () =>
    `${SURNAMES[Math.floor(r() * SURNAMES.length)]} ${MIDDLE[Math.floor(r() * MIDDLE.length)]} ${GIVEN[Math.floor(r() * GIVEN.length)]}`;
  const peopleValues: Array<typeof people.$inferInsert> = [];
  for (let a = 0; a < o.admins; a++) {
    peopleValues.push({
      jurisdictionId,
      code: `admin-${a + 1}`,
      fullName: personName(),
      unitId: office!.id,
      role: 'admin',
      position: ROLE_POSITION.admin!,
      createdAt: now,
      updatedAt: now,
    });
  }
  for (const u of unitRows) {
    o.roles.forEach((role, j) => {
      peopleValues.push({
        jurisdictionId,
        code: `${u.code}-${role}-${j + 1}`,
        fullName: personName(),
        unitId: u.id,
        role,
        position: ROLE_POSITION[role] ?? null,
        createdAt: now,
        updatedAt: now,
      });
    });
  }
  const personRows = await insertChunks(peopleValues, 1000, (chunk) =>
    db
      .insert(people)
      .values(chunk as Array<typeof people.$inferInsert>)
      .returning({ id: people.id, code: people.code, unitId: people.unitId, role: people.role }),
  );
  const seededPeople: SeededPerson[] = personRows.map((p) => ({
    id: p.id,
    code: p.code ?? '',
    unitId: p.unitId,
    role: p.role,
  }));
  const focalOf = new Map<number, number>();
  for (const p of seededPeople) if (p.role === 'focal' && !focalOf.has(p.unitId)) focalOf.set(p.unitId, p.id);

  // ---- deadlines
  const deadlineRows = await db
    .insert(deadlines)
    .values(
      o.deadlines.map((d) => ({
        jurisdictionId,
        code: d.code,
        kind: d.kind,
        title: d.title,
        dueAt: d.dueAt,
        audience: d.audience,
        templateCode: d.kind === 'registration' ? null : 'so-ket',
        status: 'open',
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning({ id: deadlines.id, code: deadlines.code, title: deadlines.title, dueAt: deadlines.dueAt });

  // ---- submissions
  const inAudience = (d: SeedDeadline, u: { code: string; kind: string }) => {
    const a = d.audience as Partial<{ all: boolean; unitKinds: string[]; units: string[] }>;
    if (a.units) return a.units.includes(u.code);
    if (a.unitKinds) return a.unitKinds.includes(u.kind);
    return a.all === true;
  };
  const subValues: Array<typeof submissions.$inferInsert> = [];
  const summary: Seeded['deadlines'] = [];
  for (const d of o.deadlines) {
    const row = deadlineRows.find((x) => x.code === d.code)!;
    const byState: Record<SeedState, number> = { submitted: 0, accepted: 0, returned: 0, draft: 0, empty: 0 };
    const audience = unitRows.filter((u) => inAudience(d, u));
    for (const u of audience) {
      let x = r();
      let state: SeedState | undefined;
      for (const [s, share] of Object.entries(d.mix) as Array<[SeedState, number]>) {
        if (x < share) {
          state = s;
          break;
        }
        x -= share;
      }
      if (!state) continue;
      byState[state]++;
      const by = focalOf.get(u.id) ?? null;
      const submittedAt = new Date(now.getTime() - Math.floor(r() * 10 * 86_400_000));
      const at = submittedAt.toISOString();
      const done = state === 'submitted' || state === 'accepted' || state === 'returned';
      subValues.push({
        jurisdictionId,
        deadlineId: row.id,
        unitId: u.id,
        status: state === 'empty' ? 'draft' : state,
        answers: state === 'empty' ? {} : answersFor(r, done, at, by),
        version: done ? 1 : 0,
        refNo: done ? `${d.code}/${u.code}/1` : null,
        submittedAt: done ? submittedAt : null,
        submittedBy: done ? by : null,
        reviewedAt: state === 'accepted' || state === 'returned' ? now : null,
        reviewComment: state === 'returned' ? 'Đề nghị bổ sung số liệu mục 2.' : null,
        createdAt: submittedAt,
        updatedAt: submittedAt,
      });
    }
    summary.push({
      id: row.id,
      code: d.code,
      title: d.title,
      dueAt: row.dueAt,
      audienceUnits: audience.length,
      byState,
    });
  }
  await insertChunks(subValues, 1000, async (chunk) => {
    await db.insert(submissions).values(chunk as Array<typeof submissions.$inferInsert>);
    return [];
  });
  if (o.analyze !== false) await analyzeAll(store);

  const admins = seededPeople.filter((p) => p.role === 'admin');
  return {
    jurisdictionId,
    office: office!,
    units: unitRows,
    people: seededPeople,
    admins,
    deadlines: summary,
    counts: { units: unitRows.length + 1, people: seededPeople.length, submissions: subValues.length },
    ms: performance.now() - t0,
  };
}

/** One line per deadline: due, audience and how many units are in each state. */
export function printDeadlines(seeded: Seeded, label: (d: Seeded['deadlines'][number]) => string = () => ''): void {
  printTable(
    [
      'deadline',
      'due (UTC)',
      'note',
      '>units',
      '>submitted',
      '>accepted',
      '>returned',
      '>draft',
      '>empty draft',
      '>no row',
    ],
    seeded.deadlines.map((d) => {
      const b = d.byState;
      const rows = b.submitted + b.accepted + b.returned + b.draft + b.empty;
      return [
        d.code,
        d.dueAt.toISOString().slice(0, 16).replace('T', ' '),
        label(d),
        int(d.audienceUnits),
        int(b.submitted),
        int(b.accepted),
        int(b.returned),
        int(b.draft),
        int(b.empty),
        int(d.audienceUnits - rows),
      ];
    }),
  );
}
