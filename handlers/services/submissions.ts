/**
 * Reports and registrations: which deadlines apply to a unit, saving answers one by one with
 * a revision check, submitting versions, and the office's review. All rules about who may
 * edit what, and when, live here; the flows only ask.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Scoped } from '../../db/scope.js';
import { attachments, submissions, submissionVersions } from '../../db/schema.js';
import { writeAudit } from '../../db/queries/audit.js';
import { findUnitById, listPeople, unitContacts } from '../../db/queries/directory.js';
import { enqueue, type OutboxItem } from '../../db/queries/outbox.js';
import {
  getDeadline,
  getSubmission,
  getSubmissionById,
  getTemplate,
  latestVersion,
  listOpenDeadlines,
  type DeadlineRow,
  type SubmissionRow,
} from '../../db/queries/submissions.js';
import { type Actor, actorPersonId, assertCan, auditedBy, type Permission, type Role } from '../../domain/authz.js';
import type { NoticeKey, NoticePayload } from '../../domain/outbox.js';
import type { InboundFile, Json } from '../types.js';
import { sanitizeDisplayName } from '../files/names.js';
import { openFormAction } from '../flows/report.actions.js';

import {
  answersOf,
  audienceIncludes,
  canEdit,
  changedItems,
  daysLate,
  missingRequired,
  refNoOf,
  type Answers,
  type AnswerCell,
  type EditVerdict,
} from '../../domain/submission.js';
import type { FormItem } from '../../domain/form-items.js';

// ------------------------------------------------------------------ reads

export async function deadlinesForUnit(
  s: Scoped,
  actor: Actor,
  unitId: number,
  kinds?: string[],
): Promise<DeadlineRow[]> {
  assertCan(actor, 'deadlines.read', unitId);
  const unit = await findUnitById(s, unitId);
  if (!unit) return [];
  return (await listOpenDeadlines(s)).filter(
    (d) => audienceIncludes(d.audience, unit) && (!kinds || kinds.includes(d.kind)),
  );
}

export function writePermission(deadline: Pick<DeadlineRow, 'kind'>): Permission {
  return deadline.kind === 'registration' ? 'registration.write' : 'report.write';
}

/** The items of a deadline's form; registrations build theirs from the titles in the data. */
export async function formItemsOf(
  s: Scoped,
  deadline: DeadlineRow,
  registrationItems: () => Promise<FormItem[]>,
): Promise<FormItem[]> {
  if (deadline.kind === 'registration') return registrationItems();
  if (!deadline.templateCode) return [];
  const tpl = await getTemplate(s, deadline.templateCode);
  return (tpl?.items ?? []) as FormItem[];
}

export async function readSubmission(
  s: Scoped,
  actor: Actor,
  deadline: DeadlineRow,
  unitId: number,
): Promise<SubmissionRow | undefined> {
  assertCan(actor, 'report.read', unitId);
  return getSubmission(s, deadline.id, unitId);
}

// ------------------------------------------------------------------ writes

