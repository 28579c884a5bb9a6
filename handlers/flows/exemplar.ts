/**
 * `/dienhinh`: line of work 3 of the plan asks units to find and report exemplary people and
 * models (điển hình tiên tiến). A unit records one in a short flow (name, field, what they
 * did, photos) with "quay lại" at every step, one answer editable from the confirmation, and
 * /huy; the office lists them across units (units, then names, in Vietnamese order), opens one,
 * corrects one answer or removes it (confirmed first).
 *
 * Trade-off: the draft (answers and the photos' file ids) lives in the conversation's data
 * until it is saved, so leaving the flow drops it; nothing half-made reaches the office's list.
 * The office's list is the entry point of `/dienhinh` for the office (with "Báo cáo điển hình
 * mới" on it) rather than a menu first, one message fewer for the common case. Every write goes
 * through services/exemplars.ts (removal is a soft delete, see there).
 */
import { z } from 'zod';
import { getExemplar, listExemplars, type ExemplarCard } from '../../db/queries/exemplars.js';
import { assertCan, assertPerson, can, canForEveryUnit, type PersonActor } from '../../domain/authz.js';
import { sortVi } from '../../domain/collation.js';
import { formatDate } from '../../domain/format.js';
import { ellipsis, foldVi, isBackWord } from '../../domain/text.js';
import { defineActions, field } from '../actions.js';
import { askToConfirm } from '../confirm.js';
import { fileRefusal } from '../files/checks.js';
import { defineFlow, UserError, type FlowContext } from '../flow.js';
import { paginate } from '../paging.js';
import { createExemplar, removeExemplar, updateExemplar } from '../services/exemplars.js';
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
    /** The office: one exemplar's card. */
    open: { id: field.id },
    /** The office: correct one answer of an exemplar. */
    change: { id: field.id, field: z.enum(['name', 'field', 'achievement']) },
    /** The office: remove an exemplar (asked to confirm first). */
    remove: { id: field.id, confirmed: field.confirmed },
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
  name: { data: draft, actions: ['back', 'keep'], text: true },
  field: { data: draft, actions: ['back', 'keep'], text: true },
  achievement: { data: draft, actions: ['back', 'keep'], text: true },
  photos: { data: draft, actions: ['photos_done', 'back'], text: true, file: true },
  confirm: {
    data: draft.extend({ name: z.string(), field: z.string(), achievement: z.string() }),
    actions: ['edit', 'save'],
    text: true,
  },
  /** The office types the new value of one answer. */
  change: {
    data: z.object({ id: field.id, field: z.enum(['name', 'field', 'achievement']) }),
    actions: [],
    text: true,
  },
});

/** The steps of recording one (the office's `change` step is apart). */
type Step = Exclude<keyof typeof steps.specs, 'change'>;
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
      case 'back':
        return back(ctx, current(ctx), draftOf(ctx));
      case 'keep': {
        const step = current(ctx);
        const d = draftOf(ctx);
        if (d.editing) return confirm(ctx, d);
        return isQuestion(step) ? askStep(ctx, NEXT[step], d) : ctx.reply({ text: ctx.t('common.stale_button') });
      }
      case 'edit':
        return askStep(ctx, action.field, steps.data(ctx, 'confirm'), true);
      case 'open':
        return card(ctx, action.id);
      case 'change':
        return askChange(ctx, action.id, action.field);
      case 'remove':
        return remove(ctx, action.id, action.confirmed === true);
    }
  },
  onText: (ctx, text) => (steps.current(ctx) === 'change' ? changed(ctx, text) : answered(ctx, text)),
  onFile: photoSent,
});

/** The step the chat is in (the engine sends this flow's events only at its declared steps). */
function current(ctx: FlowContext): Step {
  const step = steps.current(ctx);
  if (!step || step === 'change') throw new UserError({ text: ctx.t('common.stale_button') });
  return step;
}

function draftOf(ctx: FlowContext): Draft {
  return steps.data(ctx, ...STEPS);
}

/**
 * "Quay lại" (typed or pressed): while one answer is edited from the confirmation, back to it
 * unchanged; otherwise the previous step; at the first question, that question again.
 */
function back(ctx: FlowContext, step: Step, d: Draft): void {
  if (d.editing && isQuestion(step)) return confirm(ctx, { ...d, editing: false });
  const prev = PREVIOUS[step];
  if (prev) return askStep(ctx, prev, d);
  ctx.reply({ text: ctx.t('exemplar.first_question') });
  return askStep(ctx, 'name', d);
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
    PREVIOUS[step] || editing ? [{ label: ctx.t('common.back'), action: exemplarActions.back(ctx), word: true }] : [];
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
  // "quay lại" goes back (it is never saved as an answer).
  if (isBackWord(word)) return back(ctx, step, d);
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
    ctx.scope,
    actor,
    { name: d.name, field: d.field, achievement: d.achievement, photos: d.photos ?? [], channel: ctx.event.channel },
    ctx.now,
  );
  ctx.leave();
  ctx.reply({ text: ctx.t('exemplar.saved', { name: d.name }) });
}

