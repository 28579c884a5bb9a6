/**
 * What the `/quanly` wizards (flows/manage*.ts) share about typed text: a due date as people
 * write it, and text where a button is wanted: "quay lại" goes back to the menu, anything else
 * is asked to use the choices (which the engine then shows again, still numbered). Trade-off:
 * the wizards reopen the menu by its flow name from here, so the menu may import the wizards
 * without an import cycle.
 */
import { parseDate } from '../../domain/form-items.js';
import { isBackWord } from '../../domain/text.js';
import { zonedTime } from '../../domain/time.js';
import type { FlowContext } from '../flow.js';

/** The flow name of the `/quanly` menu. */
export const MANAGE_MENU = 'manage';

/** "31/12/2026" or "31/12/2026 17:00" (local time; 17:00 when no time is given). */
export function parseDue(text: string, now: Date, tz: string): Date | undefined {
  const m = /^(.+?)(?:\s+(?:lúc\s+)?(\d{1,2})[:hg](\d{2})?)?$/i.exec(text.trim());
  if (!m) return undefined;
  const date = parseDate(m[1]!, now, tz);
  if (!date) return undefined;
  const [y = 0, mo = 0, d = 0] = date.split('-').map(Number);
  const h = m[2] ? Number(m[2]) : 17;
  const mi = m[3] ? Number(m[3]) : 0;
  if (h > 23 || mi > 59) return undefined;
  return zonedTime(y, mo, d, h, mi, tz);
}

/** Text at a step that asks for a button: "quay lại" → the menu, else "use the choices". */
export async function textAtButtons(ctx: FlowContext, text: string): Promise<void> {
  if (isBackWord(text)) return ctx.startFlow(MANAGE_MENU, '');
  ctx.reply({ text: ctx.t('invite.use_buttons') });
}
