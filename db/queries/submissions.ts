/** Deadlines and the submissions (reports, registrations) units make against them. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../store.js';
import type { Scoped } from '../scope.js';
import { attachments, deadlines, reportTemplates, submissions, submissionVersions } from '../schema.js';

export type DeadlineRow = typeof deadlines.$inferSelect;
export type SubmissionRow = typeof submissions.$inferSelect;
export type SubmissionVersionRow = typeof submissionVersions.$inferSelect;
export type TemplateRow = typeof reportTemplates.$inferSelect;
export type AttachmentRow = typeof attachments.$inferSelect;

const deadlinesHere = (s: Scoped) => eq(deadlines.jurisdictionId, s.jurisdictionId);
const submissionsHere = (s: Scoped) => eq(submissions.jurisdictionId, s.jurisdictionId);

export async function listOpenDeadlines(s: Scoped): Promise<DeadlineRow[]> {
  return s.tx
    .select()
    .from(deadlines)
    .where(and(deadlinesHere(s), eq(deadlines.status, 'open')))
    .orderBy(asc(deadlines.dueAt));
}

export async function listDeadlines(s: Scoped): Promise<DeadlineRow[]> {
  return s.tx.select().from(deadlines).where(deadlinesHere(s)).orderBy(asc(deadlines.dueAt));
}

/** A deadline of this jurisdiction; another jurisdiction's id (a forged button) is not found. */
export async function getDeadline(s: Scoped, id: number): Promise<DeadlineRow | undefined> {
  return (
    await s.tx
      .select()
      .from(deadlines)
      .where(and(deadlinesHere(s), eq(deadlines.id, id)))
      .limit(1)
  )[0];
}

export async function getDeadlineByCode(s: Scoped, code: string): Promise<DeadlineRow | undefined> {
  return (
    await s.tx
      .select()
      .from(deadlines)
      .where(and(deadlinesHere(s), eq(deadlines.code, code)))
      .limit(1)
  )[0];
}

export async function getTemplate(s: Scoped, code: string): Promise<TemplateRow | undefined> {
  return (
    await s.tx
      .select()
      .from(reportTemplates)
      .where(and(eq(reportTemplates.jurisdictionId, s.jurisdictionId), eq(reportTemplates.code, code)))
      .limit(1)
  )[0];
}

export async function listTemplates(s: Scoped): Promise<TemplateRow[]> {
  return s.tx
    .select()
    .from(reportTemplates)
    .where(eq(reportTemplates.jurisdictionId, s.jurisdictionId))
    .orderBy(asc(reportTemplates.title));
}

export async function getSubmission(
  s: Scoped,
  deadlineId: number,
  unitId: number,
  forUpdate = false,
): Promise<SubmissionRow | undefined> {
  const q = s.tx
    .select()
    .from(submissions)
    .where(and(submissionsHere(s), eq(submissions.deadlineId, deadlineId), eq(submissions.unitId, unitId)))
    .limit(1);
  return (await (forUpdate ? q.for('update') : q))[0];
}

/** A unit's submissions for several deadlines in one query, keyed by deadline id. */
export async function submissionsOfUnit(
  s: Scoped,
  unitId: number,
  deadlineIds: readonly number[],
): Promise<Map<number, SubmissionRow>> {
  if (deadlineIds.length === 0) return new Map();
  const rows = await s.tx
    .select()
    .from(submissions)
    .where(and(submissionsHere(s), eq(submissions.unitId, unitId), inArray(submissions.deadlineId, [...deadlineIds])));
  return new Map(rows.map((r) => [r.deadlineId, r]));
}

export async function getSubmissionById(s: Scoped, id: number): Promise<SubmissionRow | undefined> {
  return (
    await s.tx
      .select()
      .from(submissions)
      .where(and(submissionsHere(s), eq(submissions.id, id)))
      .limit(1)
  )[0];
}

export async function submissionsOfDeadlines(s: Scoped, deadlineIds: number[]): Promise<SubmissionRow[]> {
  if (deadlineIds.length === 0) return [];
  return s.tx
    .select()
    .from(submissions)
    .where(and(submissionsHere(s), inArray(submissions.deadlineId, deadlineIds)));
}

export async function latestVersion(db: Db, submissionId: number): Promise<SubmissionVersionRow | undefined> {
  return (
    await db
      .select()
      .from(submissionVersions)
      .where(eq(submissionVersions.submissionId, submissionId))
      .orderBy(desc(submissionVersions.version))
      .limit(1)
  )[0];
}

/** One version of a submission, or undefined. */
export async function versionOf(
  db: Db,
  submissionId: number,
  version: number,
): Promise<SubmissionVersionRow | undefined> {
  return (
    await db
      .select()
      .from(submissionVersions)
      .where(and(eq(submissionVersions.submissionId, submissionId), eq(submissionVersions.version, version)))
      .limit(1)
  )[0];
}

export async function attachmentsByIds(db: Db, ids: number[]): Promise<AttachmentRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(attachments).where(inArray(attachments.id, ids));
}
