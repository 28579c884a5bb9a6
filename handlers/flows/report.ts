/**
 * `/baocao` (reports) and `/dangky` (registrations): a guided form, one item per message,
 * every answer saved as it is given. Leaving, a restart or coming back later resumes at the
 * first unanswered item; a summary offers submit, edit one item, or keep the draft.
 *
 * Trade-off: the two commands are one conversation over deadlines of different kinds, so one
 * set of steps and functions serves both; each function takes a small `Form` descriptor (its
 * name, kind filter, action set and steps) instead of closing over a per-flow factory, so it
 * reads alone. The buttons live in report.actions.ts because the office's screens and the
 * review notices open a form too.
 */
import { z } from 'zod';
import { findPerson, findUnitById } from '../../db/queries/directory.js';
import { getDeadline, getSubmission, submissionsOfUnit, type DeadlineRow } from '../../db/queries/submissions.js';
import { assertCan, assertPerson, type PersonActor } from '../../domain/authz.js';
import { daysBetween, formatDateTime } from '../../domain/format.js';
import { inputHint, needsReplaceConfirm, parseAnswer, type FormItem } from '../../domain/form-items.js';
import {
  answersOf,
  canEdit,
  firstUnanswered,
  isOverdue,
  stateOf,
  type SubmissionState,
} from '../../domain/submission.js';
import { ellipsis, foldVi, isBackWord } from '../../domain/text.js';
import { field } from '../actions.js';
import { fileRefusal } from '../files/checks.js';
import { defineFlow, UserError, type Flow, type FlowContext, type StepSpec } from '../flow.js';
import { answerLines, answerText } from '../forms/render.js';
import { registrationWarningLines } from '../forms/warnings.js';
import { findDeadlineArg } from '../pickers.js';
import { registrationItemsFromStore } from '../services/registration-items.js';
import {
  addAttachment,
  deadlinesForUnit,
  formItemsOf,
  saveAnswer,
  submit,
  writePermission,
} from '../services/submissions.js';
import { defineSteps, type Steps } from '../steps.js';
import type { ButtonSpec, InboundFile, Json } from '../types.js';
import { registrationActions, reportActions, type FormActions, type FormName } from './report.actions.js';

// ------------------------------------------------------------------ labels (office, ask use them)

export function stateLabel(ctx: Pick<FlowContext, 't'>, state: SubmissionState, overdue: boolean): string {
  const base = ctx.t(`state.${state}`);
  return overdue ? `${base}, ${ctx.t('state.overdue')}` : base;
}

export function dueLabel(ctx: Pick<FlowContext, 't' | 'now' | 'settings'>, due: Date): string {
  const days = daysBetween(ctx.now, due, ctx.settings.timezone);
  const when = formatDateTime(due, ctx.settings.timezone);
  if (days > 0) return ctx.t('due.in_days', { when, days });
  if (days === 0) return ctx.t('due.today', { when });
  return ctx.t('due.days_ago', { when, days: -days });
}

// ------------------------------------------------------------------ declarations

/** An answer as parsed from typed text, kept while the person confirms it. */
const json: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);

/** Which deadline's form, for which unit. */
const place = { deadlineId: field.id, unitId: field.id };
/** One item asked: its index, the answer's revision shown (a newer one is a conflict), the mode. */
const itemData = z.object({
  ...place,
  idx: z.number().int().min(0),
  shownRev: z.number().int().min(0),
  /** `fill` walks on to the next item; `edit_one` (from the summary) returns to the summary. */
  mode: z.enum(['fill', 'edit_one']),
});

const FORM_STEPS = {
  item: { data: itemData, actions: ['answer', 'skip', 'keep', 'back', 'files_done'], text: true, file: true },
  confirm_value: {
    data: itemData.extend({ pending: json }),
    actions: ['keep_value', 'replace_value'],
    text: true,
  },
  summary: { data: z.object(place), actions: ['submit', 'edit_menu', 'edit', 'save_draft'], text: true },
} satisfies Record<string, StepSpec>;

type ItemData = z.output<typeof itemData>;
type Mode = ItemData['mode'];

/** What tells the two forms apart. */
interface Form {
  name: FormName;
  isRegistration: boolean;
  kindFilter: (d: DeadlineRow) => boolean;
  actions: FormActions;
  steps: Steps<typeof FORM_STEPS>;
}

/** The form being filled: the deadline, its items, the unit. */
interface Run {
  form: Form;
  deadline: DeadlineRow;
  items: FormItem[];
  unitId: number;
}

