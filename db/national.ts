/**
 * National content: the emulation titles and award forms of national law (criteria, legal
 * basis, uncertain marks), shipped with the code in data/national/ and brought into the store
 * at every start, whatever the mode and whether the database is empty or not. A jurisdiction's
 * own data (units, people, plan, calendar, local award forms) stays in its data file.
 *
 * Trade-offs: the rows live in the same `titles` table as a jurisdiction's own titles, told
 * apart by `rules_version` (set here, null for a jurisdiction's), so every reader keeps working
 * unchanged. National content wins for its codes: a row with a national code that an older data
 * file wrote (files used to carry the national titles) is taken over, so existing installations
 * get the current text, and the jurisdiction import skips such entries (db/import.ts). A
 * province that details a national title gives its version a code of its own. Titles of an earlier rule set that the
 * current one no longer has are kept (nominations and old records may refer to them) and marked
 * historical. Loading compares the rows with the file and writes only what differs, each change
 * audited, so a start with nothing new costs one read of about a dozen rows.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { asc, eq, isNull } from 'drizzle-orm';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { dataFileSchema, DataFileError, type DataFile } from './data-file.js';
import { sameValue } from './import.js';
import { writeAudit } from './queries/audit.js';
import { titleRowValues } from './title-rows.js';
import { settings, titles } from './schema.js';
import type { Db, Store } from './store.js';

/** The rule set in force, shipped with the code. */
export const NATIONAL_RULES_FILE = fileURLToPath(new URL('../data/national/rules-152-2025.yaml', import.meta.url));
export const NATIONAL_ACTOR = { personId: null, account: 'system:national' } as const;
/** Settings key recording which rule set the store holds. */
export const NATIONAL_SETTING = 'national_rules';

export const nationalRulesSchema = z
  .object({
    rules_version: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/i, 'must be a short code such as 152-2025'),
    revision: z.number().int().min(1),
    name: z.string().trim().min(1),
    effective_from: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2025-07-01')
      .optional(),
    note: z.string().trim().optional(),
    // The same entry shape as a jurisdiction file's titles, so a field added there applies here too.
    titles: dataFileSchema.shape.titles,
  })
  .strict();
export type NationalRules = z.output<typeof nationalRulesSchema>;
export type NationalTitle = DataFile['titles'][number];

/** Parses and validates a rule-set file. Throws DataFileError naming the file, line and field. */
export function parseNationalRules(text: string, fileName: string): NationalRules {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new DataFileError(
      doc.errors.map((e) => ({
        file: fileName,
        line: lineCounter.linePos(e.pos[0]).line,
        path: '(yaml)',
        message: e.message.split('\n')[0]!,
      })),
    );
  }
  const parsed = nationalRulesSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new DataFileError(
      parsed.error.issues
        .slice(0, 20)
        .map((i) => ({ file: fileName, line: 1, path: i.path.map(String).join('.') || '(root)', message: i.message })),
    );
  }
  const seen = new Set<string>();
  parsed.data.titles.forEach((t, i) => {
    if (seen.has(t.code))
      throw new DataFileError([
        { file: fileName, line: 1, path: `titles[${i}].code`, message: `duplicate code "${t.code}"` },
      ]);
    seen.add(t.code);
  });
  return parsed.data;
}

const cache = new Map<string, NationalRules>();

/** The shipped rule set (parsed once per process). */
export function readNationalRules(file: string = NATIONAL_RULES_FILE): NationalRules {
  let rules = cache.get(file);
  if (!rules) {
    rules = parseNationalRules(fs.readFileSync(file, 'utf8'), file);
    cache.set(file, rules);
  }
  return rules;
}

export interface NationalSummary {
  rulesVersion: string;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows with a national code that a jurisdiction file had written, now national content. */
  tookOver: string[];
  /** Titles of an earlier rule set, now marked historical. */
  retired: string[];
}

/** Brings the store's national titles in line with `rules`, in the caller's transaction. */
export async function writeNationalContent(tx: Db, rules: NationalRules, now: Date): Promise<NationalSummary> {
  const summary: NationalSummary = {
    rulesVersion: rules.rules_version,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    tookOver: [],
    retired: [],
  };
  const audit = (action: string, code: string, before: unknown, after: unknown) =>
    writeAudit(
      tx,
      {
        actorPersonId: NATIONAL_ACTOR.personId,
        actorAccount: NATIONAL_ACTOR.account,
        action,
        entity: 'title',
        entityId: code,
        before,
        after,
      },
      now,
    );

  // The national row of each code; a jurisdiction's own row with a national code (files used
  // to carry the national titles) is taken over when there is none.
  const all = await tx.select().from(titles).orderBy(asc(titles.id));
  const rows = new Map<string, Record<string, unknown>>();
  for (const r of all) if (r.jurisdictionId === null) rows.set(r.code, r);
  for (const r of all) if (!rows.has(r.code)) rows.set(r.code, r);
  const codes = new Set<string>();
  for (const [i, t] of rules.titles.entries()) {
    codes.add(t.code);
    const values = titleRowValues(t, i, rules.rules_version);
    const existing = rows.get(t.code);
    if (!existing) {
      // Another process starting on the same database may have inserted it a moment ago.
      const added = await tx
        .insert(titles)
        .values({ code: t.code, ...values })
        .onConflictDoNothing({ target: titles.code, where: isNull(titles.jurisdictionId) })
        .returning({ id: titles.id });
      if (added.length === 0) continue;
      summary.inserted++;
      await audit('national.insert', t.code, null, values);
      continue;
    }
    if (existing.rulesVersion === null) summary.tookOver.push(t.code);
    const changed = Object.keys(values).filter((k) => !sameValue(existing[k], values[k as keyof typeof values]));
    if (existing.jurisdictionId !== null) changed.push('jurisdictionId');
    if (changed.length === 0) {
      summary.unchanged++;
      continue;
    }
    await tx
      .update(titles)
      .set({ ...values, jurisdictionId: null })
      .where(eq(titles.id, existing.id as number));
    summary.updated++;
    await audit('national.update', t.code, pick(existing, changed), pick(values, changed));
  }
  for (const [code, row] of rows) {
    if (row.rulesVersion === null || codes.has(code) || row.historical === true) continue;
    await tx
      .update(titles)
      .set({ historical: true })
      .where(eq(titles.id, row.id as number));
    summary.retired.push(code);
    await audit('national.retire', code, { historical: false, rulesVersion: row.rulesVersion }, { historical: true });
  }

  const record = {
    rules_version: rules.rules_version,
    revision: rules.revision,
    name: rules.name,
    titles: rules.titles.length,
  };
  const current = (await tx.select().from(settings).where(eq(settings.key, NATIONAL_SETTING)).limit(1))[0];
  if (!current || !sameValue(current.value, record)) {
    await tx
      .insert(settings)
      .values({ key: NATIONAL_SETTING, value: record, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: record, updatedAt: now } });
    await writeAudit(
      tx,
      {
        actorPersonId: null,
        actorAccount: NATIONAL_ACTOR.account,
        action: current ? 'national.upgrade' : 'national.load',
        entity: 'setting',
        entityId: NATIONAL_SETTING,
        before: current?.value ?? null,
        after: record,
      },
      now,
    );
  }
  return summary;
}

/** Loads or upgrades the shipped national content; called at every start. Idempotent. */
export async function ensureNationalContent(
  store: Store,
  opts: { now: Date; file?: string },
): Promise<NationalSummary> {
  const rules = readNationalRules(opts.file);
  return store.tx((tx) => writeNationalContent(tx, rules, opts.now));
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
