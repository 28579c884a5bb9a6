/**
 * `/quanly` → "Thêm hạn nộp": a new deadline in chat: its kind, title and due date (typed),
 * which kinds of unit it applies to, the report template and the campaign it belongs to, then
 * a confirmation that names all of it; services/manage.ts creates and audits it, and the units
 * see it at once. Trade-off: each answer is kept in the step's data (validated per step) rather
 * than a draft row, so leaving the wizard discards it, as the "huỷ" message says.
 */
import { z } from 'zod';
import { listCampaigns } from '../../db/queries/content.js';
import { listUnits } from '../../db/queries/directory.js';
import { listTemplates } from '../../db/queries/submissions.js';
import { assertCan } from '../../domain/authz.js';
import { formatDateTime } from '../../domain/format.js';
import { DEADLINE_KINDS } from '../../domain/kinds.js';
import { isBackWord, shortLabel } from '../../domain/text.js';
import { defineActions, field } from '../actions.js';
import { defineFlow, type FlowContext } from '../flow.js';
import { kindLabel } from '../office/labels.js';
import { createDeadline } from '../services/manage.js';
import { defineSteps } from '../steps.js';
import type { ButtonSpec } from '../types.js';
import { parseDue, textAtButtons } from './manage-input.js';

export const manageDeadlineActions = defineActions('manage-deadline', {
  step: {
    kind: { kind: z.enum(DEADLINE_KINDS) },
    /** Every unit. */
    aud_all: {},
    /** Picks or unpicks one kind of unit. */
    aud_toggle: { kind: field.code },
    aud_done: {},
    template: { template: field.code },
    /** The campaign it belongs to, or none. */
    campaign: { campaign: field.id.nullable() },
    create: {},
  },
});

const kinded = z.object({ kind: z.enum(DEADLINE_KINDS) });
const titled = kinded.extend({ title: z.string().min(1) });
const dated = titled.extend({ dueAt: z.iso.datetime(), kinds: z.array(field.code) });
const audienced = dated.extend({
  audience: z.union([z.object({ all: z.literal(true) }), z.object({ unitKinds: z.array(field.code).min(1) })]),
});
const templated = audienced.extend({ template: field.code.nullable() });
const complete = templated.extend({ campaignId: field.id.nullable() });
type Audienced = z.output<typeof audienced>;
type Templated = z.output<typeof templated>;
type Complete = z.output<typeof complete>;

const steps = defineSteps('manage-deadline', {
  kind: { data: z.object({}), actions: ['kind'], text: true },
  title: { data: kinded, text: true },
  due: { data: titled, text: true },
  audience: { data: dated, actions: ['aud_all', 'aud_toggle', 'aud_done'], text: true },
  template: { data: audienced, actions: ['template'], text: true },
  campaign: { data: templated, actions: ['campaign'], text: true },
  confirm: { data: complete, actions: ['create'], text: true },
});

export const manageDeadlineFlow = defineFlow({
  name: 'manage-deadline',
  privateOnly: true,
  actions: manageDeadlineActions,
  steps: steps.specs,
  async start(ctx) {
    assertCan(ctx.actor, 'deadline.manage');
    steps.enter(ctx, 'kind', {});
    askKind(ctx);
  },
  async onAction(ctx, action) {
    assertCan(ctx.actor, 'deadline.manage');
    switch (action.op) {
      case 'kind':
        steps.go(ctx, 'title', { kind: action.kind });
        return askTitle(ctx);
      case 'aud_all':
        return askTemplate(ctx, { ...steps.data(ctx, 'audience'), audience: { all: true } });
      case 'aud_toggle': {
        const d = steps.data(ctx, 'audience');
        const k = action.kind;
        const kinds = d.kinds.includes(k) ? d.kinds.filter((x) => x !== k) : [...d.kinds, k];
        steps.go(ctx, 'audience', { ...d, kinds });
        return askAudience(ctx, kinds, true);
      }
      case 'aud_done': {
        const d = steps.data(ctx, 'audience');
        if (d.kinds.length === 0) return ctx.reply({ text: ctx.t('broadcast.pick_one') });
        return askTemplate(ctx, { ...d, audience: { unitKinds: d.kinds } });
      }
      case 'template':
        return askCampaign(ctx, { ...steps.data(ctx, 'template'), template: action.template });
      case 'campaign':
        return confirmDeadline(ctx, { ...steps.data(ctx, 'campaign'), campaignId: action.campaign });
      case 'create':
        return finish(ctx, steps.data(ctx, 'confirm'));
    }
  },
  async onText(ctx, text) {
    assertCan(ctx.actor, 'deadline.manage');
    // "quay lại" at a typed question goes back a step; it is never saved as a name or a date.
    const step = steps.current(ctx);
    if (step !== 'title' && step !== 'due') return textAtButtons(ctx, text);
    if (step === 'title') {
      if (isBackWord(text)) return askKind(ctx);
      if (text.length > 300)
        return ctx.reply({ text: ctx.t('form.err_too_long', { max: 300, got: text.length }), expectsText: true });
      steps.go(ctx, 'due', { ...steps.data(ctx, 'title'), title: text });
      return ctx.reply({ text: ctx.t('manage.ask_due'), expectsText: true });
    }
    const d = steps.data(ctx, 'due');
    if (isBackWord(text)) {
      steps.go(ctx, 'title', d);
      return askTitle(ctx);
    }
    const due = parseDue(text, ctx.now, ctx.settings.timezone);
    if (!due) return ctx.reply({ text: ctx.t('manage.bad_due'), expectsText: true });
    steps.go(ctx, 'audience', { ...d, dueAt: due.toISOString(), kinds: [] });
    return askAudience(ctx, [], false);
  },
});

