/**
 * Status and follow-up: `/tinhhinh` (one-message status, by role), `/duyet` (the office reads,
 * accepts, returns or reopens submissions), `/chuanop` (who has not done it, with an
 * immediate reminder), `/hanchot` (my deadlines and the reminders I will get), `/loigui`
 * (messages that could not be delivered).
 */
import { and, eq, gte } from 'drizzle-orm';
import { auditLog } from '../../db/schema.js';
import { writeAudit } from '../../db/queries/audit.js';
import { findPerson, findUnitById, listPeople } from '../../db/queries/directory.js';
import { enqueue, listFailed, type OutboxItem } from '../../db/queries/outbox.js';
import {
  getDeadline,
  getSubmission,
  getSubmissionById,
  latestVersion,
  submissionsOfUnit,
  versionOf,
} from '../../db/queries/submissions.js';
import { actorLabel, actorPersonId, assertCan, assertPerson, can } from '../../domain/authz.js';
import { askToConfirm, isConfirmed } from '../confirm.js';
import type { Flow, FlowContext } from '../flow.js';
import { UserError } from '../flow.js';
import { daysBetween, formatDateTime } from '../../domain/format.js';
import { registrationWarningLines } from '../forms/warnings.js';
import { answerLines } from '../forms/render.js';
import { paginate } from '../paging.js';
import { findDeadlineArg, replyDeadlinePicker } from '../pickers.js';
import { deadlineProgress, districtProgress } from '../services/overview.js';
import { registrationItemsFromStore } from '../services/registration-items.js';
import { deadlinesForUnit, formItemsOf, review, type ReviewAction } from '../services/submissions.js';
import { changedItems, flowOf, isDone, isOverdue, stateOf } from '../../domain/submission.js';
import { ellipsis } from '../../domain/text.js';
import type { Action, ButtonSpec, Json } from '../types.js';
import { dueLabel, stateLabel } from './report.js';
import { upcomingFor } from '../../domain/reminders/planner.js';
import { DEFAULT_POLICY, type WorkCalendar } from '../../domain/reminders/policy.js';
import type { ReminderPayload } from '../../domain/outbox.js';
import { ALL_UNREACHABLE, NO_ACCOUNT } from '../../domain/outbox.js';

// ------------------------------------------------------------------ /tinhhinh

export const statusFlow: Flow = {
  name: 'status',
  privateOnly: true,
  async start(ctx) {
    ctx.leave();
    if (can(ctx.actor, 'status.district')) return districtStatus(ctx, false);
    return unitStatus(ctx);
  },
  async onAction(ctx, a) {
    switch (a.op) {
      case 'district':
        return districtStatus(ctx, true);
      case 'deadline':
        return deadlineDetail(ctx, Number(a.deadline), String(a.group ?? ''), Number(a.page ?? 0));
      case 'unit':
        return showUnitSubmission(ctx, Number(a.deadline), Number(a.unit));
    }
    ctx.reply({ text: ctx.t('common.stale_button') });
  },
};

/**
 * One unit's open deadlines and their state: the person's own unit (`/tinhhinh`), or the unit
 * a plain-language question named (handlers/flows/ask.ts), within `status.unit`.
 */