const SKIP_WORDS = new Set(['bo qua', 'skip']);
const KEEP_WORDS = new Set(['giu nguyen', 'keep']);
const DONE_WORDS = new Set(['xong', 'done']);

function formOf(name: FormName, actions: FormActions): Form {
  const isRegistration = name === 'registration';
  return {
    name,
    isRegistration,
    kindFilter: (d) => (isRegistration ? d.kind === 'registration' : d.kind !== 'registration'),
    actions,
    steps: defineSteps(name, FORM_STEPS),
  };
}

// ------------------------------------------------------------------ the flows

function formFlow(form: Form): Flow {
  return defineFlow({
    name: form.name,
    privateOnly: true,
    actions: form.actions,
    steps: form.steps.specs,
    async start(ctx, args) {
      const named = await findDeadlineArg(ctx, args);
      if (named && form.kindFilter(named)) return openForm(ctx, form, named);
      if (args.trim()) ctx.reply({ text: ctx.t('args.unknown_deadline', { arg: args.trim() }) });
      return listDeadlines(ctx, form);
    },
    async onAction(ctx, action) {
      switch (action.op) {
        case 'open': {
          const deadline = await getDeadline(ctx.scope, action.deadline);
          if (!deadline) return ctx.reply({ text: ctx.t('common.stale_button') });
          return openForm(ctx, form, deadline);
        }
        case 'answer':
          return answerPressed(ctx, form, action);
        case 'back':
          return back(ctx, form);
        case 'skip':
          return skip(ctx, form);
        case 'keep':
        case 'keep_value':
          return keep(ctx, form);
        case 'files_done':
          return filesDone(ctx, form);
        case 'replace_value':
          return store(ctx, form, form.steps.data(ctx, 'confirm_value').pending);
        case 'edit_menu':
          return editMenu(ctx, form);
        case 'edit':
          return editItem(ctx, form, action.idx);
        case 'submit':
          return submitForm(ctx, form);
        case 'save_draft':
          return saveDraft(ctx, form);
      }
    },
    onText: (ctx, text) => typed(ctx, form, text),
    onFile: (ctx, file) => fileSent(ctx, form, file),
  });
}

export const reportFlow = formFlow(formOf('report', reportActions));
export const registrationFlow = formFlow(formOf('registration', registrationActions));

// ------------------------------------------------------------------ choosing a deadline

function me(ctx: FlowContext): PersonActor {
  assertPerson(ctx.actor);
  return ctx.actor;
}

async function itemsFor(ctx: FlowContext, deadline: DeadlineRow): Promise<FormItem[]> {
  return formItemsOf(ctx.scope, deadline, () => registrationItemsFromStore(ctx.scope, ctx.locale));
}

/** The unit's open deadlines of this form, with their state and a button each. */
async function listDeadlines(ctx: FlowContext, form: Form): Promise<void> {
  const actor = me(ctx);
  assertCan(actor, form.isRegistration ? 'registration.write' : 'report.write', actor.unitId);
  const list = (await deadlinesForUnit(ctx.scope, actor, actor.unitId)).filter(form.kindFilter);
  if (list.length === 0) {
    ctx.leave();
    return ctx.reply({
      text: ctx.t(form.isRegistration ? 'report.none_registration' : 'report.none', { unit: actor.unitName }),
    });
  }
  const lines: string[] = [
    ctx.t(form.isRegistration ? 'report.list_registration' : 'report.list', { unit: actor.unitName }),
  ];
  const buttons: ButtonSpec[][] = [];
  const subs = await submissionsOfUnit(
    ctx.scope,
    actor.unitId,
    list.map((d) => d.id),
  );
  for (const d of list) {
    const sub = subs.get(d.id);
    const label = stateLabel(ctx, stateOf(sub), isOverdue(d, sub, ctx.now));
    lines.push(`• ${d.title} — ${label}. ${dueLabel(ctx, d.dueAt)}`);
    buttons.push([{ label: ellipsis(`${d.title} (${label})`, 60), action: form.actions.open({ deadline: d.id }) }]);
  }
  ctx.leave();
  ctx.reply({ text: lines.join('\n'), buttons });
}

