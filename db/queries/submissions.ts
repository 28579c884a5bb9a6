/** Deadlines and the submissions (reports, registrations) units make against them. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../store.js';
import { attachments, deadlines, reportTemplates, submissions, submissionVersions } from '../schema.js';

export type DeadlineRow = typeof deadlines.$inferSelect;
export type SubmissionRow = typeof submissions.$inferSelect;
export type SubmissionVersionRow = typeof submissionVersions.$inferSelect;
export type TemplateRow = typeof reportTemplates.$inferSelect;
export type AttachmentRow = typeof attachments.$inferSelect;

export async function listOpenDeadlines(db: Db): Promise<DeadlineRow[]> {
  return db.select().from(deadlines).where(eq(deadlines.status, 'open')).orderBy(asc(deadlines.dueAt));
}

export async function listDeadlines(db: Db): Promise<DeadlineRow[]> {
  return db.select().from(deadlines).orderBy(asc(deadlines.dueAt));
}

export async function getDeadline(db: Db, id: number): Promise<DeadlineRow | undefined> {
  return (await db.select().from(deadlines).where(eq(deadlines.id, id)).limit(1))[0];
}

export async function getDeadlineByCode(db: Db, code: string): Promise<DeadlineRow | undefined> {
  return (await db.select().from(deadlines).where(eq(deadlines.code, code)).limit(1))[0];
}

export async function getTemplate(db: Db, code: string): Promise<TemplateRow | undefined> {
  return (await db.select().from(reportTemplates).where(eq(reportTemplates.code, code)).limit(1))[0];
}

export async function listTemplates(db: Db): Promise<TemplateRow[]> {
  return db.select().from(reportTemplates).orderBy(asc(reportTemplates.title));
}

export async function getSubmission(
  db: Db,
  deadlineId: number,
  unitId: number,
  forUpdate = false,
): Promise<SubmissionRow | undefined> {
  const q = db
    .select()
    .from(submissions)
    .where(and(eq(submissions.deadlineId, deadlineId), eq(submissions.unitId, unitId)))
    .limit(1);
  return (await (forUpdate ? q.for('update') : q))[0];
}

/** A unit's submissions for several deadlines in one query, keyed by deadline id. */
export async function submissionsOfUnit(
  db: Db,
  unitId: number,
  deadlineIds: readonly number[],
): Promise<Map<number, SubmissionRow>> {
  if (deadlineIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(submissions)
    .where(and(eq(submissions.unitId, unitId), inArray(submissions.deadlineId, [...deadlineIds])));
  return new Map(rows.map((r) => [r.deadlineId, r]));
}

export async function getSubmissionById(db: Db, id: number): Promise<SubmissionRow | undefined> {
  return (await db.select().from(submissions).where(eq(submissions.id, id)).limit(1))[0];
}

export async function submissionsOfDeadlines(db: Db, deadlineIds: number[]): Promise<SubmissionRow[]> {
  if (deadlineIds.length === 0) return [];
  return db.select().from(submissions).where(inArray(submissions.deadlineId, deadlineIds));
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
