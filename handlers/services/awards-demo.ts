/**
 * Loads an awards-history file in YAML (nominees by code, lineage, awards, initiatives,
 * ratings, flags) — the demo history of data/lai-chau/binh-lu.awards.yaml, or an office's own
 * history written by hand. Validated whole first (zod; errors name the field), then written in
 * one transaction through the audited service.
 *
 * Trade-off: idempotent by content rather than by update: a nominee whose code exists is
 * kept as it is, an award, initiative or flag already recorded is not added again. Editing a
 * loaded record goes through the service, not by reloading the file.
 */
import { and, eq } from 'drizzle-orm';
import { parse } from 'yaml';
import { z } from 'zod';
import { scoped } from '../../db/scope.js';
import { awardsJurisdiction } from './awards-history.js';
import type { Db, Store } from '../../db/store.js';
import { initiatives, nomineeFlags } from '../../db/schema.js';
import { findNomineeByCode, getRating } from '../../db/queries/awards.js';
import { findUnitByCode } from '../../db/queries/directory.js';
import {
  COMMENDATION_TYPES,
  FLAG_KINDS,
  INITIATIVE_KINDS,
  INITIATIVE_SCOPES,
  NOMINEE_KINDS,
  TASK_RATINGS,
} from '../../domain/commendation/index.js';
import type { Actor } from '../../domain/authz.js';
import {
  addNominee,
  closeFlag,
  linkPredecessor,
  markDissolved,
  raiseFlag,
  recordAward,
  recordInitiative,
  setRating,
} from './awards-history.js';

const code = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/i, 'must be a code');
const str = z.string().trim().min(1, 'must not be empty');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const year = z.number().int().min(1945).max(2100);