/** Opens the form at its first unanswered item, or its summary; a locked one is only shown. */
async function openForm(ctx: FlowContext, form: Form, deadline: DeadlineRow): Promise<void> {
  const actor = me(ctx);
  assertCan(actor, writePermission(deadline), actor.unitId);
  const applies = (await deadlinesForUnit(ctx.scope, actor, actor.unitId)).some((d) => d.id === deadline.id);
  if (!applies || !form.kindFilter(deadline)) return ctx.reply({ text: ctx.t('report.not_for_unit') });
  const run: Run = { form, deadline, items: await itemsFor(ctx, deadline), unitId: actor.unitId };
  const sub = await getSubmission(ctx.scope, deadline.id, actor.unitId);
  const verdict = canEdit(deadline, sub, ctx.now);
  form.steps.enter(ctx, 'item', { deadlineId: deadline.id, unitId: actor.unitId, idx: 0, shownRev: 0, mode: 'fill' });
  if (!verdict.ok) {
    await showSummary(ctx, run, false);
    ctx.leave();
    return ctx.reply({ text: ctx.t(`report.locked_${verdict.reason}`) });
  }
  const idx = firstUnanswered(run.items, answersOf(sub));
  const state = stateOf(sub);
  ctx.reply({
    text:
      ctx.t(state === 'not_started' ? 'report.intro' : 'report.resume', {
        title: deadline.title,
        due: dueLabel(ctx, deadline.dueAt),
        count: run.items.length,
        state: stateLabel(ctx, state, isOverdue(deadline, sub, ctx.now)),
        comment: sub?.reviewComment ?? '',
      }) +
      (state === 'returned' && sub?.reviewComment
        ? `\n${ctx.t('report.return_comment', { comment: sub.reviewComment })}`
        : ''),
  });
  if (idx < 0) return showSummary(ctx, run, true);
  await ask(ctx, run, idx, 'fill');
}

/** The step's data and the form it points at; a deadline gone or another unit's form is stale. */
async function load<K extends keyof typeof FORM_STEPS>(
  ctx: FlowContext,
  form: Form,
  ...at: K[]
): Promise<{ d: z.output<(typeof FORM_STEPS)[K]['data']>; run: Run }> {
  const d = form.steps.data(ctx, ...at);
  const deadline = await getDeadline(ctx.scope, d.deadlineId);
  if (!deadline || ctx.actor.kind !== 'person' || ctx.actor.unitId !== d.unitId) {
    ctx.leave();
    throw new UserError({ text: ctx.t('common.stale_button') });
  }
  return { d, run: { form, deadline, items: await itemsFor(ctx, deadline), unitId: d.unitId } };
}

const loadItem = (ctx: FlowContext, form: Form) => load(ctx, form, 'item', 'confirm_value');

// ------------------------------------------------------------------ one item

/** Asks item `idx`: its question, hints, the saved answer and the buttons that fit it. */
async function ask(ctx: FlowContext, run: Run, idx: number, mode: Mode, note?: string): Promise<void> {
  const { form, deadline, items, unitId } = run;
  const item = items[idx]!;
  const sub = await getSubmission(ctx.scope, deadline.id, unitId);
  const cell = answersOf(sub)[item.code];
  form.steps.go(ctx, 'item', { deadlineId: deadline.id, unitId, idx, shownRev: cell?.rev ?? 0, mode });
  const lines: string[] = [];
  if (note) lines.push(note, '');
  lines.push(
    ctx.t('form.progress', { i: idx + 1, n: items.length }) +
      ` — ${item.label}${item.required ? '' : ` ${ctx.t('form.optional')}`}`,
  );
  if (item.help) lines.push(item.help);
  for (const h of inputHint(item)) lines.push(ctx.t(h.key, h.vars));
  if (cell) lines.push(ctx.t('form.current', { value: await answerText(ctx, item, cell.v) }));

  const a = form.actions;
  const buttons: ButtonSpec[][] = [];
  if (item.type === 'yesno') {
    buttons.push([
      { label: ctx.t('common.yes'), action: a.answer(ctx, { value: true, choice: undefined }) },
      { label: ctx.t('common.no'), action: a.answer(ctx, { value: false, choice: undefined }) },
    ]);
  } else if (item.type === 'choice') {
    for (const [i, o] of item.options.entries())
      buttons.push([{ label: o, action: a.answer(ctx, { value: undefined, choice: i }) }]);
  } else if (item.type === 'file') {
    buttons.push([{ label: ctx.t('form.files_done'), action: a.files_done(ctx) }]);
  }
  const nav: ButtonSpec[] = [];
  if (idx > 0 && mode === 'fill') nav.push({ label: ctx.t('common.back'), action: a.back(ctx), word: true });
  if (!item.required && item.type !== 'file')
    nav.push({ label: ctx.t('common.skip'), action: a.skip(ctx), word: true });
  if (cell && item.type !== 'file') nav.push({ label: ctx.t('form.keep'), action: a.keep(ctx), word: true });
  if (nav.length) buttons.push(nav);
  const typedItem = item.type !== 'yesno' && item.type !== 'choice';
  ctx.reply({ text: lines.join('\n'), buttons, expectsText: typedItem });
}

