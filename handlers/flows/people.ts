/**
 * `/nguoidung`: the office manages people: a unit's people, one person's card, and from it a
 * new role, a move to another unit, deactivating or reactivating. Every change is a second,
 * confirming press (handlers/confirm.ts) and is authorised and audited by services/people.ts.
 * The card also hands out an invite code for that very person (services/invites.ts): the
 * account that redeems it is linked to them, so nobody is added twice.
 * Trade-off: the whole conversation is one step (browsing keeps no data); each button carries
 * the person and unit it is about, so any card on screen stays usable while the run lasts.
 */
import { z } from 'zod';
import { accountsOfPerson, findPerson, findUnitById } from '../../db/queries/directory.js';
import { assertCan, can, isRole, ROLES, type Role } from '../../domain/authz.js';
import { shortLabel } from '../../domain/text.js';
import { defineActions, field } from '../actions.js';
import { askToConfirm } from '../confirm.js';
import { defineFlow, type FlowContext } from '../flow.js';
import { DRILL_PAGE, paginate, withPage } from '../paging.js';
import { pickUnit } from '../pickers.js';
import { createPersonInvite } from '../services/invites.js';
import { changeRole, moveToUnit, peopleOfUnit, setActive } from '../services/people.js';
import { defineSteps } from '../steps.js';
import { replyWithCode } from './invite-code.js';
import { unitPages } from './unit-first.js';

export const peopleActions = defineActions('people', {
  step: {
    /** Another page of units. */
    unit_page: { page: field.page },
    /** One unit's people, paged. */
    unit: { unit: field.id, page: field.page },
    /** One person's card. */
    person: { person: field.id },
    role_menu: { person: field.id },
    set_role: { person: field.id, role: z.enum(ROLES), confirmed: field.confirmed },
    /** The units a person may move to, paged. */
    move_menu: { person: field.id },
    move_to_page: { person: field.id, page: field.page },
    move_to: { person: field.id, unit: field.id, confirmed: field.confirmed },
    deactivate: { person: field.id, confirmed: field.confirmed },
    activate: { person: field.id, confirmed: field.confirmed },
    /** An invite code for this person: the account that redeems it is linked to them. */
    invite: { person: field.id },
  },
});

const steps = defineSteps('people', {
  unit: {
    data: z.object({}),
    actions: [
      'unit_page',
      'unit',
      'person',
      'role_menu',
      'set_role',
      'move_menu',
      'move_to_page',
      'move_to',
      'deactivate',
      'activate',
      'invite',
    ],
  },
});

export const roleLabel = (ctx: FlowContext, r: string): string => (isRole(r) ? ctx.t(`role.${r}`) : r);

const units = unitPages({
  text: 'people.pick_unit',
  pick: (ctx, unit) => peopleActions.unit(ctx, { unit, page: 0 }),
  page: (ctx, page) => peopleActions.unit_page(ctx, { page }),
});

export const peopleFlow = defineFlow({
  name: 'people',
  privateOnly: true,
  actions: peopleActions,
  steps: steps.specs,
  async start(ctx) {
    assertCan(ctx.actor, 'people.manage');
    steps.enter(ctx, 'unit', {});
    await units(ctx, 0);
  },
  async onAction(ctx, action) {
    assertCan(ctx.actor, 'people.manage');
    switch (action.op) {
      case 'unit_page':
        return units(ctx, action.page, true);
      case 'unit':
        return showUnitPeople(ctx, action.unit, action.page);
      case 'person':
        return showPerson(ctx, action.person);
      case 'role_menu':
        return ctx.reply({
          text: ctx.t('people.pick_new_role'),
          buttons: ROLES.map((role) => [
            {
              label: roleLabel(ctx, role),
              action: peopleActions.set_role(ctx, { person: action.person, role, confirmed: undefined }),
            },
          ]),
          replace: true,
        });
      case 'set_role':
        return setRole(ctx, action.person, action.role, action.confirmed === true);
      case 'move_menu':
      case 'move_to_page':
        return pickUnit(ctx, {
          pick: (unit) => peopleActions.move_to(ctx, { person: action.person, unit, confirmed: undefined }),
          page: (page) => peopleActions.move_to_page(ctx, { person: action.person, page }),
          at: action.op === 'move_to_page' ? action.page : 0,
          text: ctx.t('people.pick_new_unit'),
          replace: true,
        });
      case 'move_to':
        return move(ctx, action.person, action.unit, action.confirmed === true);
      case 'deactivate':
      case 'activate':
        return activate(ctx, action.person, action.op === 'activate', action.confirmed === true);
      case 'invite':
        return invite(ctx, action.person);
    }
  },
});

