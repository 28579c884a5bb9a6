/**
 * `/thongbao`: an announcement from the office to a chosen audience (everyone, some kinds of
 * unit, some units, some roles), previewed with its number of recipients and delivered through
 * the outbox. The flow only chooses; services/broadcasts.ts records, queues and audits in one
 * transaction. Trade-off: the audience is resolved again when sending (people may have joined
 * since the preview), so the count sent can differ from the count previewed by a late change.
 */
import { z } from 'zod';
import { accountsOfPeople, listPeople, listUnits } from '../../db/queries/directory.js';
import { assertCan, isRole, ROLES } from '../../domain/authz.js';
import { shortLabel } from '../../domain/text.js';
import { defineActions, field } from '../actions.js';
import { defineFlow, type FlowContext } from '../flow.js';
import { kindLabel } from '../office/labels.js';
import { paginate } from '../paging.js';
import { queueBroadcast } from '../services/broadcasts.js';
import { defineSteps } from '../steps.js';
import type { ButtonSpec } from '../types.js';

const MODES = ['all', 'kinds', 'units', 'roles'] as const;
type Mode = (typeof MODES)[number];
const MAX_BROADCAST = 2000;

/** A picked kind of unit or role (a code), or a unit (its id). */
const pickedValue = z.union([field.code, field.id]);

export const broadcastActions = defineActions('broadcast', {
  step: {
    /** How the audience is chosen. */
    mode: { mode: z.enum(MODES) },
    /** Picks or unpicks one kind, unit or role; `page` is the page it was on. */
    toggle: { value: pickedValue, page: field.page },
    page: { page: field.page },
    /** Done picking: the preview. */
    picked: {},
    send: {},
    /** From the preview back to choosing the audience. */
    back: {},
  },
});

const audience = z.object({
  text: z.string().min(1),
  mode: z.enum(MODES),
  picked: z.array(pickedValue),
});
type Audience = z.output<typeof audience>;

const steps = defineSteps('broadcast', {
  text: { data: z.object({}), text: true },
  // Text at the buttons is answered (use the choices), not taken as a question.
  audience: { data: audience, actions: ['mode', 'toggle', 'page', 'picked'], text: true },
  preview: { data: audience, actions: ['back', 'send'], text: true },
});

export const broadcastFlow = defineFlow({
  name: 'broadcast',
  privateOnly: true,
  actions: broadcastActions,
  steps: steps.specs,
  async start(ctx) {
    assertCan(ctx.actor, 'broadcast');
    steps.enter(ctx, 'text', {});
    ctx.reply({ text: ctx.t('broadcast.ask_text', { max: MAX_BROADCAST }), expectsText: true });
  },
  async onText(ctx, text) {
    assertCan(ctx.actor, 'broadcast');
    if (steps.current(ctx) !== 'text') return ctx.reply({ text: ctx.t('invite.use_buttons') });
    if ([...text].length > MAX_BROADCAST) {
      return ctx.reply({
        text: `❗ ${ctx.t('form.err_too_long', { max: MAX_BROADCAST, got: [...text].length })}\n\n${ctx.t('broadcast.ask_text', { max: MAX_BROADCAST })}`,
        expectsText: true,
      });
    }
    steps.go(ctx, 'audience', { text, mode: 'all', picked: [] });
    return audienceMenu(ctx);
  },
  async onAction(ctx, action) {
    assertCan(ctx.actor, 'broadcast');
    switch (action.op) {
      case 'mode': {
        const d = { ...steps.data(ctx, 'audience'), mode: action.mode, picked: [] };
        steps.go(ctx, 'audience', d);
        if (d.mode === 'all') return preview(ctx, d);
        return pickList(ctx, d, 0);
      }
      case 'toggle': {
        const d = steps.data(ctx, 'audience');
        const v = action.value;
        const picked = d.picked.includes(v) ? d.picked.filter((x) => x !== v) : [...d.picked, v];
        steps.go(ctx, 'audience', { ...d, picked });
        return pickList(ctx, { ...d, picked }, action.page);
      }
      case 'page':
        return pickList(ctx, steps.data(ctx, 'audience'), action.page);
      case 'picked': {
        const d = steps.data(ctx, 'audience');
        if (d.picked.length === 0) return ctx.reply({ text: ctx.t('broadcast.pick_one') });
        return preview(ctx, d);
      }
      case 'back':
        steps.go(ctx, 'audience', steps.data(ctx, 'preview'));
        return audienceMenu(ctx);
      case 'send':
        return send(ctx, steps.data(ctx, 'preview'));
    }
  },
});

