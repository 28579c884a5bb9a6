/**
 * `/tinhhinh`: the status in one message, by role. The office sees the whole jurisdiction
 * (every open deadline with its counts, paged), then one deadline's units by group, then one
 * unit's submission, with "« Tình hình chung" and "« Về danh sách đơn vị" as navigation words
 * (typed, never numbered, on channels without buttons); a unit sees its own deadlines with a
 * button to act on each. A plain-language question about a unit is answered with the same
 * screens (flows/ask.ts). Trade-off: the flow keeps no state, every screen is an entry button
 * that can be pressed again later, so an old digest's button still shows today's numbers
 * rather than the ones it was sent with.
 */
import { assertCan, assertPerson, can } from '../../domain/authz.js';
import { formatDateTime } from '../../domain/format.js';
import { isDone, isOverdue, stateOf } from '../../domain/submission.js';
import { ellipsis, labelWith, shortLabel } from '../../domain/text.js';
import { defineFlow, type FlowContext } from '../flow.js';
import { DRILL_PAGE, paginate, withPage } from '../paging.js';
import { childrenProgress, deadlineProgress, districtProgress, type DeadlineCounts } from '../services/overview.js';
import type { ButtonSpec } from '../types.js';
import { chartActions } from './chart.actions.js';
import { exportActions } from './export.actions.js';
import { missingActions } from './missing.actions.js';
import { dueLabel, stateLabel } from './report.js';
import { statusActions } from './status.actions.js';
import { placeName } from '../jurisdiction.js';
import { showUnitSubmission } from './submission-view.js';
import { actButton, unitDeadlines } from './unit-deadlines.js';
import { wayBack } from './way-back.js';

export const statusFlow = defineFlow({
  name: 'status',
  privateOnly: true,
  actions: statusActions,
  steps: {},
  async start(ctx) {
    ctx.leave();
    if (can(ctx.actor, 'status.district')) {
      await districtStatus(ctx, 0, false);
      return rollupStatus(ctx);
    }
    return unitStatus(ctx);
  },
  async onAction(ctx, action) {
    switch (action.op) {
      case 'district':
        return districtStatus(ctx, action.page ?? 0, true);
      case 'deadline':
        return deadlineDetail(ctx, action.deadline, action.group, action.page ?? 0);
      case 'unit':
        return showUnitSubmission(ctx, action.deadline, action.unit);
    }
  },
});

/**
 * One unit's open deadlines and their state: the person's own unit (`/tinhhinh`), or the unit
 * a plain-language question named (handlers/flows/ask.ts), within `status.unit`.
 */
export async function unitStatus(ctx: FlowContext, which?: { id: number; name: string }): Promise<void> {
  assertPerson(ctx.actor);
  const unit = which ?? { id: ctx.actor.unitId, name: ctx.actor.unitName };
  assertCan(ctx.actor, 'status.unit', unit.id);
  const list = await unitDeadlines(ctx, unit.id);
  if (list.length === 0)
    return ctx.reply({ text: ctx.t('status.unit_none', { unit: unit.name }), buttons: wayBack(ctx) });
  const done: string[] = [];
  const late: string[] = [];
  const todo: string[] = [];
  const buttons: ButtonSpec[][] = [];
  for (const { deadline: d, sub } of list) {
    const line = `• ${d.title} — ${stateLabel(ctx, stateOf(sub), isOverdue(d, sub, ctx.now))}. ${dueLabel(ctx, d.dueAt)}`;
    if (isDone(sub)) done.push(line);
    else {
      (isOverdue(d, sub, ctx.now) ? late : todo).push(line);
      const act = actButton(ctx, d, unit.id);
      if (act) buttons.push(act);
    }
  }
  const lines = [ctx.t('status.unit_title', { unit: unit.name })];
  if (late.length) lines.push('', ctx.t('status.late'), ...late);
  if (todo.length) lines.push('', ctx.t('status.todo'), ...todo);
  if (done.length) lines.push('', ctx.t('status.done'), ...done);
  ctx.reply({ text: lines.join('\n'), buttons });
}

/** Every open deadline with its counts, a page at a time (the text and the buttons alike). */
async function districtStatus(ctx: FlowContext, page: number, replace: boolean): Promise<void> {
  const all = await districtProgress(ctx.scope, ctx.actor, ctx.now);
  if (all.length === 0) return ctx.reply({ text: ctx.t('office.no_deadlines'), buttons: wayBack(ctx), replace });
  const pg = paginate(all, page, (p) => statusActions.district({ page: p }), ctx.t, DRILL_PAGE);
  const lines = [
    withPage(ctx.t('status.district_title', { time: formatDateTime(ctx.now, ctx.settings.timezone) }), pg),
  ];
  for (const c of pg.items) {
    lines.push(
      '',
      `• ${c.deadline.title}`,
      `  ${dueLabel(ctx, c.deadline.dueAt)}`,
      `  ${ctx.t('status.counts', { submitted: c.submitted, total: c.total, draft: c.draft, not_started: c.notStarted })}${c.overdue ? ` — ${ctx.t('status.overdue_count', { count: c.overdue })}` : ''}`,
    );
  }
  ctx.reply({
    text: lines.join('\n'),
    buttons: [...deadlineButtons(pg.items), ...pg.nav],
    replace,
  });
}