export async function unitStatus(ctx: FlowContext, which?: { id: number; name: string }): Promise<void> {
  assertPerson(ctx.actor);
  const unit = which ?? { id: ctx.actor.unitId, name: ctx.actor.unitName };
  assertCan(ctx.actor, 'status.unit', unit.id);
  const list = await deadlinesForUnit(ctx.tx, ctx.actor, unit.id);
  if (list.length === 0) return ctx.reply({ text: ctx.t('status.unit_none', { unit: unit.name }) });
  const done: string[] = [];
  const late: string[] = [];
  const todo: string[] = [];
  const buttons: ButtonSpec[][] = [];
  const subs = await submissionsOfUnit(
    ctx.tx,
    unit.id,
    list.map((d) => d.id),
  );
  for (const d of list) {
    const sub = subs.get(d.id);
    const line = `• ${d.title} — ${stateLabel(ctx, stateOf(sub), isOverdue(d, sub, ctx.now))}. ${dueLabel(ctx, d.dueAt)}`;
    if (isDone(sub)) done.push(line);
    else {
      (isOverdue(d, sub, ctx.now) ? late : todo).push(line);
      if (can(ctx.actor, d.kind === 'registration' ? 'registration.write' : 'report.write', unit.id)) {
        buttons.push([
          {
            label: ellipsis(`${ctx.t('status.act')}: ${d.title}`, 60),
            action: { f: flowOf(d), op: 'open', deadline: d.id },
          },
        ]);
      }
    }
  }
  const lines = [ctx.t('status.unit_title', { unit: unit.name })];
  if (late.length) lines.push('', ctx.t('status.late'), ...late);
  if (todo.length) lines.push('', ctx.t('status.todo'), ...todo);
  if (done.length) lines.push('', ctx.t('status.done'), ...done);
  ctx.reply({ text: lines.join('\n'), buttons });
}

async function districtStatus(ctx: FlowContext, replace: boolean): Promise<void> {
  const all = await districtProgress(ctx.tx, ctx.actor, ctx.now);
  if (all.length === 0) return ctx.reply({ text: ctx.t('office.no_deadlines') });
  const lines = [ctx.t('status.district_title', { time: formatDateTime(ctx.now, ctx.settings.timezone) })];
  for (const c of all) {
    lines.push(
      '',
      `• ${c.deadline.title}`,
      `  ${dueLabel(ctx, c.deadline.dueAt)}`,
      `  ${ctx.t('status.counts', { submitted: c.submitted, total: c.total, draft: c.draft, not_started: c.notStarted })}${c.overdue ? ` — ${ctx.t('status.overdue_count', { count: c.overdue })}` : ''}`,
    );
  }
  ctx.reply({
    text: lines.join('\n'),
    buttons: all.map((c) => [
      {
        label: ellipsis(`${c.deadline.title} (${c.submitted}/${c.total})`, 60),
        action: { f: 'status', op: 'deadline', deadline: c.deadline.id },
      },
    ]),
    replace,
  });
}

const GROUPS = ['overdue', 'not_started', 'draft', 'submitted'] as const;

async function deadlineDetail(ctx: FlowContext, deadlineId: number, group: string, page: number): Promise<void> {
  const c = await deadlineProgress(ctx.tx, ctx.actor, deadlineId, ctx.now);
  if (!c) return ctx.reply({ text: ctx.t('common.stale_button') });
  const groupOf = (r: (typeof c.units)[number]): (typeof GROUPS)[number] => {
    const st = stateOf(r.sub);
    if (st === 'submitted' || st === 'accepted') return 'submitted';
    if (isOverdue(c.deadline, r.sub, ctx.now)) return 'overdue';
    return st === 'not_started' ? 'not_started' : 'draft';
  };
  const lines = [`📋 ${c.deadline.title}`, dueLabel(ctx, c.deadline.dueAt), ''];
  for (const g of GROUPS) {
    const names = c.units.filter((r) => groupOf(r) === g).map((r) => r.unit.name);
    lines.push(
      `${ctx.t(`status.group_${g}`)} (${names.length}): ${names.length ? ellipsis(names.join(', '), 600) : '—'}`,
    );
  }
  const selected = (GROUPS as readonly string[]).includes(group) ? group : undefined;
  const shown = selected ? c.units.filter((r) => groupOf(r) === selected) : c.units;
  const pg = paginate(
    shown,
    page,
    (p) => ({ f: 'status', op: 'deadline', deadline: deadlineId, group: selected ?? '', page: p }),
    ctx.t,
    8,
  );
  const buttons: ButtonSpec[][] = [
    GROUPS.map((g) => ({
      label: ctx.t(`status.group_${g}`),
      action: { f: 'status', op: 'deadline', deadline: deadlineId, group: g },
    })),
    ...pg.items.map((r) => [
      {
        label: ellipsis(
          `${r.unit.name} — ${stateLabel(ctx, stateOf(r.sub), isOverdue(c.deadline, r.sub, ctx.now))}`,
          60,
        ),
        action: { f: 'status', op: 'unit', deadline: deadlineId, unit: r.unit.id } as Action,
      },
    ]),
    ...pg.nav,
  ];
  const tools: ButtonSpec[] = [];
  if (can(ctx.actor, 'missing.list'))
    tools.push({ label: ctx.t('status.btn_missing'), action: { f: 'missing', op: 'deadline', deadline: deadlineId } });
  if (can(ctx.actor, 'export'))
    tools.push({ label: ctx.t('status.btn_export'), action: { f: 'export', op: 'deadline', deadline: deadlineId } });
  if (can(ctx.actor, 'status.district'))
    tools.push({ label: ctx.t('status.btn_chart'), action: { f: 'chart', op: 'deadline', deadline: deadlineId } });
  if (tools.length) buttons.push(tools);
  buttons.push([{ label: ctx.t('status.back_district'), action: { f: 'status', op: 'district' } }]);
  ctx.reply({ text: lines.join('\n'), buttons, replace: true });
}

