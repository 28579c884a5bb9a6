/** Reusable choosers for admin flows: a paged list of units. */
import { listUnits, type UnitRow } from '../db/queries/directory.js';
import { getDeadlineByCode, listDeadlines, listOpenDeadlines, type DeadlineRow } from '../db/queries/submissions.js';
import { assertCan, type Permission } from '../domain/authz.js';
import type { FlowContext } from './flow.js';
import type { MessageKey } from './i18n/index.js';
import { paginate } from './paging.js';
import { ellipsis, foldVi } from '../domain/text.js';
import type { Action, Json } from './types.js';

export interface UnitPickerOptions {
  flow: string;
  /** Operation a pick sends, with `unit` = the unit id; paging sends `${op}_page`. */
  op: string;
  page?: number;
  text: string;
  /** Extra fields carried in every button's action. */
  extra?: Record<string, Json>;
  filter?: (u: UnitRow) => boolean;
  replace?: boolean;
}

export async function replyUnitPicker(ctx: FlowContext, o: UnitPickerOptions): Promise<void> {
  const all = (await listUnits(ctx.tx, { activeOnly: true })).filter(o.filter ?? (() => true));
  const base = { f: o.flow, iid: ctx.iid, ...(o.extra ?? {}) };
  const page = paginate(all, o.page ?? 0, (p) => ({ ...base, op: `${o.op}_page`, page: p }), ctx.t, 8);
  ctx.reply({
    text: `${o.text} (${ctx.t('common.page', { page: page.page + 1, pages: page.pages })})`,
    buttons: [
      ...page.items.map((u) => [{ label: ellipsis(u.name, 60), action: { ...base, op: o.op, unit: u.id } }]),
      ...page.nav,
    ],
    replace: o.replace,
  });
}

/** A list of open deadlines as buttons; a pick sends `op` with `deadline` = its id. */
export async function replyDeadlinePicker(
  ctx: FlowContext,
  o: {
    flow: string;
    op: string;
    text: string;
    extra?: Record<string, Json>;
    includeClosed?: boolean;
    bound?: boolean;
    filter?: (d: DeadlineRow) => boolean;
  },
): Promise<void> {
  const list = (o.includeClosed ? await listDeadlines(ctx.tx) : await listOpenDeadlines(ctx.tx)).filter(
    o.filter ?? (() => true),
  );
  if (list.length === 0) return ctx.reply({ text: ctx.t('office.no_deadlines') });
  ctx.reply({
    text: o.text,
    buttons: list.map((d) => [
      {
        label: ellipsis(`${d.title}${d.status === 'open' ? '' : ` (${ctx.t('office.closed')})`}`, 60),
        action: { f: o.flow, op: o.op, deadline: d.id, ...(o.bound ? { iid: ctx.iid } : {}), ...(o.extra ?? {}) },
      },
    ]),
  });
}

/** Finds a deadline the person named in a command ("/xuat so-ket-2026" or part of its title). */
export async function findDeadlineArg(ctx: FlowContext, arg: string): Promise<DeadlineRow | undefined> {
  const q = arg.trim();
  if (!q) return undefined;
  const byCode = await getDeadlineByCode(ctx.tx, q.toLowerCase());
  if (byCode) return byCode;
  const folded = foldVi(q);
  const all = await listDeadlines(ctx.tx);
  return all.find((d) => foldVi(d.title).includes(folded)) ?? all.find((d) => foldVi(d.code).includes(folded));
}

/** Finds a unit the person named in a command ("/lichsu xa-binh-lu" or part of its name). */
export async function findUnitArg(ctx: FlowContext, arg: string): Promise<UnitRow | undefined> {
  const folded = foldVi(arg);
  if (!folded) return undefined;
  const all = await listUnits(ctx.tx, { activeOnly: true });
  return (
    all.find((u) => u.code === arg.trim().toLowerCase()) ??
    all.find((u) => foldVi(u.name) === folded) ??
    all.find((u) => foldVi(u.name).includes(folded)) ??
    all.find((u) => foldVi(u.code).includes(folded))
  );
}

/**
 * The opening of an admin flow that starts by choosing a unit: `start` checks the permission
 * and shows the first page, `page` shows another one.
 */
export function unitFirst(flow: string, perm: Permission, text: MessageKey) {
  return {
    async start(ctx: FlowContext): Promise<void> {
      assertCan(ctx.actor, perm);
      ctx.enter(flow, 'unit');
      await replyUnitPicker(ctx, { flow, op: 'unit', text: ctx.t(text) });
    },
    async page(ctx: FlowContext, page: number): Promise<void> {
      assertCan(ctx.actor, perm);
      await replyUnitPicker(ctx, { flow, op: 'unit', page, text: ctx.t(text), replace: true });
    },
  };
}

// ------------------------------------------------------------------ typed pickers
// The pickers above build untyped actions from a flow name and an op; these take the flow's
// own builders, so a pick is a declared action. The untyped ones go when the last caller does.

export interface UnitPick {
  /** The action a unit's button sends. */
  pick: (unitId: number) => Action;
  /** The action that shows another page of units. */
  page: (page: number) => Action;
  /** The page to show (clamped). */
  at?: number;
  text: string;
  filter?: (u: UnitRow) => boolean;
  replace?: boolean;
}

/** A paged list of active units as buttons. */
export async function pickUnit(ctx: FlowContext, o: UnitPick): Promise<void> {
  const all = (await listUnits(ctx.tx, { activeOnly: true })).filter(o.filter ?? (() => true));
  const page = paginate(all, o.at ?? 0, o.page, ctx.t, 8);
  ctx.reply({
    text: `${o.text} (${ctx.t('common.page', { page: page.page + 1, pages: page.pages })})`,
    buttons: [...page.items.map((u) => [{ label: ellipsis(u.name, 60), action: o.pick(u.id) }]), ...page.nav],
    replace: o.replace,
  });
}

export interface DeadlinePick {
  /** The action a deadline's button sends. */
  pick: (deadlineId: number) => Action;
  text: string;
  includeClosed?: boolean;
  filter?: (d: DeadlineRow) => boolean;
}

/** The deadlines (open ones, or all) as buttons; none → says so. */
export async function pickDeadline(ctx: FlowContext, o: DeadlinePick): Promise<void> {
  const list = (o.includeClosed ? await listDeadlines(ctx.tx) : await listOpenDeadlines(ctx.tx)).filter(
    o.filter ?? (() => true),
  );
  if (list.length === 0) return ctx.reply({ text: ctx.t('office.no_deadlines') });
  ctx.reply({
    text: o.text,
    buttons: list.map((d) => [
      {
        label: ellipsis(`${d.title}${d.status === 'open' ? '' : ` (${ctx.t('office.closed')})`}`, 60),
        action: o.pick(d.id),
      },
    ]),
  });
}
