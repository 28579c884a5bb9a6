/**
 * Reusable choosers for admin flows: a deadline or unit named in a command, and paged lists of
 * units and deadlines as buttons (a pick is one of the calling flow's declared actions).
 */
import { listUnits, type UnitRow } from '../db/queries/directory.js';
import { getDeadlineByCode, listDeadlines, listOpenDeadlines, type DeadlineRow } from '../db/queries/submissions.js';
import type { FlowContext } from './flow.js';
import { paginate } from './paging.js';
import { ellipsis, foldVi } from '../domain/text.js';
import type { Action } from './types.js';

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