/** One unit's submission as the office reads it, with the review buttons. */
async function showUnitSubmission(ctx: FlowContext, deadlineId: number, unitId: number): Promise<void> {
  assertCan(ctx.actor, 'report.read', unitId);
  const deadline = await getDeadline(ctx.tx, deadlineId);
  const unit = await findUnitById(ctx.tx, unitId);
  if (!deadline || !unit) return ctx.reply({ text: ctx.t('common.stale_button') });
  const sub = await getSubmission(ctx.tx, deadlineId, unitId);
  const items = await formItemsOf(ctx.tx, deadline, () => registrationItemsFromStore(ctx.tx, ctx.locale));
  const version = sub ? await latestVersion(ctx.tx, sub.id) : undefined;
  const lines = [
    `📋 ${deadline.title} — ${unit.name}`,
    ctx.t('report.summary_state', {
      state: stateLabel(ctx, stateOf(sub), isOverdue(deadline, sub, ctx.now)),
      due: dueLabel(ctx, deadline.dueAt),
    }),
  ];
  const focal = await listPeople(ctx.tx, { unitIds: [unitId], roles: ['focal'], activeOnly: true });
  lines.push(
    ctx.t('office.focal_points', { names: focal.map((p) => p.person.fullName).join(', ') || ctx.t('common.none') }),
  );
  if (version) {
    const by = version.submittedBy ? (await findPerson(ctx.tx, version.submittedBy))?.fullName : undefined;
    lines.push(
      ctx.t('review.version_line', {
        version: version.version,
        ref: version.refNo,
        time: formatDateTime(version.submittedAt, ctx.settings.timezone),
        by: by ?? '?',
      }),
      '',
    );
    // What the unit saw, and what changed: late filing, the items changed since the previous
    // version, and a registration's ratio warnings.
    if (version.submittedAt > deadline.dueAt) {
      lines.push(
        `⏰ ${ctx.t('review.late', { days: Math.max(1, -daysBetween(version.submittedAt, deadline.dueAt, ctx.settings.timezone)) })}`,
      );
    }
    const cells = version.answers as Record<string, { v: Json }>;
    if (version.version > 1) {
      const previous = await versionOf(ctx.tx, sub!.id, version.version - 1);
      if (previous) {
        type Cells = Parameters<typeof changedItems>[0];
        const changed = changedItems(previous.answers as Cells, cells as unknown as Cells);
        const labels = items.filter((it) => changed.includes(it.code)).map((it) => it.label);
        lines.push(
          ctx.t('review.changed_items', {
            version: version.version - 1,
            items: labels.join('; ') || ctx.t('common.none'),
          }),
          '',
        );
      }
    }
    const answers = Object.fromEntries(Object.entries(cells).map(([k, c]) => [k, c.v]));
    lines.push(...(await answerLines(ctx, items, answers)));
    if (deadline.kind === 'registration') lines.push(...(await registrationWarningLines(ctx, cells)));
  } else lines.push('', ctx.t('review.not_submitted'));
  if (sub?.reviewComment && sub.status === 'returned')
    lines.push('', ctx.t('report.return_comment', { comment: sub.reviewComment }));
  const buttons: ButtonSpec[][] = [];
  if (sub && version && can(ctx.actor, 'report.review', unitId)) {
    const row: ButtonSpec[] = [];
    if (sub.status === 'submitted') {
      row.push({ label: ctx.t('review.btn_accept'), action: { f: 'review', op: 'act', sub: sub.id, act: 'accept' } });
      row.push({ label: ctx.t('review.btn_return'), action: { f: 'review', op: 'act', sub: sub.id, act: 'return' } });
    }
    if ((sub.status === 'submitted' && ctx.now > deadline.dueAt) || sub.status === 'accepted') {
      if (!sub.reopened)
        row.push({ label: ctx.t('review.btn_reopen'), action: { f: 'review', op: 'act', sub: sub.id, act: 'reopen' } });
    }
    if (row.length) buttons.push(row);
  }
  if (can(ctx.actor, 'status.district'))
    buttons.push([
      { label: ctx.t('status.back_deadline'), action: { f: 'status', op: 'deadline', deadline: deadlineId } },
    ]);
  ctx.reply({ text: lines.join('\n'), buttons });
}

