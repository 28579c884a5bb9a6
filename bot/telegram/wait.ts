/**
 * The two waits the Telegram channel needs, on its own timers: a sleep that a stop cuts short,
 * and a bounded wait for work to finish. Trade-off: a second sleep beside zalo-common/http.ts's,
 * kept because the two differ at 0 ms (that one returns at once, this one yields to the event
 * loop first) and the channel's behaviour is to stay exactly as it was.
 */

/** Waits `ms` (at least one turn of the event loop), or until `signal` aborts; never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Waits for `p` at most `ms`; the timer never outlives the wait. */
export async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))))]);
  clearTimeout(timer);
}
