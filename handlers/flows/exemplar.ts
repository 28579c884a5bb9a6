/**
 * `/dienhinh`: line of work 3 of the plan asks units to find and report exemplary people and
 * models (điển hình tiên tiến). A unit records one in a short flow (name, field, what they
 * did, photos); the office lists them across units.
 *
 * Trade-off: the draft (answers and the photos' file ids) lives in the conversation's data
 * until it is saved, so leaving the flow drops it; nothing half-made reaches the office's list.
 * The save writes through services/exemplars.ts.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { attachments, exemplars, units } from '../../db/schema.js';
import { assertCan, assertPerson, can, canForEveryUnit, type PersonActor } from '../../domain/authz.js';
import { formatDate } from '../../domain/format.js';
import { ellipsis, foldVi, isBackWord } from '../../domain/text.js';
import { defineActions, field } from '../actions.js';
import { fileRefusal } from '../files/checks.js';
import { defineFlow, UserError, type FlowContext } from '../flow.js';
import { paginate } from '../paging.js';
import { createExemplar } from '../services/exemplars.js';
import { defineSteps } from '../steps.js';
import type { InboundFile } from '../types.js';

const E = 'exemplar';
const MAX_PHOTOS = 5;

export const exemplarActions = defineActions(E, {
  entry: {
    /** Records a new one (the office's list offers it to a unit). */
    new: {},
    /** The list, paged. */
    list: { page: field.page.optional() },
  },
  step: {
    back: {},
    /** Keeps the value already given and moves on. */
    keep: {},
    photos_done: {},
    /** From the confirmation: change one answer. */
    edit: { field: z.enum(['name', 'field', 'achievement']) },
    save: {},
  },
});

const photo = z.object({
  fileId: z.string().min(1),
  name: z.string().nullable(),
  mime: z.string().nullable(),
  size: z.number().nullable(),
  sha256: z.string().nullable().optional(),
});

/** The answers so far; `editing` is set when one answer is changed from the confirmation. */
const draft = z.object({
  name: z.string().optional(),
  field: z.string().optional(),
  achievement: z.string().optional(),
  photos: z.array(photo).optional(),
  editing: z.boolean().optional(),
});

const steps = defineSteps(E, {
  name: { data: draft, actions: ['keep'], text: true },
  field: { data: draft, actions: ['back', 'keep'], text: true },
  achievement: { data: draft, actions: ['back', 'keep'], text: true },
  photos: { data: draft, actions: ['photos_done', 'back'], text: true, file: true },
  confirm: {
    data: draft.extend({ name: z.string(), field: z.string(), achievement: z.string() }),
    actions: ['edit', 'save'],
    text: true,
  },
});

type Step = keyof typeof steps.specs;
/** A step that asks for something (the confirmation only shows). */
type Asking = Exclude<Step, 'confirm'>;
type Question = 'name' | 'field' | 'achievement';
type Draft = z.output<typeof draft>;

const STEPS: Step[] = ['name', 'field', 'achievement', 'photos', 'confirm'];
const LIMITS: Record<Question, number> = { name: 200, field: 200, achievement: 2000 };
const PREVIOUS: Partial<Record<Step, Asking>> = {
  field: 'name',
  achievement: 'field',
  photos: 'achievement',
  confirm: 'photos',
};
const NEXT: Record<Question, Asking> = { name: 'field', field: 'achievement', achievement: 'photos' };

const isQuestion = (step: Step): step is Question => step in LIMITS;

function me(ctx: FlowContext): PersonActor {
  assertPerson(ctx.actor);
  return ctx.actor;
}

export const exemplarFlow = defineFlow({
  name: E,
  privateOnly: true,
  actions: exemplarActions,
  steps: steps.specs,
  async start(ctx) {
    const actor = me(ctx);
    if (canForEveryUnit(actor, 'exemplar.read')) return list(ctx, 0);
    assertCan(actor, 'exemplar.write', actor.unitId);
    return begin(ctx);
  },
  async onAction(ctx, action) {
    const actor = me(ctx);
    switch (action.op) {
      case 'new':
        assertCan(actor, 'exemplar.write', actor.unitId);
        return begin(ctx);
      case 'list':
        return list(ctx, action.page ?? 0);
      case 'photos_done':
        return confirm(ctx, steps.data(ctx, 'photos'));
      case 'save':
        return save(ctx);
      case 'back': {
        const prev = PREVIOUS[current(ctx)];
        return prev ? askStep(ctx, prev, draftOf(ctx)) : ctx.reply({ text: ctx.t('common.stale_button') });
      }
      case 'keep': {
        const step = current(ctx);
        const d = draftOf(ctx);
        if (d.editing) return confirm(ctx, d);
        return isQuestion(step) ? askStep(ctx, NEXT[step], d) : ctx.reply({ text: ctx.t('common.stale_button') });
      }
      case 'edit':
        return askStep(ctx, action.field, steps.data(ctx, 'confirm'), true);
    }
  },
  onText: answered,
  onFile: photoSent,
});

/** The step the chat is in (the engine sends this flow's events only at its declared steps). */
function current(ctx: FlowContext): Step {
  const step = steps.current(ctx);
  if (!step) throw new UserError({ text: ctx.t('common.stale_button') });
  return step;
}

function draftOf(ctx: FlowContext): Draft {
  return steps.data(ctx, ...STEPS);
}

function begin(ctx: FlowContext): void {
  steps.enter(ctx, 'name', {});
  ctx.reply({ text: ctx.t('exemplar.ask_name'), expectsText: true });
}

