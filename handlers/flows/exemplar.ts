/**
 * `/dienhinh`: line of work 3 of the plan asks units to find and report exemplary people and
 * models (điển hình tiên tiến). A unit records one in a short flow (name, field, what they
 * did, photos); the office lists them across units.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { attachments, exemplars, units } from '../../db/schema.js';
import { writeAudit } from '../../db/queries/audit.js';
import {
  actorLabel,
  actorPersonId,
  assertCan,
  assertPerson,
  can,
  canForEveryUnit,
  type PersonActor,
} from '../../domain/authz.js';
import type { Flow, FlowContext } from '../flow.js';
import { UserError } from '../flow.js';
import { formatDate } from '../../domain/format.js';
import { fileRefusal } from '../files/checks.js';
import { paginate } from '../paging.js';
import { ellipsis, foldVi, isBackWord } from '../../domain/text.js';
import type { InboundFile, Json } from '../types.js';

const E = 'exemplar';
const MAX_PHOTOS = 5;

function me(ctx: FlowContext): PersonActor {
  assertPerson(ctx.actor);
  return ctx.actor;
}

export const exemplarFlow: Flow = {
  name: E,
  privateOnly: true,
  async start(ctx) {
    const actor = me(ctx);
    if (canForEveryUnit(actor, 'exemplar.read')) return list(ctx, 0);
    assertCan(actor, 'exemplar.write', actor.unitId);
    return begin(ctx);
  },
  async onAction(ctx, a) {
    const actor = me(ctx);
    switch (a.op) {
      case 'new':
        assertCan(actor, 'exemplar.write', actor.unitId);
        return begin(ctx);
      case 'list':
        return list(ctx, Number(a.page ?? 0));
      case 'photos_done':
        return confirm(ctx);
      case 'save':
        return save(ctx);
      case 'back': {
        const prev = PREVIOUS[ctx.state.step ?? ''];
        return prev ? askStep(ctx, prev) : ctx.reply({ text: ctx.t('common.stale_button') });
      }
      case 'keep': {
        const step = ctx.state.step ?? '';
        if (ctx.state.data.editing) return confirm(ctx);
        const next =
          step === 'name' ? 'field' : step === 'field' ? 'achievement' : step === 'achievement' ? 'photos' : undefined;
        return next ? askStep(ctx, next) : ctx.reply({ text: ctx.t('common.stale_button') });
      }
      case 'edit':
        if (ctx.state.step !== 'confirm' || !['name', 'field', 'achievement'].includes(String(a.field)))
          return ctx.reply({ text: ctx.t('common.stale_button') });
        return askStep(ctx, String(a.field), true);
    }
    ctx.reply({ text: ctx.t('common.stale_button') });
  },
  async onText(ctx, text) {
    const d = ctx.state.data;
    const limits: Record<string, number> = { name: 200, field: 200, achievement: 2000 };
    const step = ctx.state.step ?? '';
    const word = foldVi(text);
    // "quay lại" goes one step back (it is never saved as an answer).
    if (isBackWord(word) && step in PREVIOUS) return askStep(ctx, PREVIOUS[step]!);
    if (step in limits) {
      if ([...text].length > limits[step]!) {
        // Say the limit, then ask the same question again.
        return ctx.reply({
          text: `❗ ${ctx.t('form.err_too_long', { max: limits[step]!, got: [...text].length })}\n\n${question(ctx, step)}`,
          expectsText: true,
        });
      }
      const next = { ...d, [step]: text };
      // Editing one field from the confirmation goes back to it.
      if (d.editing) {
        ctx.go('confirm', { ...next, editing: false });
        return confirm(ctx);
      }
      ctx.go(step, next);
      return askStep(ctx, step === 'name' ? 'field' : step === 'field' ? 'achievement' : 'photos');
    }
    if (step === 'photos' && ['xong', 'done'].includes(word)) return confirm(ctx);
    if (step === 'confirm' && ['luu', 'save'].includes(word)) return save(ctx);
    ctx.reply({ text: ctx.t('invite.use_buttons') });
  },
  async onFile(ctx, file: InboundFile) {
    if (ctx.state.step !== 'photos') return ctx.reply({ text: ctx.t('common.file_unexpected') });
    const refusal = fileRefusal(ctx, file, ['image']);
    if (refusal) return ctx.reply({ text: refusal, expectsText: true });
    const photos = (ctx.state.data.photos as Json[] | undefined) ?? [];
    if (photos.length >= MAX_PHOTOS)
      return ctx.reply({ text: ctx.t('form.file_too_many', { max: MAX_PHOTOS }), expectsText: true });
    const a = file.archived;
    const next = [
      ...photos,
      {
        fileId: file.fileId,
        name: file.name ?? null,
        mime: a?.mime ?? file.mime ?? null,
        size: a?.size ?? file.size ?? null,
        sha256: a?.sha256 ?? null,
      },
    ];
    ctx.go('photos', { ...ctx.state.data, photos: next });
    ctx.reply({
      text: ctx.t('form.file_received', {
        name: file.name ?? ctx.t('form.unnamed_file'),
        n: next.length,
        max: MAX_PHOTOS,
      }),
      buttons: [[{ label: ctx.t('form.files_done'), action: { f: E, op: 'photos_done', iid: ctx.iid } }]],
      expectsText: true,
    });
  },
};

const PREVIOUS: Record<string, string> = {
  field: 'name',
  achievement: 'field',
  photos: 'achievement',
  confirm: 'photos',
};

function question(ctx: FlowContext, step: string): string {
  return step === 'name'
    ? ctx.t('exemplar.ask_name')
    : step === 'field'
      ? ctx.t('exemplar.ask_field')
      : ctx.t('exemplar.ask_achievement');
}

/** Asks one step's question; a value already given is shown and kept with "giữ nguyên". */
function askStep(ctx: FlowContext, step: string, editing = false): void {
  const d = ctx.state.data;
  ctx.go(step, { ...d, editing });
  const back =
    PREVIOUS[step] && !editing
      ? [{ label: ctx.t('common.back'), action: { f: E, op: 'back', iid: ctx.iid }, word: true }]
      : [];
  if (step === 'photos') {
    return ctx.reply({
      text: ctx.t('exemplar.ask_photos', { max: MAX_PHOTOS }),
      buttons: [
        [{ label: ctx.t('form.files_done'), action: { f: E, op: 'photos_done', iid: ctx.iid } }],
        ...(back.length ? [back] : []),
      ],
      expectsText: true,
    });
  }
  const current = typeof d[step] === 'string' ? `\n${ctx.t('form.current', { value: String(d[step]) })}` : '';
  const keep = current ? [{ label: ctx.t('form.keep'), action: { f: E, op: 'keep', iid: ctx.iid }, word: true }] : [];
  const nav = [...back, ...keep];
  ctx.reply({ text: `${question(ctx, step)}${current}`, buttons: nav.length ? [nav] : undefined, expectsText: true });
}

