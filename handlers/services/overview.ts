/**
 * The office's read models: a deadline's progress across units, a unit's own open
 * deadlines, and the submissions of a year. Built in a handful of queries whatever the
 * number of units (the status command must answer a 200-unit district in well under 100 ms).
 */
import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import type { Scoped } from '../../db/scope.js';
import { submissionVersions, submissions } from '../../db/schema.js';
import { localSettings } from '../../db/queries/content.js';
import { listUnits, type UnitRow } from '../../db/queries/directory.js';
import {
  getDeadline,
  listOpenDeadlines,
  submissionsOfDeadlines,
  type DeadlineRow,
  type SubmissionRow,
} from '../../db/queries/submissions.js';
import { assertCan, type Actor } from '../../domain/authz.js';
import { compareVi } from '../../domain/collation.js';
import { rollUp, type RollupLine } from '../../domain/rollup.js';
import { childrenSnapshot } from '../../db/queries/rollup.js';
import type { FormItem } from '../../domain/form-items.js';
import type { DeadlineOverview, SubmissionSeries, UnitProgress } from '../office/model.js';
import type { Json, Locale } from '../types.js';
import { formItemsOf } from './submissions.js';
import { audienceIncludes, isOverdue, stateOf } from '../../domain/submission.js';
import { registrationItemsFromStore } from './registration-items.js';
import { translator } from '../i18n/index.js';

export interface DeadlineCounts {
  deadline: DeadlineRow;
  total: number;
  submitted: number;
  draft: number;
  notStarted: number;
  overdue: number;
  units: Array<{ unit: UnitRow; sub?: SubmissionRow }>;
}

function count(deadline: DeadlineRow, units: UnitRow[], subs: SubmissionRow[], now: Date): DeadlineCounts {
  const mine = subs.filter((s) => s.deadlineId === deadline.id);
  const rows = units
    .filter((u) => audienceIncludes(deadline.audience, u))
    .map((unit) => ({ unit, sub: mine.find((s) => s.unitId === unit.id) }));
  const c: DeadlineCounts = {
    deadline,
    total: rows.length,
    submitted: 0,
    draft: 0,
    notStarted: 0,
    overdue: 0,
    units: rows,
  };
  for (const r of rows) {
    const st = stateOf(r.sub);
    if (st === 'submitted' || st === 'accepted') c.submitted++;
    else if (st === 'draft' || st === 'returned') c.draft++;
    else c.notStarted++;
    if (isOverdue(deadline, r.sub, now)) c.overdue++;
  }
  return c;
}

/** Every open deadline with its counts: the district view of `/tinhhinh`. */
export async function districtProgress(s: Scoped, actor: Actor, now: Date): Promise<DeadlineCounts[]> {
  assertCan(actor, 'status.district');
  const open = await listOpenDeadlines(s);
  const units = await listUnits(s, { activeOnly: true });
  const subs = await submissionsOfDeadlines(
    s,
    open.map((d) => d.id),
  );
  return open.map((d) => count(d, units, subs, now));
}

/**
 * Each child jurisdiction's progress (a province over its communes), read only: its open
 * deadlines and how many unit answers are in. Empty for a jurisdiction without children.
 */
export async function childrenProgress(s: Scoped, actor: Actor): Promise<RollupLine[]> {
  assertCan(actor, 'status.rollup');
  return rollUp(await childrenSnapshot(s), compareVi);
}

export async function deadlineProgress(
  s: Scoped,
  actor: Actor,
  deadlineId: number,
  now: Date,
): Promise<DeadlineCounts | undefined> {
  assertCan(actor, 'status.district');
  const d = await getDeadline(s, deadlineId);
  if (!d) return undefined;
  return count(d, await listUnits(s, { activeOnly: true }), await submissionsOfDeadlines(s, [d.id]), now);
}

/** The full overview of one deadline for exports and charts. */
export async function buildOverview(
  s: Scoped,
  actor: Actor,
  deadlineId: number,
  opts: { now: Date; timezone: string; locale: Locale },
): Promise<DeadlineOverview | undefined> {
  const { tx } = s;
  assertCan(actor, 'export');
  const c = await deadlineProgress(s, actor, deadlineId, opts.now);
  if (!c) return undefined;
  const items: FormItem[] = await formItemsOf(s, c.deadline, () => registrationItemsFromStore(s, opts.locale));
  const subIds = c.units.map((u) => u.sub?.id).filter((x): x is number => x !== undefined);
  const versions = subIds.length
    ? await tx.select().from(submissionVersions).where(inArray(submissionVersions.submissionId, subIds))
    : [];
  const settings = await localSettings(s, ['issuer', 'office_name']);
  const units: UnitProgress[] = c.units.map(({ unit, sub }) => {
    const vs = versions.filter((v) => v.submissionId === sub?.id).sort((a, b) => a.version - b.version);
    const latest = vs[vs.length - 1];
    const answers = Object.fromEntries(
      Object.entries((latest?.answers ?? {}) as Record<string, { v: Json }>).map(([k, cell]) => [k, cell.v]),
    );
    return {
      unitId: unit.id,
      code: unit.code,
      name: unit.name,
      kind: unit.kind,
      state: stateOf(sub),
      overdue: isOverdue(c.deadline, sub, opts.now),
      submittedAt: latest?.submittedAt,
      firstSubmittedAt: vs[0]?.submittedAt,
      version: sub?.version ?? 0,
      refNo: sub?.refNo ?? undefined,
      answers,
    };
  });
  return {
    deadline: {
      id: c.deadline.id,
      code: c.deadline.code,
      title: c.deadline.title,
      kind: c.deadline.kind,
      dueAt: c.deadline.dueAt,
    },
    items,
    units,
    generatedAt: opts.now,
    timezone: opts.timezone,
    locale: opts.locale,
    issuer: typeof settings.issuer === 'string' ? settings.issuer : '',
    office:
      (typeof settings.office_name === 'string' ? settings.office_name : '').trim() ||
      translator(opts.locale)('neutral.office'),
  };
}

/** First submissions between two instants, for the chart of the year. */
export async function submissionSeries(
  s: Scoped,
  actor: Actor,
  opts: { from: Date; to: Date; title: string; timezone: string; locale: Locale },
): Promise<SubmissionSeries> {
  const { tx } = s;
  assertCan(actor, 'status.district');
  const rows = await tx
    .select({
      at: submissionVersions.submittedAt,
      version: submissionVersions.version,
      deadlineId: submissions.deadlineId,
    })
    .from(submissionVersions)
    .innerJoin(submissions, eq(submissions.id, submissionVersions.submissionId))
    .where(and(gte(submissionVersions.submittedAt, opts.from), lte(submissionVersions.submittedAt, opts.to)));
  const titles = new Map<number, string>();
  for (const r of rows)
    if (!titles.has(r.deadlineId)) titles.set(r.deadlineId, (await getDeadline(s, r.deadlineId))?.title ?? '');
  return {
    title: opts.title,
    points: rows
      .filter((r) => r.version === 1)
      .map((r) => ({ at: r.at, deadlineTitle: titles.get(r.deadlineId) ?? '' })),
    from: opts.from,
    to: opts.to,
    timezone: opts.timezone,
    locale: opts.locale,
  };
}
