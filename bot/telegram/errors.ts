/**
 * What a failed Bot API call means for the caller, and a description of it that is safe to
 * log (grammY's network errors wrap fetch errors whose message contains the request URL,
 * and the URL contains the bot token).
 */
import { GrammyError, HttpError } from 'grammy';
import type { SendOutcome } from '../channel.js';

export type SendFailure = Exclude<SendOutcome, { ok: true }>;

/**
 * Telegram's answers that mean "this chat cannot be reached by this bot", so the outbox
 * should try the person's other accounts instead of retrying here.
 */
const UNREACHABLE_400 = [
  /chat not found/i,
  /user not found/i,
  /peer_id_invalid/i,
  /group chat was (upgraded|deactivated)/i,
  /bot was kicked/i,
  /not enough rights to send/i,
  /have no rights to send/i,
  /chat_write_forbidden/i,
];

/**
 * 429 → `rate` (after `retry_after`); 403 (blocked, deactivated, kicked) and 400 "chat not
 * found" and its relatives → `unreachable`; 5xx, network errors and timeouts → `transient`;
 * 401 (token revoked or wrong, the bot's problem, not the message's) → `transient` so the
 * outbox keeps the message while someone fixes the token; anything else → `permanent`.
 */
export function classifySendError(err: unknown): SendFailure {
  const error = describeError(err);
  if (err instanceof GrammyError) {
    const code = err.error_code;
    if (code === 429) {
      const seconds = typeof err.parameters.retry_after === 'number' ? err.parameters.retry_after : 1;
      return { ok: false, kind: 'rate', retryAfterMs: Math.max(1, seconds) * 1000, error };
    }
    if (code === 403) return { ok: false, kind: 'unreachable', error };
    if (code === 400 && UNREACHABLE_400.some((re) => re.test(err.description)))
      return { ok: false, kind: 'unreachable', error };
    if (code >= 500 || code === 401) return { ok: false, kind: 'transient', error };
    return { ok: false, kind: 'permanent', error };
  }
  if (err instanceof HttpError || isNetworkError(err)) return { ok: false, kind: 'transient', error };
  return { ok: false, kind: 'permanent', error };
}

function isNetworkError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  return (
    err.name === 'AbortError' ||
    err.name === 'TimeoutError' ||
    err.name === 'FetchError' ||
    (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code))
  );
}

const TOKEN_IN_URL = /bot\d+:[A-Za-z0-9_-]+/g;

/** One line for the log, without the bot token. */
export function describeError(err: unknown): string {
  if (err instanceof GrammyError) return `${err.method}: ${err.error_code} ${err.description}`;
  if (err instanceof HttpError) {
    const inner = err.error instanceof Error ? `: ${err.error.message}` : '';
    return `${err.message}${inner}`.replace(TOKEN_IN_URL, 'bot<token>');
  }
  if (err instanceof Error) return `${err.name}: ${err.message}`.replace(TOKEN_IN_URL, 'bot<token>');
  return String(err).replace(TOKEN_IN_URL, 'bot<token>');
}

/** Fields for a log line about a failed call. */
export function errorFields(err: unknown): { error: string; error_code?: number; retry_after?: number } {
  if (err instanceof GrammyError) {
    return {
      error: describeError(err),
      error_code: err.error_code,
      ...(typeof err.parameters.retry_after === 'number' ? { retry_after: err.parameters.retry_after } : {}),
    };
  }
  return { error: describeError(err) };
}
