/**
 * Long polling's bookkeeping (bot/telegram/polling.ts): no update is confirmed to Telegram
 * before it was handled, none is handed over twice, and a failed poll waits sensibly.
 */
import { describe, expect, it } from 'vitest';
import { GrammyError } from 'grammy';
import type { Update } from 'grammy/types';
import { OffsetTracker, pollRetryDelay } from '../bot/telegram/polling.js';

const updates = (...ids: number[]) => ids.map((update_id) => ({ update_id }));
const ids = (list: Update[]) => list.map((u) => u.update_id);

describe('OffsetTracker', () => {
  it('does not confirm an update still being handled, so a restart gets it again', () => {
    const t = new OffsetTracker();
    expect(t.offset()).toBe(0);
    expect(ids(t.take(updates(10, 11, 12)))).toEqual([10, 11, 12]);
    t.finish(11);
    t.finish(12);
    expect(t.offset()).toBe(10); // 10 is still held
    t.finish(10);
    expect(t.offset()).toBe(13);
  });

  it('hands over an update Telegram sends again only once', () => {
    const t = new OffsetTracker();
    t.take(updates(10, 11));
    t.finish(11);
    expect(ids(t.take(updates(10, 11, 12)))).toEqual([12]);
  });

  it('takes no more than the runner can handle; the rest comes with the next fetch, none lost', () => {
    const t = new OffsetTracker();
    expect(ids(t.take(updates(10, 11, 12, 13), 2))).toEqual([10, 11]);
    // The next page starts at the lowest held update and still holds the two not yet taken.
    expect(t.offset()).toBe(10);
    expect(ids(t.take(updates(10, 11, 12, 13), 5))).toEqual([12, 13]);
  });

  it('wakes a waiting fetch when the lowest held update is handled, not before', async () => {
    const t = new OffsetTracker();
    t.take(updates(10, 11));
    let woke = false;
    const waiting = t.offsetMoves(5_000).then(() => (woke = true));
    t.finish(11); // 10 still holds the offset back
    await new Promise((r) => setTimeout(r, 20));
    expect(woke).toBe(false);
    t.finish(10);
    await waiting;
    expect(woke).toBe(true);
    expect(t.offset()).toBe(12);
  });
});

const apiError = (code: number, parameters: Record<string, number> = {}) =>
  new GrammyError('failed', { ok: false, error_code: code, description: 'x', parameters }, 'getUpdates', {});

describe('pollRetryDelay', () => {
  it('waits what Telegram asks after a 429', () => {
    expect(pollRetryDelay(apiError(429, { retry_after: 7 }), 500).delayMs).toBe(7000);
  });

  it('waits at least 5 s when another poller or a webhook holds the bot (409)', () => {
    expect(pollRetryDelay(apiError(409), 500).delayMs).toBe(5000);
  });

  it('doubles the wait after a network error, up to 30 s', () => {
    expect(pollRetryDelay(new Error('ECONNRESET'), 500)).toEqual({ delayMs: 500, nextWait: 1000 });
    expect(pollRetryDelay(new Error('ECONNRESET'), 20_000).nextWait).toBe(30_000);
  });
});