/** A yes/no or choice button. */
async function answerPressed(
  ctx: FlowContext,
  form: Form,
  a: { value?: boolean | undefined; choice?: number | undefined },
): Promise<void> {
  const { d, run } = await loadItem(ctx, form);
  const item = run.items[d.idx]!;
  if (item.type === 'yesno' && typeof a.value === 'boolean') return store(ctx, form, a.value);
  if (item.type === 'choice' && a.choice !== undefined && item.options[a.choice] !== undefined)
    return store(ctx, form, item.options[a.choice]!);
  return ctx.reply({ text: ctx.t('common.stale_button') });
}

/** Typed text: an answer or a word (back, skip, keep, done), or at the summary edit/submit. */
async function typed(ctx: FlowContext, form: Form, text: string): Promise<void> {
  const word = foldVi(text);
  if (form.steps.current(ctx) === 'summary') {
    const m = /^(?:sua|edit)(?: muc)? (\d{1,2})$/.exec(word);
    const { run } = await load(ctx, form, 'summary');
    if (m && Number(m[1]) >= 1 && Number(m[1]) <= run.items.length) return ask(ctx, run, Number(m[1]) - 1, 'edit_one');
    if (word === 'gui' || word === 'nop' || word === 'submit') return submitForm(ctx, form);
    return ctx.reply({ text: ctx.t('report.summary_hint') });
  }
  const { d, run } = await loadItem(ctx, form);
  const item = run.items[d.idx]!;
  if (isBackWord(word) && d.idx > 0) return ask(ctx, run, d.idx - 1, 'fill');
  if (SKIP_WORDS.has(word) && !item.required) return store(ctx, form, null);
  if (KEEP_WORDS.has(word)) return advance(ctx, run, d);
  if (item.type === 'file') {
    if (DONE_WORDS.has(word)) return filesDone(ctx, form);
    return ctx.reply({ text: ctx.t('form.err_send_file'), expectsText: true });
  }
  const parsed = parseAnswer(item, text, { now: ctx.now, tz: ctx.settings.timezone });
  if (!parsed.ok) return ask(ctx, run, d.idx, d.mode, `❗ ${ctx.t(parsed.error, parsed.vars)}`);
  const typedItem = item.type !== 'yesno' && item.type !== 'choice';
  const saved = answersOf(await getSubmission(ctx.scope, run.deadline.id, d.unitId))[item.code]?.v;
  if (typedItem && saved !== undefined && needsReplaceConfirm(text, saved, parsed.value))
    return confirmValue(ctx, run, d, text, saved, parsed.value);
  return store(ctx, form, parsed.value);
}

/** A bare small number would replace a saved answer: the person says which one they meant. */
async function confirmValue(
  ctx: FlowContext,
  run: Run,
  d: ItemData,
  typedText: string,
  saved: Json,
  value: Json,
): Promise<void> {
  const item = run.items[d.idx]!;
  const current = await answerText(ctx, item, saved);
  const next = await answerText(ctx, item, value);
  run.form.steps.go(ctx, 'confirm_value', { ...d, pending: value });
  const a = run.form.actions;
  ctx.reply({
    text: ctx.t('form.confirm_number', { typed: typedText.trim(), current, value: next }),
    // Keeping comes first, where a habitual "1" lands.
    buttons: [
      [{ label: ellipsis(ctx.t('form.btn_keep_value', { current }), 60), action: a.keep_value(ctx) }],
      [{ label: ellipsis(ctx.t('form.btn_replace_value', { value: next }), 60), action: a.replace_value(ctx) }],
    ],
  });
}

async function back(ctx: FlowContext, form: Form): Promise<void> {
  const { d, run } = await loadItem(ctx, form);
  return ask(ctx, run, Math.max(0, d.idx - 1), 'fill');
}

async function skip(ctx: FlowContext, form: Form): Promise<void> {
  const { d, run } = await loadItem(ctx, form);
  if (run.items[d.idx]!.required) return ctx.reply({ text: ctx.t('form.required') });
  return store(ctx, form, null);
}

