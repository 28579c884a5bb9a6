/**
 * `/quanly` → "Lịch nhắc của một hạn": a deadline's own reminder days ("7, 3, 1 / 2": days
 * before the due date, and every how many working days once overdue), used by the planner at
 * once. services/manage.ts parses, stores and audits it. Trade-off: typed as one short line
 * rather than chosen with buttons (the office sets it rarely and knows the days it wants); the
 * picking and the typed step are the shared shape of flows/manage-edit.ts.
 */
import { policyFor } from '../../domain/reminders/policy.js';
import { parsePolicy, setReminderPolicy } from '../services/manage.js';
import { defineDeadlineEdit } from './manage-edit.js';

export const manageRemindersFlow = defineDeadlineEdit({
  name: 'manage-reminders',
  ask(ctx, dl) {
    const p = policyFor(dl.reminderPolicy);
    ctx.reply({
      text: ctx.t('manage.ask_policy', {
        title: dl.title,
        current: `${p.beforeDays.join(',')} / ${p.overdueEveryWorkingDays}`,
      }),
      expectsText: true,
    });
  },
  async answer(ctx, deadlineId, text) {
    const policy = parsePolicy(text);
    if (!policy) return ctx.reply({ text: ctx.t('manage.bad_policy'), expectsText: true });
    const dl = await setReminderPolicy(ctx.scope, ctx.actor, deadlineId, policy, ctx.now);
    ctx.leave();
    ctx.reply({
      text: ctx.t('manage.policy_set', {
        title: dl.title,
        before: policy.before_days.join(', '),
        every: policy.overdue_every_working_days,
      }),
    });
  },
});
