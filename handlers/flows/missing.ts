/**
 * `/chuanop`: which units of a deadline have not submitted, with their focal points, and
 * "Nhắc ngay", an immediate reminder to them (services/reminders.ts queues and records it).
 * The reminder takes a second step that names the deadline, the units and how many people
 * will get it, with "Thôi" first (where a habitual "1" lands) and "Gửi nhắc" second; only that
 * press sends, and only to the units it named. Trade-offs: the list is read again when
 * "Gửi nhắc" is pressed rather than trusted from the confirmation, so a unit that submitted in
 * between is not reminded (and one that fell behind in between is not added); the confirmation
 * is the one step this flow keeps, so a replayed or older "Gửi nhắc" is a stale button.
 */
import { z } from 'zod';
import { listPeople } from '../../db/queries/directory.js';
import { assertCan, can } from '../../domain/authz.js';
import { isDone, isOverdue, stateOf } from '../../domain/submission.js';
import { ellipsis } from '../../domain/text.js';
import { field, type ActionsOf } from '../actions.js';
import { askToConfirm, isConfirmed } from '../confirm.js';
import { defineFlow, UserError, type FlowContext } from '../flow.js';
import { findDeadlineArg, pickDeadline } from '../pickers.js';
import { deadlineProgress } from '../services/overview.js';
import { nudgeUnits, planNudge } from '../services/reminders.js';
import { defineSteps } from '../steps.js';
import { missingActions } from './missing.actions.js';
import { dueLabel, stateLabel } from './report.js';
import { wayBack } from './way-back.js';

const steps = defineSteps('missing', {
  /** "Nhắc ngay" pressed: the confirmation, with the units it names (those not reminded within the hour). */
  confirm: {
    data: z.object({ deadlineId: field.id, units: z.array(field.id).min(1).max(10_000) }),
    actions: ['send', 'drop'],
  },
});

type SendAction = Extract<ActionsOf<typeof missingActions>, { op: 'send' }>;

export const missingFlow = defineFlow({
  name: 'missing',
  actions: missingActions,
  steps: steps.specs,
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
      case 'send':
        return send(ctx, action);
      case 'drop': {
        const { deadlineId } = steps.data(ctx, 'confirm');
        ctx.leave();
        ctx.reply({ text: ctx.t('missing.nudge_dropped') });
        return showMissing(ctx, deadlineId);
      }
    }
    // Any other screen of the flow ends a confirmation left open: its "Gửi nhắc" goes stale.
    if (steps.current(ctx)) ctx.leave();
    switch (action.op) {
      case 'deadline_page':
        return deadlines(ctx, action.page, true);
      case 'deadline':
        return showMissing(ctx, action.deadline);
      case 'nudge':
        return askNudge(ctx, action.deadline);
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
  const c = await deadlineProgress(ctx.scope, ctx.actor, deadlineId, ctx.now);
  if (!c) throw new UserError({ text: ctx.t('common.stale_button') });
  return { c, missing: c.units.filter((r) => !isDone(r.sub)) };
}

async function showMissing(ctx: FlowContext, deadlineId: number): Promise<void> {
  const { c, missing } = await missingUnits(ctx, deadlineId);
  if (missing.length === 0)
    return ctx.reply({ text: ctx.t('missing.none', { title: c.deadline.title }), buttons: wayBack(ctx, 'missing') });
  const contacts = await listPeople(ctx.scope, {
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

/**
 * "Nhắc ngay": the confirmation naming the deadline, the units and the people a reminder would
 * reach now; nothing is sent. No confirmation when there is nobody to remind.
 */
async function askNudge(ctx: FlowContext, deadlineId: number): Promise<void> {
  assertCan(ctx.actor, 'reminder.nudge');
  const { c, missing } = await missingUnits(ctx, deadlineId);
  const title = c.deadline.title;
  if (c.deadline.status !== 'open') return ctx.reply({ text: ctx.t('missing.nudge_closed', { title }) });
  if (missing.length === 0)
    return ctx.reply({ text: ctx.t('missing.none', { title }), buttons: wayBack(ctx, 'missing') });
  const plan = await planNudge(ctx.scope, ctx.actor, {
    deadlineId,
    unitIds: missing.map((m) => m.unit.id),
    now: ctx.now,
  });
  if (plan.unitIds.length === 0)
    return ctx.reply({ text: ctx.t('missing.nudge_all_recent', { title, count: plan.skipped }) });
  if (plan.people === 0)
    return ctx.reply({ text: ctx.t('missing.nudge_no_focal', { title, count: plan.unitIds.length }) });
  steps.enter(ctx, 'confirm', { deadlineId, units: plan.unitIds });
  const named = new Set(plan.unitIds);
  const names = missing.filter((m) => named.has(m.unit.id)).map((m) => m.unit.name);
  const lines = [
    ctx.t('missing.confirm_nudge', {
      title,
      units: plan.unitIds.length,
      people: plan.people,
      names: ellipsis(names.join(', '), 600),
    }),
  ];
  if (plan.withoutFocal) lines.push(ctx.t('missing.confirm_no_focal', { count: plan.withoutFocal }));
  if (plan.skipped) lines.push(ctx.t('missing.confirm_skipped', { count: plan.skipped }));
  askToConfirm(ctx, {
    text: lines.join('\n'),
    yes: ctx.t('missing.yes_nudge'),
    no: ctx.t('missing.no_nudge'),
    action: missingActions.send(ctx, { deadline: deadlineId, confirmed: undefined }),
    back: missingActions.drop(ctx),
  });
}

/**
 * "Gửi nhắc": an immediate reminder through the outbox to the units the confirmation named
 * that are still not done, at most once per unit per hour. A press that does not match the
 * confirmation open in this chat (another deadline, no `confirmed`) changes nothing.
 */
async function send(ctx: FlowContext, action: SendAction): Promise<void> {
  assertCan(ctx.actor, 'reminder.nudge');
  const { deadlineId, units } = steps.data(ctx, 'confirm');
  if (!isConfirmed(action) || action.deadline !== deadlineId) return ctx.reply({ text: ctx.t('common.stale_button') });
  ctx.leave();
  const { c, missing } = await missingUnits(ctx, deadlineId);
  const title = c.deadline.title;
  if (c.deadline.status !== 'open') return ctx.reply({ text: ctx.t('missing.nudge_closed', { title }) });
  const still = new Set(missing.map((m) => m.unit.id));
  const unitIds = units.filter((id) => still.has(id));
  if (unitIds.length === 0) return ctx.reply({ text: ctx.t('missing.nudge_nobody_left', { title }) });
  const sent = await nudgeUnits(ctx.scope, ctx.actor, {
    deadlineId,
    unitIds,
    overdue: isOverdue(c.deadline, undefined, ctx.now),
    now: ctx.now,
  });
  ctx.reply({ text: ctx.t('missing.nudged', { units: sent.units, people: sent.people, skipped: sent.skipped }) });
}
