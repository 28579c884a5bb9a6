/**
 * `/chuanop`: which units of a deadline have not submitted, with their focal points, and
 * "Nhắc ngay", an immediate reminder to them (services/reminders.ts queues and records it).
 * Trade-off: the list is read again when the reminder is pressed rather than carried in the
 * button, so a unit that submitted in between is not reminded.
 */
import { listPeople } from '../../db/queries/directory.js';
import { assertCan, can } from '../../domain/authz.js';
import { isDone, isOverdue, stateOf } from '../../domain/submission.js';
import { defineFlow, UserError, type FlowContext } from '../flow.js';
import { findDeadlineArg, pickDeadline } from '../pickers.js';
import { deadlineProgress } from '../services/overview.js';
import { nudgeUnits } from '../services/reminders.js';
import { missingActions } from './missing.actions.js';
import { wayBack } from './way-back.js';
import { dueLabel, stateLabel } from './report.js';

export const missingFlow = defineFlow({
  name: 'missing',
  actions: missingActions,
  steps: {},
  async start(ctx, args) {
    assertCan(ctx.actor, 'missing.list');
    ctx.leave();
    const d = await findDeadlineArg(ctx, args);
    if (d) return showMissing(ctx, d.id);
    if (args.trim()) ctx.reply({ text: ctx.t('args.unknown_deadline', { arg: args.trim() }) });
    await deadlines(ctx, 0);
  },
  async onAction(ctx, action) {
    assertCan(ctx.actor, 'missing.list');
    switch (action.op) {
      case 'deadline_page':
        return deadlines(ctx, action.page, true);
      case 'deadline':
        return showMissing(ctx, action.deadline);
      case 'nudge':
        return nudge(ctx, action.deadline);
    }
  },
});

/** The open deadlines to pick from, paged; a page turned to replaces the list where the channel can. */
function deadlines(ctx: FlowContext, at: number, replace?: true): Promise<void> {
  return pickDeadline(ctx, {
    pick: (deadline) => missingActions.deadline({ deadline }),
    page: (page) => missingActions.deadline_page({ page }),
    at,
    text: ctx.t('missing.pick_deadline'),
    replace,
  });
}

async function missingUnits(ctx: FlowContext, deadlineId: number) {
  const c = await deadlineProgress(ctx.tx, ctx.actor, deadlineId, ctx.now);
  if (!c) throw new UserError({ text: ctx.t('common.stale_button') });
  return { c, missing: c.units.filter((r) => !isDone(r.sub)) };
}

async function showMissing(ctx: FlowContext, deadlineId: number): Promise<void> {
  const { c, missing } = await missingUnits(ctx, deadlineId);
  if (missing.length === 0)
    return ctx.reply({ text: ctx.t('missing.none', { title: c.deadline.title }), buttons: wayBack(ctx, 'missing') });
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
      ? [[{ label: ctx.t('missing.btn_nudge'), action: missingActions.nudge({ deadline: deadlineId }) }]]
      : [],
  });
}

/** "Nhắc ngay": an immediate reminder through the outbox, at most once per unit per hour. */
async function nudge(ctx: FlowContext, deadlineId: number): Promise<void> {
  assertCan(ctx.actor, 'reminder.nudge');
  const { c, missing } = await missingUnits(ctx, deadlineId);
  const sent = await nudgeUnits(ctx.tx, ctx.actor, {
    deadlineId,
    unitIds: missing.map((m) => m.unit.id),
    overdue: isOverdue(c.deadline, undefined, ctx.now),
    now: ctx.now,
  });
  ctx.reply({ text: ctx.t('missing.nudged', { units: sent.units, people: sent.people, skipped: sent.skipped }) });
}
