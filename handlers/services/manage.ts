/** Campaign and deadline management for the office, audited like every other change. */
import { and, eq } from 'drizzle-orm';
import { campaigns, deadlines } from '../../db/schema.js';
import type { Scoped } from '../../db/scope.js';
import { writeAudit } from '../../db/queries/audit.js';
import { getDeadline, type DeadlineRow } from '../../db/queries/submissions.js';
import { type Actor, assertCan, auditedBy } from '../../domain/authz.js';
import { foldVi } from '../../domain/text.js';

/**
 * A code from a title ("Sơ kết 6 tháng 2027" → "so-ket-6-thang-2027"), made unique with a suffix.
 * A long title is cut after a whole word, so the code shown never ends in half a word or a dash.
 */
export async function uniqueCode(title: string, exists: (code: string) => Promise<boolean>): Promise<string> {
  const full = foldVi(title)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const cut = full.length <= 48 ? full : full.slice(0, 49).replace(/-[^-]*$/, '') || full.slice(0, 48);
  const base = cut || 'muc';
  let code = base;
  for (let i = 2; await exists(code); i++) code = `${base}-${i}`;
  return code;
}

export async function createCampaign(
  s: Scoped,
  actor: Actor,
  input: { title: string; summary?: string | null; now: Date },
): Promise<{ id: number; code: string }> {
  const { tx } = s;
  assertCan(actor, 'campaign.manage');
  const code = await uniqueCode(
    input.title,
    async (c) =>
      (
        await tx
          .select({ id: campaigns.id })
          .from(campaigns)
          .where(and(eq(campaigns.jurisdictionId, s.jurisdictionId), eq(campaigns.code, c)))
      ).length > 0,
  );
  const [row] = await tx
    .insert(campaigns)
    .values({
      jurisdictionId: s.jurisdictionId,
      code,
      title: input.title,
      summary: input.summary ?? null,
      searchText: foldVi(`${input.title} ${input.summary ?? ''}`),
      createdAt: input.now,
    })
    .returning({ id: campaigns.id });
  await writeAudit(
    s,
    {
      ...auditedBy(actor),
      action: 'campaign.create',
      entity: 'campaign',
      entityId: code,
      after: { title: input.title, summary: input.summary ?? null },
    },
    input.now,
  );
  return { id: row!.id, code };
}

export interface NewDeadline {
  kind: string;
  title: string;
  dueAt: Date;
  audience: { all: true } | { unitKinds: string[] };
  templateCode: string | null;
  campaignId: number | null;
}

export async function createDeadline(
  s: Scoped,
  actor: Actor,
  input: NewDeadline & { now: Date },
): Promise<DeadlineRow> {
  const { tx } = s;
  assertCan(actor, 'deadline.manage');
  const code = await uniqueCode(
    input.title,
    async (c) =>
      (
        await tx
          .select({ id: deadlines.id })
          .from(deadlines)
          .where(and(eq(deadlines.jurisdictionId, s.jurisdictionId), eq(deadlines.code, c)))
      ).length > 0,
  );
  const [row] = await tx
    .insert(deadlines)
    .values({
      jurisdictionId: s.jurisdictionId,
      code,
      kind: input.kind,
      title: input.title,
      dueAt: input.dueAt,
      audience: input.audience,
      templateCode: input.templateCode,
      campaignId: input.campaignId,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .returning();
  await writeAudit(
    s,
    {
      ...auditedBy(actor),
      action: 'deadline.create',
      entity: 'deadline',
      entityId: code,
      after: {
        kind: input.kind,
        title: input.title,
        dueAt: input.dueAt.toISOString(),
        audience: input.audience,
        template: input.templateCode,
      },
    },
    input.now,
  );
  return row!;
}

/** Moves a due date. Reminder keys include the due time, so the schedule re-plans by itself. */
export async function changeDue(
  s: Scoped,
  actor: Actor,
  deadlineId: number,
  dueAt: Date,
  now: Date,
): Promise<DeadlineRow> {
  const { tx } = s;
  assertCan(actor, 'deadline.manage');
  const before = await getDeadline(s, deadlineId);
  if (!before) throw new Error(`deadline ${deadlineId} not found`);
  const [after] = await tx
    .update(deadlines)
    .set({ dueAt, updatedAt: now })
    .where(and(eq(deadlines.jurisdictionId, s.jurisdictionId), eq(deadlines.id, deadlineId)))
    .returning();
  await writeAudit(
    s,
    {
      ...auditedBy(actor),
      action: 'deadline.update',
      entity: 'deadline',
      entityId: before.code,
      before: { dueAt: before.dueAt.toISOString() },
      after: { dueAt: dueAt.toISOString() },
    },
    now,
  );
  return after!;
}

export async function closeDeadline(s: Scoped, actor: Actor, deadlineId: number, now: Date): Promise<DeadlineRow> {
  const { tx } = s;
  assertCan(actor, 'deadline.manage');
  const before = await getDeadline(s, deadlineId);
  if (!before) throw new Error(`deadline ${deadlineId} not found`);
  const [after] = await tx
    .update(deadlines)
    .set({ status: 'closed', updatedAt: now })
    .where(and(eq(deadlines.jurisdictionId, s.jurisdictionId), eq(deadlines.id, deadlineId)))
    .returning();
  await writeAudit(
    s,
    {
      ...auditedBy(actor),
      action: 'deadline.close',
      entity: 'deadline',
      entityId: before.code,
      before: { status: before.status },
      after: { status: 'closed' },
    },
    now,
  );
  return after!;
}

export interface PolicyOverride {
  before_days: number[];
  overdue_every_working_days: number;
}

/** "10,3,1 / 2": days before the due date, then working days between overdue reminders. */
export function parsePolicy(text: string): PolicyOverride | undefined {
  const m = /^\s*(\d{1,2}(?:\s*,\s*\d{1,2})*)\s*(?:\/\s*(\d{1,2}))?\s*$/.exec(text);
  if (!m) return undefined;
  const before = [...new Set(m[1]!.split(',').map((x) => Number(x.trim())))].sort((a, b) => b - a);
  const every = m[2] ? Number(m[2]) : 2;
  if (before.some((d) => d < 1 || d > 60) || every < 1 || every > 20) return undefined;
  return { before_days: before, overdue_every_working_days: every };
}

export async function setReminderPolicy(
  s: Scoped,
  actor: Actor,
  deadlineId: number,
  policy: PolicyOverride,
  now: Date,
): Promise<DeadlineRow> {
  const { tx } = s;
  assertCan(actor, 'deadline.manage');
  const before = await getDeadline(s, deadlineId);
  if (!before) throw new Error(`deadline ${deadlineId} not found`);
  const [after] = await tx
    .update(deadlines)
    .set({ reminderPolicy: policy, updatedAt: now })
    .where(and(eq(deadlines.jurisdictionId, s.jurisdictionId), eq(deadlines.id, deadlineId)))
    .returning();
  await writeAudit(
    s,
    {
      ...auditedBy(actor),
      action: 'deadline.update',
      entity: 'deadline',
      entityId: before.code,
      before: { reminderPolicy: before.reminderPolicy },
      after: { reminderPolicy: policy },
    },
    now,
  );
  return after!;
}