async function showUnitPeople(ctx: FlowContext, unitId: number, page: number): Promise<void> {
  const unit = await findUnitById(ctx.scope, unitId);
  if (!unit) return ctx.reply({ text: ctx.t('common.stale_button') });
  const list = await peopleOfUnit(ctx.scope, ctx.actor, unitId);
  const pg = paginate(list, page, (p) => peopleActions.unit(ctx, { unit: unitId, page: p }), ctx.t, DRILL_PAGE);
  ctx.reply({
    text: list.length
      ? withPage(ctx.t('people.unit_list', { unit: unit.name, count: list.length }), pg)
      : ctx.t('people.unit_empty', { unit: unit.name }),
    buttons: [
      ...pg.items.map(({ person }) => [
        {
          label: shortLabel(
            `${person.fullName} — ${roleLabel(ctx, person.role)}${person.active ? '' : ` (${ctx.t('people.inactive')})`}`,
            60,
          ),
          action: peopleActions.person(ctx, { person: person.id }),
        },
      ]),
      ...pg.nav,
      [{ label: ctx.t('people.back_units'), action: peopleActions.unit_page(ctx, { page: 0 }), word: true }],
    ],
    replace: true,
  });
}

async function showPerson(ctx: FlowContext, personId: number): Promise<void> {
  const p = await findPerson(ctx.scope, personId);
  if (!p) return ctx.reply({ text: ctx.t('common.stale_button') });
  assertCan(ctx.actor, 'people.read', p.unitId);
  const unit = await findUnitById(ctx.scope, p.unitId);
  const accounts = await accountsOfPerson(ctx.tx, p.id);
  const channels = accounts.map((a) => a.channel).join(', ') || ctx.t('common.none');
  const person = { person: p.id };
  const change = { ...person, confirmed: undefined };
  ctx.reply({
    text: ctx.t('people.detail', {
      name: p.fullName,
      role: roleLabel(ctx, p.role),
      unit: unit?.name ?? '',
      status: ctx.t(p.active ? 'people.active' : 'people.inactive'),
      channels,
    }),
    buttons: [
      [
        { label: ctx.t('people.change_role'), action: peopleActions.role_menu(ctx, person) },
        { label: ctx.t('people.move'), action: peopleActions.move_menu(ctx, person) },
      ],
      ...(p.active && can(ctx.actor, 'invite.create', p.unitId)
        ? [[{ label: ctx.t('people.invite'), action: peopleActions.invite(ctx, person) }]]
        : []),
      [
        p.active
          ? { label: ctx.t('people.deactivate'), action: peopleActions.deactivate(ctx, change) }
          : { label: ctx.t('people.activate'), action: peopleActions.activate(ctx, change) },
      ],
      [{ label: ctx.t('people.back_list'), action: peopleActions.unit(ctx, { unit: p.unitId, page: 0 }), word: true }],
    ],
  });
}

/** The person a change is about, readable by this officer; undefined (stale) when gone. */
async function subject(ctx: FlowContext, personId: number) {
  const who = await findPerson(ctx.scope, personId);
  if (who) assertCan(ctx.actor, 'people.read', who.unitId);
  return who;
}

