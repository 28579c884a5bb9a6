/**
 * `/quanly`: the office creates campaigns and deadlines, moves a due date (reminders re-plan),
 * sets a deadline's reminder days and closes a deadline, entirely in chat (the same is
 * possible through the YAML import). This is the menu; each job is a wizard of its own, one
 * file each (flows/manage-*.ts), opened from here in the same update. Trade-off: the wizards
 * are separate flows with their own declared steps and buttons, so a menu button is a step
 * button of the menu's run (stale once the person moved on) that starts the wizard by name.
 */
import { z } from 'zod';
import { assertCan } from '../../domain/authz.js';
import { defineActions } from '../actions.js';
import { defineFlow, type Flow } from '../flow.js';
import { defineSteps } from '../steps.js';
import { manageCampaignFlow } from './manage-campaign.js';
import { manageCloseFlow } from './manage-close.js';
import { manageDeadlineFlow } from './manage-deadline.js';
import { manageDueFlow } from './manage-due.js';
import { manageRemindersFlow } from './manage-reminders.js';
import { MANAGE_MENU, textAtButtons } from './manage-input.js';

/** The menu's entries, in the order shown, with their wizards. */
const WIZARDS = {
  campaign: manageCampaignFlow,
  deadline: manageDeadlineFlow,
  due: manageDueFlow,
  reminders: manageRemindersFlow,
  close: manageCloseFlow,
} as const;
const WIZARD_NAMES = ['campaign', 'deadline', 'due', 'reminders', 'close'] as const;
const LABELS = {
  campaign: 'manage.new_campaign',
  deadline: 'manage.new_deadline',
  due: 'manage.change_due',
  reminders: 'manage.policy',
  close: 'manage.close',
} as const;

export const manageActions = defineActions(MANAGE_MENU, {
  step: { open: { wizard: z.enum(WIZARD_NAMES) } },
});

const steps = defineSteps(MANAGE_MENU, {
  menu: { data: z.object({}), actions: ['open'], text: true },
});

export const manageFlow = defineFlow({
  name: MANAGE_MENU,
  privateOnly: true,
  actions: manageActions,
  steps: steps.specs,
  async start(ctx) {
    assertCan(ctx.actor, 'deadline.manage');
    steps.enter(ctx, 'menu', {});
    ctx.reply({
      text: ctx.t('manage.menu'),
      buttons: WIZARD_NAMES.map((wizard) => [
        { label: ctx.t(LABELS[wizard]), action: manageActions.open(ctx, { wizard }) },
      ]),
    });
  },
  async onAction(ctx, action) {
    assertCan(ctx.actor, 'deadline.manage');
    return ctx.startFlow(WIZARDS[action.wizard].name, '');
  },
  async onText(ctx, text) {
    // "quay lại" at the menu shows the menu again; other text is asked to use the choices.
    return textAtButtons(ctx, text);
  },
});

/** The menu and its wizards, to install together. */
export const manageFlows: readonly Flow[] = [manageFlow, ...WIZARD_NAMES.map((w) => WIZARDS[w])];
