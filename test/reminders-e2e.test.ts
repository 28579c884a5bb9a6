/**
 * Reminders across processes, on PostgreSQL (PGlite is single-process by design): two bot
 * processes planning and delivering against one database and one fake Telegram server; a
 * stretch of 429 and 500 answers; and a process killed with SIGKILL in the middle of a large
 * fan-out, then restarted. Time is the processes' injected clock, not sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { accounts, outbox, people, units } from '../db/schema.js';
import { importDataFile } from '../handlers/services/data-import.js';
import { openStore, type Store } from '../db/store.js';
import { createDatabase, onPostgres, only } from './helpers/db.js';
import { FIXTURE_MINI } from './helpers/app.js';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram-api.js';

const NOW = '2026-11-26T02:00:00Z'; // Thursday 09:00 in Hà Nội: the 31 March registration is overdue

let tg: FakeTelegram;
let db: { url: string; drop: () => Promise<void> };
let store: Store;

async function seed(extraUnits: number): Promise<string[]> {
  await importDataFile(store, FIXTURE_MINI, {
    timezone: 'Asia/Ho_Chi_Minh',
    now: new Date(NOW),
    actor: { personId: null, account: 'test' },
  });
  // Link everyone in the fixture, then add many communes with one focal point each.
  const chats: string[] = [];
  const fixturePeople = await store.db.select().from(people);
  for (const p of fixturePeople) {
    const chat = String(500_000 + p.id);
    await store.db.insert(accounts).values({ personId: p.id, channel: 'telegram', externalId: chat, chatId: chat });
  }
  for (let i = 0; i < extraUnits; i += 100) {
    const batch = Array.from({ length: Math.min(100, extraUnits - i) }, (_, k) => i + k);
    const { jurisdictionId } = await only(store.db);
    const us = await store.db
      .insert(units)
      .values(batch.map((n) => ({ jurisdictionId, code: `xa-${n}`, name: `UBND xã số ${n}`, kind: 'commune' })))
      .returning();
    const ps = await store.db
      .insert(people)
      .values(us.map((u) => ({ jurisdictionId, fullName: `Đầu mối ${u.code}`, unitId: u.id, role: 'focal' })))
      .returning();
    await store.db.insert(accounts).values(
      ps.map((p) => ({
        personId: p.id,
        channel: 'telegram',
        externalId: String(700_000 + p.id),
        chatId: String(700_000 + p.id),
      })),
    );
  }
  // The chats that should get exactly one reminder: focal points and heads of non-office units.
  const rows = (await store.db.execute(sql`
    select a.chat_id from accounts a join people p on p.id = a.person_id join units u on u.id = p.unit_id
    where not u.is_office and p.role in ('focal', 'head') and p.active`)) as Array<{ chat_id: string }>;
  for (const r of rows) chats.push(r.chat_id);
  return chats;
}

function worker(
  name: string,
  opts: { now: string; speed: number; env?: Record<string, string> },
): { child: ChildProcess; done: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/reminder-worker.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_GLOBAL_RATE: '1000',
      OUTBOX_LEASE_SECONDS: '60',
      THIDUA_BOT_INFO: JSON.stringify(tg.botInfo),
      THIDUA_WORKER: name,
      THIDUA_NOW: opts.now,
      THIDUA_SPEED: String(opts.speed),
      LOG_LEVEL: 'silent',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return { child, done: new Promise((resolve) => child.on('close', () => resolve(out))) };
}

function received(chats: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of chats) m.set(c, tg.sentTo(c).length);
  return m;
}

describe.runIf(onPostgres)('reminders across processes (PostgreSQL)', () => {
  beforeAll(async () => {
    tg = await startFakeTelegram();
  });
  afterAll(async () => tg?.close());
  beforeEach(async () => {
    tg.reset();
    db = await createDatabase(process.env.DATABASE_URL!);
    store = await openStore({ databaseUrl: db.url, maxConnections: 4 });
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('two instances planning and delivering together send every reminder exactly once', async () => {
    const chats = await seed(200);
    // Real time here: both processes' clocks must agree for leases to mean the same to both.
    const a = worker('a', { now: NOW, speed: 1 });
    const b = worker('b', { now: NOW, speed: 1 });
    const outputs = await Promise.all([a.done, b.done]);
    const counts = received(chats);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    expect(chats.length).toBeGreaterThan(200);
    const statuses = await store.db
      .select({ status: outbox.status, n: sql<number>`count(*)::int` })
      .from(outbox)
      .groupBy(outbox.status);
    expect(statuses.filter((s) => s.status !== 'sent' && s.status !== 'failed')).toEqual([]);
    // Both processes did real work (each queued or delivered something), and the admin's digest arrived once.
    expect(outputs.join('\n')).toMatch(/"worker":"a"/);
    expect(outputs.join('\n')).toMatch(/"worker":"b"/);
  }, 90_000);

  it('a stretch of 429 and 500 answers loses nothing', async () => {
    const chats = await seed(60);
    tg.rateLimitNext('sendMessage', 2, 15);
    tg.serverErrorNext('sendMessage', 15);
    tg.dropNext('sendMessage', 5);
    await worker('c', { now: NOW, speed: 60 }).done;
    const counts = received(chats);
    expect([...counts.values()].filter((n) => n === 0)).toEqual([]);
    const failed = await store.db.select().from(outbox).where(eq(outbox.status, 'failed'));
    expect(failed).toEqual([]);
    // A dropped connection may have been delivered: at most those five chats can see it twice.
    expect([...counts.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(5);
  }, 90_000);

  it('a process killed mid fan-out and restarted loses nothing; duplicates only for sends in flight at the kill', async () => {
    const chats = await seed(400);
    // Slow answers, so the kill lands in the middle of the fan-out.
    tg.delayNext('sendMessage', 40, 10_000);
    const first = worker('killed', { now: NOW, speed: 1 });
    await tg.waitFor(
      () => tg.callsOf('sendMessage').filter((c) => c.outcome === 'ok').length >= 80,
      30_000,
      '80 sends',
    );
    first.child.kill('SIGKILL');
    await first.done;
    // Requests already on the wire finish on the server side (its answers are delayed 40 ms).
    await new Promise((r) => setTimeout(r, 300));
    const sentBeforeKill = new Set(chats.filter((c) => tg.sentTo(c).length > 0));
    const inFlight = (await store.db.select().from(outbox).where(eq(outbox.status, 'sending'))).length;
    expect(sentBeforeKill.size).toBeGreaterThanOrEqual(80);
    expect(sentBeforeKill.size).toBeLessThan(chats.length);

    // The restarted process comes up after the lease expired (its clock is two minutes later).
    await worker('restarted', { now: '2026-11-26T02:02:00Z', speed: 20 }).done;
    const counts = received(chats);
    expect([...counts.values()].filter((n) => n === 0)).toEqual([]);
    const duplicates = [...counts.entries()].filter(([, n]) => n > 1).map(([c]) => c);
    expect(duplicates.length).toBeLessThanOrEqual(inFlight);
    expect(duplicates.every((c) => sentBeforeKill.has(c))).toBe(true);
    expect([...counts.values()].every((n) => n <= 2)).toBe(true);
  }, 120_000);
});
