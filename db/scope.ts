/**
 * The scoped query context: a transaction bound to one jurisdiction. Every query module
 * function that reads or writes local data (units, people, campaigns, deadlines, templates,
 * submissions, rules, broadcasts…) takes a `Scoped` instead of a bare `Db`, and adds the
 * jurisdiction to every statement it runs; a bare `Db` reaches only installation-wide tables
 * (conversation state, outbox delivery, national content). So a query cannot forget its
 * jurisdiction without the type checker noticing, and test/jurisdiction-scope.test.ts checks
 * the statements themselves on a two-commune store.
 *
 * Trade-off: an explicit parameter rather than PostgreSQL row-level security. RLS would also
 * cover hand-written SQL, but it needs a non-superuser role on every connection (PGlite runs as
 * superuser, which bypasses it), a per-transaction setting, and a bypass for the jobs that work
 * across jurisdictions (the scheduler, the deliverer); the parameter costs nothing at run time.
 */
import type { Db } from './store.js';

export interface Scoped {
  readonly tx: Db;
  readonly jurisdictionId: number;
}

export function scoped(tx: Db, jurisdictionId: number): Scoped {
  return { tx, jurisdictionId };
}
