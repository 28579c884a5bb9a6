/**
 * The office's people tools: `/moi` creates invite codes, `/nguoidung` manages people,
 * `/lichsu` shows a unit's recent history. Rights are checked by the services.
 */
import { accountsOfPerson, findPerson, findUnitById } from '../../db/queries/directory.js';
import { listAudit } from '../../db/queries/audit.js';
import { assertCan, isRole, ROLES, type Role } from '../../domain/authz.js';
import { askToConfirm, isConfirmed } from '../confirm.js';
import type { Flow, FlowContext } from '../flow.js';
import { formatDateTime } from '../../domain/format.js';
import { paginate } from '../paging.js';
import { findUnitArg, replyUnitPicker, unitFirst } from '../pickers.js';
import { createInvite, formatCode } from '../services/invites.js';
import { changeRole, moveToUnit, peopleOfUnit, setActive } from '../services/people.js';
import { ellipsis } from '../../domain/text.js';
import type { Action } from '../types.js';

const roleLabel = (ctx: FlowContext, r: string) => (isRole(r) ? ctx.t(`role.${r}`) : r);

// ---------------------------------------------------------------- /moi (invite)

const inviteUnits = unitFirst('invite', 'invite.create', 'invite.pick_unit');

export const inviteFlow: Flow = {
  name: 'invite',
  privateOnly: true,
  start: (ctx) => inviteUnits.start(ctx),
  async onAction(ctx, a) {
    assertCan(ctx.actor, 'invite.create');
    if (a.op === 'unit_page') return inviteUnits.page(ctx, Number(a.page));
    if (a.op === 'unit') {
      const unit = await findUnitById(ctx.tx, Number(a.unit));
      if (!unit) return ctx.reply({ text: ctx.t('common.stale_button') });
      ctx.go('role', { unitId: unit.id });
      return ctx.reply({
        text: ctx.t('invite.pick_role', { unit: unit.name }),
        buttons: ROLES.map((r) => [
          { label: roleLabel(ctx, r), action: { f: 'invite', op: 'role', iid: ctx.iid, role: r } },
        ]),
        replace: true,
      });
    }
    if (a.op === 'role' && typeof a.role === 'string' && isRole(a.role)) {
      ctx.go('name', { unitId: ctx.state.data.unitId ?? null, role: a.role });
      return ctx.reply({
        text: ctx.t('invite.ask_name'),
        buttons: [[{ label: ctx.t('common.skip'), action: { f: 'invite', op: 'noname', iid: ctx.iid } }]],
        expectsText: true,
      });
    }
    if (a.op === 'noname') return finish(ctx, null);
    ctx.reply({ text: ctx.t('common.stale_button') });
  },
  async onText(ctx, text) {
    if (ctx.state.step !== 'name') return ctx.reply({ text: ctx.t('invite.use_buttons') });
    if (text.length > 120) return ctx.reply({ text: ctx.t('invite.name_too_long'), expectsText: true });
    await finish(ctx, text);
  },
};

