/**
 * One unit's submission of one deadline as the office reads it: the state, the focal points,
 * the latest version with what changed since the previous one, the answers, and the review
 * buttons. Shared by `/tinhhinh` (a unit's row in a deadline) and `/duyet` (the submission
 * to review), so both screens always show the same thing. Trade-off: the review buttons are
 * built here, beside the status screen's "back" button, rather than by each flow, so the
 * screen depends on both action sets.
 */
import { findPerson, findUnitById, listPeople } from '../../db/queries/directory.js';
import { getDeadline, getSubmission, latestVersion, versionOf } from '../../db/queries/submissions.js';
import { assertCan, can } from '../../domain/authz.js';
import { formatDateTime } from '../../domain/format.js';
import { answersOf, changedItems, daysLate, isOverdue, stateOf } from '../../domain/submission.js';
import type { FlowContext } from '../flow.js';
import { answerLines } from '../forms/render.js';
import { registrationWarningLines } from '../forms/warnings.js';
import { registrationItemsFromStore } from '../services/registration-items.js';
import { formItemsOf } from '../services/submissions.js';
import type { ButtonSpec } from '../types.js';
import { dueLabel, stateLabel } from './report.js';
import { reviewActions } from './review.actions.js';
import { statusActions } from './status.actions.js';

export async function showUnitSubmission(ctx: FlowContext, deadlineId: number, unitId: number): Promise<void> {
  assertCan(ctx.actor, 'report.read', unitId);
  const deadline = await getDeadline(ctx.scope, deadlineId);
  const unit = await findUnitById(ctx.scope, unitId);
  if (!deadline || !unit) return ctx.reply({ text: ctx.t('common.stale_button') });
  const sub = await getSubmission(ctx.scope, deadlineId, unitId);
  const items = await formItemsOf(ctx.scope, deadline, () => registrationItemsFromStore(ctx.scope, ctx.locale));
  const version = sub ? await latestVersion(ctx.tx, sub.id) : undefined;
  const lines = [
    `📋 ${deadline.title} — ${unit.name}`,
    ctx.t('report.summary_state', {
      state: stateLabel(ctx, stateOf(sub), isOverdue(deadline, sub, ctx.now)),
      due: dueLabel(ctx, deadline.dueAt),
    }),
  ];
  const focal = await listPeople(ctx.scope, { unitIds: [unitId], roles: ['focal'], activeOnly: true });
  lines.push(
    ctx.t('office.focal_points', { names: focal.map((p) => p.person.fullName).join(', ') || ctx.t('common.none') }),
  );
  if (sub && version) {
    const by = version.submittedBy ? (await findPerson(ctx.scope, version.submittedBy))?.fullName : undefined;
    lines.push(
      ctx.t('review.version_line', {
        version: version.version,
        ref: version.refNo,
        time: formatDateTime(version.submittedAt, ctx.settings.timezone),
        by: by ?? '?',
      }),
      '',
    );
    // What the unit saw, and what changed: late filing, the items changed since the previous
    // version, and a registration's ratio warnings.
    const late = daysLate(deadline, version.submittedAt, ctx.settings.timezone);
    if (late > 0) lines.push(`⏰ ${ctx.t('review.late', { days: late })}`);
    const cells = answersOf(version);
    if (version.version > 1) {
      const previous = await versionOf(ctx.tx, sub.id, version.version - 1);
      if (previous) {
        const changed = changedItems(answersOf(previous), cells);
        const labels = items.filter((it) => changed.includes(it.code)).map((it) => it.label);
        lines.push(
          ctx.t('review.changed_items', {
            version: version.version - 1,
            items: labels.join('; ') || ctx.t('common.none'),
          }),
          '',
        );
      }
    }
    const answers = Object.fromEntries(Object.entries(cells).map(([k, c]) => [k, c.v]));
    lines.push(...(await answerLines(ctx, items, answers)));
    if (deadline.kind === 'registration') lines.push(...(await registrationWarningLines(ctx, cells)));
  } else lines.push('', ctx.t('review.not_submitted'));
  if (sub?.reviewComment && sub.status === 'returned')
    lines.push('', ctx.t('report.return_comment', { comment: sub.reviewComment }));
  const buttons: ButtonSpec[][] = [];
  if (sub && version && can(ctx.actor, 'report.review', unitId)) {
    const row: ButtonSpec[] = [];
    // The first press asks to confirm (flows/review.ts), naming the version then current.
    const act = (a: 'accept' | 'return' | 'reopen') =>
      reviewActions.act({ sub: sub.id, act: a, version: undefined, confirmed: undefined });
    if (sub.status === 'submitted') {
      row.push({ label: ctx.t('review.btn_accept'), action: act('accept') });
      row.push({ label: ctx.t('review.btn_return'), action: act('return') });
    }
    if ((sub.status === 'submitted' && ctx.now > deadline.dueAt) || sub.status === 'accepted') {
      if (!sub.reopened) row.push({ label: ctx.t('review.btn_reopen'), action: act('reopen') });
    }
    if (row.length) buttons.push(row);
  }
  if (can(ctx.actor, 'status.district'))
    buttons.push([
      {
        label: ctx.t('status.back_deadline'),
        action: statusActions.deadline({ deadline: deadlineId, group: undefined, page: undefined }),
        word: true,
      },
    ]);
  ctx.reply({ text: lines.join('\n'), buttons });
}
