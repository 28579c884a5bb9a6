/**
 * The rules of a unit's submission with no I/O: whether a deadline applies to a unit (its
 * audience), the state a submission is in, when it may still be edited, which items are
 * missing. The store's rows satisfy these shapes structurally, so this module imports nothing
 * from db/ and the planner, the services and the renderers share one definition.
 */
import type { Json } from './json.js';
import { daysBetween } from './format.js';

/** What the rules read of a submission row. */
export interface SubmissionFacts {
  status: string;
  answers: unknown;
  reopened: boolean;
}

/** What the rules read of a form item. */
export interface ItemFacts {
  code: string;
  required: boolean;
}

export type Audience = { all: true } | { unitKinds: string[] } | { units: string[] };

/** Whether a deadline applies to a unit. "All" means every unit except the office itself. */
export function audienceIncludes(
  audience: unknown,
  unit: { code: string; kind: string; isOffice: boolean; active: boolean },
): boolean {
  if (!unit.active) return false;
  const a = audience as Partial<{ all: boolean; unitKinds: string[]; units: string[] }>;
  if (a.units) return a.units.includes(unit.code);
  if (a.unitKinds) return a.unitKinds.includes(unit.kind);
  return a.all === true && !unit.isOffice;
}

export type SubmissionState = 'not_started' | 'draft' | 'submitted' | 'returned' | 'accepted';

export interface AnswerCell {
  v: Json;
  rev: number;
  by?: number | null;
  at?: string;
}
export type Answers = Record<string, AnswerCell>;

export function answersOf(sub: Pick<SubmissionFacts, 'answers'> | undefined): Answers {
  return (sub?.answers ?? {}) as Answers;
}

export function stateOf(sub: SubmissionFacts | undefined): SubmissionState {
  if (!sub) return 'not_started';
  if (sub.status === 'draft') return Object.keys(answersOf(sub)).length ? 'draft' : 'not_started';
  return sub.status as SubmissionState;
}

/** Done means the unit did what the deadline asks: it submitted (or the office accepted). */
export function isDone(sub: SubmissionFacts | undefined): boolean {
  const s = stateOf(sub);
  return s === 'submitted' || s === 'accepted';
}

export function isOverdue(deadline: { dueAt: Date }, sub: SubmissionFacts | undefined, now: Date): boolean {
  return !isDone(sub) && now.getTime() > deadline.dueAt.getTime();
}

/** Whole local days (at least 1) a filing at `at` came after the deadline in `tz`; 0 when on time. */
export function daysLate(deadline: { dueAt: Date }, at: Date, tz: string): number {
  if (at.getTime() <= deadline.dueAt.getTime()) return 0;
  return Math.max(1, -daysBetween(at, deadline.dueAt, tz));
}

export type EditVerdict = { ok: true } | { ok: false; reason: 'accepted' | 'past_deadline' | 'closed' };

/**
 * Drafts and returned reports can always be edited (a first submission may be late). A
 * submitted report can be edited until the deadline; after it, or once accepted, only when
 * the office reopened it.
 */
export function canEdit(
  deadline: { dueAt: Date; status: string },
  sub: SubmissionFacts | undefined,
  now: Date,
): EditVerdict {
  if (deadline.status !== 'open') return { ok: false, reason: 'closed' };
  const s = stateOf(sub);
  if (s === 'not_started' || s === 'draft' || s === 'returned') return { ok: true };
  if (sub!.reopened) return { ok: true };
  if (s === 'accepted') return { ok: false, reason: 'accepted' };
  return now.getTime() <= deadline.dueAt.getTime() ? { ok: true } : { ok: false, reason: 'past_deadline' };
}

export function missingRequired<I extends ItemFacts>(items: I[], answers: Answers): I[] {
  return items.filter((i) => {
    if (!i.required) return false;
    const cell = answers[i.code];
    if (!cell || cell.v === null) return true;
    if (Array.isArray(cell.v) && cell.v.length === 0) return true;
    return false;
  });
}

/** Index of the first item without an answer (a skipped optional item counts as answered). */
export function firstUnanswered(items: ItemFacts[], answers: Answers): number {
  const i = items.findIndex((it) => !(it.code in answers));
  return i;
}

/** Items whose value differs between two answer sets, for the audit of a resubmission. */
export function changedItems(before: Answers, after: Answers): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]?.v ?? null) !== JSON.stringify(after[k]?.v ?? null)).sort();
}

/** The flow that answers a deadline: registrations have their own. */
export function flowOf(deadline: { kind: string }): 'registration' | 'report' {
  return deadline.kind === 'registration' ? 'registration' : 'report';
}

/** A submission's reference number: deadline, unit and version, e.g. `SK-2026/XA-BL/2`. */
export function refNoOf(deadlineCode: string, unitCode: string, version: number): string {
  return `${deadlineCode}/${unitCode}/${version}`.toUpperCase();
}
