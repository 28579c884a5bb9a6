/**
 * Writes a validated data file into the store, upserting by stable codes inside one
 * transaction. Rows whose content is unchanged are not touched, so importing the same file
 * twice changes nothing; every row that does change gets an audit entry.
 *
 * A file is one jurisdiction (its `meta.code`): the jurisdiction's row is written first, then
 * everything else inside it, so two communes may use the same unit codes. The link to a
 * parent is made when both are in the store, whichever was imported first.
 */
import fs from 'node:fs';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { foldVi } from '../domain/text.js';
import { DataFileError, type DataFile } from './data-file.js';
import type { Db } from './store.js';
import {
  campaigns,
  deadlines,
  jurisdictions,
  jurisdictionSuccessors,
  people,
  reportTemplates,
  ruleParams,
  sections,
  titles,
  units,
} from './schema.js';
import { scoped } from './scope.js';
import type { JurisdictionRow } from './queries/jurisdictions.js';
import { writeAudit } from './queries/audit.js';
import { upsertByCode, type CodedRow } from './batch-upsert.js';
import { titleRowValues } from './title-rows.js';

export interface ImportSummary {
  /** The jurisdiction the file wrote (its `meta.code`) and its row id. */
  jurisdiction: { id: number; code: string; name: string; parentCode: string | null; parentLinked: boolean };
  inserted: number;
  updated: number;
  unchanged: number;
  /** Title entries skipped because the store holds them as national content (db/national.ts). */
  skippedNational?: string[];
}

export interface ImportActor {
  personId: number | null;
  account: string;
}

/** IMPORT_MAX_MB's default: a data file larger than this is refused before it is read. */
export const DEFAULT_IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/** Refuses a file over the limit, in the importer's `file:line: path: message` form. */
export function checkFileSize(filePath: string, maxBytes: number): void {
  const size = fs.statSync(filePath).size;
  if (size <= maxBytes) return;
  const MB = 1024 * 1024;
  const got = (Math.ceil((size / MB) * 10) / 10).toFixed(1); // rounded up: never "20 MB, more than 20 MB"
  const limit = String(Math.round((maxBytes / MB) * 100) / 100);
  throw new DataFileError([
    {
      file: filePath,
      line: 1,
      path: '(file)',
      message: `the file is ${got} MB, more than the ${limit} MB allowed (IMPORT_MAX_MB)`,
    },
  ]);
}

type Table =
  typeof units | typeof people | typeof campaigns | typeof titles | typeof reportTemplates | typeof deadlines;

