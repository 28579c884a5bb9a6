import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { only } from './helpers/db.js';
import { createJobs } from '../bot/app.js';
import { accounts, outbox, people } from '../db/schema.js';
import { claimDue, listFailed } from '../db/queries/outbox.js';
import { getDeadlineByCode } from '../db/queries/submissions.js';
import { saveAnswer, submit } from '../handlers/services/submissions.js';
import type { Channel } from '../handlers/types.js';
import type { ChannelAdapter } from '../bot/channel.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { RecordingAdapter } from './helpers/recording-adapter.js';

let app: TestApp;
let tg: RecordingAdapter;
let oa: RecordingAdapter;

async function link(code: string, channel: Channel, chatId: string, lastInboundAt?: Date) {
  const personId = await app.personId(code);
  await app.store.db
    .insert(accounts)
    .values({ personId, channel, externalId: chatId, chatId, lastInboundAt: lastInboundAt ?? null });
}

function jobs(worker = 'w1', extra: Array<[Channel, ChannelAdapter]> = []) {
  return createJobs(app, new Map<Channel, ChannelAdapter>([['telegram', tg], ['zalo-oa', oa], ...extra]), { worker });
}

async function statuses() {
  return (await app.store.db.select({ key: outbox.key, status: outbox.status, kind: outbox.kind }).from(outbox)).sort(
    (a, b) => a.key.localeCompare(b.key),
  );
}

beforeEach(async () => {
  // Thursday 26 November 2026, 09:00 in Hà Nội.
  app = await createTestApp({ now: '2026-11-26T02:00:00Z' });
  tg = new RecordingAdapter('telegram');
  oa = new RecordingAdapter('zalo-oa', {
    buttons: true,
    maxButtons: 5,
    editMessages: false,
    documents: true,
    maxTextLength: 2000,
  });
  for (const code of ['admin1', 'focal-a', 'head-a', 'member-a', 'focal-b', 'head-b', 'focal-gd'])
    await link(code, 'telegram', `tg-${code}`);
});
afterEach(async () => app.close());

