/**
 * "Quay lại" for a screen with nothing to pick: an empty list, a deadline with no units, a
 * search without results. It is a navigation word ("quay lại" typed on channels without
 * buttons, never a number) that goes to the screen before, or to the command list when the
 * list was the first screen. Trade-off: "the screen before" of a command's first screen is
 * reopened as a command (the fallback's `cmd` button), so it shows today's data, not the
 * list that was on screen when the person left it.
 */
import type { FlowContext } from '../flow.js';
import type { Action, ButtonSpec } from '../types.js';
import { askActions } from './ask.actions.js';

/** The buttons of an empty screen: one "Quay lại" to `to` (a flow's name, or an action). */
export function wayBack(ctx: Pick<FlowContext, 't'>, to: string | Action = 'help'): ButtonSpec[][] {
  const action = typeof to === 'string' ? askActions.cmd({ flow: to, args: undefined }) : to;
  return [[{ label: ctx.t('common.back'), action, word: true }]];
}