async function finish(ctx: FlowContext, name: string | null): Promise<void> {
  const unitId = Number(ctx.state.data.unitId);
  const role = String(ctx.state.data.role) as Role;
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

// ---------------------------------------------------------------- /nguoidung (people)

const P = 'people';
const pa = (ctx: FlowContext, op: string, args: Record<string, number | string> = {}): Action => ({
  f: P,
  op,
  iid: ctx.iid,
  ...args,
});

const peopleUnits = unitFirst(P, 'people.manage', 'people.pick_unit');

export const peopleFlow: Flow = {
  name: P,
  privateOnly: true,
  start: (ctx) => peopleUnits.start(ctx),
  async onAction(ctx, a) {
    assertCan(ctx.actor, 'people.manage');
    switch (a.op) {
      case 'unit_page':
        return peopleUnits.page(ctx, Number(a.page));
      case 'unit':
        return showUnitPeople(ctx, Number(a.unit), Number(a.page ?? 0));
      case 'person':
        return showPerson(ctx, Number(a.person));
      case 'role_menu':
        return ctx.reply({
          text: ctx.t('people.pick_new_role'),
          buttons: ROLES.map((r) => [
            { label: roleLabel(ctx, r), action: pa(ctx, 'set_role', { person: Number(a.person), role: r }) },
          ]),
          replace: true,
        });
      case 'set_role': {
        if (typeof a.role !== 'string' || !isRole(a.role)) break;
        if (!isConfirmed(a)) {
          const who = await findPerson(ctx.tx, Number(a.person));
          if (!who) return ctx.reply({ text: ctx.t('common.stale_button') });
          assertCan(ctx.actor, 'people.read', who.unitId);
          return askToConfirm(ctx, {
            text: ctx.t('people.confirm_role', {
              name: who.fullName,
              from: roleLabel(ctx, who.role as Role),
              role: roleLabel(ctx, a.role),
            }),
            yes: ctx.t('people.yes_role'),
            action: pa(ctx, 'set_role', { person: who.id, role: a.role }),
            back: pa(ctx, 'person', { person: who.id }),
          });
        }
        const p = await changeRole(ctx.tx, ctx.actor, Number(a.person), a.role, ctx.now);
        ctx.reply({ text: ctx.t('people.role_changed', { name: p.fullName, role: roleLabel(ctx, p.role) }) });
        return showPerson(ctx, p.id);
      }
      case 'move_menu':
        return replyUnitPicker(ctx, {
          flow: P,
          op: 'move_to',
          page: Number(a.page ?? 0),
          text: ctx.t('people.pick_new_unit'),
          extra: { person: Number(a.person) },
          replace: true,
        });
      case 'move_to_page':
        return replyUnitPicker(ctx, {
          flow: P,
          op: 'move_to',
          page: Number(a.page),
          text: ctx.t('people.pick_new_unit'),
          extra: { person: Number(a.person) },
          replace: true,
        });
      case 'move_to': {
        if (!isConfirmed(a)) {
          const who = await findPerson(ctx.tx, Number(a.person));
          const to = await findUnitById(ctx.tx, Number(a.unit));
          if (!who || !to) return ctx.reply({ text: ctx.t('common.stale_button') });
          assertCan(ctx.actor, 'people.read', who.unitId);
          const from = await findUnitById(ctx.tx, who.unitId);
          return askToConfirm(ctx, {
            text: ctx.t('people.confirm_move', { name: who.fullName, from: from?.name ?? '', unit: to.name }),
            yes: ctx.t('people.yes_move'),
            action: pa(ctx, 'move_to', { person: who.id, unit: to.id }),
            back: pa(ctx, 'person', { person: who.id }),
          });
        }
        const p = await moveToUnit(ctx.tx, ctx.actor, Number(a.person), Number(a.unit), ctx.now);
        const unit = await findUnitById(ctx.tx, p.unitId);
        ctx.reply({ text: ctx.t('people.moved', { name: p.fullName, unit: unit?.name ?? '' }) });
        return showPerson(ctx, p.id);
      }
      case 'deactivate':
      case 'activate': {
        if (!isConfirmed(a)) {
          const who = await findPerson(ctx.tx, Number(a.person));
          if (!who) return ctx.reply({ text: ctx.t('common.stale_button') });
          assertCan(ctx.actor, 'people.read', who.unitId);
          return askToConfirm(ctx, {
            text: ctx.t(a.op === 'activate' ? 'people.confirm_activate' : 'people.confirm_deactivate', {
              name: who.fullName,
            }),
            yes: ctx.t(a.op === 'activate' ? 'people.yes_activate' : 'people.yes_deactivate'),
            action: pa(ctx, a.op, { person: who.id }),
            back: pa(ctx, 'person', { person: who.id }),
          });
        }
        const p = await setActive(ctx.tx, ctx.actor, Number(a.person), a.op === 'activate', ctx.now);
        ctx.reply({ text: ctx.t(p.active ? 'people.activated' : 'people.deactivated', { name: p.fullName }) });
        return showPerson(ctx, p.id);
      }
    }
    ctx.reply({ text: ctx.t('common.stale_button') });
  },
};

async function showUnitPeople(ctx: FlowContext, unitId: number, page: number): Promise<void> {
  const unit = await findUnitById(ctx.tx, unitId);
  if (!unit) return ctx.reply({ text: ctx.t('common.stale_button') });
  const list = await peopleOfUnit(ctx.tx, ctx.actor, unitId);
  const pg = paginate(list, page, (p) => pa(ctx, 'unit', { unit: unitId, page: p }), ctx.t, 8);
  ctx.reply({
    text: list.length
      ? ctx.t('people.unit_list', { unit: unit.name, count: list.length })
      : ctx.t('people.unit_empty', { unit: unit.name }),
    buttons: [
      ...pg.items.map(({ person }) => [
        {
          label: ellipsis(
            `${person.fullName} — ${roleLabel(ctx, person.role)}${person.active ? '' : ` (${ctx.t('people.inactive')})`}`,
            60,
          ),
          action: pa(ctx, 'person', { person: person.id }),
        },
      ]),
      ...pg.nav,
      [{ label: ctx.t('people.back_units'), action: pa(ctx, 'unit_page', { page: 0 }) }],
    ],
    replace: true,
  });
}

async function showPerson(ctx: FlowContext, personId: number): Promise<void> {
  const p = await findPerson(ctx.tx, personId);
  if (!p) return ctx.reply({ text: ctx.t('common.stale_button') });
  assertCan(ctx.actor, 'people.read', p.unitId);
  const unit = await findUnitById(ctx.tx, p.unitId);
  const accounts = await accountsOfPerson(ctx.tx, p.id);
  const channels = accounts.map((a) => a.channel).join(', ') || ctx.t('common.none');
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
        { label: ctx.t('people.change_role'), action: pa(ctx, 'role_menu', { person: p.id }) },
        { label: ctx.t('people.move'), action: pa(ctx, 'move_menu', { person: p.id }) },
      ],
      [
        p.active
          ? { label: ctx.t('people.deactivate'), action: pa(ctx, 'deactivate', { person: p.id }) }
          : { label: ctx.t('people.activate'), action: pa(ctx, 'activate', { person: p.id }) },
      ],
      [{ label: ctx.t('people.back_list'), action: pa(ctx, 'unit', { unit: p.unitId }) }],
    ],
  });
}

