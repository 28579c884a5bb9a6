/**
 * Plain-language questions: text that is no command, no invite code and no answer to a
 * pending step reaches this flow (it is the engine's fallback) before "chưa hiểu". The pure
 * matcher (handlers/intent/) says what is asked; the answer is the matching command's own
 * output — its flow is run with this update's context, so it is exactly as authorised as the
 * command — with a button that runs the command. Trade-off: answers reuse the commands'
 * renderers instead of shorter bespoke ones, so a question and its command never disagree.
 */
import { can, type Actor } from '../../domain/authz.js';
import { COMMANDS, type CommandInfo } from '../commands.js';
import { defineFlow, type Flow, type FlowContext } from '../flow.js';
import { getSection, getTitle } from '../../db/queries/content.js';
import { getDeadline } from '../../db/queries/submissions.js';
import { findUnitById } from '../../db/queries/directory.js';
import { loadVocabulary } from '../intent/load.js';
import { LONG_QUESTION, matchIntent, type HowtoTopic, type IntentMatch, type IntentName } from '../intent/match.js';
import { looksLikeCode } from '../services/invites.js';
import { deadlinesForUnit } from '../services/submissions.js';
import { ellipsis, shortLabel } from '../../domain/text.js';
import type { ButtonSpec } from '../types.js';
import { renderSection, renderTitle } from './criteria.js';
import { dueLabel } from './report.js';
import { unitStatus } from './status.js';
import { statusActions } from './status.actions.js';
import { askActions } from './ask.actions.js';

const F = 'ask';

export { askActions };

/** The command that answers each intent (its flow name). */
const COMMAND_OF: Record<Exclude<IntentName, 'unknown'>, string> = {
  criteria: 'criteria',
  unit_status: 'status',
  my_tasks: 'status',
  missing: 'missing',
  deadline: 'deadlines',
  howto: 'help',
  help: 'help',
};

const TOPIC_COMMAND: Record<HowtoTopic, string | undefined> = {
  register: 'registration',
  report: 'report',
  invite: 'invite',
  join: undefined,
  exemplar: 'exemplar',
  link: 'link',
  language: 'language',
  criteria: 'criteria',
  export: 'export',
  review: 'review',
};

function commandOf(flow: string): CommandInfo | undefined {
  return COMMANDS.find((c) => c.flow === flow && !c.hidden);
}

/** Whether the actor would see this command in help. */
function mayUse(actor: Actor, c: CommandInfo): boolean {
  if (c.flow === 'link' && actor.kind !== 'person') return false;
  return !c.perm || can(actor, c.perm);
}

function commandButton(ctx: FlowContext, flow: string, args = ''): ButtonSpec | undefined {
  const c = commandOf(flow);
  if (!c || !mayUse(ctx.actor, c)) return undefined;
  return {
    label: shortLabel(ctx.t('ask.btn_command', { command: c.vi, desc: ctx.t(c.desc) }), 60),
    action: askActions.cmd({ flow, args: args || undefined }),
  };
}

/** Up to two buttons for guessed intents, one per command, that the actor may use. */
function guessButtons(ctx: FlowContext, intents: IntentName[]): ButtonSpec[][] {
  const flows: string[] = [];
  for (const i of [...intents, 'help', 'criteria'] as IntentName[]) {
    if (i === 'unknown') continue;
    const f = COMMAND_OF[i];
    if (!flows.includes(f) && commandButton(ctx, f)) flows.push(f);
  }
  return flows.slice(0, 2).map((f) => [commandButton(ctx, f)!]);
}

