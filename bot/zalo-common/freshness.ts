/**
 * Replay protection by age: a Zalo event carries its own `timestamp` (epoch milliseconds, a
 * string), which the OA signs. An event older than the freshness window, or further in the
 * future than a small clock skew, is refused whatever its signature, so a captured event
 * cannot be replayed once its processed id has been pruned (jobs/maintenance.ts keeps ids far
 * longer than the window plus Zalo's retry ladder). Pure: the caller passes "now".
 *
 * Trade-off: Zalo retries a failed delivery for up to about an hour (12 h in one older
 * source); a retry older than the window is refused too. The webhook answers 200 at once and
 * handles events after, so a retry only happens when our process was down; the window is a
 * setting (ZALO_OA_MAX_EVENT_AGE_SECONDS) for offices that prefer catching up over tightness.
 */

/** Default window (seconds) and the future skew tolerated (seconds). */
export const DEFAULT_MAX_EVENT_AGE_SECONDS = 600;
export const MAX_FUTURE_SKEW_SECONDS = 60;
/** Longest window the setting allows (the pruning of processed ids relies on it). */
export const MAX_EVENT_AGE_LIMIT_SECONDS = 86_400;

export type Freshness =
  { ok: true; ageMs: number } | { ok: false; reason: 'unreadable' | 'too_old' | 'in_future'; ageMs?: number };

/**
 * Whether an event timestamp is within [now - maxAgeSec, now + skewSec]. Only a plain string
 * or number of 10–16 digits counts as a timestamp (epoch ms; "0", "abc", "" are unreadable).
 */
export function eventFreshness(
  timestamp: unknown,
  nowMs: number,
  maxAgeSec: number,
  skewSec = MAX_FUTURE_SKEW_SECONDS,
): Freshness {
  const s =
    typeof timestamp === 'number'
      ? Number.isSafeInteger(timestamp)
        ? String(timestamp)
        : ''
      : typeof timestamp === 'string'
        ? timestamp.trim()
        : '';
  if (!/^\d{10,16}$/.test(s)) return { ok: false, reason: 'unreadable' };
  const ageMs = nowMs - Number(s);
  if (ageMs > maxAgeSec * 1000) return { ok: false, reason: 'too_old', ageMs };
  if (-ageMs > skewSec * 1000) return { ok: false, reason: 'in_future', ageMs };
  return { ok: true, ageMs };
}
