/**
 * Writes a validated data file into the store, upserting by stable codes inside one
 * transaction. Rows whose content is unchanged are not touched, so importing the same file
 * twice changes nothing; every row that does change gets an audit entry.
 */
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { foldVi } from '../handlers/text.js';
import { parseDataFile, type DataFile } from './data-file.js';
import type { Db, Store } from './store.js';
import {
  campaigns,
  deadlines,
  people,
  reportTemplates,
  ruleParams,
  sections,
  settings,
  titles,
  units,
} from './schema.js';
import { writeAudit } from './queries/audit.js';

export interface ImportSummary {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportActor {
  personId: number | null;
  account: string;
}

export async function importDataFile(
  store: Store,
  filePath: string,
  opts: { timezone: string; now: Date; actor: ImportActor },
): Promise<ImportSummary> {
  const text = fs.readFileSync(filePath, 'utf8');
  const parsed = parseDataFile(text, filePath, opts.timezone);
  return store.tx((tx) => writeDataFile(tx, parsed.data, parsed.dueAt, opts));
}

type Table = typeof units | typeof people | typeof campaigns | typeof titles | typeof reportTemplates | typeof deadlines;

export async function writeDataFile(
  tx: Db,
  data: DataFile,
  dueAt: Map<string, Date>,
  opts: { now: Date; actor: ImportActor },
): Promise<ImportSummary> {
  const summary: ImportSummary = { inserted: 0, updated: 0, unchanged: 0 };

  const audit = (entity: string, code: string, before: unknown, after: unknown) =>
    writeAudit(
      tx,
      {
        actorPersonId: opts.actor.personId,
        actorAccount: opts.actor.account,
        action: before ? 'import.update' : 'import.insert',
        entity,
        entityId: code,
        before,
        after,
      },
      opts.now,
    );

  /** Upsert one row by code; compares the given fields only. Returns the row id. */
  async function upsert<T extends Table>(table: T, entity: string, code: string, values: Record<string, unknown>): Promise<number> {
    const t = table as typeof units;
    const existing = (await tx.select().from(t).where(eq(t.code, code)).limit(1))[0] as Record<string, unknown> | undefined;
    if (!existing) {
      const [row] = await tx
        .insert(t)
        .values({ code, ...values } as typeof units.$inferInsert)
        .returning({ id: t.id });
      summary.inserted++;
      await audit(entity, code, null, values);
      return row!.id;
    }
    const changed = Object.keys(values).filter((k) => !sameValue(existing[k], values[k]));
    if (changed.length === 0) {
      summary.unchanged++;
      return existing.id as number;
    }
    await tx
      .update(t)
      .set(values as Partial<typeof units.$inferInsert>)
      .where(eq(t.code, code));
    summary.updated++;
    await audit(entity, code, pick(existing, changed), pick(values, changed));
    return existing.id as number;
  }

  for (const [key, value] of Object.entries({ ...data.settings, jurisdiction: data.meta })) {
    const existing = (await tx.select().from(settings).where(eq(settings.key, key)).limit(1))[0];
    if (existing && sameValue(existing.value, value)) {
      summary.unchanged++;
      continue;
    }
    await tx
      .insert(settings)
      .values({ key, value, updatedAt: opts.now })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: opts.now } });
    existing ? summary.updated++ : summary.inserted++;
    await audit('setting', key, existing?.value ?? null, value);
  }

  const unitIds = new Map<string, number>();
  for (const u of data.units) {
    const id = await upsert(units, 'unit', u.code, {
      name: u.name,
      kind: u.kind,
      isOffice: u.office,
      parentCode: u.parent ?? null,
      active: u.active,
      note: u.note ?? null,
      uncertain: u.uncertain,
      searchText: foldVi(u.name),
    });
    unitIds.set(u.code, id);
  }

  for (const p of data.people) {
    await upsert(people, 'person', p.code, {
      fullName: p.name,
      unitId: unitIds.get(p.unit)!,
      role: p.role,
      position: p.position ?? null,
    });
  }

  for (const r of data.rules) {
    const values = { label: r.label, value: r.value, source: r.source ?? null, uncertain: r.uncertain, note: r.note ?? null };
    const existing = (await tx.select().from(ruleParams).where(eq(ruleParams.code, r.code)).limit(1))[0];
    if (existing && Object.entries(values).every(([k, v]) => sameValue((existing as Record<string, unknown>)[k], v))) {
      summary.unchanged++;
      continue;
    }
    await tx.insert(ruleParams).values({ code: r.code, ...values }).onConflictDoUpdate({ target: ruleParams.code, set: values });
    existing ? summary.updated++ : summary.inserted++;
    await audit('rule', r.code, existing ?? null, values);
  }

  const campaignIds = new Map<string, number>();
  for (const [ci, c] of data.campaigns.entries()) {
    const id = await upsert(campaigns, 'campaign', c.code, {
      title: c.title,
      issuer: c.issuer ?? null,
      issuedOn: c.issued_on ?? null,
      summary: c.summary ?? null,
      note: c.note ?? null,
      uncertain: c.uncertain,
      ord: ci,
      searchText: foldVi([c.title, c.summary ?? ''].join(' ')),
    });
    campaignIds.set(c.code, id);
    for (const [si, s] of c.sections.entries()) {
      const values = {
        parentCode: s.parent ?? null,
        ord: si,
        title: s.title,
        items: s.items,
        synonyms: s.synonyms,
        note: s.note ?? null,
        uncertain: s.uncertain,
        searchText: foldVi([s.title, ...s.synonyms, ...s.items].join(' ')),
      };
      const existing = (
        await tx
          .select()
          .from(sections)
          .where(eq(sections.campaignId, id))
      ).find((row) => row.code === s.code);
      if (existing && Object.entries(values).every(([k, v]) => sameValue((existing as Record<string, unknown>)[k], v))) {
        summary.unchanged++;
        continue;
      }
      await tx
        .insert(sections)
        .values({ campaignId: id, code: s.code, ...values })
        .onConflictDoUpdate({ target: [sections.campaignId, sections.code], set: values });
      existing ? summary.updated++ : summary.inserted++;
      await audit('section', `${c.code}/${s.code}`, existing ? pick(existing as Record<string, unknown>, Object.keys(values)) : null, values);
    }
  }

  for (const [i, t] of data.titles.entries()) {
    await upsert(titles, 'title', t.code, {
      kind: t.kind,
      name: t.name,
      synonyms: t.synonyms,
      appliesTo: t.applies_to,
      level: t.level ?? null,
      criteria: t.criteria,
      notes: t.notes,
      legalBasis: t.legal_basis ?? null,
      source: t.source ?? null,
      uncertain: t.uncertain,
      historical: t.historical,
      ord: i,
      searchText: foldVi([t.name, ...t.synonyms, ...t.criteria].join(' ')),
    });
  }

  for (const t of data.templates) {
    await upsert(reportTemplates, 'template', t.code, { title: t.title, items: t.items });
  }

  for (const d of data.deadlines) {
    const audience =
      d.audience === 'all' ? { all: true } : 'unit_kinds' in d.audience ? { unitKinds: d.audience.unit_kinds } : { units: d.audience.units };
    await upsert(deadlines, 'deadline', d.code, {
      campaignId: d.campaign ? campaignIds.get(d.campaign)! : null,
      kind: d.kind,
      title: d.title,
      description: d.description ?? null,
      dueAt: dueAt.get(d.code)!,
      audience,
      templateCode: d.template ?? null,
      reminderPolicy: d.reminders ?? null,
      status: d.status,
      uncertain: d.uncertain,
      note: d.note ?? null,
    });
  }
  return summary;
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

/** Structural equality for values read back from the database (jsonb, dates, nulls). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  return stableJson(a) === stableJson(b);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** True when the store has no units yet (a fresh database that needs the demo data). */
export async function isEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ id: units.id }).from(units).limit(1);
  return rows.length === 0;
}