export function createAskFlow(flowNamed: (name: string) => Flow | undefined): Flow {
  /**
   * Runs a command's flow with this update's context but keeps its replies, so the command's
   * button can be added to the last one; refusals propagate as they would from the command.
   * The replies are caught on the update's context itself, not on a wrapper, because a press
   * (`ctx.press`) runs its flow with the engine's context whoever calls it.
   */
  async function asCommand(
    ctx: FlowContext,
    flow: string,
    run: (ctx: FlowContext, f: Flow) => Promise<void>,
    button?: ButtonSpec,
  ): Promise<void> {
    const f = flowNamed(flow);
    if (!f) return ctx.reply({ text: ctx.t('common.not_understood') });
    const collected = await ctx.collect(() => run(ctx, f));
    const last = collected[collected.length - 1];
    if (last && button) last.buttons = [...(last.buttons ?? []), [button]];
    for (const r of collected) ctx.reply(r);
  }

  async function answer(ctx: FlowContext, text: string): Promise<void> {
    const vocab = await loadVocabulary(ctx.scope);
    const m = matchIntent(text, vocab);
    if (m.problems.length > 0) return partial(ctx, m);
    switch (m.intent) {
      case 'unknown':
        return ctx.reply({ text: ctx.t('common.not_understood'), buttons: guessButtons(ctx, m.guesses) });
      case 'help':
        return asCommand(ctx, 'help', (inner, f) => f.start(inner, '', ''));
      case 'criteria':
        return criteria(ctx, m);
      case 'unit_status':
        return m.unit
          ? unitAnswer(ctx, m.unit.id, m.deadline?.id)
          : asCommand(ctx, 'status', (inner, f) => f.start(inner, '', ''), commandButton(ctx, 'status'));
      case 'my_tasks':
        return asCommand(ctx, 'status', (inner, f) => f.start(inner, '', ''), commandButton(ctx, 'deadlines'));
      case 'missing':
        return asCommand(
          ctx,
          'missing',
          (inner, f) => f.start(inner, m.deadline?.code ?? '', ''),
          commandButton(ctx, 'status'),
        );
      case 'deadline':
        return deadlineAnswer(ctx, m);
      case 'howto':
        return howto(ctx, m.topic);
    }
  }

  async function criteria(ctx: FlowContext, m: IntentMatch): Promise<void> {
    const doc = m.doc;
    if (doc && doc.kind === 'section') {
      const s = await getSection(ctx.scope, doc.id);
      if (s) return ctx.reply({ text: renderSection(ctx, s), buttons: [[commandButton(ctx, 'criteria', doc.name)!]] });
    } else if (doc) {
      const t = await getTitle(ctx.scope, doc.id);
      if (t) return ctx.reply({ text: renderTitle(ctx, t), buttons: [[commandButton(ctx, 'criteria', doc.name)!]] });
    }
    // Nothing named: the command's own menu.
    return asCommand(ctx, 'criteria', (inner, f) => f.start(inner, '', ''));
  }

  /** A unit's status, within exactly what `/tinhhinh` lets this person see. */
  async function unitAnswer(ctx: FlowContext, unitId: number, deadlineId?: number): Promise<void> {
    const actor = ctx.actor;
    if (actor.kind !== 'person') {
      return ctx.reply({
        text: ctx.t(actor.kind === 'anonymous' && actor.deactivated ? 'auth.deactivated' : 'auth.unknown_account'),
      });
    }
    // Nothing about another unit, not even whether it has reported.
    if (!can(actor, 'status.unit', unitId))
      return ctx.reply({ text: ctx.t('ask.other_unit', { unit: actor.unitName }) });
    const button = commandButton(ctx, 'status');
    if (deadlineId !== undefined && can(actor, 'report.read', unitId)) {
      // The office's (or the unit's own) view of that one submission, as /tinhhinh shows it.
      return asCommand(
        ctx,
        'status',
        (inner) => inner.press(statusActions.unit({ deadline: deadlineId, unit: unitId })),
        button,
      );
    }
    // One row, not the whole vocabulary again (a button brings only the unit's id).
    const unit = await findUnitById(ctx.scope, unitId);
    if (!unit || !unit.active) return ctx.reply({ text: ctx.t('common.stale_button') });
    return asCommand(ctx, 'status', (inner) => unitStatus(inner, { id: unit.id, name: unit.name }), button);
  }

  async function deadlineAnswer(ctx: FlowContext, m: IntentMatch): Promise<void> {
    // The deadline asked about first, when this person may see it (their unit's, or any for the office).
    const actor = ctx.actor;
    if (m.deadline && actor.kind === 'person') {
      const mine = await deadlinesForUnit(ctx.scope, actor, actor.unitId);
      const d =
        mine.find((x) => x.id === m.deadline!.id) ??
        (actor.role === 'admin' ? await getDeadline(ctx.scope, m.deadline.id) : undefined);
      if (d) ctx.reply({ text: ctx.t('ask.deadline_line', { title: d.title, due: dueLabel(ctx, d.dueAt) }) });
    }
    await asCommand(ctx, 'deadlines', (inner, f) => f.start(inner, '', ''), commandButton(ctx, 'deadlines'));
  }

  function howto(ctx: FlowContext, topic: HowtoTopic | undefined): Promise<void> | void {
    if (!topic) return asCommand(ctx, 'help', (inner, f) => f.start(inner, '', ''));
    const flow = TOPIC_COMMAND[topic];
    const c = flow ? commandOf(flow) : undefined;
    const lines = [ctx.t(`ask.howto.${topic}`)];
    if (c && !mayUse(ctx.actor, c)) lines.push('', ctx.t('ask.needs_role'));
    const b = flow ? commandButton(ctx, flow) : undefined;
    ctx.reply({ text: lines.join('\n'), buttons: b ? [[b]] : [] });
  }

  /** Bad input: what was understood, what was not, and at most two guesses. */
  function partial(ctx: FlowContext, m: IntentMatch): void {
    const has = (p: IntentMatch['problems'][number]) => m.problems.includes(p);
    if (m.intent === 'unit_status' && ctx.actor.kind !== 'person') {
      return ctx.reply({
        text: ctx.t(
          ctx.actor.kind === 'anonymous' && ctx.actor.deactivated ? 'auth.deactivated' : 'auth.unknown_account',
        ),
      });
    }
    if (has('foreign')) return ctx.reply({ text: ctx.t('ask.foreign'), buttons: guessButtons(ctx, []) });
    if (has('no_words')) return ctx.reply({ text: ctx.t('ask.no_words'), buttons: guessButtons(ctx, []) });
    if ((has('two_units') || has('ambiguous_unit')) && m.unit && m.otherUnit) {
      const unitButton = (u: NonNullable<IntentMatch['unit']>): ButtonSpec[] => [
        {
          label: shortLabel(u.name, 60),
          action: askActions.unit({ unit: u.id, deadline: m.deadline?.id }),
        },
      ];
      return ctx.reply({
        text: ctx.t(has('two_units') ? 'ask.two_units' : 'ask.ambiguous_unit'),
        buttons: [unitButton(m.unit), unitButton(m.otherUnit)],
      });
    }
    if (has('unknown_unit')) {
      return ctx.reply({
        text: ctx.t('ask.unknown_unit', { name: ellipsis(m.unknownName ?? '', 60) }),
        buttons: guessButtons(ctx, ['unit_status', 'help']),
      });
    }
    const lines: string[] = [];
    if (has('too_long')) lines.push(ctx.t('ask.too_long', { max: LONG_QUESTION }));
    lines.push(
      m.intent === 'unknown'
        ? ctx.t('ask.not_placed')
        : ctx.t('ask.understood', { what: ctx.t(`ask.intent.${m.intent}`) }),
    );
    ctx.reply({
      text: lines.join(' '),
      buttons: guessButtons(ctx, m.intent === 'unknown' ? m.guesses : [m.intent, ...m.guesses]),
    });
  }

  return defineFlow({
    name: F,
    actions: askActions,
    steps: {},
    async start(ctx, args) {
      if (args) return answer(ctx, args);
      ctx.reply({ text: ctx.t('common.not_understood') });
    },
    /** The engine's fallback: an invite code is redeemed by the welcome flow; anything else is a question. */
    async onText(ctx, text) {
      if (looksLikeCode(text)) return flowNamed('welcome')!.onText!(ctx, text);
      return answer(ctx, text);
    },
    async onAction(ctx, action) {
      switch (action.op) {
        case 'cmd':
          if (!commandOf(action.flow)) return ctx.reply({ text: ctx.t('common.stale_button') });
          return ctx.startFlow(action.flow, action.args ?? '');
        case 'unit':
          return unitAnswer(ctx, action.unit, action.deadline);
      }
    },
  });
}