// ---------------------------------------------------------------- /lichsu (history)

const historyUnits = unitFirst('history', 'audit.read', 'history.pick_unit');

export const historyFlow: Flow = {
  name: 'history',
  privateOnly: true,
  async start(ctx, args) {
    // "/lichsu xa-binh-lu": a unit named by code or name opens its history directly.
    const q = args.trim();
    if (q) {
      const unit = await findUnitArg(ctx, q);
      if (unit) return showHistory(ctx, unit.id);
      ctx.reply({ text: ctx.t('args.unknown_unit', { arg: q }) });
    }
    return historyUnits.start(ctx);
  },
  async onAction(ctx, a) {
    if (a.op === 'unit_page') return historyUnits.page(ctx, Number(a.page));
    if (a.op !== 'unit') return ctx.reply({ text: ctx.t('common.stale_button') });
    return showHistory(ctx, Number(a.unit));
  },
};

async function showHistory(ctx: FlowContext, unitId: number): Promise<void> {
  assertCan(ctx.actor, 'audit.read', unitId);
  const unit = await findUnitById(ctx.tx, unitId);
  const rows = await listAudit(ctx.tx, { unitId, limit: 15 });
  const names = new Map<number, string>();
  for (const r of rows) {
    if (r.actorPersonId && !names.has(r.actorPersonId))
      names.set(r.actorPersonId, (await findPerson(ctx.tx, r.actorPersonId))?.fullName ?? '?');
  }
  const lines = rows.map(
    (r) =>
      `• ${formatDateTime(r.at, ctx.settings.timezone)} — ${r.actorPersonId ? names.get(r.actorPersonId) : r.actorAccount} — ${auditLabel(ctx, r.action)}`,
  );
  ctx.leave();
  ctx.reply({
    text: rows.length
      ? `${ctx.t('history.title', { unit: unit?.name ?? '' })}\n${lines.join('\n')}`
      : ctx.t('history.empty', { unit: unit?.name ?? '' }),
  });
}

const AUDIT_LABELS = [
  'invite.create',
  'invite.create_link',
  'account.link',
  'person.create',
  'person.role',
  'person.move',
  'person.move_in',
  'person.deactivate',
  'person.activate',
  'submission.save',
  'submission.submit',
  'submission.accept',
  'submission.return',
  'submission.reopen',
  'exemplar.create',
  'deadline.create',
  'deadline.update',
  'deadline.close',
  'campaign.create',
  'reminder.nudge',
  'broadcast.create',
] as const;

function auditLabel(ctx: FlowContext, action: string): string {
  return (AUDIT_LABELS as readonly string[]).includes(action)
    ? ctx.t(`audit.${action as (typeof AUDIT_LABELS)[number]}`)
    : action;
}
