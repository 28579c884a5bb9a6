/**
 * `/duyet`: the office reads a deadline's submissions (those waiting first), opens one, and
 * accepts, returns (with a comment typed in the one step this flow keeps) or reopens it.
 * Accepting and reopening take a second press that names the unit, the deadline and the
 * version seen. Trade-off: the confirmation carries the version rather than locking the
 * submission, so a unit may keep resubmitting, and an officer who confirms after a newer
 * version arrived is shown the newer one instead of deciding on the older.
 */
import { z } from 'zod';
import { findUnitById } from '../../db/queries/directory.js';
import { getDeadline, getSubmissionById, latestVersion } from '../../db/queries/submissions.js';
import { assertCan } from '../../domain/authz.js';
import { stateOf } from '../../domain/submission.js';
import { labelWith } from '../../domain/text.js';
import { field, type ActionsOf } from '../actions.js';
import { askToConfirm } from '../confirm.js';
import { defineFlow, type FlowContext } from '../flow.js';
import { DRILL_PAGE, paginate, withPage } from '../paging.js';
import { findDeadlineArg, pickDeadline } from '../pickers.js';
import { deadlineProgress } from '../services/overview.js';
import { review, type ReviewAction } from '../services/submissions.js';
import { defineSteps } from '../steps.js';
import { stateLabel } from './report.js';
import { reviewActions } from './review.actions.js';
import { showUnitSubmission } from './submission-view.js';
import { wayBack } from './way-back.js';

const steps = defineSteps('review', {
  /** The reason for returning a submission, typed. */
  comment: { data: z.object({ sub: field.id }), text: true },
});

type ActAction = Extract<ActionsOf<typeof reviewActions>, { op: 'act' }>;

const MAX_COMMENT = 1000;

export const reviewFlow = defineFlow({
  name: 'review',
  privateOnly: true,
  actions: reviewActions,
  steps: steps.specs,
  async start(ctx, args) {
    assertCan(ctx.actor, 'report.review');
    const d = await findDeadlineArg(ctx, args);
    if (d) return reviewList(ctx, d.id, 0);
    ctx.leave();
    if (args.trim()) ctx.reply({ text: ctx.t('args.unknown_deadline', { arg: args.trim() }) });
    await rounds(ctx, 0);
  },
  async onAction(ctx, action) {
    switch (action.op) {
      case 'deadline_page':
        assertCan(ctx.actor, 'report.review');
        return rounds(ctx, action.page, true);
      case 'deadline':
        return reviewList(ctx, action.deadline, action.page ?? 0);
      case 'open':
        return showUnitSubmission(ctx, action.deadline, action.unit);
      case 'act':
        if (action.act === 'return') {
          steps.enter(ctx, 'comment', { sub: action.sub });
          return ctx.reply({ text: ctx.t('review.ask_comment'), expectsText: true });
        }
        return confirmReview(ctx, action, action.act);
    }
  },
  async onText(ctx, text) {
    const { sub } = steps.data(ctx, 'comment');
    if (text.length > MAX_COMMENT)
      return ctx.reply({ text: ctx.t('form.err_too_long', { max: MAX_COMMENT, got: text.length }), expectsText: true });
    ctx.leave();
    return doReview(ctx, sub, 'return', text);
  },
});

/** The rounds to review, paged; a page turned to replaces the list where the channel can. */
function rounds(ctx: FlowContext, at: number, replace?: true): Promise<void> {
  return pickDeadline(ctx, {
    pick: (deadline) => reviewActions.deadline({ deadline, page: undefined }),
    page: (page) => reviewActions.deadline_page({ page }),
    at,
    text: ctx.t('review.pick_deadline'),
    replace,
  });
}

async function reviewList(ctx: FlowContext, deadlineId: number, page: number): Promise<void> {
  const c = await deadlineProgress(ctx.scope, ctx.actor, deadlineId, ctx.now);
  if (!c) return ctx.reply({ text: ctx.t('common.stale_button') });
  const waiting = c.units.filter((r) => r.sub?.status === 'submitted');
  const others = c.units.filter((r) => r.sub && r.sub.status !== 'submitted' && r.sub.version > 0);
  const rows = [...waiting, ...others];
  const pg = paginate(rows, page, (p) => reviewActions.deadline({ deadline: deadlineId, page: p }), ctx.t, DRILL_PAGE);
  // Nothing sent yet: "Quay lại" goes back to the rounds to review.
  if (rows.length === 0)
    return ctx.reply({
      text: ctx.t('review.list_empty', { title: c.deadline.title, total: c.total }),
      buttons: wayBack(ctx, 'review'),
      replace: true,
    });
  ctx.reply({
    text: withPage(ctx.t('review.list', { title: c.deadline.title, waiting: waiting.length, total: c.total }), pg),
    buttons: [
      ...pg.items.map((r) => [
        {
          label: labelWith(r.unit.name, stateLabel(ctx, stateOf(r.sub), false), 60),
          action: reviewActions.open({ deadline: deadlineId, unit: r.unit.id }),
        },
      ]),
      ...pg.nav,
    ],
    replace: true,
  });
}

/**
 * Accepting and reopening take a second step that names the unit, the deadline and the version;
 * the confirmation is refused if the unit sent another version in between.
 */
async function confirmReview(ctx: FlowContext, action: ActAction, act: 'accept' | 'reopen'): Promise<void> {
  const sub = await getSubmissionById(ctx.scope, action.sub);
  if (!sub) return ctx.reply({ text: ctx.t('common.stale_button') });
  assertCan(ctx.actor, 'report.review', sub.unitId);
  const version = (await latestVersion(ctx.tx, sub.id))?.version ?? 0;
  if (action.confirmed) {
    if (action.version !== undefined && action.version !== version) {
      ctx.reply({ text: ctx.t('review.changed_meanwhile') });
      return showUnitSubmission(ctx, sub.deadlineId, sub.unitId);
    }
    return doReview(ctx, sub.id, act);
  }
  const unit = await findUnitById(ctx.scope, sub.unitId);
  const deadline = await getDeadline(ctx.scope, sub.deadlineId);
  askToConfirm(ctx, {
    text: ctx.t(`review.confirm_${act}`, { deadline: deadline?.title ?? '', unit: unit?.name ?? '', version }),
    yes: ctx.t(`review.yes_${act}`),
    action: reviewActions.act({ sub: sub.id, act, version: version > 0 ? version : undefined, confirmed: undefined }),
    back: reviewActions.open({ deadline: sub.deadlineId, unit: sub.unitId }),
  });
}

async function doReview(ctx: FlowContext, subId: number, act: ReviewAction, comment?: string): Promise<void> {
  const after = await review(ctx.scope, ctx.actor, { submissionId: subId, action: act, comment, now: ctx.now });
  const unit = await findUnitById(ctx.scope, after.unitId);
  const d = await getDeadline(ctx.scope, after.deadlineId);
  ctx.reply({ text: ctx.t(`review.done_${act}`, { unit: unit?.name ?? '', deadline: d?.title ?? '' }) });
}
