/**
 * The importer's bulk path: rows keyed by a unique `code` written a thousand at a time. Per
 * batch one statement reads the existing rows, one multi-row `insert … on conflict (code) do
 * update` writes the new and the changed ones, and one multi-row insert writes their audit
 * entries; unchanged rows cost nothing. Rows come from an iterable, so a caller can map its
 * data to column values lazily instead of building 100,000 row objects at once.
 *
 * Trade-off: a row's "changed" is decided in memory against the row read in the same
 * transaction, exactly as the one-row-at-a-time path did, so the summary and the audit say
 * the same; what it gives up is per-row statements' simplicity for ~3 statements per 1,000 rows.
 */
import { getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { auditLog } from './schema.js';
import type { Db } from './store.js';

export interface CodedRow {
  code: string;
  values: Record<string, unknown>;
}

export interface BatchUpsertOptions {
  /** Audit entity name (`unit`, `person` …). */
  entity: string;
  actor: { personId: number | null; account: string };
  now: Date;
  /** Equality of a stored value and a new one (the importer's `sameValue`). */
  same: (a: unknown, b: unknown) => boolean;
  /** Counters to add to. */
  summary: { inserted: number; updated: number; unchanged: number };
  batchSize?: number;
}

type CodedTable = PgTable & { id: PgColumn; code: PgColumn };

/** Upserts every row by code; returns code → id for all of them. */
export async function upsertByCode(tx: Db, table: CodedTable, rows: Iterable<CodedRow>, opts: BatchUpsertOptions): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const size = opts.batchSize ?? 1000;
  let batch: CodedRow[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      await writeBatch(tx, table, batch, opts, ids);
      batch = [];
    }
  }
  if (batch.length > 0) await writeBatch(tx, table, batch, opts, ids);
  return ids;
}

async function writeBatch(tx: Db, table: CodedTable, batch: CodedRow[], opts: BatchUpsertOptions, ids: Map<string, number>): Promise<void> {
  const codes = batch.map((r) => r.code);
  const found = (await tx.select().from(table).where(inArray(table.code, codes))) as Array<Record<string, unknown>>;
  const existing = new Map(found.map((r) => [r.code as string, r]));
  const writes: Array<Record<string, unknown>> = [];
  const audits: Array<typeof auditLog.$inferInsert> = [];
  const entry = (code: string, before: unknown, after: unknown): typeof auditLog.$inferInsert => ({
    at: opts.now,
    actorPersonId: opts.actor.personId,
    actorAccount: opts.actor.account,
    action: before ? 'import.update' : 'import.insert',
    entity: opts.entity,
    entityId: code,
    unitId: null,
    before: before ?? null,
    after: after ?? null,
  });
  for (const { code, values } of batch) {
    const old = existing.get(code);
    if (!old) {
      writes.push({ code, ...values });
      audits.push(entry(code, null, values));
      opts.summary.inserted++;
      continue;
    }
    ids.set(code, old.id as number);
    const changed = Object.keys(values).filter((k) => !opts.same(old[k], values[k]));
    if (changed.length === 0) {
      opts.summary.unchanged++;
      continue;
    }
    writes.push({ code, ...values });
    audits.push(entry(code, pick(old, changed), pick(values, changed)));
    opts.summary.updated++;
  }
  if (writes.length > 0) {
    const columns = getTableColumns(table) as Record<string, PgColumn>;
    const set: Record<string, SQL> = {};
    for (const key of Object.keys(batch[0]!.values)) set[key] = sql.raw(`excluded."${columns[key]!.name}"`);
    const written = (await tx
      .insert(table)
      .values(writes as never)
      .onConflictDoUpdate({ target: table.code, set: set as never })
      .returning({ id: table.id, code: table.code })) as Array<{ id: number; code: string }>;
    for (const r of written) ids.set(r.code, r.id);
  }
  if (audits.length > 0) await tx.insert(auditLog).values(audits);
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