export async function writeDataFile(
  db: Db,
  data: DataFile,
  dueAt: Map<string, Date>,
  opts: {
    now: Date;
    actor: ImportActor;
    /** Write into this existing jurisdiction and leave its row as it is (an office's sheet of units and people). */
    into?: JurisdictionRow;
  },
): Promise<ImportSummary> {
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  const j = opts.into
    ? {
        id: opts.into.id,
        code: opts.into.code,
        name: opts.into.name,
        parentCode: opts.into.parentCode,
        parentLinked: opts.into.parentId !== null,
      }
    : await writeJurisdiction(db, data, opts, counts);
  const s = scoped(db, j.id);
  const tx = db;
  const summary: ImportSummary = Object.assign(counts, { jurisdiction: j });

  const audit = (entity: string, code: string, before: unknown, after: unknown) =>
    writeAudit(
      tx,
      {
        jurisdictionId: s.jurisdictionId,
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
  async function upsert<T extends Table>(
    table: T,
    entity: string,
    code: string,
    values: Record<string, unknown>,
  ): Promise<number> {
    const t = table as typeof units;
    const here = and(eq(t.jurisdictionId, s.jurisdictionId), eq(t.code, code));
    const existing = (await tx.select().from(t).where(here).limit(1))[0] as Record<string, unknown> | undefined;
    if (!existing) {
      const [row] = await tx
        .insert(t)
        .values({ jurisdictionId: s.jurisdictionId, code, ...values } as typeof units.$inferInsert)
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
    await tx.update(t).set(values).where(here);
    summary.updated++;
    await audit(entity, code, pick(existing, changed), pick(values, changed));
    return existing.id as number;
  }

  // Units and people can be 100,000s of rows: written in batches (db/batch-upsert.ts).
  const bulk = (entity: string) => ({ entity, actor: opts.actor, now: opts.now, same: sameValue, summary });
  const unitIds = await upsertByCode(s, units, unitRows(data), bulk('unit'));
  // A person's phone is written only when the file gives one (a YAML file without phones keeps
  // those from a sheet); the batch writer needs one shape per batch, hence two passes.
  await upsertByCode(s, people, personRows(data, unitIds, true), bulk('person'));
  await upsertByCode(s, people, personRows(data, unitIds, false), bulk('person'));

  for (const r of data.rules) {
    const values = {
      label: r.label,
      value: r.value,
      source: r.source ?? null,
      uncertain: r.uncertain,
      note: r.note ?? null,
    };
    const existing = (
      await tx
        .select()
        .from(ruleParams)
        .where(and(eq(ruleParams.jurisdictionId, s.jurisdictionId), eq(ruleParams.code, r.code)))
        .limit(1)
    )[0];
    if (existing && Object.entries(values).every(([k, v]) => sameValue((existing as Record<string, unknown>)[k], v))) {
      summary.unchanged++;
      continue;
    }
    await tx
      .insert(ruleParams)
      .values({ jurisdictionId: s.jurisdictionId, code: r.code, ...values })
      .onConflictDoUpdate({ target: [ruleParams.jurisdictionId, ruleParams.code], set: values });
    if (existing) summary.updated++;
    else summary.inserted++;
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
    for (const [si, sec] of c.sections.entries()) {
      const values = {
        parentCode: sec.parent ?? null,
        ord: si,
        title: sec.title,
        items: sec.items,
        synonyms: sec.synonyms,
        note: sec.note ?? null,
        uncertain: sec.uncertain,
        searchText: foldVi([sec.title, ...sec.synonyms, ...sec.items].join(' ')),
      };
      const existing = (
        await tx
          .select()
          .from(sections)
          .where(and(eq(sections.jurisdictionId, s.jurisdictionId), eq(sections.campaignId, id)))
      ).find((row) => row.code === sec.code);
      if (
        existing &&
        Object.entries(values).every(([k, v]) => sameValue((existing as Record<string, unknown>)[k], v))
      ) {
        summary.unchanged++;
        continue;
      }
      await tx
        .insert(sections)
        .values({ jurisdictionId: s.jurisdictionId, campaignId: id, code: sec.code, ...values })
        .onConflictDoUpdate({ target: [sections.campaignId, sections.code], set: values });
      if (existing) summary.updated++;
      else summary.inserted++;
      await audit('section', `${c.code}/${sec.code}`, existing ? pick(existing, Object.keys(values)) : null, values);
    }
  }

  const nationalCodes = await nationalTitleCodes(tx);
  for (const [i, t] of data.titles.entries()) {
    if (nationalCodes.has(t.code)) {
      (summary.skippedNational ??= []).push(t.code);
      continue;
    }
    // A jurisdiction's own title (national ones carry their rule set: db/national.ts).
    await upsert(titles, 'title', t.code, titleRowValues(t, i, null));
  }

  for (const t of data.templates) {
    await upsert(reportTemplates, 'template', t.code, { title: t.title, items: t.items });
  }

  for (const d of data.deadlines) {
    const audience =
      d.audience === 'all'
        ? { all: true }
        : 'unit_kinds' in d.audience
          ? { unitKinds: d.audience.unit_kinds }
          : { units: d.audience.units };
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

function* unitRows(data: DataFile): Iterable<CodedRow> {
  for (const u of data.units) {
    yield {
      code: u.code,
      values: {
        name: u.name,
        kind: u.kind,
        isOffice: u.office,
        parentCode: u.parent ?? null,
        active: u.active,
        note: u.note ?? null,
        uncertain: u.uncertain,
        searchText: foldVi(u.name),
      },
    };
  }
}

function* personRows(data: DataFile, unitIds: Map<string, number>, withPhone: boolean): Iterable<CodedRow> {
  for (const p of data.people) {
    if ((p.phone !== undefined) !== withPhone) continue;
    const values = { fullName: p.name, unitId: unitIds.get(p.unit)!, role: p.role, position: p.position ?? null };
    yield { code: p.code, values: p.phone !== undefined ? { ...values, phone: p.phone } : values };
  }
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

/** Codes of the national titles in the store: a data file's entry with one of them is skipped. */
async function nationalTitleCodes(db: Db): Promise<Set<string>> {
  return new Set(
    (await db.select({ code: titles.code }).from(titles).where(isNotNull(titles.rulesVersion))).map((r) => r.code),
  );
}

/**
 * Writes the file's jurisdiction row (by `meta.code`), links it to its parent when the parent
 * is in the store, links children imported before it, and records a dissolved jurisdiction's
 * successors. Audited like every other row.
 */
async function writeJurisdiction(
  db: Db,
  data: DataFile,
  opts: { now: Date; actor: ImportActor },
  summary: { inserted: number; updated: number; unchanged: number },
): Promise<ImportSummary['jurisdiction']> {
  const j = data.jurisdiction;
  const code = data.meta.code;
  const parent = j?.parent
    ? (await db.select().from(jurisdictions).where(eq(jurisdictions.code, j.parent)))[0]
    : undefined;
  const values = {
    name: data.meta.name,
    level: j?.level ?? data.settings.issuer_level,
    parentCode: j?.parent ?? null,
    parentId: parent?.id ?? null,
    unitCodeInParent: j?.unit_in_parent ?? null,
    issuer: data.settings.issuer,
    officeName: data.settings.office_name,
    councilName: data.settings.council_name ?? null,
    legalBasis: data.settings.legal_basis ?? null,
    timeZone: j?.time_zone ?? null,
    ruleSet: j?.rule_set ?? null,
    activeFrom: j?.active_from ?? null,
    activeTo: j?.active_to ?? null,
    note: data.settings.note ?? data.meta.note ?? null,
  };
  const existing = (await db.select().from(jurisdictions).where(eq(jurisdictions.code, code)))[0];
  let id: number;
  const auditRow = (before: unknown, after: unknown) =>
    writeAudit(
      db,
      {
        jurisdictionId: id,
        actorPersonId: opts.actor.personId,
        actorAccount: opts.actor.account,
        action: before ? 'import.update' : 'import.insert',
        entity: 'jurisdiction',
        entityId: code,
        before,
        after,
      },
      opts.now,
    );
  if (!existing) {
    const [row] = await db
      .insert(jurisdictions)
      .values({ code, ...values, createdAt: opts.now, updatedAt: opts.now })
      .returning({ id: jurisdictions.id });
    id = row!.id;
    summary.inserted++;
    await auditRow(null, values);
  } else {
    id = existing.id;
    const changed = Object.keys(values).filter(
      (k) => !sameValue((existing as Record<string, unknown>)[k], (values as Record<string, unknown>)[k]),
    );
    if (changed.length === 0) summary.unchanged++;
    else {
      await db
        .update(jurisdictions)
        .set({ ...values, updatedAt: opts.now })
        .where(eq(jurisdictions.id, id));
      summary.updated++;
      await auditRow(pick(existing, changed), pick(values, changed));
    }
  }
  // Children imported before their parent: linked now.
  await db
    .update(jurisdictions)
    .set({ parentId: id, updatedAt: opts.now })
    .where(and(eq(jurisdictions.parentCode, code), isNull(jurisdictions.parentId)));

  const successors = j?.successors ?? [];
  const wanted = successors.map((m) => [m.unit, m.jurisdiction, m.to_unit ?? null, m.note ?? null]);
  const stored = (
    await db.select().from(jurisdictionSuccessors).where(eq(jurisdictionSuccessors.jurisdictionId, id))
  ).map((r) => [r.unitCode, r.successorCode, r.successorUnitCode, r.note]);
  if (sameValue(wanted, stored))
    return { id, code, name: values.name, parentCode: values.parentCode, parentLinked: values.parentId !== null };
  await db.delete(jurisdictionSuccessors).where(eq(jurisdictionSuccessors.jurisdictionId, id));
  if (successors.length > 0) {
    await db.insert(jurisdictionSuccessors).values(
      successors.map((m) => ({
        jurisdictionId: id,
        unitCode: m.unit,
        successorCode: m.jurisdiction,
        successorUnitCode: m.to_unit ?? null,
        note: m.note ?? null,
      })),
    );
  }
  return { id, code, name: values.name, parentCode: values.parentCode, parentLinked: values.parentId !== null };
}
