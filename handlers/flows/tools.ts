/**
 * The office's output tools: `/xuat` (XLSX or CSV of a deadline, or its attachments as a ZIP), `/bieudo` (progress charts
 * as PNG), `/thongbao` (an announcement to a chosen audience, delivered through the outbox).
 */
import { broadcasts } from '../../db/schema.js';
import { writeAudit } from '../../db/queries/audit.js';
import { accountsOfPeople, listPeople, listUnits } from '../../db/queries/directory.js';
import { enqueue } from '../../db/queries/outbox.js';
import { actorLabel, actorPersonId, assertCan, isRole, ROLES } from '../../domain/authz.js';
import type { Flow, FlowContext } from '../flow.js';
import { UserError } from '../flow.js';
import { deadlineProgressSvg, renderPng, submissionsOverTimeSvg } from '../office/chart/index.js';
import { buildCsv, buildWorkbook, exportFileName } from '../office/export.js';
import { buildFilesZip } from '../office/files-zip.js';
import { kindLabel } from '../office/labels.js';
import { paginate } from '../paging.js';
import { findDeadlineArg, replyDeadlinePicker } from '../pickers.js';
import { buildOverview, submissionSeries } from '../services/overview.js';
import { ellipsis, foldVi } from '../../domain/text.js';
import { localParts, zonedTime } from '../../domain/time.js';
import type { ButtonSpec, Json } from '../types.js';
import type { BroadcastPayload } from '../../domain/outbox.js';

// ------------------------------------------------------------------ /xuat

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const exportFlow: Flow = {
  name: 'export',
  privateOnly: true,
  async start(ctx, args) {
    assertCan(ctx.actor, 'export');
    ctx.leave();
    const words = args.split(/\s+/).filter(Boolean);
    const formatOf = (w: string): 'csv' | 'xlsx' | 'zip' | undefined => {
      const f = foldVi(w);
      return f === 'csv'
        ? 'csv'
        : f === 'zip' || f === 'tep'
          ? 'zip'
          : f === 'xlsx' || f === 'excel'
            ? 'xlsx'
            : undefined;
    };
    const fmt = words.map(formatOf).find((f) => f !== undefined);
    const rest = words.filter((w) => formatOf(w) === undefined);
    const d = await findDeadlineArg(ctx, rest.join(' '));
    if (d) return fmt === 'zip' ? sendFilesZip(ctx, d.id) : sendExport(ctx, d.id, fmt === 'csv' ? 'csv' : 'xlsx');
    // "/xuat so-ket-2026 pdf": the deadline is understood, the last word is not a format.
    const withoutLast = rest.length > 1 ? await findDeadlineArg(ctx, rest.slice(0, -1).join(' ')) : undefined;
    if (withoutLast) {
      ctx.reply({ text: ctx.t('args.unknown_format', { arg: rest.at(-1)! }) });
      return exportFlow.onAction!(ctx, { f: 'export', op: 'deadline', deadline: withoutLast.id });
    }
    if (rest.length) ctx.reply({ text: ctx.t('args.unknown_deadline', { arg: rest.join(' ') }) });
    await replyDeadlinePicker(ctx, {
      flow: 'export',
      op: 'deadline',
      text: ctx.t('export.pick_deadline'),
      includeClosed: true,
    });
  },
  async onAction(ctx, a) {
    assertCan(ctx.actor, 'export');
    if (a.op === 'deadline') {
      return ctx.reply({
        text: ctx.t('export.pick_format'),
        buttons: [
          [
            {
              label: ctx.t('export.xlsx'),
              action: { f: 'export', op: 'send', deadline: Number(a.deadline), fmt: 'xlsx' },
            },
            {
              label: ctx.t('export.csv'),
              action: { f: 'export', op: 'send', deadline: Number(a.deadline), fmt: 'csv' },
            },
          ],
          [
            {
              label: ctx.t('export.zip'),
              action: { f: 'export', op: 'send', deadline: Number(a.deadline), fmt: 'zip' },
            },
          ],
        ],
      });
    }
    if (a.op === 'send' && a.fmt === 'zip') return sendFilesZip(ctx, Number(a.deadline));
    if (a.op === 'send') return sendExport(ctx, Number(a.deadline), a.fmt === 'csv' ? 'csv' : 'xlsx');
    ctx.reply({ text: ctx.t('common.stale_button') });
  },
};