function begin(ctx: FlowContext): void {
  ctx.enter(E, 'name');
  ctx.reply({ text: ctx.t('exemplar.ask_name'), expectsText: true });
}

function confirm(ctx: FlowContext): void {
  const d = ctx.state.data;
  if (!d.name || !d.field || !d.achievement) throw new UserError({ text: ctx.t('common.stale_button') });
  ctx.go('confirm', d);
  ctx.reply({
    text: ctx.t('exemplar.confirm', {
      name: String(d.name),
      field: String(d.field),
      achievement: String(d.achievement),
      photos: ((d.photos as Json[]) ?? []).length,
    }),
    // Editing comes first; saving is last, never where a habitual "1" lands.
    buttons: [
      [{ label: ctx.t('exemplar.edit_name'), action: { f: E, op: 'edit', iid: ctx.iid, field: 'name' } }],
      [{ label: ctx.t('exemplar.edit_field'), action: { f: E, op: 'edit', iid: ctx.iid, field: 'field' } }],
      [{ label: ctx.t('exemplar.edit_achievement'), action: { f: E, op: 'edit', iid: ctx.iid, field: 'achievement' } }],
      [{ label: ctx.t('exemplar.btn_save'), action: { f: E, op: 'save', iid: ctx.iid } }],
    ],
  });
}

