/**
 * Work accepted by a webhook after it has answered 200: one lane per chat, so a person's
 * messages are handled and answered in the order they arrived, while different chats run side
 * by side. `drain()` waits for everything accepted so far (used by `stop()`).
 */
import type { Logger } from '../logger.js';

export class ChatLanes {
  private readonly lanes = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly logger: Logger) {}

  /** False once `close()` was called: the caller should refuse the work (503). */
  get accepting(): boolean {
    return !this.closed;
  }

  /** Queues `fn` behind earlier work of the same chat. Errors are logged, never thrown. */
  run(chat: string, fn: () => Promise<void>): Promise<void> {
    const prev = this.lanes.get(chat) ?? Promise.resolve();
    const next = prev.then(fn).catch((err: unknown) => {
      this.logger.error({ err }, 'zalo: handling an update failed');
    });
    this.lanes.set(chat, next);
    this.pending.add(next);
    void next.finally(() => {
      this.pending.delete(next);
      if (this.lanes.get(chat) === next) this.lanes.delete(chat);
    });
    return next;
  }

  close(): void {
    this.closed = true;
  }

  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

/** An in-process mutex: callers run one at a time, in order. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    await prev;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