/** The unit's submission row for a deadline, created empty on first use, locked for update. */
async function ensureSubmission(s: Scoped, deadline: DeadlineRow, unitId: number, now: Date): Promise<SubmissionRow> {
  const { tx } = s;
  await tx
    .insert(submissions)
    .values({
      jurisdictionId: s.jurisdictionId,
      deadlineId: deadline.id,
      unitId,
      status: 'draft',
      answers: {},
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing();
  return (await getSubmission(s, deadline.id, unitId, true))!;
}

export type SaveResult =
  | { ok: true; rev: number }
  | { ok: false; reason: 'conflict'; current: AnswerCell | undefined }
  | { ok: false; reason: EditVerdictReason };
type EditVerdictReason = Extract<EditVerdict, { ok: false }>['reason'];

/**
 * Saves one answer. `expectedRev` is the revision the person saw when the question was
 * shown: if someone else changed the item since, the save is refused with the current value.
 */
export async function saveAnswer(
  s: Scoped,
  actor: Actor,
  input: { deadline: DeadlineRow; unitId: number; itemCode: string; value: Json; expectedRev: number; now: Date },
): Promise<SaveResult> {
  const { tx } = s;
  const { deadline, unitId, itemCode, value, now } = input;
  assertCan(actor, writePermission(deadline), unitId);
  const sub = await ensureSubmission(s, deadline, unitId, now);
  const verdict = canEdit(deadline, sub, now);
  if (!verdict.ok) return { ok: false, reason: verdict.reason };
  const answers = answersOf(sub);
  const current = answers[itemCode];
  if ((current?.rev ?? 0) !== input.expectedRev) return { ok: false, reason: 'conflict', current };
  const rev = (current?.rev ?? 0) + 1;
  const cell: AnswerCell = { v: value, rev, by: actorPersonId(actor), at: now.toISOString() };
  await tx
    .update(submissions)
    .set({ answers: sql`${submissions.answers} || ${JSON.stringify({ [itemCode]: cell })}::jsonb`, updatedAt: now })
    .where(and(eq(submissions.jurisdictionId, s.jurisdictionId), eq(submissions.id, sub.id)));
  await writeAudit(
    s,
    {
      ...auditedBy(actor),
      action: 'submission.save',
      entity: 'submission',
      entityId: sub.id,
      unitId,
      before: current ? { [itemCode]: current.v } : null,
      after: { [itemCode]: value },
    },
    now,
  );
  return { ok: true, rev };
}

export async function addAttachment(
  s: Scoped,
  actor: Actor,
  input: { deadline: DeadlineRow; unitId: number; itemCode: string; channel: string; file: InboundFile; now: Date },
): Promise<number> {
  const { tx } = s;
  assertCan(actor, writePermission(input.deadline), input.unitId);
  const sub = await ensureSubmission(s, input.deadline, input.unitId, input.now);
  const [row] = await tx
    .insert(attachments)
    .values({
      ownerKind: 'submission',
      ownerId: sub.id,
      itemCode: input.itemCode,
      channel: input.channel,
      fileId: input.file.fileId,
      fileName: sanitizeDisplayName(input.file.name) ?? null,
      mime: input.file.archived?.mime ?? input.file.mime ?? null,
      size: input.file.archived?.size ?? input.file.size ?? null,
      createdBy: actorPersonId(actor),
      createdAt: input.now,
      // Archived on arrival, or left for the archive's retry (bot/files/archive.ts).
      sha256: input.file.archived?.sha256 ?? null,
      archivedAt: input.file.archived ? input.now : null,
      archiveError: input.file.archiveError ?? null,
    })
    .returning({ id: attachments.id });
  return row!.id;
}

export type SubmitResult =
  | { ok: true; refNo: string; version: number; submittedAt: Date }
  | { ok: false; reason: 'missing'; missing: FormItem[] }
  | { ok: false; reason: EditVerdictReason | 'empty' };

export async function submit(
  s: Scoped,
  actor: Actor,
  input: {
    deadline: DeadlineRow;
    unitId: number;
    items: FormItem[];
    now: Date;
    /** For counting the days a late filing is late (the office's notice says it); UTC when absent. */
    timezone?: string;
  },
): Promise<SubmitResult> {
  const { tx } = s;
  const { deadline, unitId, items, now } = input;
  assertCan(actor, writePermission(deadline), unitId);
  const sub = await getSubmission(s, deadline.id, unitId, true);
  if (!sub) return { ok: false, reason: 'empty' };
  const verdict = canEdit(deadline, sub, now);
  if (!verdict.ok) return { ok: false, reason: verdict.reason };
  const answers = answersOf(sub);
  const missing = missingRequired(items, answers);
  if (missing.length) return { ok: false, reason: 'missing', missing };
  const unit = (await findUnitById(s, unitId))!;
  const previous = await latestVersion(tx, sub.id);
  const version = sub.version + 1;
  const refNo = refNoOf(deadline.code, unit.code, version);
  await tx
    .insert(submissionVersions)
    .values({ submissionId: sub.id, version, answers, refNo, submittedBy: actorPersonId(actor), submittedAt: now });
  await tx
    .update(submissions)
    .set({
      status: 'submitted',
      version,
      refNo,
      submittedAt: now,
      submittedBy: actorPersonId(actor),
      reopened: false,
      updatedAt: now,
    })
    .where(and(eq(submissions.jurisdictionId, s.jurisdictionId), eq(submissions.id, sub.id)));
  const changed = previous ? changedItems(previous.answers as Answers, answers) : Object.keys(answers).sort();
  await writeAudit(
    s,
    {
      ...auditedBy(actor),
      action: 'submission.submit',
      entity: 'submission',
      entityId: sub.id,
      unitId,
      before: previous ? { version: previous.version, refNo: previous.refNo } : null,
      after: { version, refNo, changedItems: changed, late: now.getTime() > deadline.dueAt.getTime() },
    },
    now,
  );
  // A late filing says so in the office's notice: "nộp muộn N ngày".
  const late = daysLate(deadline, now, input.timezone ?? 'UTC');
  await notifyOffice(s, {
    key: `submit:${sub.id}:v${version}`,
    msg:
      version === 1
        ? late > 0
          ? 'notice.submitted_late'
          : 'notice.submitted'
        : late > 0
          ? 'notice.resubmitted_late'
          : 'notice.resubmitted',
    vars: { unit: unit.name, deadline: deadline.title, version, ref: refNo, days: late },
    open: { f: 'review', op: 'open', deadline: deadline.id, unit: unitId },
    now,
  });
  return { ok: true, refNo, version, submittedAt: now };
}

export type ReviewAction = 'accept' | 'return' | 'reopen';

export async function review(
  s: Scoped,
  actor: Actor,
  input: { submissionId: number; action: ReviewAction; comment?: string; now: Date },
): Promise<SubmissionRow> {
  const { tx } = s;
  const sub = await getSubmissionById(s, input.submissionId);
  if (!sub) throw new Error(`submission ${input.submissionId} not found`);
  assertCan(actor, 'report.review', sub.unitId);
  const patch: Partial<SubmissionRow> =
    input.action === 'accept'
      ? { status: 'accepted', reopened: false }
      : input.action === 'return'
        ? { status: 'returned', reviewComment: input.comment ?? null }
        : { reopened: true };
  const [after] = await tx
    .update(submissions)
    .set({ ...patch, reviewedAt: input.now, reviewedBy: actorPersonId(actor), updatedAt: input.now })
    .where(and(eq(submissions.jurisdictionId, s.jurisdictionId), eq(submissions.id, sub.id)))
    .returning();
  await writeAudit(
    s,
    {
      ...auditedBy(actor),
      action: `submission.${input.action}`,
      entity: 'submission',
      entityId: sub.id,
      unitId: sub.unitId,
      before: { status: sub.status, reopened: sub.reopened },
      after: { ...patch, comment: input.comment ?? null },
    },
    input.now,
  );
  const unit = (await findUnitById(s, sub.unitId))!;
  const d = (await getDeadline(s, sub.deadlineId))!;
  const msg: NoticeKey =
    input.action === 'accept' ? 'notice.accepted' : input.action === 'return' ? 'notice.returned' : 'notice.reopened';
  await notifyUnit(s, {
    unitId: sub.unitId,
    includeHead: true,
    key: `review:${sub.id}:${input.action}:${input.now.getTime()}`,
    msg,
    vars: { unit: unit.name, deadline: d.title, comment: input.comment ?? '' },
    open: input.action === 'accept' ? undefined : openFormAction(d),
    now: input.now,
  });
  return after!;
}

// ------------------------------------------------------------------ notifications

async function notify(
  s: Scoped,
  personIds: number[],
  n: { key: string; msg: NoticeKey; vars: NoticePayload['vars']; open?: NoticePayload['open']; now: Date },
): Promise<void> {
  const payload: NoticePayload = { type: 'notice', msg: n.msg, vars: n.vars, open: n.open };
  const items: OutboxItem[] = personIds.map((personId) => ({
    key: `${n.key}:p${personId}`,
    kind: 'notice',
    personId,
    payload,
    dueAt: n.now,
  }));
  await enqueue(s, items, n.now);
}

export async function officeAdmins(s: Scoped): Promise<number[]> {
  const admins = await listPeople(s, { roles: ['admin'], activeOnly: true });
  return admins.filter((p) => p.unit.isOffice).map((p) => p.person.id);
}

export async function notifyOffice(
  s: Scoped,
  n: { key: string; msg: NoticeKey; vars: NoticePayload['vars']; open?: NoticePayload['open']; now: Date },
): Promise<void> {
  await notify(s, await officeAdmins(s), n);
}

export async function notifyUnit(
  s: Scoped,
  n: {
    unitId: number;
    includeHead: boolean;
    key: string;
    msg: NoticeKey;
    vars: NoticePayload['vars'];
    open?: NoticePayload['open'];
    now: Date;
  },
): Promise<void> {
  const roles: Role[] = n.includeHead ? ['focal', 'head'] : ['focal'];
  const contacts = await unitContacts(s, [n.unitId], roles);
  await notify(
    s,
    contacts.map((c) => c.personId),
    n,
  );
}
