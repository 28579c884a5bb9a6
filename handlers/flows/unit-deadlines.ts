/**
 * A unit's open deadlines with its submission of each, and the button that opens the form to
 * act on one: what `/tinhhinh` (a unit's own status) and `/hanchot` (my deadlines and their
 * reminders) both list. Trade-off: the two screens keep their own wording and only share the
 * reading and the button, so either can change its lines without touching the other.
 */
import { submissionsOfUnit, type DeadlineRow, type SubmissionRow } from '../../db/queries/submissions.js';
import { can } from '../../domain/authz.js';
import { shortLabel } from '../../domain/text.js';
import type { FlowContext } from '../flow.js';
import { deadlinesForUnit } from '../services/submissions.js';
import type { ButtonSpec } from '../types.js';
import { openFormAction } from './report.actions.js';

export interface UnitDeadline {
  deadline: DeadlineRow;
  sub: SubmissionRow | undefined;
}

/** The unit's deadlines the actor may see, each with the unit's submission (none: empty). */
export async function unitDeadlines(ctx: FlowContext, unitId: number): Promise<UnitDeadline[]> {
  const list = await deadlinesForUnit(ctx.scope, ctx.actor, unitId);
  if (list.length === 0) return [];
  const subs = await submissionsOfUnit(
    ctx.scope,
    unitId,
    list.map((d) => d.id),
  );
  return list.map((deadline) => ({ deadline, sub: subs.get(deadline.id) }));
}

/** "Act: <deadline>", opening the report or registration form, when the actor may fill it in. */
export function actButton(ctx: FlowContext, deadline: DeadlineRow, unitId: number): ButtonSpec[] | undefined {
  if (!can(ctx.actor, deadline.kind === 'registration' ? 'registration.write' : 'report.write', unitId))
    return undefined;
  return [{ label: shortLabel(`${ctx.t('status.act')}: ${deadline.title}`, 60), action: openFormAction(deadline) }];
}