async function setRole(ctx: FlowContext, personId: number, role: Role, confirmed: boolean): Promise<void> {
  if (!confirmed) {
    const who = await subject(ctx, personId);
    if (!who) return ctx.reply({ text: ctx.t('common.stale_button') });
    return askToConfirm(ctx, {
      text: ctx.t('people.confirm_role', {
        name: who.fullName,
        from: roleLabel(ctx, who.role),
        role: roleLabel(ctx, role),
      }),
      yes: ctx.t('people.yes_role'),
      action: peopleActions.set_role(ctx, { person: who.id, role, confirmed: undefined }),
      back: peopleActions.person(ctx, { person: who.id }),
    });
  }
  const p = await changeRole(ctx.scope, ctx.actor, personId, role, ctx.now);
  ctx.reply({ text: ctx.t('people.role_changed', { name: p.fullName, role: roleLabel(ctx, p.role) }) });
  return showPerson(ctx, p.id);
}

async function move(ctx: FlowContext, personId: number, unitId: number, confirmed: boolean): Promise<void> {
  if (!confirmed) {
    const who = await findPerson(ctx.scope, personId);
    const to = await findUnitById(ctx.scope, unitId);
    if (!who || !to) return ctx.reply({ text: ctx.t('common.stale_button') });
    assertCan(ctx.actor, 'people.read', who.unitId);
    const from = await findUnitById(ctx.scope, who.unitId);
    return askToConfirm(ctx, {
      text: ctx.t('people.confirm_move', { name: who.fullName, from: from?.name ?? '', unit: to.name }),
      yes: ctx.t('people.yes_move'),
      action: peopleActions.move_to(ctx, { person: who.id, unit: to.id, confirmed: undefined }),
      back: peopleActions.person(ctx, { person: who.id }),
    });
  }
  const p = await moveToUnit(ctx.scope, ctx.actor, personId, unitId, ctx.now);
  const unit = await findUnitById(ctx.scope, p.unitId);
  ctx.reply({ text: ctx.t('people.moved', { name: p.fullName, unit: unit?.name ?? '' }) });
  return showPerson(ctx, p.id);
}

async function activate(ctx: FlowContext, personId: number, active: boolean, confirmed: boolean): Promise<void> {
  if (!confirmed) {
    const who = await subject(ctx, personId);
    if (!who) return ctx.reply({ text: ctx.t('common.stale_button') });
    const person = { person: who.id };
    const change = { ...person, confirmed: undefined };
    return askToConfirm(ctx, {
      text: ctx.t(active ? 'people.confirm_activate' : 'people.confirm_deactivate', { name: who.fullName }),
      yes: ctx.t(active ? 'people.yes_activate' : 'people.yes_deactivate'),
      action: active ? peopleActions.activate(ctx, change) : peopleActions.deactivate(ctx, change),
      back: peopleActions.person(ctx, person),
    });
  }
  const p = await setActive(ctx.scope, ctx.actor, personId, active, ctx.now);
  ctx.reply({ text: ctx.t(p.active ? 'people.activated' : 'people.deactivated', { name: p.fullName }) });
  return showPerson(ctx, p.id);
}

async function invite(ctx: FlowContext, personId: number): Promise<void> {
  const who = await subject(ctx, personId);
  const created =
    who &&
    (await createPersonInvite(ctx.scope, ctx.actor, {
      personId: who.id,
      ttlDays: ctx.settings.inviteTtlDays,
      now: ctx.now,
    }));
  if (!created) return ctx.reply({ text: ctx.t('common.stale_button') });
  const unit = await findUnitById(ctx.scope, created.invite.unitId);
  replyWithCode(ctx, created, {
    unit: unit?.name ?? '',
    role: roleLabel(ctx, created.invite.role),
    person: created.invite.fullName ?? '',
  });
}