async function sendExport(ctx: FlowContext, deadlineId: number, fmt: 'xlsx' | 'csv'): Promise<void> {
  if (!ctx.caps.documents) return ctx.reply({ text: ctx.t('export.no_documents') });
  const o = await buildOverview(ctx.tx, ctx.actor, deadlineId, {
    now: ctx.now,
    timezone: ctx.settings.timezone,
    locale: ctx.locale,
  });
  if (!o) return ctx.reply({ text: ctx.t('common.stale_button') });
  const data = fmt === 'csv' ? new TextEncoder().encode(buildCsv(o)) : new Uint8Array(await buildWorkbook(o));
  const submitted = o.units.filter((u) => u.state === 'submitted' || u.state === 'accepted').length;
  ctx.reply({
    text: ctx.t('export.done', { title: o.deadline.title, submitted, total: o.units.length }),
    document: {
      fileName: exportFileName(o, fmt),
      mime: fmt === 'csv' ? 'text/csv' : XLSX_MIME,
      data,
      caption: o.deadline.title,
    },
  });
}

/** Telegram accepts documents up to 50 MB from a bot; larger ZIPs go through the CLI. */
export const MAX_CHAT_ZIP_BYTES = 45 * 1024 * 1024;

async function sendFilesZip(ctx: FlowContext, deadlineId: number): Promise<void> {
  if (!ctx.caps.documents || !ctx.settings.files) return ctx.reply({ text: ctx.t('export.no_documents') });
  const o = await buildOverview(ctx.tx, ctx.actor, deadlineId, {
    now: ctx.now,
    timezone: ctx.settings.timezone,
    locale: ctx.locale,
  });
  if (!o) return ctx.reply({ text: ctx.t('common.stale_button') });
  const z = await buildFilesZip(ctx.tx, ctx.settings.files, o);
  const missing = z.missing.length
    ? `\n${ctx.t('export.zip_missing', { count: z.missing.length, list: ellipsis(z.missing.map((m) => `${m.unit} — ${m.name}`).join('; '), 600) })}`
    : '';
  if (z.files === 0) return ctx.reply({ text: ctx.t('export.zip_none', { title: o.deadline.title }) + missing });
  if (z.data.length > MAX_CHAT_ZIP_BYTES) {
    return ctx.reply({
      text: ctx.t('export.zip_too_big', { size: Math.ceil(z.data.length / 1048576), code: o.deadline.code }),
    });
  }
  ctx.reply({
    text: ctx.t('export.zip_done', { title: o.deadline.title, files: z.files, units: z.units }) + missing,
    document: {
      fileName: exportFileName(o, 'xlsx').replace(/\.xlsx$/, '-tep-dinh-kem.zip'),
      mime: 'application/zip',
      data: z.data,
      caption: o.deadline.title,
    },
  });
}

// ------------------------------------------------------------------ /bieudo

export const chartFlow: Flow = {
  name: 'chart',
  privateOnly: true,
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
    await replyDeadlinePicker(ctx, { flow: 'chart', op: 'deadline', text: ctx.t('chart.pick'), includeClosed: true });
    ctx.reply({
      text: ctx.t('chart.or_year'),
      buttons: [[{ label: ctx.t('chart.year'), action: { f: 'chart', op: 'year' } }]],
    });
  },
  async onAction(ctx, a) {
    assertCan(ctx.actor, 'status.district');
    if (a.op === 'deadline') return sendDeadlineChart(ctx, Number(a.deadline));
    if (a.op === 'year') return sendYearChart(ctx);
    ctx.reply({ text: ctx.t('common.stale_button') });
  },
};

