/**
 * `/quanly` → "Tạo phong trào": a new emulation campaign, named and summarised in chat. Nothing
 * is written before the confirming press (handlers/confirm.ts); services/manage.ts creates and
 * audits it. "quay lại" at a typed question goes back a step and is never saved as a name.
 * Trade-off: its own flow, opened from the menu (flows/manage.ts), so its steps and buttons
 * are declared apart from the other wizards; going back from the first question reopens the
 * menu by its flow name rather than by importing it (the menu imports the wizards).
 */
import { z } from 'zod';
import { assertCan } from '../../domain/authz.js';
import { isBackWord } from '../../domain/text.js';
import { defineActions, field } from '../actions.js';
import { askToConfirm } from '../confirm.js';
import { defineFlow, type FlowContext } from '../flow.js';
import { createCampaign } from '../services/manage.js';
import { defineSteps } from '../steps.js';
import { MANAGE_MENU, textAtButtons } from './manage-input.js';

export const manageCampaignActions = defineActions('manage-campaign', {
  step: {
    /** No summary: straight to the confirmation. */
    skip_summary: {},
    create: { confirmed: field.confirmed },
    /** From the confirmation back to the title. */
    back: {},
  },
});

const titled = z.object({ title: z.string().min(1) });
const steps = defineSteps('manage-campaign', {
  title: { data: z.object({}), text: true },
  summary: { data: titled, actions: ['skip_summary'], text: true },
  confirm: { data: titled.extend({ summary: z.string().nullable() }), actions: ['create', 'back'], text: true },
});

export const manageCampaignFlow = defineFlow({
  name: 'manage-campaign',
  privateOnly: true,
  actions: manageCampaignActions,
  steps: steps.specs,
  async start(ctx) {
    assertCan(ctx.actor, 'deadline.manage');
    steps.enter(ctx, 'title', {});
    askTitle(ctx);
  },
  async onText(ctx, text) {
    assertCan(ctx.actor, 'deadline.manage');
    const step = steps.current(ctx);
    if (step === 'confirm') return textAtButtons(ctx, text);
    if (isBackWord(text)) return step === 'summary' ? askTitle(ctx) : ctx.startFlow(MANAGE_MENU, '');
    if (step === 'title') {
      if (text.length > 300)
        return ctx.reply({ text: ctx.t('form.err_too_long', { max: 300, got: text.length }), expectsText: true });
      steps.go(ctx, 'summary', { title: text });
      return ctx.reply({
        text: ctx.t('manage.ask_campaign_summary'),
        buttons: [[{ label: ctx.t('common.skip'), action: manageCampaignActions.skip_summary(ctx) }]],
        expectsText: true,
      });
    }
    if (text.length > 2000)
      return ctx.reply({ text: ctx.t('form.err_too_long', { max: 2000, got: text.length }), expectsText: true });
    return confirmCampaign(ctx, text);
  },
  async onAction(ctx, action) {
    assertCan(ctx.actor, 'deadline.manage');
    switch (action.op) {
      case 'skip_summary':
        return confirmCampaign(ctx, null);
      case 'back':
        return askTitle(ctx);
      case 'create':
        if (!action.confirmed) return ctx.reply({ text: ctx.t('common.stale_button') });
        return createConfirmed(ctx);
    }
  },
});

function askTitle(ctx: FlowContext): void {
  steps.go(ctx, 'title', {});
  ctx.reply({ text: ctx.t('manage.ask_campaign_title'), expectsText: true });
}

/** Creating a campaign is a second step that names it (nothing is written before "Có"). */
function confirmCampaign(ctx: FlowContext, summary: string | null): void {
  const { title } = steps.data(ctx, 'summary');
  steps.go(ctx, 'confirm', { title, summary });
  askToConfirm(ctx, {
    text: ctx.t('manage.confirm_campaign', { title }),
    yes: ctx.t('manage.confirm_campaign_yes'),
    action: manageCampaignActions.create(ctx, { confirmed: undefined }),
    back: manageCampaignActions.back(ctx),
  });
}

async function createConfirmed(ctx: FlowContext): Promise<void> {
  const { title, summary } = steps.data(ctx, 'confirm');
  const { code } = await createCampaign(ctx.scope, ctx.actor, { title, summary, now: ctx.now });
  ctx.leave();
  ctx.reply({ text: ctx.t('manage.campaign_created', { title, code }) });
}