// ------------------------------------------------------------------ /duyet

export const reviewFlow: Flow = {
  name: 'review',
  privateOnly: true,
  async start(ctx, args) {
    assertCan(ctx.actor, 'report.review');
    const d = await findDeadlineArg(ctx, args);
    if (d) return reviewList(ctx, d.id, 0);
    ctx.leave();
    if (args.trim()) ctx.reply({ text: ctx.t('args.unknown_deadline', { arg: args.trim() }) });
    await replyDeadlinePicker(ctx, { flow: 'review', op: 'deadline', text: ctx.t('review.pick_deadline') });
  },
  async onAction(ctx, a) {
    switch (a.op) {
      case 'deadline':
        return reviewList(ctx, Number(a.deadline), Number(a.page ?? 0));
      case 'open':
        return showUnitSubmission(ctx, Number(a.deadline), Number(a.unit));
      case 'act': {
        const act = String(a.act) as ReviewAction;
        if (!['accept', 'return', 'reopen'].includes(act)) break;
        if (act === 'return') {
          ctx.enter('review', 'comment', { sub: Number(a.sub) });
          return ctx.reply({ text: ctx.t('review.ask_comment'), expectsText: true });
        }
        return confirmReview(ctx, a, act as 'accept' | 'reopen');
      }
    }
    ctx.reply({ text: ctx.t('common.stale_button') });
  },
  async onText(ctx, text) {
    if (ctx.state.step !== 'comment') return ctx.reply({ text: ctx.t('common.not_understood') });
    if (text.length > 1000)
      return ctx.reply({ text: ctx.t('form.err_too_long', { max: 1000, got: text.length }), expectsText: true });
    const subId = Number(ctx.state.data.sub);
    ctx.leave();
    return doReview(ctx, subId, 'return', text);
  },
};

async function reviewList(ctx: FlowContext, deadlineId: number, page: number): Promise<void> {
  const c = await deadlineProgress(ctx.tx, ctx.actor, deadlineId, ctx.now);
  if (!c) return ctx.reply({ text: ctx.t('common.stale_button') });
  const waiting = c.units.filter((r) => r.sub?.status === 'submitted');
  const others = c.units.filter((r) => r.sub && r.sub.status !== 'submitted' && r.sub.version > 0);
  const rows = [...waiting, ...others];
  const pg = paginate(rows, page, (p) => ({ f: 'review', op: 'deadline', deadline: deadlineId, page: p }), ctx.t, 8);
  ctx.reply({
    text: ctx.t('review.list', { title: c.deadline.title, waiting: waiting.length, total: c.total }),
    buttons: [
      ...pg.items.map((r) => [
        {
          label: ellipsis(`${r.unit.name} — ${stateLabel(ctx, stateOf(r.sub), false)}`, 60),
          action: { f: 'review', op: 'open', deadline: deadlineId, unit: r.unit.id } as Action,
        },
      ]),
      ...pg.nav,
    ],
    replace: true,
  });
}

