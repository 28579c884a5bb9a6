/**
 * The process's last line of defence: `uncaughtException` and `unhandledRejection` handlers
 * for the bot. A fault thrown from inside the PostgreSQL driver (a socket that closed under
 * it, see scripts/patch-postgres.mjs) leaves the process sound — the pool reconnects on the
 * next query — so it is logged with its context, the store is marked unhealthy (/healthz
 * says 503 until a ping succeeds) and the bot goes on. Any other uncaught exception means
 * the state of the process is unknown: it is logged and the process exits with
 * EXIT_UNKNOWN_STATE (70) so a supervisor restarts it; nothing a person sent is lost by that
 * (Telegram redelivers what was not confirmed, Zalo events wait in the inbound journal).
 * A rejected promise nobody awaited is logged and the process goes on: the work it belonged
 * to failed, the rest of the state is intact.
 *
 * Trade-off: exiting on unknown faults rather than carrying on "best effort" — a half-broken
 * process that keeps answering is worse than a restart that takes a second.
 */
import type { Logger } from './logger.js';
import type { Store } from '../db/store.js';
import { isDriverFault } from '../db/faults.js';

/** Exit codes of `npm start` besides 0 (stopped) and 1 (configuration or start-up error). */
export const EXIT_DATABASE_UNAVAILABLE = 69; // EX_UNAVAILABLE: the database did not answer within DATABASE_WAIT_SECONDS
export const EXIT_UNKNOWN_STATE = 70; // EX_SOFTWARE: an uncaught exception outside the database driver

export interface FaultBoundaryOptions {
  logger: Logger;
  /** The store once it is open (faults before that have no store to mark). */
  store: () => Store | undefined;
  exit?: (code: number) => void;
}

export interface FaultBoundary {
  onUncaught: (err: unknown, origin?: string) => void;
  onRejection: (reason: unknown) => void;
  /** Faults survived so far (driver faults and logged rejections). */
  readonly survived: number;
  uninstall(): void;
}

export function createFaultBoundary(opts: FaultBoundaryOptions): FaultBoundary {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let survived = 0;
  const driverFault = (err: unknown, origin: string) => {
    survived++;
    const store = opts.store();
    store?.markUnhealthy(`driver fault: ${err instanceof Error ? err.message : String(err)}`);
    opts.logger.error(
      { err, origin, survived },
      'database driver fault survived; the store is marked unhealthy and the pool reconnects',
    );
  };
  const boundary: FaultBoundary = {
    onUncaught(err, origin = 'uncaughtException') {
      if (isDriverFault(err)) return driverFault(err, origin);
      opts.logger.fatal(
        { err, origin, exitCode: EXIT_UNKNOWN_STATE },
        'uncaught exception: the process state is unknown; exiting for a restart',
      );
      exit(EXIT_UNKNOWN_STATE);
    },
    onRejection(reason) {
      if (isDriverFault(reason)) return driverFault(reason, 'unhandledRejection');
      survived++;
      opts.logger.error(
        { err: reason, origin: 'unhandledRejection' },
        'a promise failed and nobody waited for it; the process goes on',
      );
    },
    get survived() {
      return survived;
    },
    uninstall() {
      process.off('uncaughtException', boundary.onUncaught);
      process.off('unhandledRejection', boundary.onRejection);
    },
  };
  return boundary;
}

/** Installs the boundary on this process. */
export function installFaultBoundary(opts: FaultBoundaryOptions): FaultBoundary {
  const b = createFaultBoundary(opts);
  process.on('uncaughtException', b.onUncaught);
  process.on('unhandledRejection', b.onRejection);
  return b;
}
