/**
 * `/huy` (and the words "huỷ", "thoát"…): leaves any flow and says honestly what happened to
 * what was typed — kept as a draft, discarded, or there was nothing to leave.
 */
import { draftCommand, hasUnsavedInput } from '../drafts.js';
import type { Flow } from '../flow.js';

export const cancelFlow: Flow = {
  name: 'cancel',
  steps: {},
  async start(ctx) {
    const wasIn = ctx.state.flow;
    const lost = hasUnsavedInput(ctx.state);
    ctx.leave();
    if (!wasIn) return ctx.reply({ text: ctx.t('cancel.nothing') });
    // Only a flow that saves its answers as they are given says its draft was kept.
    ctx.reply({ text: ctx.t(draftCommand(wasIn) ? 'cancel.done' : lost ? 'cancel.discarded' : 'cancel.left') });
  },
};
