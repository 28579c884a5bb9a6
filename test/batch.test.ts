/**
 * Group commit: updates that arrive together share one transaction. What people must not
 * notice: every one still gets their own answer, one person's error costs nobody else their
 * update, a chat's messages are handled in the order they were sent, and a repeated delivery
 * is still answered once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { silentLogger } from '../bot/logger.js';
import { submissions } from '../db/schema.js';
import { createBatcher } from '../handlers/batcher.js';
import { createEngine, type Engine } from '../handlers/engine/index.js';
import type { Flow } from '../handlers/flow.js';
import { CANCEL_FLOW, FALLBACK_FLOW, createFlows } from '../handlers/flows/index.js';
import { translator } from '../handlers/i18n/index.js';
import { BUTTON_CAPS, ChatDriver, createTestApp, type TestApp } from './helpers/app.js';
import { defineActions } from '../handlers/actions.js';

const t = translator('vi');
const tick = () => new Promise((r) => setImmediate(r));
/** The saved value of one report item (answers are stored with their revision). */
const answer = (row: { answers: unknown } | undefined, item: string) =>
  (row?.answers as Record<string, { v: unknown }>)[item]?.v;

describe('batcher', () => {
  function recorder(opts: { maxBatch?: number; maxInFlight?: number; fail?: (items: string[]) => boolean } = {}) {
    const batches: string[][] = [];
    let running = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const batcher = createBatcher<string, string>({
      keyOf: (item) => item.split(':')[0]!,
      maxBatch: opts.maxBatch ?? 10,
      maxInFlight: opts.maxInFlight ?? 1,
      async run(items) {
        batches.push(items);
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => gates.push(r));
        running--;
        if (opts.fail?.(items)) throw new Error('batch failed');
        return items.map((i) => `done ${i}`);
      },
    });
    const release = async () => {
      while (gates.length === 0) await tick();
      gates.shift()!();
    };
    return { batcher, batches, release, peak: () => peak };
  }

  it('a lone item is handled at once, alone', async () => {
    const r = recorder();
    const p = r.batcher.submit('a:1');
    await r.release();
    expect(await p).toBe('done a:1');
    expect(r.batches).toEqual([['a:1']]);
  });

  it('items that queue up while a batch runs are handled together, each getting its own result', async () => {
    const r = recorder({ maxBatch: 3 });
    const first = r.batcher.submit('a:1');
    await tick();
    const rest = ['b:1', 'c:1', 'd:1', 'e:1'].map((i) => r.batcher.submit(i));
    for (let i = 0; i < 3; i++) await r.release();
    expect(await first).toBe('done a:1');
    expect(await Promise.all(rest)).toEqual(['done b:1', 'done c:1', 'done d:1', 'done e:1']);
    expect(r.batches).toEqual([['a:1'], ['b:1', 'c:1', 'd:1'], ['e:1']]);
  });

  it('never has two items of one key in flight, and keeps their order', async () => {
    const r = recorder({ maxInFlight: 2 });
    const all = ['a:1', 'a:2', 'b:1', 'a:3'].map((i) => r.batcher.submit(i));
    for (let i = 0; i < 3; i++) await r.release();
    await Promise.all(all);
    expect(r.batches).toEqual([['a:1', 'b:1'], ['a:2'], ['a:3']]);
  });

  it('runs at most maxInFlight batches at once', async () => {
    const r = recorder({ maxBatch: 1, maxInFlight: 2 });
    const all = ['a', 'b', 'c', 'd', 'e'].map((k) => r.batcher.submit(`${k}:1`));
    for (let i = 0; i < 5; i++) await r.release();
    await Promise.all(all);
    expect(r.peak()).toBe(2);
  });

  it('a failed batch fails its own items only', async () => {
    const r = recorder({ maxBatch: 2, fail: (items) => items.includes('b:1') });
    const a = r.batcher.submit('a:1');
    await tick();
    const b = r.batcher.submit('b:1');
    const c = r.batcher.submit('c:1');
    await r.release();
    await r.release();
    expect(await a).toBe('done a:1');
    await expect(b).rejects.toThrow('batch failed');
    await expect(c).rejects.toThrow('batch failed');
    const d = r.batcher.submit('d:1');
    await r.release();
    expect(await d).toBe('done d:1');
  });
});

