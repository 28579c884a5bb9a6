/**
 * Keeps outgoing Bot API calls inside Telegram's limits: about `globalPerSecond` messages per
 * second over all chats, one message per `privateChatIntervalMs` to a private chat, and
 * `groupPerMinute` to a group. Each call reserves the earliest moment that satisfies all three
 * and waits until then; under the limits it goes out at once, with no timer and no queue.
 *
 * Written for this project instead of @grammyjs/transformer-throttler: that plugin runs every
 * call through Bottleneck, which capped the whole bot at about 380 calls/s and added ~10 ms to
 * each reply even with every limit lifted (bench/telegram-throughput.ts measured both).
 */

export interface ThrottleLimits {
  globalPerSecond: number;
  privateChatIntervalMs: number;
  groupPerMinute: number;
}

export class SlotThrottle {
  private readonly slotMs: number;
  /** Global time slots already taken, by slot index. */
  private readonly taken = new Set<number>();
  /** Earliest next send per chat. */
  private readonly chatNext = new Map<string, number>();
  /** When the last send to each chat actually started. */
  private readonly chatStarted = new Map<string, number>();
  private lastPrune = 0;

  constructor(private readonly limits: ThrottleLimits) {
    this.slotMs = 1000 / Math.max(1, limits.globalPerSecond);
  }

  /** Reserves a send to `chatId` and returns how long to wait before making it (ms). */
  reserve(chatId: string, now: number): number {
    this.prune(now);
    const interval = this.intervalOf(chatId);
    const candidate = Math.max(now, this.chatNext.get(chatId) ?? 0);
    // The slot the candidate falls in if free, else the next free one (even spacing under load).
    let k = Math.floor(candidate / this.slotMs);
    while (this.taken.has(k)) k++;
    this.taken.add(k);
    const at = Math.max(candidate, k * this.slotMs);
    if (interval > 0) this.chatNext.set(chatId, at + interval);
    return at - now;
  }

  /**
   * Called when a reserved send is about to start: returns how much longer to wait (ms) if the
   * previous send to this chat started late — a timer that fired late must not squeeze the
   * next message to the same chat — else records the start and returns 0.
   */
  start(chatId: string, now: number): number {
    const interval = this.intervalOf(chatId);
    const last = this.chatStarted.get(chatId);
    if (interval > 0 && last !== undefined && now < last + interval) return last + interval - now;
    if (interval > 0) this.chatStarted.set(chatId, now);
    return 0;
  }

  private intervalOf(chatId: string): number {
    const group = chatId.startsWith('-') || chatId.startsWith('@');
    return group ? 60_000 / Math.max(1, this.limits.groupPerMinute) : this.limits.privateChatIntervalMs;
  }

  /** Forgets slots and chat clocks in the past, so memory stays bounded by the backlog. */
  private prune(now: number): void {
    if (now - this.lastPrune < 5_000) return;
    this.lastPrune = now;
    const current = Math.floor(now / this.slotMs);
    for (const k of this.taken) if (k < current) this.taken.delete(k);
    for (const [chat, next] of this.chatNext) if (next < now) this.chatNext.delete(chat);
    for (const [chat, started] of this.chatStarted)
      if (started + this.intervalOf(chat) < now) this.chatStarted.delete(chat);
  }
}
