/**
 * `/moi`: the office creates an invite code and hands it over (with a deep link where the
 * channel has one). After the unit, the people already on its roster are offered first: a code
 * for one of them links the account to that person, so an imported or re-invited person is
 * not made twice. Only "a new person" asks for a role and a name. The code is created and
 * audited by services/invites.ts. Trade-off: the new person's name is optional and typed
 * freely; a wrong name is corrected after the person joins (`/nguoidung`), not here.
 */
import { z } from 'zod';
import { findPerson, findUnitById } from '../../db/queries/directory.js';
import { assertCan, ROLES } from '../../domain/authz.js';
import { shortLabel } from '../../domain/text.js';
import { defineActions, field } from '../actions.js';
import { defineFlow, type FlowContext } from '../flow.js';
import { paginate } from '../paging.js';
import { createInvite, createPersonInvite } from '../services/invites.js';
import { peopleOfUnit } from '../services/people.js';
import { defineSteps } from '../steps.js';
import { replyWithCode } from './invite-code.js';
import { unitPages } from './unit-first.js';
import { roleLabel } from './people.js';

export const inviteActions = defineActions('invite', {
  step: {
    unit: { unit: field.id },
    unit_page: { page: field.page },
    /** A person already on the unit's roster: the code links to them. */
    person: { person: field.id },
    person_page: { page: field.page },
    /** Someone not on the roster yet: role and name follow. */
    new_person: {},
    role: { role: z.enum(ROLES) },
    /** No name: the person gives theirs when joining. */
    noname: {},
  },
});

const steps = defineSteps('invite', {
  // Text at the buttons is answered (use the choices), not taken as a question.
  unit: { data: z.object({}), actions: ['unit', 'unit_page'], text: true },
  who: { data: z.object({ unitId: field.id }), actions: ['person', 'person_page', 'new_person'], text: true },
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
        return askWho(ctx, action.unit, 0);
      case 'person_page':
        return askWho(ctx, steps.data(ctx, 'who').unitId, action.page);
      case 'person':
        return finishForPerson(ctx, action.person);
      case 'new_person':
        return askRole(ctx, steps.data(ctx, 'who').unitId);
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

/** The unit's active people first, then "a new person"; an empty roster goes straight to the role. */
async function askWho(ctx: FlowContext, unitId: number, page: number): Promise<void> {
  const unit = await findUnitById(ctx.scope, unitId);
  if (!unit) return ctx.reply({ text: ctx.t('common.stale_button') });
  const roster = (await peopleOfUnit(ctx.scope, ctx.actor, unitId)).filter(({ person }) => person.active);
  if (roster.length === 0) return askRole(ctx, unitId);
  steps.go(ctx, 'who', { unitId });
  const pg = paginate(roster, page, (p) => inviteActions.person_page(ctx, { page: p }), ctx.t, 8);
  ctx.reply({
    text: ctx.t('invite.pick_person', { unit: unit.name }),
    buttons: [
      ...pg.items.map(({ person }) => [
        {
          label: shortLabel(`${person.fullName} — ${roleLabel(ctx, person.role)}`, 60),
          action: inviteActions.person(ctx, { person: person.id }),
        },
      ]),
      ...pg.nav,
      [{ label: ctx.t('invite.new_person'), action: inviteActions.new_person(ctx) }],
    ],
    replace: true,
  });
}

async function finishForPerson(ctx: FlowContext, personId: number): Promise<void> {
  const { unitId } = steps.data(ctx, 'who');
  // A person moved away or deactivated since the list was drawn: the button is stale.
  const who = await findPerson(ctx.scope, personId);
  if (who?.unitId !== unitId) return ctx.reply({ text: ctx.t('common.stale_button') });
  const created = await createPersonInvite(ctx.scope, ctx.actor, {
    personId,
    ttlDays: ctx.settings.inviteTtlDays,
    now: ctx.now,
  });
  if (!created) return ctx.reply({ text: ctx.t('common.stale_button') });
  const unit = await findUnitById(ctx.scope, unitId);
  ctx.leave();
  replyWithCode(ctx, created, {
    unit: unit?.name ?? '',
    role: roleLabel(ctx, created.invite.role),
    person: created.invite.fullName ?? '',
  });
}

async function askRole(ctx: FlowContext, unitId: number): Promise<void> {
  const unit = await findUnitById(ctx.scope, unitId);
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
  const created = await createInvite(ctx.scope, ctx.actor, {
    unitId,
    role,
    fullName: name,
    ttlDays: ctx.settings.inviteTtlDays,
    now: ctx.now,
  });
  const unit = await findUnitById(ctx.scope, unitId);
  ctx.leave();
  replyWithCode(ctx, created, { unit: unit?.name ?? '', role: roleLabel(ctx, role) });
}