/**
 * Accepting and reopening take a second step that names the unit, the deadline and the version;
 * the confirmation is refused if the unit sent another version in between.
 */
async function confirmReview(ctx: FlowContext, a: Action, act: 'accept' | 'reopen'): Promise<void> {
  const sub = await getSubmissionById(ctx.tx, Number(a.sub));
  if (!sub) return ctx.reply({ text: ctx.t('common.stale_button') });
  assertCan(ctx.actor, 'report.review', sub.unitId);
  const version = (await latestVersion(ctx.tx, sub.id))?.version ?? 0;
  if (isConfirmed(a)) {
    if (a.version !== undefined && Number(a.version) !== version) {
      ctx.reply({ text: ctx.t('review.changed_meanwhile') });
      return showUnitSubmission(ctx, sub.deadlineId, sub.unitId);
    }
    return doReview(ctx, sub.id, act);
  }
  const unit = await findUnitById(ctx.tx, sub.unitId);
  const deadline = await getDeadline(ctx.tx, sub.deadlineId);
  askToConfirm(ctx, {
    text: ctx.t(`review.confirm_${act}`, { deadline: deadline?.title ?? '', unit: unit?.name ?? '', version }),
    yes: ctx.t(`review.yes_${act}`),
    action: { f: 'review', op: 'act', sub: sub.id, act, version },
    back: { f: 'review', op: 'open', deadline: sub.deadlineId, unit: sub.unitId },
  });
}

async function doReview(ctx: FlowContext, subId: number, act: ReviewAction, comment?: string): Promise<void> {
  const after = await review(ctx.tx, ctx.actor, { submissionId: subId, action: act, comment, now: ctx.now });
  const unit = await findUnitById(ctx.tx, after.unitId);
  const d = await getDeadline(ctx.tx, after.deadlineId);
  ctx.reply({ text: ctx.t(`review.done_${act}`, { unit: unit?.name ?? '', deadline: d?.title ?? '' }) });
}

// ------------------------------------------------------------------ /chuanop

export const missingFlow: Flow = {
  name: 'missing',
  async start(ctx, args) {
    assertCan(ctx.actor, 'missing.list');
    ctx.leave();
    const d = await findDeadlineArg(ctx, args);
    if (d) return showMissing(ctx, d.id);
    if (args.trim()) ctx.reply({ text: ctx.t('args.unknown_deadline', { arg: args.trim() }) });
    await replyDeadlinePicker(ctx, { flow: 'missing', op: 'deadline', text: ctx.t('missing.pick_deadline') });
  },
  async onAction(ctx, a) {
    assertCan(ctx.actor, 'missing.list');
    if (a.op === 'deadline') return showMissing(ctx, Number(a.deadline));
    if (a.op === 'nudge') return nudge(ctx, Number(a.deadline));
    ctx.reply({ text: ctx.t('common.stale_button') });
  },
};

async function missingUnits(ctx: FlowContext, deadlineId: number) {
  const c = await deadlineProgress(ctx.tx, ctx.actor, deadlineId, ctx.now);
  if (!c) throw new UserError({ text: ctx.t('common.stale_button') });
  return { c, missing: c.units.filter((r) => !isDone(r.sub)) };
}

