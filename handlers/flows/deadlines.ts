/**
 * `/hanchot`: my unit's open deadlines, each with its state and the next reminders I will get
 * for it (by my role, on the office's working calendar), and a button to act on it. The
 * standing office sees the deadlines it runs instead: every open deadline with its counts
 * (submitted/total, overdue) and the next reminders the units' focal points will get, paged
 * like every long list (handlers/paging.ts; the page buttons are entry buttons, so an older
 * page still turns). Trade-off: the reminders shown are computed (the deadline's policy, the calendar the bot was
 * started with), not read from the queue: they say what the planner will plan, so a reminder
 * sent by hand ("Nhắc ngay" in `/chuanop`) is not among them.
 */
import { assertCan, assertPerson, can } from '../../domain/authz.js';
import { formatDateTime } from '../../domain/format.js';
import { upcomingFor } from '../../domain/reminders/planner.js';
import { DEFAULT_POLICY, type WorkCalendar } from '../../domain/reminders/policy.js';
import { isDone, isOverdue, stateOf } from '../../domain/submission.js';
import { defineActions, field } from '../actions.js';
import { defineFlow, type Flow, type FlowContext } from '../flow.js';
import { DRILL_PAGE, paginate, withPage } from '../paging.js';
import { districtProgress } from '../services/overview.js';
import type { ButtonSpec } from '../types.js';
import { dueLabel, stateLabel } from './report.js';
import { deadlineButtons } from './status.js';
import { actButton, unitDeadlines } from './unit-deadlines.js';
import { wayBack } from './way-back.js';

/** The office's working calendar in the bot's time zone (Monday–Friday, 07:30–17:30 unless set). */
export function workCalendarOf(ctx: FlowContext, cal?: Partial<WorkCalendar>): WorkCalendar {
  return {
    timezone: ctx.settings.timezone,
    workingDays: cal?.workingDays ?? [1, 2, 3, 4, 5],
    windowStart: cal?.windowStart ?? '07:30',
    windowEnd: cal?.windowEnd ?? '17:30',
  };
}

/** The buttons of `/hanchot`: the office's list, paged (each deadline opens its units in `/tinhhinh`). */
export const deadlinesActions = defineActions('deadlines', {
  entry: {
    /** A page of the open deadlines the office runs. */
    office: { page: field.page },
  },
});

export function createDeadlinesFlow(calendar: Omit<WorkCalendar, 'timezone'>): Flow {
  return defineFlow({
    name: 'deadlines',
    privateOnly: true,
    actions: deadlinesActions,
    steps: {},
    async start(ctx) {
      ctx.leave();
      assertPerson(ctx.actor);
      const actor = ctx.actor;
      const cal = workCalendarOf(ctx, calendar);
      if (can(actor, 'status.district')) return officeDeadlines(ctx, cal, 0);
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
    async onAction(ctx, action) {
      assertPerson(ctx.actor);
      assertCan(ctx.actor, 'status.district');
      return officeDeadlines(ctx, workCalendarOf(ctx, calendar), action.page, true);
    },
  });
}

/**
 * The office's view: the open deadlines it runs, their counts and the focal points' next
 * reminders, a page at a time; a page turned to replaces the list where the channel can.
 */
async function officeDeadlines(ctx: FlowContext, cal: WorkCalendar, page: number, replace?: true): Promise<void> {
  assertPerson(ctx.actor);
  const all = await districtProgress(ctx.scope, ctx.actor, ctx.now);
  if (all.length === 0) return ctx.reply({ text: ctx.t('deadlines.office_none'), buttons: wayBack(ctx), replace });
  const pg = paginate(all, page, (p) => deadlinesActions.office({ page: p }), ctx.t, DRILL_PAGE);
  const lines = [withPage(ctx.t('deadlines.office_title', { office: ctx.actor.unitName }), pg)];
  for (const c of pg.items) {
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
  ctx.reply({ text: lines.join('\n'), buttons: [...deadlineButtons(pg.items), ...pg.nav], replace });
}