describe('scheduler and outbox', () => {
  it('queues each due reminder once, however many ticks, and delivers each once', async () => {
    const { scheduler, deliverer } = jobs();
    const first = await scheduler.tick();
    // The registration of 31 March is overdue: focal points and heads of the three units; plus the admin's digest.
    expect(first).toMatchObject({ queued: 6, digests: 1 });
    expect((await scheduler.tick()).queued).toBe(0);
    expect(await deliverer.deliverOnce()).toBe(6);
    expect(await deliverer.deliverOnce()).toBe(0);
    expect(tg.to('tg-focal-a')).toHaveLength(1);
    expect(tg.to('tg-focal-a')[0]).toContain('Đăng ký thi đua năm 2026');
    expect(tg.to('tg-focal-a')[0]).toContain('quá hạn');
    expect(tg.to('tg-head-a')[0]).toContain('thủ trưởng');
    expect(tg.to('tg-member-a')).toEqual([]);
    expect(tg.to('tg-admin1')[0]).toContain('Tổng hợp ngày 26/11/2026');
    expect(tg.to('tg-admin1')[0]).toContain('Đăng ký thi đua năm 2026: 3 đơn vị');
    // The reminder carries a button that opens the registration directly.
    const msg = tg.sent.find((s) => s.chatId === 'tg-focal-a')!.message;
    expect(msg.buttons?.flat().map((b) => b.label)).toEqual(['Mở đăng ký']);
    // A restart (new scheduler and deliverer on the same database) queues nothing new.
    const again = jobs('w2');
    expect((await again.scheduler.tick()).queued).toBe(0);
    expect(await again.deliverer.deliverOnce()).toBe(0);
  });

  it('cancels a reminder whose unit has submitted in the meantime', async () => {
    const { scheduler, deliverer } = jobs();
    await scheduler.tick();
    const reg = (await getDeadlineByCode(await only(app.store.db), 'dk-2026'))!;
    const focalA = (await app.store.db.select().from(people).where(eq(people.code, 'focal-a')))[0]!;
    const actor = {
      kind: 'person' as const,
      personId: focalA.id,
      fullName: focalA.fullName,
      role: 'focal' as const,
      unitId: focalA.unitId,
      unitName: 'A',
      jurisdictionId: focalA.jurisdictionId,
    };
    await app.store.tx(async (tx) => {
      await saveAnswer(await only(tx), actor, {
        deadline: reg,
        unitId: focalA.unitId,
        itemCode: 'staff_count',
        value: 10,
        expectedRev: 0,
        now: app.clock.now(),
      });
      const r = await submit(await only(tx), actor, {
        deadline: reg,
        unitId: focalA.unitId,
        items: [],
        now: app.clock.now(),
      });
      expect(r.ok).toBe(true);
    });
    await deliverer.deliverOnce();
    expect(tg.to('tg-focal-a')).toEqual([]);
    expect(tg.to('tg-head-a')).toEqual([]);
    expect(tg.to('tg-focal-b')).toHaveLength(1);
    expect((await statuses()).filter((s) => s.status === 'cancelled').map((s) => s.kind)).toEqual([
      'reminder',
      'reminder',
    ]);
  });

  it('retries a transient failure after a back-off and honours a rate limit’s delay', async () => {
    const { scheduler, deliverer } = jobs();
    await scheduler.tick();
    tg.script.push(
      { ok: false, kind: 'transient', error: '502 Bad Gateway' },
      { ok: false, kind: 'rate', retryAfterMs: 30_000, error: '429' },
    );
    await deliverer.deliverOnce();
    expect(tg.sent).toHaveLength(4);
    expect(await deliverer.deliverOnce()).toBe(0); // not yet: both are waiting
    app.clock.advance(10_000); // past the transient back-off (5 s ± 20 %), not the 30 s rate delay
    await deliverer.deliverOnce();
    expect(tg.sent).toHaveLength(5);
    app.clock.advance(25_000);
    await deliverer.deliverOnce();
    expect(tg.sent).toHaveLength(6);
    expect((await statuses()).every((s) => s.status === 'sent')).toBe(true);
  });

  it('gives up after the configured attempts and lists the failure for the office', async () => {
    await app.close();
    app = await createTestApp({ now: '2026-11-26T02:00:00Z', env: { OUTBOX_MAX_ATTEMPTS: '2' } });
    tg = new RecordingAdapter('telegram');
    await link('focal-gd', 'telegram', 'tg-focal-gd');
    tg.perChat.set('tg-focal-gd', { ok: false, kind: 'transient', error: 'ETIMEDOUT' });
    const { scheduler, deliverer } = jobs();
    await scheduler.tick();
    await deliverer.deliverOnce();
    app.clock.advance(60_000);
    await deliverer.deliverOnce();
    app.clock.advance(60_000);
    expect(await deliverer.deliverOnce()).toBe(0);
    const failed = await listFailed(app.store.db);
    const gd = await app.personId('focal-gd');
    expect(failed.filter((f) => f.personId === gd).map((f) => [f.kind, f.attempts, f.lastError])).toEqual([
      ['reminder', 2, 'telegram: ETIMEDOUT'],
    ]);
    // People who never linked an account are failures the office can see too, after one try.
    const focalA = await app.personId('focal-a');
    expect(failed.find((f) => f.personId === focalA)).toMatchObject({ attempts: 1, lastError: 'no-account' });
  });

  it('falls back to another linked account when Zalo says the person is outside its 7-day window', async () => {
    await app.store.db.delete(accounts).where(eq(accounts.externalId, 'tg-focal-b'));
    // Zalo was used most recently, so it is tried first; Telegram is the fallback.
    await link('focal-b', 'zalo-oa', 'oa-focal-b', new Date('2026-11-20T00:00:00Z'));
    await link('focal-b', 'telegram', 'tg-focal-b', new Date('2026-10-01T00:00:00Z'));
    oa.perChat.set('oa-focal-b', {
      ok: false,
      kind: 'unreachable',
      error: '-230 User has not interacted with the OA in the past 7 days',
    });
    const { scheduler, deliverer } = jobs();
    await scheduler.tick();
    await deliverer.deliverOnce();
    expect(tg.to('tg-focal-b')).toHaveLength(1);
    const [zaloAccount] = await app.store.db.select().from(accounts).where(eq(accounts.externalId, 'oa-focal-b'));
    expect(zaloAccount!.unreachableReason).toContain('-230');
    const rows = await app.store.db.select().from(outbox).where(eq(outbox.sentChannel, 'telegram'));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('takes up a claim again when the process holding it died before finishing', async () => {
    const { scheduler } = jobs();
    await scheduler.tick();
    // A worker claims everything, then is killed (never sends, never marks).
    const claimed = await app.store.tx((tx) =>
      claimDue(tx, { now: app.clock.now(), limit: 100, leaseMs: 60_000, worker: 'dead' }),
    );
    expect(claimed).toHaveLength(6);
    const b = jobs('w2');
    expect(await b.deliverer.deliverOnce()).toBe(0); // lease still held
    app.clock.advance(61_000);
    expect(await b.deliverer.deliverOnce()).toBe(6);
    expect(tg.sent).toHaveLength(6);
  });

  it('lets two deliverers share the table without sending anything twice', async () => {
    const { scheduler } = jobs();
    await scheduler.tick();
    const [a, b] = [jobs('wa').deliverer, jobs('wb').deliverer];
    await Promise.all([a.deliverOnce(), b.deliverOnce(), a.deliverOnce(), b.deliverOnce()]);
    const chats = tg.sent.map((s) => s.chatId);
    expect(chats).toHaveLength(6);
    expect(new Set(chats).size).toBe(6);
  });

  it('sends the digest once per working day, not at weekends', async () => {
    const { scheduler } = jobs();
    expect((await scheduler.tick()).digests).toBe(1);
    app.clock.set('2026-11-28T02:00:00Z'); // Saturday
    expect((await scheduler.tick()).digests).toBe(0);
    app.clock.set('2026-11-30T00:45:00Z'); // Monday 07:45, before 08:00
    expect((await scheduler.tick()).digests).toBe(0);
    app.clock.set('2026-11-30T01:01:00Z');
    const r = await scheduler.tick();
    expect(r.digests).toBe(1);
    expect((await statuses()).filter((s) => s.kind === 'digest')).toHaveLength(2);
  });
});

describe('housekeeping', () => {
  it('forgets old button tokens, processed update ids and failed invite attempts, keeping recent ones', async () => {
    const { buttonTokens, processedUpdates, inviteFailures } = await import('../db/schema.js');
    const old = new Date('2026-09-01T00:00:00Z');
    const recent = new Date('2026-11-25T00:00:00Z');
    await app.store.db.insert(buttonTokens).values([
      { token: 'old0000000', channel: 'telegram', chatId: '1', action: {}, createdAt: old },
      { token: 'new0000000', channel: 'telegram', chatId: '1', action: {}, createdAt: recent },
    ]);
    await app.store.db.insert(processedUpdates).values([
      { channel: 'telegram', updateId: 'old', at: old },
      { channel: 'telegram', updateId: 'new', at: recent },
    ]);
    await app.store.db.insert(inviteFailures).values([
      { channel: 'telegram', externalId: 'x', at: old },
      { channel: 'telegram', externalId: 'x', at: app.clock.now() },
    ]);
    await jobs().scheduler.tick();
    expect((await app.store.db.select().from(buttonTokens)).map((r) => r.token)).toEqual(['new0000000']);
    expect((await app.store.db.select().from(processedUpdates)).map((r) => r.updateId)).toEqual(['new']);
    expect(await app.store.db.select().from(inviteFailures)).toHaveLength(1);
  });
});
