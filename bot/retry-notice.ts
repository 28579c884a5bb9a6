/**
 * "The answer will come" is said once per chat and outage, not once per message: while the
 * database is down every message of a chat fails the same way, and a redelivered Telegram
 * update fails again on each redelivery. A chat is told again only after one of its updates
 * went through (`clear`) or after `windowMs`. Memory is bounded: the oldest chats are
 * forgotten first (forgetting only means one more notice).
 */
export class RetryNotice {
  private readonly told = new Map<string, number>();

  constructor(
    private readonly windowMs = 10 * 60_000,
    private readonly maxChats = 10_000,
  ) {}

  /** True when this chat should be told now (and remembers that it was). */
  shouldTell(chat: string, now = Date.now()): boolean {
    const at = this.told.get(chat);
    if (at !== undefined && now - at < this.windowMs) return false;
    this.told.delete(chat);
    this.told.set(chat, now);
    while (this.told.size > this.maxChats) this.told.delete(this.told.keys().next().value!);
    return true;
  }

  /** An update of this chat went through: the next outage tells it again. */
  clear(chat: string): void {
    this.told.delete(chat);
  }
}
