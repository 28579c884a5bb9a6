/**
 * `/xuat`: a deadline's submissions as a file for the office: XLSX or CSV, or the attachments
 * as a ZIP. Typed (`/xuat so-ket-2026 csv`) or picked with buttons (handlers/flows/export.actions.ts,
 * which the status screens offer too). Stateless: every button carries all it needs. Trade-off:
 * the ZIP is built in memory and refused above what a chat may carry (the CLI exports those).
 */
import { assertCan } from '../../domain/authz.js';
import { resolveCsvStyle } from '../../domain/csv.js';
import { ellipsis, foldVi } from '../../domain/text.js';
import { defineFlow, type FlowContext } from '../flow.js';
import { buildCsv, buildWorkbook, exportFileName } from '../office/export.js';
import { buildFilesZip } from '../office/files-zip.js';
import { findDeadlineArg, pickDeadline } from '../pickers.js';
import { buildOverview } from '../services/overview.js';
import { exportActions } from './export.actions.js';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Telegram accepts documents up to 50 MB from a bot; larger ZIPs go through the CLI. */
export const MAX_CHAT_ZIP_BYTES = 45 * 1024 * 1024;

type Format = 'xlsx' | 'csv' | 'zip';

function formatOf(word: string): Format | undefined {
  const f = foldVi(word);
  return f === 'csv' ? 'csv' : f === 'zip' || f === 'tep' ? 'zip' : f === 'xlsx' || f === 'excel' ? 'xlsx' : undefined;
}

export const exportFlow = defineFlow({
  name: 'export',
  privateOnly: true,
  actions: exportActions,
  steps: {},
  async start(ctx, args) {
    assertCan(ctx.actor, 'export');
    ctx.leave();
    const words = args.split(/\s+/).filter(Boolean);
    const fmt = words.map(formatOf).find((f) => f !== undefined);
    const rest = words.filter((w) => formatOf(w) === undefined);
    const d = await findDeadlineArg(ctx, rest.join(' '));
    if (d) return send(ctx, d.id, fmt ?? 'xlsx');
    // "/xuat so-ket-2026 pdf": the deadline is understood, the last word is not a format.
    const withoutLast = rest.length > 1 ? await findDeadlineArg(ctx, rest.slice(0, -1).join(' ')) : undefined;
    if (withoutLast) {
      ctx.reply({ text: ctx.t('args.unknown_format', { arg: rest.at(-1)! }) });
      return ctx.press(exportActions.deadline({ deadline: withoutLast.id }));
    }
    if (rest.length) ctx.reply({ text: ctx.t('args.unknown_deadline', { arg: rest.join(' ') }) });
    await deadlines(ctx, 0);
  },
  async onAction(ctx, action) {
    assertCan(ctx.actor, 'export');
    switch (action.op) {
      case 'deadline_page':
        return deadlines(ctx, action.page, true);
      case 'deadline':
        return pickFormat(ctx, action.deadline);
      case 'send':
        return send(ctx, action.deadline, action.fmt);
    }
  },
});

/** The deadlines (closed ones too), paged; a page turned to replaces the list where the channel can. */
function deadlines(ctx: FlowContext, at: number, replace?: true): Promise<void> {
  return pickDeadline(ctx, {
    pick: (deadline) => exportActions.deadline({ deadline }),
    page: (page) => exportActions.deadline_page({ page }),
    at,
    text: ctx.t('export.pick_deadline'),
    includeClosed: true,
    replace,
  });
}

function pickFormat(ctx: FlowContext, deadline: number): void {
  const fmt = (f: Format) => exportActions.send({ deadline, fmt: f });
  ctx.reply({
    text: ctx.t('export.pick_format'),
    buttons: [
      [
        { label: ctx.t('export.xlsx'), action: fmt('xlsx') },
        { label: ctx.t('export.csv'), action: fmt('csv') },
      ],
      [{ label: ctx.t('export.zip'), action: fmt('zip') }],
    ],
  });
}

function send(ctx: FlowContext, deadlineId: number, fmt: Format): Promise<void> {
  return fmt === 'zip' ? sendFilesZip(ctx, deadlineId) : sendExport(ctx, deadlineId, fmt);
}

async function sendExport(ctx: FlowContext, deadlineId: number, fmt: 'xlsx' | 'csv'): Promise<void> {
  if (!ctx.caps.documents) return ctx.reply({ text: ctx.t('export.no_documents') });
  const o = await buildOverview(ctx.scope, ctx.actor, deadlineId, {
    now: ctx.now,
    timezone: ctx.settings.timezone,
    locale: ctx.locale,
  });
  if (!o) return ctx.reply({ text: ctx.t('common.stale_button') });
  const data =
    fmt === 'csv'
      ? new TextEncoder().encode(buildCsv(o, resolveCsvStyle(ctx.settings.csvStyle, o.locale)))
      : new Uint8Array(await buildWorkbook(o));
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

async function sendFilesZip(ctx: FlowContext, deadlineId: number): Promise<void> {
  if (!ctx.caps.documents || !ctx.settings.files) return ctx.reply({ text: ctx.t('export.no_documents') });
  const o = await buildOverview(ctx.scope, ctx.actor, deadlineId, {
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
