/**
 * Group commit for the flow engine. Every update needs a transaction (its id is recorded with
 * its effects), and a transaction's fixed cost — BEGIN, the opening reads, COMMIT, the
 * driver's work per statement — dwarfs a typical exchange such as help or a search. Updates
 * that arrive while the database is busy are therefore handled together: the batcher hands
 * `run` everything queued, and the engine opens one transaction for all of them.
 *
 * No timer waits for a batch to fill: a lone update starts on the next turn of the event loop,
 * so a quiet bot answers as fast as before; batches grow only when updates queue up behind
 * work in flight. Two items with the same key (one conversation) are never in flight together
 * and keep their arrival order.
 */
export interface BatcherOptions<I, O> {
  /** Items with the same key are handled one after another, in arrival order. */
  keyOf(item: I): string;
  /** At most this many items per call of `run`. */
  maxBatch: number;
  /** At most this many calls of `run` at once. */
  maxInFlight: number;
  /** Handles a batch; returns one result per item, in order. A rejection fails every item. */
  run(items: I[]): Promise<O[]>;
}

export interface Batcher<I, O> {
  submit(item: I): Promise<O>;
}

interface Job<I, O> {
  item: I;
  key: string;
  resolve(value: O): void;
  reject(err: unknown): void;
}

export function createBatcher<I, O>(opts: BatcherOptions<I, O>): Batcher<I, O> {
  if (opts.maxBatch < 1 || opts.maxInFlight < 1) throw new Error('maxBatch and maxInFlight must be at least 1');
  let queue: Array<Job<I, O>> = [];
  const busy = new Set<string>();
  let inFlight = 0;
  let scheduled = false;

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // setImmediate, not a microtask: items submitted in the same turn (a page of updates from
    // one getUpdates call) join the same batch.
    setImmediate(drain);
  }

  /** Takes up to maxBatch jobs whose keys are free, oldest first; the rest keep their order. */
  function take(): Array<Job<I, O>> {
    const batch: Array<Job<I, O>> = [];
    const rest: Array<Job<I, O>> = [];
    const keys = new Set<string>();
    for (const job of queue) {
      if (batch.length < opts.maxBatch && !busy.has(job.key) && !keys.has(job.key)) {
        keys.add(job.key);
        batch.push(job);
      } else {
        // A key seen once blocks its later items too: per-key order holds.
        keys.add(job.key);
        rest.push(job);
      }
    }
    queue = rest;
    return batch;
  }

  function drain(): void {
    scheduled = false;
    while (inFlight < opts.maxInFlight && queue.length > 0) {
      const batch = take();
      if (batch.length === 0) return;
      inFlight++;
      for (const job of batch) busy.add(job.key);
      void execute(batch);
    }
  }

  async function execute(batch: Array<Job<I, O>>): Promise<void> {
    try {
      const results = await opts.run(batch.map((j) => j.item));
      if (results.length !== batch.length)
        throw new Error(`batch of ${batch.length} returned ${results.length} results`);
      batch.forEach((job, i) => job.resolve(results[i]!));
    } catch (err) {
      for (const job of batch) job.reject(err);
    } finally {
      inFlight--;
      for (const job of batch) busy.delete(job.key);
      if (queue.length > 0) schedule();
    }
  }

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, key: opts.keyOf(item), resolve, reject });
        schedule();
      });
    },
  };
}
