/** Reusable choosers for admin flows: a paged list of units. */
import { listUnits, type UnitRow } from '../db/queries/directory.js';
import type { FlowContext } from './flow.js';
import { paginate } from './paging.js';
import { ellipsis } from './text.js';
import type { Json } from './types.js';

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
    buttons: [...page.items.map((u) => [{ label: ellipsis(u.name, 60), action: { ...base, op: o.op, unit: u.id } }]), ...page.nav],
    replace: o.replace,
  });
}