async function showMissing(ctx: FlowContext, deadlineId: number): Promise<void> {
  const { c, missing } = await missingUnits(ctx, deadlineId);
  if (missing.length === 0) return ctx.reply({ text: ctx.t('missing.none', { title: c.deadline.title }) });
  const contacts = await listPeople(ctx.tx, {
    unitIds: missing.map((m) => m.unit.id),
    roles: ['focal'],
    activeOnly: true,
  });
  const lines = [
    ctx.t('missing.title', { title: c.deadline.title, count: missing.length, total: c.total }),
    dueLabel(ctx, c.deadline.dueAt),
    '',
  ];
  for (const m of missing) {
    const focal = contacts.filter((p) => p.person.unitId === m.unit.id).map((p) => p.person.fullName);
    lines.push(
      `• ${m.unit.name} — ${stateLabel(ctx, stateOf(m.sub), isOverdue(c.deadline, m.sub, ctx.now))}; ${ctx.t('office.focal_points', { names: focal.join(', ') || ctx.t('missing.no_focal') })}`,
    );
  }
  ctx.reply({
    text: lines.join('\n'),
    buttons: can(ctx.actor, 'reminder.nudge')
      ? [[{ label: ctx.t('missing.btn_nudge'), action: { f: 'missing', op: 'nudge', deadline: deadlineId } }]]
      : [],
  });
}

/** "Nhắc ngay": an immediate reminder through the outbox, at most once per unit per hour. */
async function nudge(ctx: FlowContext, deadlineId: number): Promise<void> {
  assertCan(ctx.actor, 'reminder.nudge');
  const { c, missing } = await missingUnits(ctx, deadlineId);
  const hourAgo = new Date(ctx.now.getTime() - 3_600_000);
  const recent = await ctx.tx
    .select({ unitId: auditLog.unitId })
    .from(auditLog)
    .where(
      and(eq(auditLog.action, 'reminder.nudge'), eq(auditLog.entityId, String(deadlineId)), gte(auditLog.at, hourAgo)),
    );
  const skip = new Set(recent.map((r) => r.unitId));
  const targets = missing.filter((m) => !skip.has(m.unit.id));
  const people = await listPeople(ctx.tx, {
    unitIds: targets.map((t) => t.unit.id),
    roles: ['focal'],
    activeOnly: true,
  });
  const items: OutboxItem[] = people.map((p) => ({
    key: `nudge:${deadlineId}:${p.person.unitId}:${p.person.id}:${ctx.now.getTime()}`,
    kind: 'reminder',
    personId: p.person.id,
    dueAt: ctx.now,
    payload: {
      type: 'reminder',
      deadlineId,
      unitId: p.person.unitId,
      offset: 'now',
      overdue: isOverdue(c.deadline, undefined, ctx.now),
      escalation: false,
    } satisfies ReminderPayload,
  }));
  await enqueue(ctx.tx, items, ctx.now);
  for (const t of targets) {
    await writeAudit(
      ctx.tx,
      {
        actorPersonId: actorPersonId(ctx.actor),
        actorAccount: actorLabel(ctx.actor),
        action: 'reminder.nudge',
        entity: 'deadline',
        entityId: deadlineId,
        unitId: t.unit.id,
        after: { recipients: people.filter((p) => p.person.unitId === t.unit.id).length },
      },
      ctx.now,
    );
  }
  ctx.reply({
    text: ctx.t('missing.nudged', {
      units: targets.length,
      people: items.length,
      skipped: missing.length - targets.length,
    }),
  });
}

// ------------------------------------------------------------------ /hanchot

export function workCalendarOf(ctx: FlowContext, cal?: Partial<WorkCalendar>): WorkCalendar {
  return {
    timezone: ctx.settings.timezone,
    workingDays: cal?.workingDays ?? [1, 2, 3, 4, 5],
    windowStart: cal?.windowStart ?? '07:30',
    windowEnd: cal?.windowEnd ?? '17:30',
  };
}