async function save(ctx: FlowContext): Promise<void> {
  const actor = me(ctx);
  assertCan(actor, 'exemplar.write', actor.unitId);
  const d = ctx.state.data;
  if (!d.name || !d.field || !d.achievement) throw new UserError({ text: ctx.t('common.stale_button') });
  const [row] = await ctx.tx
    .insert(exemplars)
    .values({
      unitId: actor.unitId,
      name: String(d.name),
      field: String(d.field),
      achievement: String(d.achievement),
      createdBy: actor.personId,
      createdAt: ctx.now,
    })
    .returning({ id: exemplars.id });
  const photos =
    (d.photos as Array<{
      fileId: string;
      name: string | null;
      mime: string | null;
      size: number | null;
      sha256?: string | null;
    }>) ?? [];
  if (photos.length) {
    await ctx.tx.insert(attachments).values(
      photos.map((p) => ({
        ownerKind: 'exemplar',
        ownerId: row!.id,
        channel: ctx.event.channel,
        fileId: p.fileId,
        fileName: p.name,
        mime: p.mime,
        size: p.size,
        createdBy: actor.personId,
        createdAt: ctx.now,
        sha256: p.sha256 ?? null,
        archivedAt: p.sha256 ? ctx.now : null,
      })),
    );
  }
  await writeAudit(
    ctx.tx,
    {
      actorPersonId: actorPersonId(actor),
      actorAccount: actorLabel(actor),
      action: 'exemplar.create',
      entity: 'exemplar',
      entityId: row!.id,
      unitId: actor.unitId,
      after: { name: d.name, field: d.field, photos: photos.length },
    },
    ctx.now,
  );
  ctx.leave();
  ctx.reply({ text: ctx.t('exemplar.saved', { name: String(d.name) }) });
}

async function list(ctx: FlowContext, page: number): Promise<void> {
  const actor = me(ctx);
  const all = canForEveryUnit(actor, 'exemplar.read');
  if (!all) assertCan(actor, 'exemplar.read', actor.unitId);
  const rows = await ctx.tx
    .select({ e: exemplars, unitName: units.name })
    .from(exemplars)
    .innerJoin(units, eq(units.id, exemplars.unitId))
    .where(all ? undefined : eq(exemplars.unitId, actor.unitId))
    .orderBy(desc(exemplars.createdAt), desc(exemplars.id))
    .limit(200);
  const photoCounts = new Map<number, number>();
  if (rows.length) {
    const photos = await ctx.tx
      .select({ ownerId: attachments.ownerId })
      .from(attachments)
      .where(
        and(
          eq(attachments.ownerKind, 'exemplar'),
          inArray(
            attachments.ownerId,
            rows.map((r) => r.e.id),
          ),
        ),
      );
    for (const p of photos) photoCounts.set(p.ownerId, (photoCounts.get(p.ownerId) ?? 0) + 1);
  }
  ctx.leave();
  const pg = paginate(rows, page, (p) => ({ f: E, op: 'list', page: p }), ctx.t, 5);
  const lines = [rows.length ? ctx.t('exemplar.list_title', { count: rows.length }) : ctx.t('exemplar.list_empty')];
  for (const r of pg.items) {
    lines.push(
      '',
      `• ${r.e.name} — ${r.unitName} (${formatDate(r.e.createdAt, ctx.settings.timezone)})`,
      `  ${ctx.t('exemplar.field_line', { field: r.e.field })}`,
      `  ${ellipsis(r.e.achievement, 300)}`,
    );
    const n = photoCounts.get(r.e.id) ?? 0;
    if (n) lines.push(`  ${ctx.t('exemplar.photos_line', { count: n })}`);
  }
  const buttons = [...pg.nav];
  if (can(actor, 'exemplar.write', actor.unitId))
    buttons.push([{ label: ctx.t('exemplar.btn_new'), action: { f: E, op: 'new' } }]);
  ctx.reply({ text: lines.join('\n'), buttons });
}