/** Keeps the saved answer (the item's "keep", or the saved value over a typed number). */
async function keep(ctx: FlowContext, form: Form): Promise<void> {
  const { d, run } = await loadItem(ctx, form);
  return advance(ctx, run, d);
}

/** Saves an answer, then moves on; a conflicting concurrent edit is shown instead. */
async function store(ctx: FlowContext, form: Form, value: Json): Promise<void> {
  const { d, run } = await loadItem(ctx, form);
  const item = run.items[d.idx]!;
  const r = await saveAnswer(ctx.scope, ctx.actor, {
    deadline: run.deadline,
    unitId: d.unitId,
    itemCode: item.code,
    value,
    expectedRev: d.shownRev,
    now: ctx.now,
  });
  if (!r.ok) {
    if (r.reason === 'conflict') {
      const who = r.current?.by ? (await findPerson(ctx.scope, r.current.by))?.fullName : undefined;
      const note = ctx.t('form.conflict', {
        who: who ?? '?',
        value: r.current ? await answerText(ctx, item, r.current.v) : ctx.t('form.unanswered'),
      });
      return ask(ctx, run, d.idx, d.mode, note);
    }
    ctx.leave();
    return ctx.reply({ text: ctx.t(`report.locked_${r.reason}`) });
  }
  return advance(ctx, run, d);
}

/** The next item; editing one item, or past the last, the first gap or the summary. */
async function advance(ctx: FlowContext, run: Run, d: ItemData): Promise<void> {
  if (d.mode === 'edit_one' || d.idx + 1 >= run.items.length) {
    const answers = answersOf(await getSubmission(ctx.scope, run.deadline.id, run.unitId));
    const gap = firstUnanswered(run.items, answers);
    if (gap >= 0 && d.mode === 'fill') return ask(ctx, run, gap, 'fill');
    return showSummary(ctx, run, true);
  }
  return ask(ctx, run, d.idx + 1, 'fill');
}

// ------------------------------------------------------------------ files

/** A file for a file item: checked, archived, added to the item's answer. */
async function fileSent(ctx: FlowContext, form: Form, file: InboundFile): Promise<void> {
  const { d, run } = await load(ctx, form, 'item');
  const item = run.items[d.idx]!;
  if (item.type !== 'file') return ctx.reply({ text: ctx.t('form.no_file_here'), expectsText: true });
  const refusal = fileRefusal(ctx, file, item.accept);
  if (refusal) return ctx.reply({ text: refusal, expectsText: true });
  const sub = await getSubmission(ctx.scope, run.deadline.id, d.unitId);
  const cell = answersOf(sub)[item.code];
  const current = Array.isArray(cell?.v) ? cell.v.filter((v): v is number => typeof v === 'number') : [];
  if (current.length >= item.max_files)
    return ctx.reply({ text: ctx.t('form.file_too_many', { max: item.max_files }), expectsText: true });
  const id = await addAttachment(ctx.scope, ctx.actor, {
    deadline: run.deadline,
    unitId: d.unitId,
    itemCode: item.code,
    channel: ctx.event.channel,
    file,
    now: ctx.now,
  });
  const r = await saveAnswer(ctx.scope, ctx.actor, {
    deadline: run.deadline,
    unitId: d.unitId,
    itemCode: item.code,
    value: [...current, id],
    expectedRev: d.shownRev,
    now: ctx.now,
  });
  if (!r.ok) {
    throw new UserError({
      text: r.reason === 'conflict' ? ctx.t('form.file_conflict') : ctx.t(`report.locked_${r.reason}`),
    });
  }
  form.steps.go(ctx, 'item', { ...d, shownRev: r.rev });
  ctx.reply({
    text: ctx.t('form.file_received', {
      name: file.name ?? ctx.t('form.unnamed_file'),
      n: current.length + 1,
      max: item.max_files,
    }),
    buttons: [[{ label: ctx.t('form.files_done'), action: form.actions.files_done(ctx) }]],
    expectsText: true,
  });
}

/** No more files: a required file item needs one; an optional one without files is skipped. */
async function filesDone(ctx: FlowContext, form: Form): Promise<void> {
  const { d, run } = await loadItem(ctx, form);
  const item = run.items[d.idx]!;
  const cell = answersOf(await getSubmission(ctx.scope, run.deadline.id, d.unitId))[item.code];
  const has = Array.isArray(cell?.v) && cell.v.length > 0;
  if (!has && item.required) return ctx.reply({ text: ctx.t('form.file_required'), expectsText: true });
  if (!has) return store(ctx, form, null);
  return advance(ctx, run, d);
}

