import { describe, expect, it } from 'vitest';
import { SlotThrottle } from '../bot/telegram/throttle.js';

const limits = { globalPerSecond: 30, privateChatIntervalMs: 1000, groupPerMinute: 20 };

/** Reserves sends arriving at `at` and returns the moments they may go out. */
function schedule(t: SlotThrottle, sends: Array<[string, number]>): number[] {
  return sends.map(([chat, at]) => at + t.reserve(chat, at));
}

describe('Telegram throttle', () => {
  it('lets a message out at once when under the limits', () => {
    const t = new SlotThrottle(limits);
    expect(t.reserve('1', 10_000)).toBe(0);
    expect(t.reserve('2', 10_500)).toBe(0);
  });

  it('keeps one private chat to a message per second', () => {
    const out = schedule(new SlotThrottle(limits), [
      ['7', 0],
      ['7', 0],
      ['7', 0],
    ]);
    expect(out).toEqual([0, 1000, 2000]);
  });

  it('keeps a group to 20 messages a minute', () => {
    const t = new SlotThrottle(limits);
    const out = schedule(
      t,
      Array.from({ length: 21 }, () => ['-100123', 0] as [string, number]),
    );
    expect(out[20]).toBe(60_000);
  });

  it('never puts more than the global rate (+1) into any second, however many chats', () => {
    const t = new SlotThrottle(limits);
    const out = schedule(
      t,
      Array.from({ length: 300 }, (_, i) => [String(i), 0] as [string, number]),
    ).sort((a, b) => a - b);
    for (let i = 0; i < out.length; i++) {
      const inWindow = out.filter((x) => x >= out[i]! && x < out[i]! + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(31);
    }
    expect(out[299]).toBeGreaterThanOrEqual(9_900); // 300 messages at 30/s take about 10 s
  });

  it('does not hold up other chats behind one chat’s wait', () => {
    const t = new SlotThrottle(limits);
    t.reserve('a', 0);
    expect(t.reserve('a', 0)).toBe(1000);
    // b only waits for the next global slot (1/30 s), not for a's second.
    expect(t.reserve('b', 10)).toBeLessThan(34);
  });

  it('a send that started late pushes the next one to the same chat back, not closer', () => {
    const t = new SlotThrottle(limits);
    expect(t.reserve('7', 0)).toBe(0);
    expect(t.reserve('7', 0)).toBe(1000);
    expect(t.start('7', 30)).toBe(0); // the first one's timer fired 30 ms late
    expect(t.start('7', 1000)).toBe(30); // so the second waits until a full second after it
    expect(t.start('7', 1030)).toBe(0);
    expect(t.start('8', 1030)).toBe(0); // other chats are not affected
  });
});