/** The exemplars of the unit (or of every unit, for the office), by unit then name, paged. */
async function list(ctx: FlowContext, page: number, note?: string): Promise<void> {
  const actor = me(ctx);
  const all = canForEveryUnit(actor, 'exemplar.read');
  if (!all) assertCan(actor, 'exemplar.read', actor.unitId);
  const manage = canForEveryUnit(actor, 'exemplar.manage');
  const rows = sortVi(
    await listExemplars(ctx.scope, all ? undefined : actor.unitId),
    (r) => r.unitName,
    (r) => r.name,
    (r) => r.id,
  );
  ctx.leave();
  const pg = paginate(rows, page, (p) => exemplarActions.list({ page: p }), ctx.t, 5);
  const lines = note ? [note, ''] : [];
  lines.push(rows.length ? ctx.t('exemplar.list_title', { count: rows.length }) : ctx.t('exemplar.list_empty'));
  for (const r of pg.items) {
    lines.push(
      '',
      `• ${r.name} — ${r.unitName} (${formatDate(r.createdAt, ctx.settings.timezone)})`,
      `  ${ctx.t('exemplar.field_line', { field: r.field })}`,
      `  ${ellipsis(r.achievement, 300)}`,
    );
    if (r.photos) lines.push(`  ${ctx.t('exemplar.photos_line', { count: r.photos })}`);
  }
  if (manage && pg.items.length) lines.push('', ctx.t('exemplar.list_pick'));
  const buttons = manage
    ? pg.items.map((r) => [
        { label: `${ellipsis(r.name, 60)} — ${r.unitName}`, action: exemplarActions.open({ id: r.id }) },
      ])
    : [];
  buttons.push(...pg.nav);
  if (can(actor, 'exemplar.write', actor.unitId))
    buttons.push([{ label: ctx.t('exemplar.btn_new'), action: exemplarActions.new() }]);
  ctx.reply({ text: lines.join('\n'), buttons });
}

/** The office's view of one exemplar it may manage, or a note that it is gone. */
async function managed(ctx: FlowContext, id: number): Promise<ExemplarCard | undefined> {
  const row = await getExemplar(ctx.scope, id);
  if (!row) {
    ctx.leave();
    ctx.reply({
      text: ctx.t('exemplar.gone'),
      buttons: [[{ label: ctx.t('exemplar.btn_list'), action: exemplarActions.list({}) }]],
    });
    return undefined;
  }
  assertCan(me(ctx), 'exemplar.manage', row.unitId);
  return row;
}

/** One exemplar in full, with its edit buttons first and removal after them. */
async function card(ctx: FlowContext, id: number, note?: string): Promise<void> {
  const row = await managed(ctx, id);
  if (!row) return;
  ctx.leave();
  const text = ctx.t('exemplar.card', {
    name: row.name,
    unit: row.unitName,
    field: row.field,
    achievement: row.achievement,
    photos: row.photos,
    date: formatDate(row.createdAt, ctx.settings.timezone),
  });
  ctx.reply({
    text: note ? `${note}\n\n${text}` : text,
    buttons: [
      [{ label: ctx.t('exemplar.edit_name'), action: exemplarActions.change({ id, field: 'name' }) }],
      [{ label: ctx.t('exemplar.edit_field'), action: exemplarActions.change({ id, field: 'field' }) }],
      [{ label: ctx.t('exemplar.edit_achievement'), action: exemplarActions.change({ id, field: 'achievement' }) }],
      [{ label: ctx.t('exemplar.btn_remove'), action: exemplarActions.remove({ id, confirmed: undefined }) }],
      [{ label: ctx.t('exemplar.btn_list'), action: exemplarActions.list({}) }],
    ],
  });
}

function what(ctx: FlowContext, f: Question): string {
  return f === 'name'
    ? ctx.t('exemplar.what_name')
    : f === 'field'
      ? ctx.t('exemplar.what_field')
      : ctx.t('exemplar.what_achievement');
}

/** Asks the new value of one answer; "quay lại" goes back to the card unchanged. */
async function askChange(ctx: FlowContext, id: number, f: Question, error?: string): Promise<void> {
  const row = await managed(ctx, id);
  if (!row) return;
  steps.enter(ctx, 'change', { id, field: f });
  const ask = ctx.t('exemplar.ask_new', { what: what(ctx, f), name: row.name, unit: row.unitName, value: row[f] });
  ctx.reply({
    text: error ? `❗ ${error}\n\n${ask}` : ask,
    buttons: [[{ label: ctx.t('common.back'), action: exemplarActions.open({ id }), word: true }]],
    expectsText: true,
  });
}

/** The new value typed at the office's edit step. */
async function changed(ctx: FlowContext, text: string): Promise<void> {
  const { id, field: f } = steps.data(ctx, 'change');
  if (isBackWord(foldVi(text))) return card(ctx, id);
  const max = LIMITS[f];
  if ([...text].length > max) return askChange(ctx, id, f, ctx.t('form.err_too_long', { max, got: [...text].length }));
  const done = await updateExemplar(ctx.scope, me(ctx), { id, field: f, value: text }, ctx.now);
  if (!done) return void (await managed(ctx, id));
  return card(ctx, id, ctx.t('exemplar.updated', { what: what(ctx, f) }));
}

/** Removal, after "Gỡ" on the confirmation ("Không, quay lại" first goes back to the card). */
async function remove(ctx: FlowContext, id: number, confirmed: boolean): Promise<void> {
  const row = await managed(ctx, id);
  if (!row) return;
  ctx.leave();
  if (!confirmed) {
    return askToConfirm(ctx, {
      text: ctx.t('exemplar.confirm_remove', { name: row.name, unit: row.unitName }),
      yes: ctx.t('exemplar.yes_remove'),
      action: exemplarActions.remove({ id, confirmed: undefined }),
      back: exemplarActions.open({ id }),
    });
  }
  await removeExemplar(ctx.scope, me(ctx), id, ctx.now);
  return list(ctx, 0, ctx.t('exemplar.removed', { name: row.name, unit: row.unitName }));
}