export const awardsFileSchema = z
  .object({
    meta: z.object({ code, name: str, note: z.string().optional() }).strict(),
    nominees: z
      .array(
        z
          .object({
            code,
            kind: z.enum(NOMINEE_KINDS),
            name: str,
            birth_year: year.optional(),
            gender: z.enum(['nam', 'nu']).optional(),
            position: str.optional(),
            /** A unit code of the jurisdiction's data file. */
            unit: code.optional(),
            unit_name: str.optional(),
            /** The collective nominee that is this one's unit. */
            unit_nominee: code.optional(),
            dissolved_on: date.optional(),
          })
          .strict(),
      )
      .default([]),
    lineage: z
      .array(
        z
          .object({ successor: code, predecessor: code, kind: z.enum(['merge', 'rename']), effective_on: date })
          .strict(),
      )
      .default([]),
    awards: z
      .array(
        z
          .object({
            nominee: code,
            year,
            form: str,
            type: z.enum(COMMENDATION_TYPES).default('cong_trang'),
            decision_no: str.optional(),
            date: date.optional(),
            issuer: str.optional(),
          })
          .strict(),
      )
      .default([]),
    initiatives: z
      .array(
        z
          .object({
            nominee: code,
            title: str,
            kind: z.enum(INITIATIVE_KINDS).default('sang_kien'),
            scope: z.enum(INITIATIVE_SCOPES),
            year,
            recognised_by: str.optional(),
            recognised_on: date.optional(),
          })
          .strict(),
      )
      .default([]),
    ratings: z.array(z.object({ nominee: code, year, rating: z.enum(TASK_RATINGS) }).strict()).default([]),
    flags: z
      .array(
        z
          .object({
            nominee: code,
            kind: z.enum(FLAG_KINDS),
            opened_on: date,
            closed_on: date.optional(),
            period_end: date.optional(),
            note: str.optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type AwardsFile = z.output<typeof awardsFileSchema>;

export class AwardsFileError extends Error {
  override name = 'AwardsFileError';
}

export function parseAwardsFile(text: string, fileName: string): AwardsFile {
  let raw: unknown;
  try {
    raw = parse(text, { uniqueKeys: true });
  } catch (e) {
    throw new AwardsFileError(`${fileName}: ${(e as Error).message.split('\n')[0]}`);
  }
  const r = awardsFileSchema.safeParse(raw);
  if (!r.success)
    throw new AwardsFileError(
      r.error.issues
        .slice(0, 20)
        .map((i) => `${fileName}: ${i.path.join('.')}: ${i.message}`)
        .join('\n'),
    );
  const f = r.data;
  const codes = new Set(f.nominees.map((n) => n.code));
  const problems: string[] = [];
  const ref = (where: string, c: string) => {
    if (!codes.has(c)) problems.push(`${fileName}: ${where}: unknown nominee ${c}`);
  };
  f.nominees.forEach((n, i) => n.unit_nominee && ref(`nominees.${i}.unit_nominee`, n.unit_nominee));
  f.lineage.forEach(
    (l, i) => (ref(`lineage.${i}.successor`, l.successor), ref(`lineage.${i}.predecessor`, l.predecessor)),
  );
  for (const k of ['awards', 'initiatives', 'ratings', 'flags'] as const)
    f[k].forEach((x, i) => ref(`${k}.${i}.nominee`, x.nominee));
  if (problems.length) throw new AwardsFileError(problems.join('\n'));
  return f;
}

export interface AwardsLoadSummary {
  nominees: number;
  awards: number;
  initiatives: number;
  ratings: number;
  flags: number;
}

export async function loadAwardsFile(
  store: Store,
  actor: Actor,
  f: AwardsFile,
  fileName: string,
  now: Date,
  jurisdictionId?: number,
): Promise<AwardsLoadSummary> {
  const s: AwardsLoadSummary = { nominees: 0, awards: 0, initiatives: 0, ratings: 0, flags: 0 };
  await store.tx(async (tx) => {
    const here = scoped(tx, await awardsJurisdiction(tx, actor, jurisdictionId));
    const ids = new Map<string, number>();
    const id = (c: string) => ids.get(c)!;
    // Collectives first, so an individual's unit_nominee exists.
    const ordered = [...f.nominees].sort(
      (a, b) => (a.kind === 'collective' ? 0 : 1) - (b.kind === 'collective' ? 0 : 1),
    );
    for (const n of ordered) {
      const existing = await findNomineeByCode(tx, n.code);
      if (existing) {
        ids.set(n.code, existing.id);
        continue;
      }
      const unit = n.unit ? await findUnitByCode(here, n.unit) : undefined;
      if (n.unit && !unit)
        throw new AwardsFileError(
          `${fileName}: nominee ${n.code}: no unit with code ${n.unit} (import the jurisdiction's data file first)`,
        );
      const row = await addNominee(
        tx,
        actor,
        {
          code: n.code,
          kind: n.kind,
          name: n.name,
          birthYear: n.birth_year,
          gender: n.gender,
          position: n.position,
          unitName: n.unit_name ?? (n.kind === 'collective' ? null : unit?.name) ?? null,
          unitNomineeId: n.unit_nominee ? id(n.unit_nominee) : null,
          botUnitId: unit?.id ?? null,
        },
        now,
      );
      if (n.dissolved_on) await markDissolved(tx, actor, row.id, n.dissolved_on, now);
      ids.set(n.code, row.id);
      s.nominees++;
    }
    for (const l of f.lineage)
      await linkPredecessor(
        tx,
        actor,
        { successorId: id(l.successor), predecessorId: id(l.predecessor), kind: l.kind, effectiveOn: l.effective_on },
        now,
      );
    const source = `file:${fileName}`.slice(0, 200);
    for (const a of f.awards) {
      const row = await recordAward(
        tx,
        actor,
        {
          nomineeId: id(a.nominee),
          year: a.year,
          formName: a.form,
          type: a.type,
          decisionNo: a.decision_no,
          decisionDate: a.date,
          issuer: a.issuer,
          source,
        },
        now,
      );
      if (row) s.awards++;
    }
    for (const i of f.initiatives) {
      if (await hasInitiative(tx, id(i.nominee), i.title, i.year)) continue;
      await recordInitiative(
        tx,
        actor,
        {
          nomineeId: id(i.nominee),
          title: i.title,
          kind: i.kind,
          scope: i.scope,
          year: i.year,
          recognisedBy: i.recognised_by,
          recognisedOn: i.recognised_on,
        },
        now,
      );
      s.initiatives++;
    }
    for (const r of f.ratings) {
      if ((await getRating(tx, id(r.nominee), r.year))?.rating === r.rating) continue;
      await setRating(tx, actor, id(r.nominee), r.year, r.rating, now);
      s.ratings++;
    }
    for (const fl of f.flags) {
      const [known] = await tx
        .select({ id: nomineeFlags.id })
        .from(nomineeFlags)
        .where(
          and(
            eq(nomineeFlags.nomineeId, id(fl.nominee)),
            eq(nomineeFlags.kind, fl.kind),
            eq(nomineeFlags.openedOn, fl.opened_on),
          ),
        );
      if (known) continue;
      const row = await raiseFlag(
        tx,
        actor,
        { nomineeId: id(fl.nominee), kind: fl.kind, openedOn: fl.opened_on, note: fl.note },
        now,
      );
      if (fl.closed_on) await closeFlag(tx, actor, row.id, { closedOn: fl.closed_on, periodEnd: fl.period_end }, now);
      s.flags++;
    }
  });
  return s;
}

async function hasInitiative(tx: Db, nomineeId: number, title: string, y: number): Promise<boolean> {
  const rows = await tx
    .select({ id: initiatives.id })
    .from(initiatives)
    .where(
      and(
        eq(initiatives.nomineeId, nomineeId),
        eq(initiatives.title, title.normalize('NFC').trim()),
        eq(initiatives.year, y),
      ),
    );
  return rows.length > 0;
}