function question(ctx: FlowContext, step: Question): string {
  return step === 'name'
    ? ctx.t('exemplar.ask_name')
    : step === 'field'
      ? ctx.t('exemplar.ask_field')
      : ctx.t('exemplar.ask_achievement');
}

/** Asks one step's question; a value already given is shown and kept with "giữ nguyên". */
function askStep(ctx: FlowContext, step: Asking, d: Draft, editing = false): void {
  steps.go(ctx, step, { ...d, editing });
  const back =
    PREVIOUS[step] && !editing ? [{ label: ctx.t('common.back'), action: exemplarActions.back(ctx), word: true }] : [];
  if (step === 'photos') {
    return ctx.reply({
      text: ctx.t('exemplar.ask_photos', { max: MAX_PHOTOS }),
      buttons: [
        [{ label: ctx.t('form.files_done'), action: exemplarActions.photos_done(ctx) }],
        ...(back.length ? [back] : []),
      ],
      expectsText: true,
    });
  }
  const given = d[step];
  const shown = given !== undefined ? `\n${ctx.t('form.current', { value: given })}` : '';
  const keep = shown ? [{ label: ctx.t('form.keep'), action: exemplarActions.keep(ctx), word: true }] : [];
  const nav = [...back, ...keep];
  ctx.reply({ text: `${question(ctx, step)}${shown}`, buttons: nav.length ? [nav] : undefined, expectsText: true });
}

/** Typed text: an answer to the question asked, "quay lại", or "xong" / "lưu" at their steps. */
async function answered(ctx: FlowContext, text: string): Promise<void> {
  const step = current(ctx);
  const d = draftOf(ctx);
  const word = foldVi(text);
  // "quay lại" goes one step back (it is never saved as an answer).
  const prev = PREVIOUS[step];
  if (isBackWord(word) && prev) return askStep(ctx, prev, d);
  if (isQuestion(step)) {
    const max = LIMITS[step];
    if ([...text].length > max) {
      // Say the limit, then ask the same question again.
      return ctx.reply({
        text: `❗ ${ctx.t('form.err_too_long', { max, got: [...text].length })}\n\n${question(ctx, step)}`,
        expectsText: true,
      });
    }
    const next: Draft = { ...d, [step]: text };
    // Editing one field from the confirmation goes back to it.
    if (d.editing) return confirm(ctx, { ...next, editing: false });
    steps.go(ctx, step, next);
    return askStep(ctx, NEXT[step], next);
  }
  if (step === 'photos' && ['xong', 'done'].includes(word)) return confirm(ctx, d);
  if (step === 'confirm' && ['luu', 'save'].includes(word)) return save(ctx);
  ctx.reply({ text: ctx.t('invite.use_buttons') });
}

/** A photo at the photos step (images only, at most MAX_PHOTOS). */
async function photoSent(ctx: FlowContext, file: InboundFile): Promise<void> {
  const d = steps.data(ctx, 'photos');
  const refusal = fileRefusal(ctx, file, ['image']);
  if (refusal) return ctx.reply({ text: refusal, expectsText: true });
  const photos = d.photos ?? [];
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
  steps.go(ctx, 'photos', { ...d, photos: next });
  ctx.reply({
    text: ctx.t('form.file_received', {
      name: file.name ?? ctx.t('form.unnamed_file'),
      n: next.length,
      max: MAX_PHOTOS,
    }),
    buttons: [[{ label: ctx.t('form.files_done'), action: exemplarActions.photos_done(ctx) }]],
    expectsText: true,
  });
}

/** The answers to check, with edit buttons and save. */
function confirm(ctx: FlowContext, d: Draft): void {
  const { name, field, achievement } = d;
  if (!name || !field || !achievement) throw new UserError({ text: ctx.t('common.stale_button') });
  steps.go(ctx, 'confirm', { ...d, name, field, achievement });
  ctx.reply({
    text: ctx.t('exemplar.confirm', { name, field, achievement, photos: (d.photos ?? []).length }),
    // Editing comes first; saving is last, never where a habitual "1" lands.
    buttons: [
      [{ label: ctx.t('exemplar.edit_name'), action: exemplarActions.edit(ctx, { field: 'name' }) }],
      [{ label: ctx.t('exemplar.edit_field'), action: exemplarActions.edit(ctx, { field: 'field' }) }],
      [{ label: ctx.t('exemplar.edit_achievement'), action: exemplarActions.edit(ctx, { field: 'achievement' }) }],
      [{ label: ctx.t('exemplar.btn_save'), action: exemplarActions.save(ctx) }],
    ],
  });
}

async function save(ctx: FlowContext): Promise<void> {
  const actor = me(ctx);
  const d = steps.data(ctx, 'confirm');
  if (!d.name || !d.field || !d.achievement) throw new UserError({ text: ctx.t('common.stale_button') });
  await createExemplar(
    ctx.tx,
    actor,
    { name: d.name, field: d.field, achievement: d.achievement, photos: d.photos ?? [], channel: ctx.event.channel },
    ctx.now,
  );
  ctx.leave();
  ctx.reply({ text: ctx.t('exemplar.saved', { name: d.name }) });
}

/** The exemplars of the unit (or of every unit, for the office), newest first, paged. */
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
  const pg = paginate(rows, page, (p) => exemplarActions.list({ page: p }), ctx.t, 5);
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
    buttons.push([{ label: ctx.t('exemplar.btn_new'), action: exemplarActions.new() }]);
  ctx.reply({ text: lines.join('\n'), buttons });
}
