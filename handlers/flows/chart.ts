/**
 * `/bieudo`: progress charts as PNG for the office: one deadline's units, or the year's
 * submissions. Typed (`/bieudo so-ket-2026`, `/bieudo nam`) or picked with buttons
 * (handlers/flows/chart.actions.ts, which the status screens offer too). Stateless. Trade-off:
 * a channel without documents gets the caption's numbers only, not the picture.
 */
import { assertCan } from '../../domain/authz.js';
import { foldVi } from '../../domain/text.js';
import { localParts, zonedTime } from '../../domain/time.js';
import { defineFlow, type FlowContext } from '../flow.js';
import { deadlineProgressSvg, renderPng, submissionsOverTimeSvg } from '../office/chart/index.js';
import { findDeadlineArg, pickDeadline } from '../pickers.js';
import { buildOverview, submissionSeries } from '../services/overview.js';
import { chartActions } from './chart.actions.js';

export const chartFlow = defineFlow({
  name: 'chart',
  privateOnly: true,
  actions: chartActions,
  steps: {},
  async start(ctx, args) {
    assertCan(ctx.actor, 'status.district');
    ctx.leave();
    const year = localParts(ctx.now, ctx.settings.timezone).year;
    if (['nam', 'year', 'ca nam', String(year), `nam ${year}`].includes(foldVi(args))) return sendYearChart(ctx);
    const d = await findDeadlineArg(ctx, args);
    if (d) return sendDeadlineChart(ctx, d.id);
    if (args.trim())
      ctx.reply({
        text: ctx.t(/^\d{4}$/.test(args.trim()) ? 'args.unknown_year' : 'args.unknown_deadline', {
          arg: args.trim(),
          year,
        }),
      });
    await choose(ctx, 0);
  },
  async onAction(ctx, action) {
    assertCan(ctx.actor, 'status.district');
    switch (action.op) {
      case 'deadline_page':
        return choose(ctx, action.page, true);
      case 'deadline':
        return sendDeadlineChart(ctx, action.deadline);
      case 'year':
        return sendYearChart(ctx);
    }
  },
});

/**
 * The deadlines (closed ones too), paged, then "the whole year". A page turned to replaces the
 * list where the channel can edit messages, and "the whole year" stays under it; elsewhere both
 * come again, numbered once.
 */
async function choose(ctx: FlowContext, at: number, replace?: true): Promise<void> {
  await pickDeadline(ctx, {
    pick: (deadline) => chartActions.deadline({ deadline }),
    page: (page) => chartActions.deadline_page({ page }),
    at,
    text: ctx.t('chart.pick'),
    includeClosed: true,
    replace,
  });
  if (replace && ctx.caps.editMessages) return;
  ctx.reply({
    text: ctx.t('chart.or_year'),
    buttons: [[{ label: ctx.t('chart.year'), action: chartActions.year() }]],
  });
}

async function sendDeadlineChart(ctx: FlowContext, deadlineId: number): Promise<void> {
  const o = await buildOverview(ctx.scope, ctx.actor, deadlineId, {
    now: ctx.now,
    timezone: ctx.settings.timezone,
    locale: ctx.locale,
  });
  if (!o) return ctx.reply({ text: ctx.t('common.stale_button') });
  const submitted = o.units.filter((u) => u.state === 'submitted' || u.state === 'accepted').length;
  const overdue = o.units.filter((u) => u.overdue).length;
  const caption = ctx.t('chart.caption', { title: o.deadline.title, submitted, total: o.units.length, overdue });
  if (!ctx.caps.documents) return ctx.reply({ text: caption });
  const png = renderPng(deadlineProgressSvg(o));
  ctx.reply({
    text: caption,
    photo: { fileName: `${o.deadline.code}.png`, mime: 'image/png', data: new Uint8Array(png), caption },
  });
}

async function sendYearChart(ctx: FlowContext): Promise<void> {
  const tz = ctx.settings.timezone;
  const year = localParts(ctx.now, tz).year;
  const s = await submissionSeries(ctx.scope, ctx.actor, {
    from: zonedTime(year, 1, 1, 0, 0, tz),
    to: zonedTime(year, 12, 31, 23, 59, tz),
    title: ctx.t('chart.year_title', { year }),
    timezone: tz,
    locale: ctx.locale,
  });
  const caption = ctx.t('chart.year_caption', { year, count: s.points.length });
  if (!ctx.caps.documents) return ctx.reply({ text: caption });
  const png = renderPng(submissionsOverTimeSvg(s));
  ctx.reply({
    text: caption,
    photo: { fileName: `nop-bao-cao-${year}.png`, mime: 'image/png', data: new Uint8Array(png), caption },
  });
}
