/**
 * `/baocao` (reports) and `/dangky` (registrations): a guided form, one item per message,
 * every answer saved as it is given. Leaving, a restart or coming back later resumes at the
 * first unanswered item; a summary offers submit, edit one item, or keep the draft.
 */
import { findUnitById } from '../../db/queries/directory.js';
import { getDeadline, getSubmission, submissionsOfUnit, type DeadlineRow } from '../../db/queries/submissions.js';
import { findPerson } from '../../db/queries/directory.js';
import { assertCan, assertPerson, type PersonActor } from '../../domain/authz.js';
import { findDeadlineArg } from '../pickers.js';
import type { Flow, FlowContext } from '../flow.js';
import { UserError } from '../flow.js';
import { daysBetween, formatDateTime } from '../../domain/format.js';
import { inputHint, needsReplaceConfirm, parseAnswer, type FormItem } from '../../domain/form-items.js';
import { fileRefusal } from '../files/checks.js';
import { answerLines, answerText } from '../forms/render.js';
import { registrationWarningLines } from '../forms/warnings.js';
import { registrationItemsFromStore } from '../services/registration-items.js';
import { ellipsis, foldVi, isBackWord } from '../../domain/text.js';
import {
  addAttachment,
  deadlinesForUnit,
  formItemsOf,
  saveAnswer,
  submit,
  writePermission,
} from '../services/submissions.js';
import {
  answersOf,
  canEdit,
  firstUnanswered,
  isOverdue,
  stateOf,
  type SubmissionState,
} from '../../domain/submission.js';
import type { Action, ButtonSpec, InboundFile, Json } from '../types.js';

type Mode = 'fill' | 'edit_one';

interface Data {
  deadlineId: number;
  unitId: number;
  idx: number;
  shownRev: number;
  mode: Mode;
}

const SKIP_WORDS = new Set(['bo qua', 'skip']);
const KEEP_WORDS = new Set(['giu nguyen', 'keep']);
const DONE_WORDS = new Set(['xong', 'done']);

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

