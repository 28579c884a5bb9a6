/**
 * `/moi`: the office creates an invite code for a unit and a role, optionally with the
 * person's name, and hands it over (with a deep link where the channel has one). The code is
 * created and audited by services/invites.ts. Trade-off: the name is optional and typed
 * freely; a wrong name is corrected after the person joins (`/nguoidung`), not here.
 */
import { z } from 'zod';
import { findUnitById } from '../../db/queries/directory.js';
import { assertCan, ROLES } from '../../domain/authz.js';
import { formatDateTime } from '../../domain/format.js';
import { defineActions, field } from '../actions.js';
import { defineFlow, type FlowContext } from '../flow.js';
import { createInvite, formatCode } from '../services/invites.js';
import { defineSteps } from '../steps.js';
import { unitPages } from './unit-first.js';
import { roleLabel } from './people.js';

export const inviteActions = defineActions('invite', {
  step: {
    unit: { unit: field.id },
    unit_page: { page: field.page },
    role: { role: z.enum(ROLES) },
    /** No name: the person gives theirs when joining. */
    noname: {},
  },
});

const steps = defineSteps('invite', {
  // Text at the buttons is answered (use the choices), not taken as a question.
  unit: { data: z.object({}), actions: ['unit', 'unit_page'], text: true },
  role: { data: z.object({ unitId: field.id }), actions: ['role'], text: true },
  name: { data: z.object({ unitId: field.id, role: z.enum(ROLES) }), actions: ['noname'], text: true },
});

const units = unitPages({
  text: 'invite.pick_unit',
  pick: (ctx, unit) => inviteActions.unit(ctx, { unit }),
  page: (ctx, page) => inviteActions.unit_page(ctx, { page }),
});

export const inviteFlow = defineFlow({
  name: 'invite',
  privateOnly: true,
  actions: inviteActions,
  steps: steps.specs,
  async start(ctx) {
    assertCan(ctx.actor, 'invite.create');
    steps.enter(ctx, 'unit', {});
    await units(ctx, 0);
  },
  async onAction(ctx, action) {
    assertCan(ctx.actor, 'invite.create');
    switch (action.op) {
      case 'unit_page':
        return units(ctx, action.page, true);
      case 'unit':
        return askRole(ctx, action.unit);
      case 'role':
        steps.go(ctx, 'name', { unitId: steps.data(ctx, 'role').unitId, role: action.role });
        return ctx.reply({
          text: ctx.t('invite.ask_name'),
          buttons: [[{ label: ctx.t('common.skip'), action: inviteActions.noname(ctx) }]],
          expectsText: true,
        });
      case 'noname':
        return finish(ctx, null);
    }
  },
  async onText(ctx, text) {
    if (steps.current(ctx) !== 'name') return ctx.reply({ text: ctx.t('invite.use_buttons') });
    if (text.length > 120) return ctx.reply({ text: ctx.t('invite.name_too_long'), expectsText: true });
    await finish(ctx, text);
  },
});

async function askRole(ctx: FlowContext, unitId: number): Promise<void> {
  const unit = await findUnitById(ctx.tx, unitId);
  if (!unit) return ctx.reply({ text: ctx.t('common.stale_button') });
  steps.go(ctx, 'role', { unitId: unit.id });
  ctx.reply({
    text: ctx.t('invite.pick_role', { unit: unit.name }),
    buttons: ROLES.map((role) => [{ label: roleLabel(ctx, role), action: inviteActions.role(ctx, { role }) }]),
    replace: true,
  });
}

async function finish(ctx: FlowContext, name: string | null): Promise<void> {
  const { unitId, role } = steps.data(ctx, 'name');
  const { code, invite } = await createInvite(ctx.tx, ctx.actor, {
    unitId,
    role,
    fullName: name,
    ttlDays: ctx.settings.inviteTtlDays,
    now: ctx.now,
  });
  const unit = await findUnitById(ctx.tx, unitId);
  ctx.leave();
  const lines = [
    ctx.t('invite.created', {
      code: formatCode(code),
      unit: unit?.name ?? '',
      role: roleLabel(ctx, role),
      expires: formatDateTime(invite.expiresAt, ctx.settings.timezone),
    }),
  ];
  if (ctx.caps.inviteLinkTemplate)
    lines.push(ctx.t('invite.deep_link', { link: ctx.caps.inviteLinkTemplate.replace('{code}', code) }));
  lines.push(ctx.t('invite.how_to_use'));
  ctx.reply({ text: lines.join('\n') });
}
