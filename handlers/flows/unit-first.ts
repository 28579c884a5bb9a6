/**
 * The opening of an office flow that starts by choosing a unit (`/moi`, `/nguoidung`,
 * `/lichsu`): a page of the active units whose buttons are the flow's own typed actions. The
 * typed successor of pickers.ts `unitFirst` for these flows. Trade-off: the flow checks its
 * permission and enters its step itself; this only draws the list, so it knows no flow.
 */
import type { FlowContext } from '../flow.js';
import type { MessageKey } from '../i18n/index.js';
import { pickUnit } from '../pickers.js';
import type { Action } from '../types.js';

export interface UnitFirst {
  text: MessageKey;
  /** The action of a unit's button. */
  pick(ctx: FlowContext, unit: number): Action;
  /** The action of another page. */
  page(ctx: FlowContext, page: number): Action;
}

/** Shows page `at` of the units; a page turned to replaces the list where the channel can. */
export function unitPages(o: UnitFirst) {
  return (ctx: FlowContext, at: number, replace?: true): Promise<void> =>
    pickUnit(ctx, {
      pick: (unit) => o.pick(ctx, unit),
      page: (page) => o.page(ctx, page),
      at,
      text: ctx.t(o.text),
      replace,
    });
}
