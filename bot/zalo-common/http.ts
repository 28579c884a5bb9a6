/**
 * Small HTTP helpers shared by the Zalo Bot and Zalo OA clients: fetch with a timeout, telling
 * apart a request that provably never reached Zalo from one that may have, back-off with
 * jitter, a constant-time secret comparison, and scrubbing secrets out of error texts.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type FetchLike = typeof fetch;

/** Retry and back-off settings, shared by both clients. */
export interface RetryOptions {
  /** Attempts on a rate limit (Zalo OA -32, Bot 429), the first included. */
  rateAttempts: number;
  /** Attempts when the connection could not be made (DNS, refused, TLS), the first included. */
  connectAttempts: number;
  /** Attempts for idempotent calls (reads, uploads) after a timeout, reset or 5xx. */
  idempotentAttempts: number;
  /** First back-off delay; it doubles per attempt, with jitter, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  rateAttempts: 3,
  connectAttempts: 3,
  idempotentAttempts: 3,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
};

/** How a failed HTTP exchange ended, for deciding whether a retry could duplicate a send. */
export type NetworkFailure = 'not-reached' | 'timeout' | 'ambiguous' | 'aborted';

/** Error codes that mean no byte of the request reached the server. */
const NOT_REACHED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

function errorCodes(err: unknown, depth = 0): string[] {
  if (depth > 4 || typeof err !== 'object' || err === null) return [];
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  const codes: string[] = typeof e.code === 'string' ? [e.code] : [];
  if (e.cause) codes.push(...errorCodes(e.cause, depth + 1));
  if (Array.isArray(e.errors)) for (const x of e.errors) codes.push(...errorCodes(x, depth + 1));
  return codes;
}

/** Classifies an error thrown by fetch. Only `not-reached` is safe to retry for a send. */
export function classifyNetworkError(err: unknown): NetworkFailure {
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError') return 'timeout';
  if (name === 'AbortError') return 'aborted';
  const codes = errorCodes(err);
  if (codes.length > 0 && codes.every((c) => NOT_REACHED_CODES.has(c))) return 'not-reached';
  return 'ambiguous';
}

/** A short, secret-free description of a network error (codes only, never a URL). */
export function describeNetworkError(err: unknown): string {
  const kind = classifyNetworkError(err);
  const codes = [...new Set(errorCodes(err))];
  return codes.length > 0 ? `${kind} (${codes.join(', ')})` : kind;
}

/** fetch with a timeout; an outer `signal` (stop) aborts too. */
export async function fetchWithTimeout(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Response> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
  try {
    return await fetchImpl(url, { ...init, signal: combined });
  } catch (err) {
    // AbortSignal.any reports the reason of whichever fired; keep a timeout a TimeoutError.
    if (timeout.aborted && !(signal?.aborted ?? false)) {
      const e = new Error('request timed out');
      e.name = 'TimeoutError';
      throw e;
    }
    throw err;
  }
}

/**
 * Back-off delay before attempt `attempt + 1` (attempt counts from 0): exponential, capped,
 * with jitter ("equal jitter": half fixed, half random) so many senders do not retry together.
 */
export function backoffDelay(
  attempt: number,
  opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random = Math.random,
): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Compares two secrets in constant time, whatever their lengths. */
export function safeEqual(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** Replaces every occurrence of the given secrets in a text (for error messages from a server). */
export function scrub(text: string, secrets: Array<string | undefined>): string {
  let s = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) s = s.split(secret).join('***');
  }
  return s.length > 300 ? s.slice(0, 300) + '…' : s;
}

/** Reads a response body as text, never throwing. */
export async function readText(res: Response): Promise<string> {
  try {
    return await res.text();
  } catch {
    return '';
  }
}

/**
 * Back-off for rate limits reported to a caller that retries later (the outbox): each rate
 * limit in a row doubles the suggested wait (with jitter, capped); a success resets it.
 */
export class RateBackoff {
  private streak = 0;
  constructor(
    private readonly opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
    private readonly random: () => number = Math.random,
  ) {}

  /** The wait to suggest after one more rate limit (at least `floorMs`). */
  next(floorMs = 0): number {
    return Math.max(floorMs, backoffDelay(this.streak++, this.opts, this.random));
  }

  reset(): void {
    this.streak = 0;
  }
}
