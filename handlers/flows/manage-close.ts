/**
 * `/quanly` → "Đóng hạn": closes a deadline (its reminders stop, units no longer see it as
 * due). Closing cannot be undone in chat, so it is a second press with "no" first, where a
 * habitual "1" lands. services/manage.ts closes and audits it. Trade-off: the confirmation
 * stays in the picking step, so "no" simply shows the list again.
 */
import { z } from 'zod';
import { getDeadline } from '../../db/queries/submissions.js';
import { assertCan } from '../../domain/authz.js';
import { defineActions, field } from '../actions.js';
import { defineFlow, type FlowContext } from '../flow.js';
import { pickDeadline } from '../pickers.js';
import { closeDeadline } from '../services/manage.js';
import { defineSteps } from '../steps.js';
import { MANAGE_MENU, textAtButtons } from './manage-input.js';

export const manageCloseActions = defineActions('manage-close', {
  step: {
    /** The open deadlines again ("no" on the confirmation). */
    list: {},
    /** A page of the open deadlines. */
    deadline_page: { page: field.page },
    /** One deadline picked: the confirmation. */
    pick: { deadline: field.id },
    close: { deadline: field.id },
  },
});

const steps = defineSteps('manage-close', {
  pick: { data: z.object({}), actions: ['list', 'deadline_page', 'pick', 'close'], text: true },
});

export const manageCloseFlow = defineFlow({
  name: 'manage-close',
  privateOnly: true,
  actions: manageCloseActions,
  steps: steps.specs,
  async start(ctx) {
    assertCan(ctx.actor, 'deadline.manage');
    steps.enter(ctx, 'pick', {});
    await list(ctx);
  },
  async onAction(ctx, action) {
    assertCan(ctx.actor, 'deadline.manage');
    switch (action.op) {
      case 'list':
        return list(ctx);
      case 'deadline_page':
        return list(ctx, action.page, true);
      case 'pick': {
        const dl = await getDeadline(ctx.scope, action.deadline);
        if (!dl) return ctx.reply({ text: ctx.t('common.stale_button') });
        // Closing cannot be undone here: "no" comes first, where a habitual "1" lands.
        return ctx.reply({
          text: ctx.t('manage.confirm_close', { title: dl.title }),
          buttons: [
            [{ label: ctx.t('confirm.no'), action: manageCloseActions.list(ctx) }],
            [{ label: ctx.t('common.confirm'), action: manageCloseActions.close(ctx, { deadline: dl.id }) }],
          ],
        });
      }
      case 'close': {
        const dl = await closeDeadline(ctx.scope, ctx.actor, action.deadline, ctx.now);
        ctx.leave();
        return ctx.reply({ text: ctx.t('manage.closed', { title: dl.title }) });
      }
    }
  },
  async onText(ctx, text) {
    assertCan(ctx.actor, 'deadline.manage');
    return textAtButtons(ctx, text);
  },
});

/** The open deadlines, paged; a page turned to replaces the list where the channel can. */
function list(ctx: FlowContext, at = 0, replace?: true): Promise<void> {
  return pickDeadline(ctx, {
    pick: (deadline) => manageCloseActions.pick(ctx, { deadline }),
    page: (page) => manageCloseActions.deadline_page(ctx, { page }),
    at,
    text: ctx.t('manage.pick_deadline'),
    back: MANAGE_MENU,
    replace,
  });
}