export function createDeadlinesFlow(calendar: Omit<WorkCalendar, 'timezone'>): Flow {
  return {
    name: 'deadlines',
    privateOnly: true,
    async start(ctx) {
      ctx.leave();
      assertPerson(ctx.actor);
      const actor = ctx.actor;
      const list = await deadlinesForUnit(ctx.tx, actor, actor.unitId);
      if (list.length === 0) return ctx.reply({ text: ctx.t('deadlines.none', { unit: actor.unitName }) });
      const cal = workCalendarOf(ctx, calendar);
      const lines = [ctx.t('deadlines.title', { unit: actor.unitName })];
      const buttons: ButtonSpec[][] = [];
      const subs = await submissionsOfUnit(
        ctx.tx,
        actor.unitId,
        list.map((d) => d.id),
      );
      for (const d of list) {
        const sub = subs.get(d.id);
        lines.push(
          '',
          `• ${d.title}`,
          `  ${dueLabel(ctx, d.dueAt)} — ${stateLabel(ctx, stateOf(sub), isOverdue(d, sub, ctx.now))}`,
        );
        if (isDone(sub)) lines.push(`  ${ctx.t('deadlines.no_more')}`);
        else if (actor.role === 'focal' || actor.role === 'head') {
          const next = upcomingFor(d, actor.role, DEFAULT_POLICY, cal, ctx.now, 3);
          lines.push(
            `  ${ctx.t('deadlines.reminders', { list: next.map((p) => formatDateTime(p.effectiveAt, ctx.settings.timezone)).join('; ') || ctx.t('common.none') })}`,
          );
        } else lines.push(`  ${ctx.t('deadlines.no_reminders_role')}`);
        if (
          !isDone(sub) &&
          can(actor, d.kind === 'registration' ? 'registration.write' : 'report.write', actor.unitId)
        ) {
          buttons.push([
            {
              label: ellipsis(`${ctx.t('status.act')}: ${d.title}`, 60),
              action: { f: flowOf(d), op: 'open', deadline: d.id },
            },
          ]);
        }
      }
      ctx.reply({ text: lines.join('\n'), buttons });
    },
  };
}

// ------------------------------------------------------------------ /loigui

const FAILURE_KINDS = ['reminder', 'notice', 'digest', 'broadcast'] as const;

export const failuresFlow: Flow = {
  name: 'failures',
  privateOnly: true,
  async start(ctx) {
    assertCan(ctx.actor, 'outbox.read');
    ctx.leave();
    const rows = await listFailed(ctx.tx, 200);
    if (rows.length === 0) return ctx.reply({ text: ctx.t('failures.none') });
    const who = async (personId: number) => {
      const p = await findPerson(ctx.tx, personId);
      const unit = p ? await findUnitById(ctx.tx, p.unitId) : undefined;
      return `${p?.fullName ?? `#${personId}`} (${unit?.name ?? '?'})`;
    };
    const lines = [ctx.t('failures.title', { count: rows.length })];
    // People who never linked an account are one list, not one line per message.
    const unlinked = [...new Set(rows.filter((r) => r.lastError === NO_ACCOUNT).map((r) => r.personId))];
    if (unlinked.length) {
      const names: string[] = [];
      for (const id of unlinked.slice(0, 30)) names.push(await who(id));
      lines.push(
        '',
        ctx.t('failures.unlinked', {
          count: unlinked.length,
          names: names.join('; ') + (unlinked.length > names.length ? '; …' : ''),
        }),
      );
    }
    const others = rows.filter((r) => r.lastError !== NO_ACCOUNT).slice(0, 30);
    if (others.length) lines.push('', ctx.t('failures.platform'));
    for (const r of others) {
      const kind = (FAILURE_KINDS as readonly string[]).includes(r.kind)
        ? ctx.t(`failures.kind_${r.kind as (typeof FAILURE_KINDS)[number]}`)
        : r.kind;
      const reason = r.lastError === ALL_UNREACHABLE ? ctx.t('failures.unreachable') : ellipsis(r.lastError ?? '', 120);
      lines.push(
        `• ${formatDateTime(r.createdAt, ctx.settings.timezone)} — ${await who(r.personId)} — ${kind}: ${reason}`,
      );
    }
    ctx.reply({ text: lines.join('\n') });
  },
};
