/**
 * The shape of the `/quanly` wizards that change one thing about an existing deadline (its due
 * date, its reminder days): pick an open deadline, answer one typed question about it. Each
 * wizard (flows/manage-due.ts, flows/manage-reminders.ts) gives its question and what its
 * answer does; this declares the flow, its two steps and its one button. Trade-off: a factory
 * rather than two copies, so both wizards refuse, go back and go stale in exactly the same way.
 */
import { z } from 'zod';
import { getDeadline, type DeadlineRow } from '../../db/queries/submissions.js';
import { assertCan } from '../../domain/authz.js';
import { isBackWord } from '../../domain/text.js';
import { defineActions, field } from '../actions.js';
import { defineFlow, type Flow, type FlowContext } from '../flow.js';
import { pickDeadline } from '../pickers.js';
import { defineSteps } from '../steps.js';
import { MANAGE_MENU, textAtButtons } from './manage-input.js';

export interface DeadlineEdit {
  name: string;
  /** The question about the picked deadline (a reply that expects text). */
  ask(ctx: FlowContext, deadline: DeadlineRow): void;
  /** The typed answer: applies it and leaves, or says what was wrong and asks again. */
  answer(ctx: FlowContext, deadlineId: number, text: string): Promise<void>;
}

export function defineDeadlineEdit(o: DeadlineEdit): Flow {
  const actions = defineActions(o.name, {
    step: { pick: { deadline: field.id }, deadline_page: { page: field.page } },
  });
  const steps = defineSteps(o.name, {
    pick: { data: z.object({}), actions: ['pick', 'deadline_page'], text: true },
    answer: { data: z.object({ deadlineId: field.id }), text: true },
  });
  /** The open deadlines, paged; a page turned to replaces the list where the channel can. */
  const list = (ctx: FlowContext, at: number, replace?: true): Promise<void> =>
    pickDeadline(ctx, {
      pick: (deadline) => actions.pick(ctx, { deadline }),
      page: (page) => actions.deadline_page(ctx, { page }),
      at,
      text: ctx.t('manage.pick_deadline'),
      back: MANAGE_MENU,
      replace,
    });
  return defineFlow({
    name: o.name,
    privateOnly: true,
    actions,
    steps: steps.specs,
    async start(ctx) {
      assertCan(ctx.actor, 'deadline.manage');
      steps.enter(ctx, 'pick', {});
      await list(ctx, 0);
    },
    async onAction(ctx, action) {
      assertCan(ctx.actor, 'deadline.manage');
      if (action.op === 'deadline_page') return list(ctx, action.page, true);
      const dl = await getDeadline(ctx.scope, action.deadline);
      if (!dl) return ctx.reply({ text: ctx.t('common.stale_button') });
      steps.go(ctx, 'answer', { deadlineId: dl.id });
      o.ask(ctx, dl);
    },
    async onText(ctx, text) {
      assertCan(ctx.actor, 'deadline.manage');
      // "quay lại" at the question goes back to the menu; it is never taken as an answer.
      if (steps.current(ctx) !== 'answer' || isBackWord(text)) return textAtButtons(ctx, text);
      return o.answer(ctx, steps.data(ctx, 'answer').deadlineId, text);
    },
  });
}
