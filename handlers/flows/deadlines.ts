/**
 * `/hanchot`: my unit's open deadlines, each with its state and the next reminders I will get
 * for it (by my role, on the office's working calendar), and a button to act on it. The
 * standing office sees the deadlines it runs instead: every open deadline with its counts
 * (submitted/total, overdue) and the next reminders the units' focal points will get.
 * Trade-off: the reminders shown are computed (the deadline's policy, the calendar the bot was
 * started with), not read from the queue: they say what the planner will plan, so a reminder
 * sent by hand ("Nhắc ngay" in `/chuanop`) is not among them.
 */
import { assertPerson, can } from '../../domain/authz.js';
import { formatDateTime } from '../../domain/format.js';
import { upcomingFor } from '../../domain/reminders/planner.js';
import { DEFAULT_POLICY, type WorkCalendar } from '../../domain/reminders/policy.js';
import { isDone, isOverdue, stateOf } from '../../domain/submission.js';
import { defineFlow, type Flow, type FlowContext } from '../flow.js';
import { districtProgress } from '../services/overview.js';
import type { ButtonSpec } from '../types.js';
import { dueLabel, stateLabel } from './report.js';
import { statusActions } from './status.actions.js';
import { actButton, unitDeadlines } from './unit-deadlines.js';
import { wayBack } from './way-back.js';
import { shortLabel } from '../../domain/text.js';

/** The office's working calendar in the bot's time zone (Monday–Friday, 07:30–17:30 unless set). */
export function workCalendarOf(ctx: FlowContext, cal?: Partial<WorkCalendar>): WorkCalendar {
  return {
    timezone: ctx.settings.timezone,
    workingDays: cal?.workingDays ?? [1, 2, 3, 4, 5],
    windowStart: cal?.windowStart ?? '07:30',
    windowEnd: cal?.windowEnd ?? '17:30',
  };
}

export function createDeadlinesFlow(calendar: Omit<WorkCalendar, 'timezone'>): Flow {
  return defineFlow({
    name: 'deadlines',
    privateOnly: true,
    steps: {},
    async start(ctx) {
      ctx.leave();
      assertPerson(ctx.actor);
      const actor = ctx.actor;
      const cal = workCalendarOf(ctx, calendar);
      if (can(actor, 'status.district')) return officeDeadlines(ctx, cal);
      const list = await unitDeadlines(ctx, actor.unitId);
      if (list.length === 0)
        return ctx.reply({ text: ctx.t('deadlines.none', { unit: actor.unitName }), buttons: wayBack(ctx) });
      const lines = [ctx.t('deadlines.title', { unit: actor.unitName })];
      const buttons: ButtonSpec[][] = [];
      for (const { deadline: d, sub } of list) {
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
        const act = isDone(sub) ? undefined : actButton(ctx, d, actor.unitId);
        if (act) buttons.push(act);
      }
      ctx.reply({ text: lines.join('\n'), buttons });
    },
  });
}

/** The office's view: the open deadlines it runs, their counts and the focal points' next reminders. */
async function officeDeadlines(ctx: FlowContext, cal: WorkCalendar): Promise<void> {
  assertPerson(ctx.actor);
  const all = await districtProgress(ctx.scope, ctx.actor, ctx.now);
  if (all.length === 0) return ctx.reply({ text: ctx.t('deadlines.office_none'), buttons: wayBack(ctx) });
  const lines = [ctx.t('deadlines.office_title', { office: ctx.actor.unitName })];
  for (const c of all) {
    const next = upcomingFor(c.deadline, 'focal', DEFAULT_POLICY, cal, ctx.now, 3);
    lines.push(
      '',
      `• ${c.deadline.title}`,
      `  ${dueLabel(ctx, c.deadline.dueAt)}`,
      `  ${ctx.t('deadlines.office_counts', { submitted: c.submitted, total: c.total, overdue: c.overdue })}`,
      `  ${
        next.length
          ? ctx.t('deadlines.office_reminders', {
              list: next.map((p) => formatDateTime(p.effectiveAt, ctx.settings.timezone)).join('; '),
            })
          : ctx.t('deadlines.office_no_reminders')
      }`,
    );
  }
  ctx.reply({
    text: lines.join('\n'),
    buttons: all.map((c) => [
      {
        label: shortLabel(`${c.deadline.title} (${c.submitted}/${c.total})`, 60),
        action: statusActions.deadline({ deadline: c.deadline.id, group: undefined, page: undefined }),
      },
    ]),
  });
}