/** Builds the flow for reports (`kinds` other than registration) or registrations. */
function createFormFlow(name: 'report' | 'registration'): Flow {
  const isRegistration = name === 'registration';
  const kindFilter = (d: DeadlineRow) => (isRegistration ? d.kind === 'registration' : d.kind !== 'registration');
  const step = (ctx: FlowContext, op: string, args: Record<string, Json> = {}): Action => ({
    f: name,
    op,
    iid: ctx.iid,
    ...args,
  });

  function me(ctx: FlowContext): PersonActor {
    assertPerson(ctx.actor);
    return ctx.actor;
  }

  async function itemsFor(ctx: FlowContext, deadline: DeadlineRow): Promise<FormItem[]> {
    return formItemsOf(ctx.tx, deadline, () => registrationItemsFromStore(ctx.tx, ctx.locale));
  }

  async function listDeadlines(ctx: FlowContext): Promise<void> {
    const actor = me(ctx);
    assertCan(actor, isRegistration ? 'registration.write' : 'report.write', actor.unitId);
    const list = (await deadlinesForUnit(ctx.tx, actor, actor.unitId)).filter(kindFilter);
    if (list.length === 0) {
      ctx.leave();
      return ctx.reply({
        text: ctx.t(isRegistration ? 'report.none_registration' : 'report.none', { unit: actor.unitName }),
      });
    }
    const lines: string[] = [
      ctx.t(isRegistration ? 'report.list_registration' : 'report.list', { unit: actor.unitName }),
    ];
    const buttons: ButtonSpec[][] = [];
    const subs = await submissionsOfUnit(
      ctx.tx,
      actor.unitId,
      list.map((d) => d.id),
    );
    for (const d of list) {
      const sub = subs.get(d.id);
      const label = stateLabel(ctx, stateOf(sub), isOverdue(d, sub, ctx.now));
      lines.push(`• ${d.title} — ${label}. ${dueLabel(ctx, d.dueAt)}`);
      buttons.push([{ label: ellipsis(`${d.title} (${label})`, 60), action: { f: name, op: 'open', deadline: d.id } }]);
    }
    ctx.leave();
    ctx.reply({ text: lines.join('\n'), buttons });
  }

  async function open(ctx: FlowContext, deadline: DeadlineRow): Promise<void> {
    const actor = me(ctx);
    assertCan(actor, writePermission(deadline), actor.unitId);
    const applies = (await deadlinesForUnit(ctx.tx, actor, actor.unitId)).some((d) => d.id === deadline.id);
    if (!applies || !kindFilter(deadline)) return ctx.reply({ text: ctx.t('report.not_for_unit') });
    const items = await itemsFor(ctx, deadline);
    const sub = await getSubmission(ctx.tx, deadline.id, actor.unitId);
    const verdict = canEdit(deadline, sub, ctx.now);
    ctx.enter(name, 'item', { deadlineId: deadline.id, unitId: actor.unitId, idx: 0, shownRev: 0, mode: 'fill' });
    if (!verdict.ok) {
      await showSummary(ctx, deadline, items, false);
      ctx.leave();
      return ctx.reply({ text: ctx.t(`report.locked_${verdict.reason}`) });
    }
    const idx = firstUnanswered(items, answersOf(sub));
    const state = stateOf(sub);
    ctx.reply({
      text:
        ctx.t(state === 'not_started' ? 'report.intro' : 'report.resume', {
          title: deadline.title,
          due: dueLabel(ctx, deadline.dueAt),
          count: items.length,
          state: stateLabel(ctx, state, isOverdue(deadline, sub, ctx.now)),
          comment: sub?.reviewComment ?? '',
        }) +
        (state === 'returned' && sub?.reviewComment
          ? `\n${ctx.t('report.return_comment', { comment: sub.reviewComment })}`
          : ''),
    });
    if (idx < 0) return showSummary(ctx, deadline, items, true);
    await ask(ctx, deadline, items, idx, 'fill');
  }

  async function load(ctx: FlowContext): Promise<{ d: Data; deadline: DeadlineRow; items: FormItem[] }> {
    const d = ctx.state.data as unknown as Data;
    const deadline = await getDeadline(ctx.tx, Number(d.deadlineId));
    if (!deadline || ctx.actor.kind !== 'person' || ctx.actor.unitId !== d.unitId) {
      ctx.leave();
      throw new UserError({ text: ctx.t('common.stale_button') });
    }
    return { d, deadline, items: await itemsFor(ctx, deadline) };
  }

  async function ask(
    ctx: FlowContext,
    deadline: DeadlineRow,
    items: FormItem[],
    idx: number,
    mode: Mode,
    note?: string,
  ): Promise<void> {
    const item = items[idx]!;
    const sub = await getSubmission(ctx.tx, deadline.id, Number(ctx.state.data.unitId));
    const cell = answersOf(sub)[item.code];
    ctx.go('item', {
      deadlineId: deadline.id,
      unitId: Number(ctx.state.data.unitId),
      idx,
      shownRev: cell?.rev ?? 0,
      mode,
    });
    const lines: string[] = [];
    if (note) lines.push(note, '');
    lines.push(
      ctx.t('form.progress', { i: idx + 1, n: items.length }) +
        ` — ${item.label}${item.required ? '' : ` ${ctx.t('form.optional')}`}`,
    );
    if (item.help) lines.push(item.help);
    for (const h of inputHint(item)) lines.push(ctx.t(h.key, h.vars));
    if (cell) lines.push(ctx.t('form.current', { value: await answerText(ctx, item, cell.v) }));

    const buttons: ButtonSpec[][] = [];
    if (item.type === 'yesno') {
      buttons.push([
        { label: ctx.t('common.yes'), action: step(ctx, 'answer', { value: true }) },
        { label: ctx.t('common.no'), action: step(ctx, 'answer', { value: false }) },
      ]);
    } else if (item.type === 'choice') {
      for (const [i, o] of item.options.entries())
        buttons.push([{ label: o, action: step(ctx, 'answer', { choice: i }) }]);
    } else if (item.type === 'file') {
      buttons.push([{ label: ctx.t('form.files_done'), action: step(ctx, 'files_done') }]);
    }
    const nav: ButtonSpec[] = [];
    if (idx > 0 && mode === 'fill') nav.push({ label: ctx.t('common.back'), action: step(ctx, 'back'), word: true });
    if (!item.required && item.type !== 'file')
      nav.push({ label: ctx.t('common.skip'), action: step(ctx, 'skip'), word: true });
    if (cell && item.type !== 'file') nav.push({ label: ctx.t('form.keep'), action: step(ctx, 'keep'), word: true });
    if (nav.length) buttons.push(nav);
    const typed = item.type !== 'yesno' && item.type !== 'choice';
    ctx.reply({ text: lines.join('\n'), buttons, expectsText: typed });
  }

  /** Saves an answer, then moves on; a conflicting concurrent edit is shown instead. */
  async function store(ctx: FlowContext, value: Json): Promise<void> {
    const { d, deadline, items } = await load(ctx);
    const item = items[d.idx]!;
    const r = await saveAnswer(ctx.tx, ctx.actor, {
      deadline,
      unitId: d.unitId,
      itemCode: item.code,
      value,
      expectedRev: Number(d.shownRev),
      now: ctx.now,
    });
    if (!r.ok) {
      if (r.reason === 'conflict') {
        const who = r.current?.by ? (await findPerson(ctx.tx, r.current.by))?.fullName : undefined;
        const note = ctx.t('form.conflict', {
          who: who ?? '?',
          value: r.current ? await answerText(ctx, item, r.current.v) : ctx.t('form.unanswered'),
        });
        return ask(ctx, deadline, items, d.idx, d.mode, note);
      }
      ctx.leave();
      return ctx.reply({ text: ctx.t(`report.locked_${r.reason}`) });
    }
    return advance(ctx, deadline, items, d);
  }

  async function advance(ctx: FlowContext, deadline: DeadlineRow, items: FormItem[], d: Data): Promise<void> {
    if (d.mode === 'edit_one' || d.idx + 1 >= items.length) {
      const answers = answersOf(await getSubmission(ctx.tx, deadline.id, d.unitId));
      const gap = firstUnanswered(items, answers);
      if (gap >= 0 && d.mode === 'fill') return ask(ctx, deadline, items, gap, 'fill');
      return showSummary(ctx, deadline, items, true);
    }
    return ask(ctx, deadline, items, d.idx + 1, 'fill');
  }

  async function showSummary(
    ctx: FlowContext,
    deadline: DeadlineRow,
    items: FormItem[],
    editable: boolean,
  ): Promise<void> {
    const unitId = Number(ctx.state.data.unitId);
    const sub = await getSubmission(ctx.tx, deadline.id, unitId);
    const answers = answersOf(sub);
    const unit = await findUnitById(ctx.tx, unitId);
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
    lines.push(
      ...(await answerLines(ctx, items, Object.fromEntries(Object.entries(answers).map(([k, c]) => [k, c.v])))),
    );
    if (isRegistration) lines.push(...(await registrationWarningLines(ctx, answers)));
    if (!editable) return ctx.reply({ text: lines.join('\n') });
    ctx.go('summary', { deadlineId: deadline.id, unitId, idx: 0, shownRev: 0, mode: 'fill' });
    lines.push('', ctx.t('report.summary_actions'));
    ctx.reply({
      text: lines.join('\n'),
      buttons: [
        [{ label: ctx.t(sub?.version ? 'report.btn_resubmit' : 'report.btn_submit'), action: step(ctx, 'submit') }],
        [{ label: ctx.t('report.btn_edit'), action: step(ctx, 'edit_menu') }],
        [{ label: ctx.t('report.btn_save_draft'), action: step(ctx, 'save_draft') }],
      ],
    });
  }

  async function doSubmit(ctx: FlowContext): Promise<void> {
    const { d, deadline, items } = await load(ctx);
    const r = await submit(ctx.tx, ctx.actor, { deadline, unitId: d.unitId, items, now: ctx.now });
    if (!r.ok) {
      if (r.reason === 'missing') {
        const first = items.findIndex((i) => i.code === r.missing[0]!.code);
        return ask(
          ctx,
          deadline,
          items,
          first,
          'edit_one',
          ctx.t('report.missing', { items: r.missing.map((m) => m.label).join('; ') }),
        );
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

  async function onFile(ctx: FlowContext, file: InboundFile): Promise<void> {
    if (ctx.state.step !== 'item') return ctx.reply({ text: ctx.t('common.file_unexpected') });
    const { d, deadline, items } = await load(ctx);
    const item = items[d.idx]!;
    if (item.type !== 'file') return ctx.reply({ text: ctx.t('form.no_file_here'), expectsText: true });
    const refusal = fileRefusal(ctx, file, item.accept);
    if (refusal) return ctx.reply({ text: refusal, expectsText: true });
    const sub = await getSubmission(ctx.tx, deadline.id, d.unitId);
    const cell = answersOf(sub)[item.code];
    const current = Array.isArray(cell?.v) ? (cell!.v as number[]) : [];
    if (current.length >= item.max_files)
      return ctx.reply({ text: ctx.t('form.file_too_many', { max: item.max_files }), expectsText: true });
    const id = await addAttachment(ctx.tx, ctx.actor, {
      deadline,
      unitId: d.unitId,
      itemCode: item.code,
      channel: ctx.event.channel,
      file,
      now: ctx.now,
    });
    const r = await saveAnswer(ctx.tx, ctx.actor, {
      deadline,
      unitId: d.unitId,
      itemCode: item.code,
      value: [...current, id],
      expectedRev: Number(d.shownRev),
      now: ctx.now,
    });
    if (!r.ok) {
      throw new UserError({
        text: r.reason === 'conflict' ? ctx.t('form.file_conflict') : ctx.t(`report.locked_${r.reason}`),
      });
    }
    ctx.go('item', { ...d, shownRev: r.rev } as unknown as Record<string, Json>);
    ctx.reply({
      text: ctx.t('form.file_received', {
        name: file.name ?? ctx.t('form.unnamed_file'),
        n: current.length + 1,
        max: item.max_files,
      }),
      buttons: [[{ label: ctx.t('form.files_done'), action: step(ctx, 'files_done') }]],
      expectsText: true,
    });
  }

  async function typed(ctx: FlowContext, text: string): Promise<void> {
    const word = foldVi(text);
    if (ctx.state.step === 'summary') {
      const m = /^(?:sua|edit)(?: muc)? (\d{1,2})$/.exec(word);
      const { deadline, items } = await load(ctx);
      if (m && Number(m[1]) >= 1 && Number(m[1]) <= items.length)
        return ask(ctx, deadline, items, Number(m[1]) - 1, 'edit_one');
      if (word === 'gui' || word === 'nop' || word === 'submit') return doSubmit(ctx);
      return ctx.reply({ text: ctx.t('report.summary_hint') });
    }
    if (ctx.state.step !== 'item' && ctx.state.step !== 'confirm_value') return listDeadlines(ctx);
    const { d, deadline, items } = await load(ctx);
    const item = items[d.idx]!;
    if (isBackWord(word) && d.idx > 0) return ask(ctx, deadline, items, d.idx - 1, 'fill');
    if (SKIP_WORDS.has(word) && !item.required) return store(ctx, null);
    if (KEEP_WORDS.has(word)) return advance(ctx, deadline, items, d);
    if (item.type === 'file') {
      if (DONE_WORDS.has(word)) return filesDone(ctx);
      return ctx.reply({ text: ctx.t('form.err_send_file'), expectsText: true });
    }
    const parsed = parseAnswer(item, text, { now: ctx.now, tz: ctx.settings.timezone });
    if (!parsed.ok) {
      return ask(ctx, deadline, items, d.idx, d.mode, `❗ ${ctx.t(parsed.error, parsed.vars)}`);
    }
    const typedItem = item.type !== 'yesno' && item.type !== 'choice';
    const saved = answersOf(await getSubmission(ctx.tx, deadline.id, d.unitId))[item.code]?.v;
    if (typedItem && needsReplaceConfirm(text, saved, parsed.value))
      return confirmValue(ctx, item, text, saved!, parsed.value);
    return store(ctx, parsed.value);
  }

  /** A bare small number would replace a saved answer: the person says which one they meant. */
  async function confirmValue(
    ctx: FlowContext,
    item: FormItem,
    typedText: string,
    saved: Json,
    value: Json,
  ): Promise<void> {
    const d = ctx.state.data as unknown as Data;
    const current = await answerText(ctx, item, saved);
    const next = await answerText(ctx, item, value);
    ctx.go('confirm_value', { ...(d as unknown as Record<string, Json>), pending: value });
    ctx.reply({
      text: ctx.t('form.confirm_number', { typed: typedText.trim(), current, value: next }),
      // Keeping comes first, where a habitual "1" lands.
      buttons: [
        [{ label: ellipsis(ctx.t('form.btn_keep_value', { current }), 60), action: step(ctx, 'keep_value') }],
        [{ label: ellipsis(ctx.t('form.btn_replace_value', { value: next }), 60), action: step(ctx, 'replace_value') }],
      ],
    });
  }

  async function filesDone(ctx: FlowContext): Promise<void> {
    const { d, deadline, items } = await load(ctx);
    const item = items[d.idx]!;
    const cell = answersOf(await getSubmission(ctx.tx, deadline.id, d.unitId))[item.code];
    const has = Array.isArray(cell?.v) && cell!.v.length > 0;
    if (!has && item.required) return ctx.reply({ text: ctx.t('form.file_required'), expectsText: true });
    if (!has) return store(ctx, null);
    return advance(ctx, deadline, items, d);
  }

  return {
    name,
    privateOnly: true,
    async start(ctx, args) {
      const named = await findDeadlineArg(ctx, args);
      if (named && kindFilter(named)) return open(ctx, named);
      if (args.trim()) ctx.reply({ text: ctx.t('args.unknown_deadline', { arg: args.trim() }) });
      return listDeadlines(ctx);
    },
    async onAction(ctx, a) {
      switch (a.op) {
        case 'open': {
          const deadline = await getDeadline(ctx.tx, Number(a.deadline));
          if (!deadline) return ctx.reply({ text: ctx.t('common.stale_button') });
          return open(ctx, deadline);
        }
        case 'answer': {
          const { d, items } = await load(ctx);
          const item = items[d.idx]!;
          if (item.type === 'yesno' && typeof a.value === 'boolean') return store(ctx, a.value);
          if (item.type === 'choice' && typeof a.choice === 'number' && item.options[a.choice] !== undefined)
            return store(ctx, item.options[a.choice]!);
          return ctx.reply({ text: ctx.t('common.stale_button') });
        }
        case 'back': {
          const { d, deadline, items } = await load(ctx);
          return ask(ctx, deadline, items, Math.max(0, d.idx - 1), 'fill');
        }
        case 'skip': {
          const { d, items } = await load(ctx);
          if (items[d.idx]!.required) return ctx.reply({ text: ctx.t('form.required') });
          return store(ctx, null);
        }
        case 'keep': {
          const { d, deadline, items } = await load(ctx);
          return advance(ctx, deadline, items, d);
        }
        case 'files_done':
          return filesDone(ctx);
        case 'keep_value': {
          const { d, deadline, items } = await load(ctx);
          if (ctx.state.step !== 'confirm_value') return ctx.reply({ text: ctx.t('common.stale_button') });
          return advance(ctx, deadline, items, d);
        }
        case 'replace_value': {
          if (ctx.state.step !== 'confirm_value' || ctx.state.data.pending === undefined)
            return ctx.reply({ text: ctx.t('common.stale_button') });
          return store(ctx, ctx.state.data.pending as Json);
        }
        case 'edit_menu': {
          const { items } = await load(ctx);
          return ctx.reply({
            text: ctx.t('report.pick_item'),
            buttons: items.map((it, i) => [
              { label: ellipsis(`${i + 1}. ${it.label}`, 60), action: step(ctx, 'edit', { idx: i }) },
            ]),
            replace: true,
          });
        }
        case 'edit': {
          const { deadline, items } = await load(ctx);
          const idx = Number(a.idx);
          if (!items[idx]) return ctx.reply({ text: ctx.t('common.stale_button') });
          return ask(ctx, deadline, items, idx, 'edit_one');
        }
        case 'submit':
          return doSubmit(ctx);
        case 'save_draft':
          ctx.leave();
          return ctx.reply({ text: ctx.t('report.draft_saved', { command: isRegistration ? '/dangky' : '/baocao' }) });
      }
      ctx.reply({ text: ctx.t('common.stale_button') });
    },
    onText: typed,
    onFile,
  };
}

export const reportFlow = createFormFlow('report');
export const registrationFlow = createFormFlow('registration');