describe('updates handled together', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp();
  });
  afterEach(async () => app.close());

  /** Counts the engine's transactions (the store object is the engine's own). */
  function countTransactions(): () => number {
    let n = 0;
    const inner = app.store.tx.bind(app.store);
    app.store.tx = (fn) => {
      n++;
      return inner(fn);
    };
    return () => n;
  }

  it('many people at once: each gets their own answer, in fewer transactions than updates', async () => {
    const codes = ['admin1', 'focal-a', 'head-a', 'member-a', 'focal-b', 'head-b', 'focal-gd'];
    const chats = codes.map((c) => app.chat(c));
    const stranger = app.chat({ stranger: 'khach' });
    await Promise.all(chats.map((c) => c.send('/trogiup'))); // accounts linked
    const transactions = countTransactions();

    const [helps, strangerHelp] = await Promise.all([
      Promise.all(chats.map((c) => c.send('/trogiup'))),
      stranger.send('/trogiup'),
    ]);
    expect(helps[0]![0]).toContain('Anh/chị: Quản Trị Viên');
    expect(helps[0]![0]).toContain('/thongbao');
    expect(helps[1]![0]).toContain('Anh/chị: Đầu Mối A — đầu mối báo cáo, UBND xã A.');
    expect(helps[1]![0]).not.toContain('/thongbao');
    expect(helps[6]![0]).toContain('Anh/chị: Đầu Mối GD');
    expect(strangerHelp[0]).toContain('xin mã mời');
    expect(transactions()).toBeLessThan(codes.length + 1);
  });

  it('buttons sent to several chats in one batch work in each chat', async () => {
    const chats = ['focal-a', 'focal-b', 'focal-gd'].map((c) => app.chat(c));
    await Promise.all(chats.map((c) => c.send('/trogiup')));
    await Promise.all(chats.map((c) => c.send('/baocao')));
    const opened = await Promise.all(chats.map((c) => c.press('Báo cáo sơ kết 6 tháng')));
    for (const replies of opened) expect(replies.join('\n')).toContain('Mục 1/9');
    const answered = await Promise.all(chats.map((c, i) => c.send(String(40 + i))));
    for (const replies of answered) expect(replies[0]).toContain('Mục 2/9');
    const rows = await app.store.db.select().from(submissions);
    expect(rows.map((r) => answer(r, 'so_cbcc')).sort()).toEqual([40, 41, 42]);
  });

  it("one person's refusal does not cost another person's saved answer", async () => {
    const focal = app.chat('focal-a');
    await focal.send('/baocao');
    await focal.press('Báo cáo sơ kết 6 tháng');
    const stranger = app.chat({ stranger: 'la' });
    const member = app.chat('member-a');
    await member.send('/trogiup');

    const transactions = countTransactions();
    const [saved, refused, help] = await Promise.all([
      focal.send('45'),
      stranger.send('/baocao'),
      member.send('/trogiup'),
    ]);
    // A refusal before any write has nothing to undo: the batch goes on without a rollback.
    expect(transactions()).toBe(1);
    expect(saved[0]).toContain('Mục 2/9');
    expect(refused).toEqual([t('auth.unknown_account')]);
    expect(help[0]).toContain('Anh/chị: Cán Bộ A');
    const [row] = await app.store.db.select().from(submissions);
    expect(answer(row, 'so_cbcc')).toBe(45);
  });

  it('a failure inside one update gets that person an apology; the others in its batch are done', async () => {
    const boom: Flow = {
      name: 'boom',
      steps: {},
      actions: defineActions('boom', { entry: { go: {} } }),
      async start() {},
      async onAction() {
        throw new Error('a bug in a flow');
      },
    };
    const engine: Engine = createEngine({
      store: app.store,
      clock: app.clock,
      logger: silentLogger(),
      settings: {
        timezone: app.config.timezone,
        defaultLocale: 'vi',
        maxFileBytes: app.config.maxFileBytes,
        inviteTtlDays: 7,
      },
      flows: [...createFlows({ calendar: app.config.reminders }), boom],
      cancelFlow: CANCEL_FLOW,
      fallbackFlow: FALLBACK_FLOW,
      batching: { maxBatch: 50, maxInFlight: 1 },
    });
    const withBoom = { ...app, engine };
    const victim = new ChatDriver(withBoom, 'focal-b', 'telegram', BUTTON_CAPS, 'private');
    const focal = new ChatDriver(withBoom, 'focal-a', 'telegram', BUTTON_CAPS, 'private');
    await victim.send('/trogiup');
    await focal.send('/baocao');
    await focal.press('Báo cáo sơ kết 6 tháng');
    const button = await app.store.tx((tx) =>
      engine.prepareOutbound(
        tx,
        { channel: 'telegram', chatId: victim.chatId, accountId: victim.accountId },
        { text: 'x', buttons: [[{ label: 'Nổ', action: { f: 'boom', op: 'go' } }]] },
        BUTTON_CAPS,
        'vi',
      ),
    );

    const transactions = countTransactions();
    const [failed, saved] = await Promise.all([
      victim.sendRaw({ buttonToken: button.buttons![0]![0]!.token }),
      focal.send('45'),
    ]);
    expect(transactions()).toBe(3); // the shared one, rolled back, then each alone
    expect(failed.map((r) => r.text)).toEqual([t('common.error')]);
    expect(saved[0]).toContain('Mục 2/9');
    const [row] = await app.store.db.select().from(submissions).where(eq(submissions.status, 'draft'));
    expect(answer(row, 'so_cbcc')).toBe(45);
  });

  it("a chat's messages sent in quick succession are handled in order", async () => {
    const focal = app.chat('focal-a');
    await focal.send('/baocao');
    await focal.press('Báo cáo sơ kết 6 tháng');
    const [first, second, third] = await Promise.all([focal.send('45'), focal.send('85,5%'), focal.send('co')]);
    expect(first[0]).toContain('Mục 2/9');
    expect(second[0]).toContain('Mục 3/9');
    expect(third[0]).toContain('Mục 4/9');
    const [row] = await app.store.db.select().from(submissions);
    expect(['so_cbcc', 'ty_le', 'da_phat_dong'].map((item) => answer(row, item))).toEqual([45, 85.5, true]);
  });

  it('ids with quotes and backslashes reach the database as data, not as SQL', async () => {
    const odd = app.chat({ stranger: `o'neil\\'); drop table accounts; --` });
    expect((await odd.send('/trogiup'))[0]).toContain('xin mã mời');
    await odd.send('/ngonngu');
    expect((await odd.press('English'))[0]).toBe('Switched to English.');
    expect((await odd.send('/help'))[0]).toContain('invite code');
    expect((await app.chat('focal-a').send('/trogiup'))[0]).toContain('Anh/chị: Đầu Mối A');
  });

  it('an update delivered twice at the same moment is answered once', async () => {
    const chat = app.chat('focal-a');
    await chat.send('/trogiup');
    const [a, b] = await Promise.all([
      chat.sendRaw({ updateId: 'tg-777', text: '/trogiup' }),
      chat.sendRaw({ updateId: 'tg-777', text: '/trogiup' }),
    ]);
    expect([a.length, b.length].sort()).toEqual([0, 1]);
  });
});
