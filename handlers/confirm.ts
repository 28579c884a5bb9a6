/**
 * The second step of a consequential action (accepting a report, reopening it, deactivating a
 * person, reminding units now): a message that names what will happen, with "no, go back"
 * first and the action second, so a habitual "1" or a double press never does it. The action's
 * button carries `confirmed: true`; the flow runs the action only with it.
 */
import type { FlowContext } from './flow.js';
import type { Action } from './types.js';

export interface Confirmation {
  text: string;
  /** The label of the action ("Có, tiếp nhận", "Gửi nhắc"). */
  yes: string;
  action: Action;
  back: Action;
  /** The label of the way back; "Không, quay lại" unless given. */
  no?: string;
}

export function askToConfirm(ctx: FlowContext, o: Confirmation): void {
  ctx.reply({
    text: `${o.text}\n${ctx.t('confirm.question')}`,
    buttons: [
      [{ label: o.no ?? ctx.t('confirm.no'), action: o.back }],
      [{ label: o.yes, action: { ...o.action, confirmed: true } }],
    ],
  });
}

export function isConfirmed(a: Action): boolean {
  return a.confirmed === true;
}