// ------------------------------------------------------------------ the summary

/** Every answer, the state and (when `editable`) submit, edit or keep the draft. */
async function showSummary(ctx: FlowContext, run: Run, editable: boolean): Promise<void> {
  const { form, deadline, items, unitId } = run;
  const sub = await getSubmission(ctx.scope, deadline.id, unitId);
  const answers = answersOf(sub);
  const unit = await findUnitById(ctx.scope, unitId);
  const lines = [ctx.t('report.summary_title', { title: deadline.title, unit: unit?.name ?? '' })];
  const state = stateOf(sub);
  lines.push(
    ctx.t('report.summary_state', {
      state: stateLabel(ctx, state, isOverdue(deadline, sub, ctx.now)),
      due: dueLabel(ctx, deadline.dueAt),
    }),
  );
  if (sub?.refNo) lines.push(ctx.t('report.summary_ref', { ref: sub.refNo, version: sub.version }));
  lines.push('');
  lines.push(...(await answerLines(ctx, items, Object.fromEntries(Object.entries(answers).map(([k, c]) => [k, c.v])))));
  if (form.isRegistration) lines.push(...(await registrationWarningLines(ctx, answers)));
  if (!editable) return ctx.reply({ text: lines.join('\n') });
  form.steps.go(ctx, 'summary', { deadlineId: deadline.id, unitId });
  lines.push('', ctx.t('report.summary_actions'));
  ctx.reply({
    text: lines.join('\n'),
    buttons: [
      [{ label: ctx.t(sub?.version ? 'report.btn_resubmit' : 'report.btn_submit'), action: form.actions.submit(ctx) }],
      [{ label: ctx.t('report.btn_edit'), action: form.actions.edit_menu(ctx) }],
      [{ label: ctx.t('report.btn_save_draft'), action: form.actions.save_draft(ctx) }],
    ],
  });
}

/** The items as buttons, to edit one. */
async function editMenu(ctx: FlowContext, form: Form): Promise<void> {
  const { run } = await load(ctx, form, 'summary');
  ctx.reply({
    text: ctx.t('report.pick_item'),
    buttons: run.items.map((it, i) => [
      { label: ellipsis(`${i + 1}. ${it.label}`, 60), action: form.actions.edit(ctx, { idx: i }) },
    ]),
    replace: true,
  });
}

async function editItem(ctx: FlowContext, form: Form, idx: number): Promise<void> {
  const { run } = await load(ctx, form, 'summary');
  if (!run.items[idx]) return ctx.reply({ text: ctx.t('common.stale_button') });
  return ask(ctx, run, idx, 'edit_one');
}

/** Submits; missing required items are asked one by one, each returning to the summary. */
async function submitForm(ctx: FlowContext, form: Form): Promise<void> {
  const { run } = await load(ctx, form, 'summary');
  const { deadline, items } = run;
  const r = await submit(ctx.scope, ctx.actor, {
    deadline,
    unitId: run.unitId,
    items,
    now: ctx.now,
    timezone: ctx.settings.timezone,
  });
  if (!r.ok) {
    if (r.reason === 'missing') {
      const first = items.findIndex((i) => i.code === r.missing[0]!.code);
      const note = ctx.t('report.missing', { items: r.missing.map((m) => m.label).join('; ') });
      return ask(ctx, run, first, 'edit_one', note);
    }
    ctx.leave();
    return ctx.reply({ text: ctx.t(r.reason === 'empty' ? 'report.empty' : `report.locked_${r.reason}`) });
  }
  ctx.leave();
  ctx.reply({
    text: ctx.t(
      r.version > 1 ? 'report.resubmitted' : ctx.now > deadline.dueAt ? 'report.submitted_late' : 'report.submitted',
      {
        title: deadline.title,
        ref: r.refNo,
        time: formatDateTime(r.submittedAt, ctx.settings.timezone),
        version: r.version,
        due: formatDateTime(deadline.dueAt, ctx.settings.timezone),
      },
    ),
  });
}

function saveDraft(ctx: FlowContext, form: Form): void {
  ctx.leave();
  ctx.reply({ text: ctx.t('report.draft_saved', { command: form.isRegistration ? '/dangky' : '/baocao' }) });
}
