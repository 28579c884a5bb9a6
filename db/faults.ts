/**
 * Which errors mean "the database is unavailable right now" (retry later, keep the message)
 * rather than "this update cannot be handled" (answer and move on). Pure: it looks at error
 * codes only, following `cause` chains because drizzle wraps driver errors.
 *
 * Trade-off: a short allow-list of codes instead of "anything that is not a UserError": a bug
 * that throws on every attempt must not be retried for ever, so only faults known to pass
 * with time are transient.
 */

/** SQLSTATE classes and codes that pass when the server is back or the load drops. */
const TRANSIENT_SQLSTATE = [
  /^08/, // connection exception
  /^57P0[1-4]$/, // admin / crash shutdown, cannot connect now, database dropped
  /^53/, // insufficient resources (disk full, out of memory, too many connections)
  /^40001$/, // serialization failure
  /^40P01$/, // deadlock detected
  /^57014$/, // query_canceled: statement_timeout
  /^25P03$/, // idle_in_transaction_session_timeout
  /^55P03$/, // lock not available (lock_timeout)
];

/** Node socket errors and postgres.js's own connection codes. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
]);

/** Marks a failure the caller may retry: the per-update deadline, a health deadline. */
export class TransientFault extends Error {
  override name = 'TransientFault';
}

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True when `err` (or an error it wraps) says the database is unreachable or overloaded. */
export function isTransientDbFault(err: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (typeof e === 'object' && e !== null && !seen.has(e)) {
    seen.add(e);
    if (e instanceof TransientFault) return true;
    const code = codeOf(e);
    if (code && (TRANSIENT_CODES.has(code) || TRANSIENT_SQLSTATE.some((re) => re.test(code)))) return true;
    const errors = (e as { errors?: unknown }).errors; // AggregateError (several addresses refused)
    if (Array.isArray(errors) && errors.some((x) => isTransientDbFault(x))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * True when an uncaught error was thrown from inside the PostgreSQL driver: its stack runs
 * through postgres.js, or it is one of the driver's connection errors. Such a fault leaves
 * the process sound (the pool reconnects); anything else leaves its state unknown.
 */
export function isDriverFault(err: unknown): boolean {
  if (isTransientDbFault(err)) return true;
  const stack = err instanceof Error ? (err.stack ?? '') : '';
  return /node_modules[\\/]postgres[\\/]/.test(stack);
}