/** The most communes listed in one message (Lai Châu has 38; a larger province gets "… và N nơi khác"). */
const ROLLUP_LINES = 60;

/** A province's communes, read only, after its own deadlines (nothing for a commune). */
async function rollupStatus(ctx: FlowContext): Promise<void> {
  if (!can(ctx.actor, 'status.rollup')) return;
  const lines = await childrenProgress(ctx.scope, ctx.actor);
  if (lines.length === 0) return;
  const text = [ctx.t('rollup.title', { jurisdiction: placeName(ctx.jurisdiction?.name ?? '') })];
  for (const l of lines.slice(0, ROLLUP_LINES)) {
    if (l.until) text.push(ctx.t('rollup.historical', { name: placeName(l.name), until: formatIsoDay(l.until) }));
    else if (l.open === 0) text.push(ctx.t('rollup.none_open', { name: placeName(l.name) }));
    else text.push(ctx.t('rollup.line', { name: placeName(l.name), open: l.open, done: l.done, total: l.total }));
  }
  if (lines.length > ROLLUP_LINES) text.push(ctx.t('rollup.more', { n: lines.length - ROLLUP_LINES }));
  ctx.reply({ text: text.join('\n') });
}

/** "2025-06-30" as people write it: 30/06/2025. */
function formatIsoDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** A deadline's row in an overview list, "<title> (submitted/total)", opening its units. */
export function deadlineButtons(list: readonly DeadlineCounts[]): ButtonSpec[][] {
  return list.map((c) => [
    {
      label: shortLabel(`${c.deadline.title} (${c.submitted}/${c.total})`, 60),
      action: statusActions.deadline({ deadline: c.deadline.id, group: undefined, page: undefined }),
    },
  ]);
}

const GROUPS = ['overdue', 'not_started', 'draft', 'submitted'] as const;
type Group = (typeof GROUPS)[number];

function isGroup(group: string | undefined): group is Group {
  return (GROUPS as readonly (string | undefined)[]).includes(group);
}

async function deadlineDetail(
  ctx: FlowContext,
  deadlineId: number,
  group: string | undefined,
  page: number,
): Promise<void> {
  const c = await deadlineProgress(ctx.scope, ctx.actor, deadlineId, ctx.now);
  if (!c) return ctx.reply({ text: ctx.t('common.stale_button') });
  const groupOf = (r: (typeof c.units)[number]): Group => {
    const st = stateOf(r.sub);
    if (st === 'submitted' || st === 'accepted') return 'submitted';
    if (isOverdue(c.deadline, r.sub, ctx.now)) return 'overdue';
    return st === 'not_started' ? 'not_started' : 'draft';
  };
  const lines = [`📋 ${c.deadline.title}`, dueLabel(ctx, c.deadline.dueAt), ''];
  for (const g of GROUPS) {
    const names = c.units.filter((r) => groupOf(r) === g).map((r) => r.unit.name);
    lines.push(
      `${ctx.t(`status.group_${g}`)} (${names.length}): ${names.length ? ellipsis(names.join(', '), 600) : '—'}`,
    );
  }
  const selected = isGroup(group) ? group : undefined;
  const shown = selected ? c.units.filter((r) => groupOf(r) === selected) : c.units;
  const pg = paginate(
    shown,
    page,
    (p) => statusActions.deadline({ deadline: deadlineId, group: selected, page: p }),
    ctx.t,
    DRILL_PAGE,
  );
  lines.push('', ctx.t('status.units_heading', { note: pg.note }));
  const buttons: ButtonSpec[][] = [
    GROUPS.map((g) => ({
      label: ctx.t(`status.group_${g}`),
      action: statusActions.deadline({ deadline: deadlineId, group: g, page: undefined }),
    })),
    ...pg.items.map((r) => [
      {
        label: labelWith(r.unit.name, stateLabel(ctx, stateOf(r.sub), isOverdue(c.deadline, r.sub, ctx.now)), 60),
        action: statusActions.unit({ deadline: deadlineId, unit: r.unit.id }),
      },
    ]),
    ...pg.nav,
  ];
  const tools: ButtonSpec[] = [];
  if (can(ctx.actor, 'missing.list'))
    tools.push({ label: ctx.t('status.btn_missing'), action: missingActions.deadline({ deadline: deadlineId }) });
  if (can(ctx.actor, 'export'))
    tools.push({ label: ctx.t('status.btn_export'), action: exportActions.deadline({ deadline: deadlineId }) });
  if (can(ctx.actor, 'status.district'))
    tools.push({ label: ctx.t('status.btn_chart'), action: chartActions.deadline({ deadline: deadlineId }) });
  if (tools.length) buttons.push(tools);
  buttons.push([
    { label: ctx.t('status.back_district'), action: statusActions.district({ page: undefined }), word: true },
  ]);
  ctx.reply({ text: lines.join('\n'), buttons, replace: true });
}
