/**
 * Reusable choosers for admin flows: a deadline or unit named in a command, and paged lists of
 * units and deadlines as buttons (a pick is one of the calling flow's declared actions).
 */
import { listUnits, type UnitRow } from '../db/queries/directory.js';
import { getDeadlineByCode, listDeadlines, listOpenDeadlines, type DeadlineRow } from '../db/queries/submissions.js';
import type { FlowContext } from './flow.js';
import { DRILL_PAGE, paginate, withPage } from './paging.js';
import { foldVi, shortLabel } from '../domain/text.js';
import type { Action } from './types.js';
import { wayBack } from './flows/way-back.js';

/** Finds a deadline the person named in a command ("/xuat so-ket-2026" or part of its title). */
export async function findDeadlineArg(ctx: FlowContext, arg: string): Promise<DeadlineRow | undefined> {
  const q = arg.trim();
  if (!q) return undefined;
  const byCode = await getDeadlineByCode(ctx.scope, q.toLowerCase());
  if (byCode) return byCode;
  const folded = foldVi(q);
  const all = await listDeadlines(ctx.scope);
  return all.find((d) => foldVi(d.title).includes(folded)) ?? all.find((d) => foldVi(d.code).includes(folded));
}

/** Finds a unit the person named in a command ("/lichsu xa-binh-lu" or part of its name). */
export async function findUnitArg(ctx: FlowContext, arg: string): Promise<UnitRow | undefined> {
  const folded = foldVi(arg);
  if (!folded) return undefined;
  const all = await listUnits(ctx.scope, { activeOnly: true });
  return (
    all.find((u) => u.code === arg.trim().toLowerCase()) ??
    all.find((u) => foldVi(u.name) === folded) ??
    all.find((u) => foldVi(u.name).includes(folded)) ??
    all.find((u) => foldVi(u.code).includes(folded))
  );
}

// ------------------------------------------------------------------ pickers
// A pick is one of the calling flow's declared actions: the picker is given its builders.

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
  /** Where "Quay lại" goes when there is no unit to pick (a flow's name or an action; the command list by default). */
  back?: string | Action;
}

/** A paged list of active units as buttons. */
export async function pickUnit(ctx: FlowContext, o: UnitPick): Promise<void> {
  const all = (await listUnits(ctx.scope, { activeOnly: true })).filter(o.filter ?? (() => true));
  if (all.length === 0) return ctx.reply({ text: ctx.t('office.no_units'), buttons: wayBack(ctx, o.back) });
  const page = paginate(all, o.at ?? 0, o.page, ctx.t, DRILL_PAGE);
  ctx.reply({
    text: withPage(o.text, page),
    buttons: [...page.items.map((u) => [{ label: shortLabel(u.name, 60), action: o.pick(u.id) }]), ...page.nav],
    replace: o.replace,
  });
}

export interface DeadlinePick {
  /** The action a deadline's button sends. */
  pick: (deadlineId: number) => Action;
  /** The action that shows another page of deadlines. */
  page: (page: number) => Action;
  /** The page to show (clamped). */
  at?: number;
  text: string;
  includeClosed?: boolean;
  filter?: (d: DeadlineRow) => boolean;
  /** Replace the message whose button was pressed (a page turned to). */
  replace?: boolean;
  /** Where "Quay lại" goes when there is no deadline to pick (a flow's name or an action; the command list by default). */
  back?: string | Action;
}

/**
 * The deadlines (open ones, or all) as a paged list of buttons; none → says so, with "Quay lại".
 * Open deadlines come first, soonest due first, then the closed ones, latest first: with the
 * closed ones included the list grows year by year, and its first page stays the current one.
 */
export async function pickDeadline(ctx: FlowContext, o: DeadlinePick): Promise<void> {
  const list = (o.includeClosed ? await listDeadlines(ctx.scope) : await listOpenDeadlines(ctx.scope))
    .filter(o.filter ?? (() => true))
    .sort(pickOrder);
  if (list.length === 0) return ctx.reply({ text: ctx.t('office.no_deadlines'), buttons: wayBack(ctx, o.back) });
  const page = paginate(list, o.at ?? 0, o.page, ctx.t, DRILL_PAGE);
  ctx.reply({
    text: withPage(o.text, page),
    buttons: [
      ...page.items.map((d) => [
        {
          label: shortLabel(`${d.title}${d.status === 'open' ? '' : ` (${ctx.t('office.closed')})`}`, 60),
          action: o.pick(d.id),
        },
      ]),
      ...page.nav,
    ],
    replace: o.replace,
  });
}

/** Open before closed; open ones soonest due first, closed ones latest first; ties by id, so pages never shift. */
function pickOrder(a: DeadlineRow, b: DeadlineRow): number {
  const closed = Number(a.status !== 'open') - Number(b.status !== 'open');
  if (closed !== 0) return closed;
  const due = a.dueAt.getTime() - b.dueAt.getTime();
  return (a.status === 'open' ? due : -due) || a.id - b.id;
}