function audienceMenu(ctx: FlowContext): void {
  const mode = (m: Mode) => broadcastActions.mode(ctx, { mode: m });
  ctx.reply({
    text: ctx.t('broadcast.pick_audience'),
    buttons: [
      [{ label: ctx.t('broadcast.aud_all'), action: mode('all') }],
      [{ label: ctx.t('broadcast.aud_kinds'), action: mode('kinds') }],
      [{ label: ctx.t('broadcast.aud_units'), action: mode('units') }],
      [{ label: ctx.t('broadcast.aud_roles'), action: mode('roles') }],
    ],
  });
}

async function options(ctx: FlowContext, mode: Mode): Promise<Array<{ value: string | number; label: string }>> {
  const units = await listUnits(ctx.scope, { activeOnly: true });
  if (mode === 'kinds') {
    const kinds = [...new Set(units.map((u) => u.kind))];
    return kinds.map((k) => ({
      value: k,
      label: `${kindLabel(ctx.locale, k)} (${units.filter((u) => u.kind === k).length})`,
    }));
  }
  if (mode === 'roles') return ROLES.map((r) => ({ value: r, label: ctx.t(`role.${r}`) }));
  return units.map((u) => ({ value: u.id, label: u.name }));
}

async function pickList(ctx: FlowContext, d: Audience, page: number): Promise<void> {
  const all = await options(ctx, d.mode);
  const pg = paginate(all, page, (p) => broadcastActions.page(ctx, { page: p }), ctx.t, 8);
  const buttons: ButtonSpec[][] = pg.items.map((o) => [
    {
      label: shortLabel(`${d.picked.includes(o.value) ? '✅ ' : ''}${o.label}`, 60),
      action: broadcastActions.toggle(ctx, { value: o.value, page: pg.page }),
    },
  ]);
  buttons.push(...pg.nav, [
    { label: ctx.t('broadcast.picked_done', { count: d.picked.length }), action: broadcastActions.picked(ctx) },
  ]);
  ctx.reply({ text: ctx.t('broadcast.pick_items'), buttons, replace: true });
}

async function recipients(ctx: FlowContext, d: Audience): Promise<number[]> {
  const units = await listUnits(ctx.scope, { activeOnly: true });
  let unitIds: number[] | undefined;
  let roles: string[] | undefined;
  if (d.mode === 'kinds') unitIds = units.filter((u) => d.picked.includes(u.kind)).map((u) => u.id);
  if (d.mode === 'units') unitIds = d.picked.filter((v): v is number => typeof v === 'number');
  if (d.mode === 'roles') roles = d.picked.filter((v): v is string => typeof v === 'string').filter(isRole);
  const people = await listPeople(ctx.scope, { unitIds, roles, activeOnly: true });
  return people.map((p) => p.person.id);
}

async function preview(ctx: FlowContext, d: Audience): Promise<void> {
  const ids = await recipients(ctx, d);
  const linked = new Set((await accountsOfPeople(ctx.tx, ids)).map((a) => a.personId));
  steps.go(ctx, 'preview', d);
  ctx.reply({
    text: ctx.t('broadcast.preview', { text: d.text, count: ids.length, unlinked: ids.length - linked.size }),
    buttons: [
      // Going back comes first, where a habitual "1" lands; sending is the second choice.
      [
        { label: ctx.t('common.back'), action: broadcastActions.back(ctx) },
        { label: ctx.t('broadcast.btn_send', { count: ids.length }), action: broadcastActions.send(ctx) },
      ],
    ],
  });
}

async function send(ctx: FlowContext, d: Audience): Promise<void> {
  const ids = await recipients(ctx, d);
  if (ids.length === 0) return ctx.reply({ text: ctx.t('broadcast.nobody') });
  await queueBroadcast(ctx.scope, ctx.actor, {
    text: d.text,
    audience: { mode: d.mode, picked: d.picked },
    personIds: ids,
    now: ctx.now,
  });
  ctx.leave();
  ctx.reply({ text: ctx.t('broadcast.queued', { count: ids.length }) });
}
