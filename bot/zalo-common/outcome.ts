/**
 * A Zalo client error as the outbox sees it. Each channel says which `SendOutcome` kind its
 * error category means (the Bot API says "refused", the OA "outside the 7-day window"); the
 * rest — back-off after a rate limit, flagging a send that may have arrived, the one-try
 * proactive send — is the same.
 */
import type { SendOutcome } from '../channel.js';
import type { RateBackoff } from './http.js';

export interface ZaloClientFailure {
  message: string;
  /** The request may have reached Zalo (timeout, reset, 5xx). */
  ambiguous: boolean;
  /** For a rate limit: the client's own back-off suggestion. */
  retryAfterMs?: number;
}

export function failureOutcome(
  kind: Exclude<SendOutcome, { ok: true }>['kind'],
  err: ZaloClientFailure,
  rateBackoff: RateBackoff,
): SendOutcome {
  switch (kind) {
    case 'rate':
      return { ok: false, kind, retryAfterMs: rateBackoff.next(err.retryAfterMs), error: err.message };
    case 'transient':
      return { ok: false, kind, error: err.ambiguous ? `${err.message} (may have been delivered)` : err.message };
    default:
      return { ok: false, kind, error: err.message };
  }
}

/** An error that did not come from the Zalo client (a bug, a local failure): try again later. */
export function unexpectedOutcome(err: unknown): SendOutcome {
  return { ok: false, kind: 'transient', error: String((err as Error)?.message ?? err) };
}

/**
 * A proactive send for the outbox: one try (rate limits are reported, not waited for); a success
 * resets the rate back-off, a failure is the channel's to describe.
 */
export async function sendOnce(
  attempt: () => Promise<string | undefined>,
  rateBackoff: RateBackoff,
  onFailure: (err: unknown) => SendOutcome | Promise<SendOutcome>,
): Promise<SendOutcome> {
  try {
    const messageId = await attempt();
    rateBackoff.reset();
    return { ok: true, messageId };
  } catch (err) {
    return onFailure(err);
  }
}
