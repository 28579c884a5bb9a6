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
