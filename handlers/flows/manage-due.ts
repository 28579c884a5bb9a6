/**
 * `/quanly` → "Đổi hạn": moves an open deadline's due date (typed, local time); the reminders
 * re-plan from the new date. services/manage.ts changes and audits it. Trade-off: the picking
 * and the typed step are the shared shape of flows/manage-edit.ts; only the question and the
 * change are here.
 */
import { formatDateTime } from '../../domain/format.js';
import { changeDue } from '../services/manage.js';
import { defineDeadlineEdit } from './manage-edit.js';
import { parseDue } from './manage-input.js';

export const manageDueFlow = defineDeadlineEdit({
  name: 'manage-due',
  ask(ctx, dl) {
    ctx.reply({
      text: ctx.t('manage.ask_new_due', { title: dl.title, due: formatDateTime(dl.dueAt, ctx.settings.timezone) }),
      expectsText: true,
    });
  },
  async answer(ctx, deadlineId, text) {
    const tz = ctx.settings.timezone;
    const due = parseDue(text, ctx.now, tz);
    if (!due) return ctx.reply({ text: ctx.t('manage.bad_due'), expectsText: true });
    const dl = await changeDue(ctx.scope, ctx.actor, deadlineId, due, ctx.now);
    ctx.leave();
    ctx.reply({ text: ctx.t('manage.due_changed', { title: dl.title, due: formatDateTime(dl.dueAt, tz) }) });
  },
});
