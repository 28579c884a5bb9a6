/**
 * The request loop both Zalo clients (OA Open API, Bot API) run every call through: one attempt
 * is fetch with a timeout, the body read and parsed (long ids kept as strings, json.ts), and the
 * client's own reading of the answer; between attempts the retry decision below, with back-off.
 *
 * Exists so that "may this be sent again?" is decided in one place: a rate limit is retried
 * `rateAttempts` times; a request that provably never reached Zalo (DNS, refused) up to
 * `connectAttempts`; a timeout, reset or 5xx only for idempotent calls, and a send that fails
 * that way is flagged `ambiguous` (it may have been delivered). Trade-off: the loop knows
 * nothing of envelopes, error codes or tokens — each client maps its own answer to one of the
 * few `Answer` kinds and builds its own error class, and scrubs its own secrets (`scrub`), so
 * the messages stay exactly what each client said before.
 */
import {
  backoffDelay,
  classifyNetworkError,
  fetchWithTimeout,
  readText,
  sleep,
  type FetchLike,
  type NetworkFailure,
  type RetryOptions,
} from './http.js';
import { parseJsonOrUndefined } from './json.js';

/** What went wrong with one attempt, as far as retrying is concerned. */
export type Setback =
  | { kind: 'network'; failure: NetworkFailure }
  /** A rate limit (OA -32, HTTP 429). */
  | { kind: 'rate' }
  /** The server answered with a failure a later attempt may not meet (HTTP 5xx, 408). */
  | { kind: 'server' };

/** Attempts made so far: rate limits, and network or server failures (one shared count). */
export interface RetryCount {
  rate: number;
  net: number;
}

export interface RetryPolicy {
  retry: RetryOptions;
  /** Safe to repeat after the request may have reached Zalo (reads, uploads, webhook settings). */
  idempotent: boolean;
  /** Attempts on a rate limit for this call. */
  rateAttempts: number;
  /** An aborted request (the caller's signal) ends the call at once (the Bot client). */
  abortIsFinal?: boolean;
}

export type RetryDecision =
  | { retry: true; delayMs: number; count: RetryCount }
  | {
      retry: false;
      /** The request may have reached Zalo and done its work (a send after a timeout or 5xx). */
      ambiguous: boolean;
      /** For a rate limit: the back-off that would have come next, suggested to the caller. */
      delayMs?: number;
      count: RetryCount;
    };

/**
 * Whether to try again after `setback`, and after how long. Pure but for `random` (jitter);
 * a delay is only drawn when it is used, as the clients always did.
 */
export function decideRetry(
  setback: Setback,
  count: RetryCount,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  const { retry, idempotent } = policy;
  switch (setback.kind) {
    case 'network': {
      const { failure } = setback;
      if (failure === 'aborted' && policy.abortIsFinal) return { retry: false, ambiguous: false, count };
      const limit = failure === 'not-reached' ? retry.connectAttempts : idempotent ? retry.idempotentAttempts : 1;
      const next = { ...count, net: count.net + 1 };
      if (next.net < limit) return { retry: true, delayMs: backoffDelay(next.net - 1, retry, random), count: next };
      return { retry: false, ambiguous: failure !== 'not-reached' && !idempotent, count: next };
    }
    case 'rate': {
      const delayMs = backoffDelay(count.rate, retry, random);
      const next = { ...count, rate: count.rate + 1 };
      if (next.rate < policy.rateAttempts) return { retry: true, delayMs, count: next };
      return { retry: false, ambiguous: false, delayMs, count: next };
    }
    case 'server': {
      if (idempotent) {
        const next = { ...count, net: count.net + 1 };
        if (next.net < retry.idempotentAttempts)
          return { retry: true, delayMs: backoffDelay(next.net - 1, retry, random), count: next };
        return { retry: false, ambiguous: false, count: next };
      }
      return { retry: false, ambiguous: true, count };
    }
  }
}

/** The client's reading of one answer. */
export type Answer<T> =
  | { kind: 'done'; value: T }
  /** A rate limit; `error` gets the back-off suggested to the caller when no attempt is left. */
  | { kind: 'rate'; error: (retryAfterMs: number) => Error }
  /** A server failure worth repeating for idempotent calls; `error` is told whether a send may have arrived. */
  | { kind: 'server'; error: (ambiguous: boolean) => Error }
  /** Try again at once, counting nothing (the OA client refreshed its token). */
  | { kind: 'again' }
  | { kind: 'fail'; error: Error };

export interface RequestLoopOptions {
  fetch: FetchLike;
  retry: RetryOptions;
  random?: () => number;
}

export interface ZaloCall<T> extends Omit<RetryPolicy, 'retry'> {
  timeoutMs: number;
  /** Aborts the request and the waits between attempts. */
  signal?: AbortSignal;
  /** One attempt's URL and request, built again for every attempt (a form body is sent once). */
  prepare(): Promise<{ url: string; init: RequestInit }> | { url: string; init: RequestInit };
  /** The error to throw when the last attempt failed on the network. */
  networkError(err: unknown, failure: NetworkFailure, ambiguous: boolean): Error;
  /** Reads an answer: `body` is the parsed JSON, or undefined when empty or not JSON. */
  answer(res: Response, body: unknown): Promise<Answer<T>> | Answer<T>;
}

/** Runs one call to the end: its value, or the client's error after the last attempt. */
export async function requestWithRetry<T>(loop: RequestLoopOptions, call: ZaloCall<T>): Promise<T> {
  const policy: RetryPolicy = { ...call, retry: loop.retry };
  let count: RetryCount = { rate: 0, net: 0 };
  for (;;) {
    const { url, init } = await call.prepare();
    let res: Response;
    try {
      res = await fetchWithTimeout(loop.fetch, url, init, call.timeoutMs, call.signal);
    } catch (err) {
      const failure = classifyNetworkError(err);
      const decision = decideRetry({ kind: 'network', failure }, count, policy, loop.random);
      count = decision.count;
      if (decision.retry) {
        await sleep(decision.delayMs, call.signal);
        continue;
      }
      throw call.networkError(err, failure, decision.ambiguous);
    }
    const answer = await call.answer(res, await readJsonBody(res));
    if (answer.kind === 'done') return answer.value;
    if (answer.kind === 'again') continue;
    if (answer.kind === 'fail') throw answer.error;
    const decision = decideRetry({ kind: answer.kind }, count, policy, loop.random);
    count = decision.count;
    if (decision.retry) {
      await sleep(decision.delayMs, call.signal);
      continue;
    }
    throw answer.kind === 'rate' ? answer.error(decision.delayMs ?? 0) : answer.error(decision.ambiguous);
  }
}

/** The body as parsed JSON with long integers kept as strings; undefined when empty or not JSON. */
export async function readJsonBody(res: Response): Promise<unknown> {
  const text = await readText(res);
  return text ? parseJsonOrUndefined(text) : undefined;
}