function askKind(ctx: FlowContext): void {
  steps.go(ctx, 'kind', {});
  ctx.reply({
    text: ctx.t('manage.ask_kind'),
    buttons: DEADLINE_KINDS.map((kind) => [
      { label: ctx.t(`dkind.${kind}`), action: manageDeadlineActions.kind(ctx, { kind }) },
    ]),
  });
}

function askTitle(ctx: FlowContext): void {
  ctx.reply({ text: ctx.t('manage.ask_title'), expectsText: true });
}

async function askAudience(ctx: FlowContext, picked: string[], replace: boolean): Promise<void> {
  const kinds = [
    ...new Set((await listUnits(ctx.scope, { activeOnly: true })).filter((u) => !u.isOffice).map((u) => u.kind)),
  ];
  const buttons: ButtonSpec[][] = [[{ label: ctx.t('manage.aud_all'), action: manageDeadlineActions.aud_all(ctx) }]];
  for (const kind of kinds)
    buttons.push([
      {
        label: `${picked.includes(kind) ? '✅ ' : ''}${kindLabel(ctx.locale, kind)}`,
        action: manageDeadlineActions.aud_toggle(ctx, { kind }),
      },
    ]);
  buttons.push([
    {
      label: ctx.t('broadcast.picked_done', { count: picked.length }),
      action: manageDeadlineActions.aud_done(ctx),
    },
  ]);
  ctx.reply({ text: ctx.t('manage.ask_audience'), buttons, replace });
}

/** A registration has no report form: straight on to the campaign. */
async function askTemplate(ctx: FlowContext, d: Audienced): Promise<void> {
  if (d.kind === 'registration') return askCampaign(ctx, { ...d, template: null });
  steps.go(ctx, 'template', d);
  const templates = await listTemplates(ctx.scope);
  ctx.reply({
    text: ctx.t('manage.ask_template'),
    buttons: templates.map((tpl) => [
      { label: shortLabel(tpl.title, 60), action: manageDeadlineActions.template(ctx, { template: tpl.code }) },
    ]),
  });
}

async function askCampaign(ctx: FlowContext, d: Templated): Promise<void> {
  steps.go(ctx, 'campaign', d);
  const list = await listCampaigns(ctx.scope);
  ctx.reply({
    text: ctx.t('manage.ask_campaign'),
    buttons: [
      ...list.map((c) => [
        { label: shortLabel(c.title, 60), action: manageDeadlineActions.campaign(ctx, { campaign: c.id }) },
      ]),
      [{ label: ctx.t('manage.no_campaign'), action: manageDeadlineActions.campaign(ctx, { campaign: null }) }],
    ],
  });
}

async function confirmDeadline(ctx: FlowContext, d: Complete): Promise<void> {
  steps.go(ctx, 'confirm', d);
  ctx.reply({
    text: ctx.t('manage.confirm_deadline', {
      kind: ctx.t(`dkind.${d.kind}`),
      title: d.title,
      due: formatDateTime(new Date(d.dueAt), ctx.settings.timezone),
      audience:
        'all' in d.audience
          ? ctx.t('manage.aud_all')
          : d.audience.unitKinds.map((k) => kindLabel(ctx.locale, k)).join(', '),
      // The template's title, never its code.
      template: d.template
        ? ((await listTemplates(ctx.scope)).find((tpl) => tpl.code === d.template)?.title ?? '—')
        : '—',
    }),
    buttons: [[{ label: ctx.t('common.confirm'), action: manageDeadlineActions.create(ctx) }]],
  });
}

async function finish(ctx: FlowContext, d: Complete): Promise<void> {
  const row = await createDeadline(ctx.scope, ctx.actor, {
    kind: d.kind,
    title: d.title,
    dueAt: new Date(d.dueAt),
    audience: 'all' in d.audience ? { all: true } : { unitKinds: d.audience.unitKinds },
    templateCode: d.template,
    campaignId: d.campaignId,
    now: ctx.now,
  });
  ctx.leave();
  ctx.reply({
    text: ctx.t('manage.deadline_created', {
      title: row.title,
      code: row.code,
      due: formatDateTime(row.dueAt, ctx.settings.timezone),
    }),
  });
}