async function sendDeadlineChart(ctx: FlowContext, deadlineId: number): Promise<void> {
  const o = await buildOverview(ctx.tx, ctx.actor, deadlineId, {
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
  const s = await submissionSeries(ctx.tx, ctx.actor, {
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

// ------------------------------------------------------------------ /thongbao

type Mode = 'all' | 'kinds' | 'units' | 'roles';
interface BroadcastData {
  text: string;
  mode: Mode;
  picked: Array<string | number>;
}

const B = 'broadcast';
const MAX_BROADCAST = 2000;

export const broadcastFlow: Flow = {
  name: B,
  privateOnly: true,
  async start(ctx) {
    assertCan(ctx.actor, 'broadcast');
    ctx.enter(B, 'text');
    ctx.reply({ text: ctx.t('broadcast.ask_text', { max: MAX_BROADCAST }), expectsText: true });
  },
  async onText(ctx, text) {
    assertCan(ctx.actor, 'broadcast');
    if (ctx.state.step !== 'text') return ctx.reply({ text: ctx.t('invite.use_buttons') });
    if ([...text].length > MAX_BROADCAST) {
      return ctx.reply({
        text: `❗ ${ctx.t('form.err_too_long', { max: MAX_BROADCAST, got: [...text].length })}\n\n${ctx.t('broadcast.ask_text', { max: MAX_BROADCAST })}`,
        expectsText: true,
      });
    }
    ctx.go('audience', { text, mode: 'all', picked: [] });
    return audienceMenu(ctx);
  },
  async onAction(ctx, a) {
    assertCan(ctx.actor, 'broadcast');
    const d = ctx.state.data as unknown as BroadcastData;
    const step = (op: string, extra: Record<string, Json> = {}) => ({ f: B, op, iid: ctx.iid, ...extra });
    switch (a.op) {
      case 'mode': {
        const mode = String(a.mode) as Mode;
        ctx.go('audience', { ...d, mode, picked: [] } as unknown as Record<string, Json>);
        if (mode === 'all') return preview(ctx);
        return pickList(ctx, 0, step);
      }
      case 'toggle': {
        const v = a.value as string | number;
        const picked = d.picked.includes(v) ? d.picked.filter((x) => x !== v) : [...d.picked, v];
        ctx.go('audience', { ...d, picked } as unknown as Record<string, Json>);
        return pickList(ctx, Number(a.page ?? 0), step);
      }
      case 'page':
        return pickList(ctx, Number(a.page), step);
      case 'picked':
        if (d.picked.length === 0) return ctx.reply({ text: ctx.t('broadcast.pick_one') });
        return preview(ctx);
      case 'send':
        return send(ctx);
      case 'back':
        return audienceMenu(ctx);
    }
    ctx.reply({ text: ctx.t('common.stale_button') });
  },
};

function audienceMenu(ctx: FlowContext): void {
  const step = (mode: Mode) => ({ f: B, op: 'mode', iid: ctx.iid, mode });
  ctx.reply({
    text: ctx.t('broadcast.pick_audience'),
    buttons: [
      [{ label: ctx.t('broadcast.aud_all'), action: step('all') }],
      [{ label: ctx.t('broadcast.aud_kinds'), action: step('kinds') }],
      [{ label: ctx.t('broadcast.aud_units'), action: step('units') }],
      [{ label: ctx.t('broadcast.aud_roles'), action: step('roles') }],
    ],
  });
}

async function options(ctx: FlowContext, mode: Mode): Promise<Array<{ value: string | number; label: string }>> {
  const units = await listUnits(ctx.tx, { activeOnly: true });
  if (mode === 'kinds') {
    const kinds = [...new Set(units.map((u) => u.kind))];
    return kinds.map((k) => ({
      value: k,
      label: `${kindLabel(ctx.locale, k)} (${units.filter((u) => u.kind === k).length})`,
    }));
  }
  if (mode === 'roles') return ROLES.map((r) => ({ value: r, label: ctx.t(`role.${r}`) }));
  return units.map((u) => ({ value: u.id, label: u.name }));
}

async function pickList(
  ctx: FlowContext,
  page: number,
  step: (op: string, extra?: Record<string, Json>) => { f: string; op: string },
): Promise<void> {
  const d = ctx.state.data as unknown as BroadcastData;
  const all = await options(ctx, d.mode);
  const pg = paginate(all, page, (p) => step('page', { page: p }), ctx.t, 8);
  const buttons: ButtonSpec[][] = pg.items.map((o) => [
    {
      label: ellipsis(`${d.picked.includes(o.value) ? '✅ ' : ''}${o.label}`, 60),
      action: step('toggle', { value: o.value, page: pg.page }),
    },
  ]);
  buttons.push(...pg.nav, [
    { label: ctx.t('broadcast.picked_done', { count: d.picked.length }), action: step('picked') },
  ]);
  ctx.reply({ text: ctx.t('broadcast.pick_items'), buttons, replace: true });
}

async function recipients(ctx: FlowContext, d: BroadcastData): Promise<number[]> {
  const units = await listUnits(ctx.tx, { activeOnly: true });
  let unitIds: number[] | undefined;
  let roles: string[] | undefined;
  if (d.mode === 'kinds') unitIds = units.filter((u) => d.picked.includes(u.kind)).map((u) => u.id);
  if (d.mode === 'units') unitIds = d.picked.map(Number);
  if (d.mode === 'roles') roles = d.picked.map(String).filter(isRole);
  const people = await listPeople(ctx.tx, { unitIds, roles, activeOnly: true });
  return people.map((p) => p.person.id);
}

async function preview(ctx: FlowContext): Promise<void> {
  const d = ctx.state.data as unknown as BroadcastData;
  const ids = await recipients(ctx, d);
  const linked = new Set((await accountsOfPeople(ctx.tx, ids)).map((a) => a.personId));
  ctx.go('preview', d as unknown as Record<string, Json>);
  ctx.reply({
    text: ctx.t('broadcast.preview', { text: d.text, count: ids.length, unlinked: ids.length - linked.size }),
    buttons: [
      // Going back comes first, where a habitual "1" lands; sending is the second choice.
      [
        { label: ctx.t('common.back'), action: { f: B, op: 'back', iid: ctx.iid } },
        { label: ctx.t('broadcast.btn_send', { count: ids.length }), action: { f: B, op: 'send', iid: ctx.iid } },
      ],
    ],
  });
}

async function send(ctx: FlowContext): Promise<void> {
  const d = ctx.state.data as unknown as BroadcastData;
  if (!d.text) throw new UserError({ text: ctx.t('common.stale_button') });
  const ids = await recipients(ctx, d);
  if (ids.length === 0) return ctx.reply({ text: ctx.t('broadcast.nobody') });
  const creator = actorPersonId(ctx.actor);
  if (creator === null) throw new UserError({ text: ctx.t('auth.forbidden') });
  const audience = { mode: d.mode, picked: d.picked };
  const [b] = await ctx.tx
    .insert(broadcasts)
    .values({ createdBy: creator, text: d.text, audience, total: ids.length, createdAt: ctx.now })
    .returning();
  const payload: BroadcastPayload = { type: 'broadcast', broadcastId: b!.id, text: d.text };
  await enqueue(
    ctx.tx,
    ids.map((personId) => ({
      key: `bc:${b!.id}:${personId}`,
      kind: 'broadcast',
      personId,
      payload,
      dueAt: ctx.now,
      broadcastId: b!.id,
    })),
    ctx.now,
  );
  await writeAudit(
    ctx.tx,
    {
      actorPersonId: creator,
      actorAccount: actorLabel(ctx.actor),
      action: 'broadcast.create',
      entity: 'broadcast',
      entityId: b!.id,
      after: { audience, total: ids.length },
    },
    ctx.now,
  );
  ctx.leave();
  ctx.reply({ text: ctx.t('broadcast.queued', { count: ids.length }) });
}
