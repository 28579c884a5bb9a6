/**
 * Routing: what an event means for the chat it came from, and which flow gets it. In order:
 * a button (validated against its flow's declared actions and, for a step button, against the
 * run and step it belongs to), a file (only where the current step takes one), a command
 * (warned once when it would discard typed input), a numbered choice, a cancel word, text for
 * the current step, else the fallback flow (invite codes, plain-language questions).
 *
 * Everything refused here is answered politely and changes nothing; a flow only ever sees
 * events its declaration accepts, with actions already typed.
 */
import { findButtonAction } from '../../db/queries/conversation.js';
import { cleanInput, foldVi, parseCommand } from '../../domain/text.js';
import { bareNumber, matchChoice, numberedChoices, type Choice } from '../choices.js';
import { COMMANDS, namesOf, type CommandInfo } from '../commands.js';
import { hasUnsavedInput, PENDING_COMMAND } from '../drafts.js';
import type { Flow, FlowContext, StepSpec } from '../flow.js';
import { stepDataFits } from '../steps.js';
import type { Action, InboundEvent, Json } from '../types.js';

export const CANCEL_WORDS = new Set(['huy', 'cancel', 'thoat', 'dung', 'stop']);

export interface Routes {
  byName: ReadonlyMap<string, Flow>;
  byCommand: ReadonlyMap<string, Flow>;
  /** Commands whose flows are installed, for help. */
  installed: readonly CommandInfo[];
  cancelFlow: string;
  fallbackFlow: string;
}

export function createRoutes(flows: readonly Flow[], cancelFlow: string, fallbackFlow: string): Routes {
  const byName = new Map<string, Flow>(flows.map((f) => [f.name, f]));
  const byCommand = new Map<string, Flow>();
  const installed = COMMANDS.filter((c) => byName.has(c.flow));
  for (const c of installed) {
    for (const name of namesOf(c)) {
      if (byCommand.has(name)) throw new Error(`command /${name} is claimed twice`);
      byCommand.set(name, byName.get(c.flow)!);
    }
  }
  for (const f of flows) checkDeclaration(f);
  return { byName, byCommand, installed, cancelFlow, fallbackFlow };
}

/** A step that lists a button the flow never declared is a bug: refused at start-up. */
function checkDeclaration(flow: Flow): void {
  if (!flow.steps || !flow.actions) return;
  for (const [name, step] of Object.entries(flow.steps)) {
    for (const op of step.actions ?? []) {
      if (!flow.actions.stepOps.has(op))
        throw new Error(`flow ${flow.name}: step ${name} lists unknown step action ${op}`);
    }
  }
}

export interface RouteInput {
  /** The numbered choices and typed-answer mode the chat was left in. */
  choices: Choice[];
  expectsText: boolean;
  /** A command the person was warned about on their previous message. */
  pendingCommand?: Json;
  /** Starts a flow's entry point, refusing a private flow in a group. */
  start(flow: Flow, args: string, command: string): Promise<void>;
  /**
   * The context a pressed button acts in: a button made in another of the person's seats
   * (a province reminder pressed from the commune seat) moves the chat there first.
   */
  seatFor(found: { jurisdictionId: number | null } | undefined): FlowContext;
}

/** The declared step the chat is in, when its flow declares steps. */
function currentStep(flow: Flow | undefined, step: string | null): StepSpec | undefined {
  return flow?.steps && step !== null ? flow.steps[step] : undefined;
}

export async function route(routes: Routes, ctx: FlowContext, input: RouteInput): Promise<void> {
  const { event, t } = ctx;
  let current = ctx.state.flow ? routes.byName.get(ctx.state.flow) : undefined;
  if (ctx.state.flow && !current) ctx.leave(); // a flow removed by an upgrade
  // Stored data that no longer fits its declared step (an upgrade changed it): leave politely.
  // What the person saved lives in its own tables; only the place in the conversation is lost.
  if (current?.steps && !stepDataFits(currentStep(current, ctx.state.step), ctx.state.data)) {
    ctx.leave();
    current = undefined;
    ctx.reply({ text: t('common.flow_reset') });
  }
  const step = currentStep(current, ctx.state.step);

  if (event.buttonToken !== undefined) {
    const found = /^[a-z0-9]{10}$/.test(event.buttonToken)
      ? await findButtonAction(ctx.tx, event.buttonToken, event.channel, event.chatId)
      : undefined;
    return runAction(routes, input.seatFor(found), found?.action);
  }

  if (event.file) {
    if (current?.onFile && (!current.steps || step?.file)) return current.onFile(ctx, event.file);
    return ctx.reply({ text: t('common.file_unexpected') });
  }

  const text = event.text === undefined ? undefined : cleanInput(event.text);
  if (text === undefined) {
    if (event.chatType === 'group') return;
    return ctx.reply({ text: t('common.empty') });
  }

  const cmd = parseCommand(text);
  if (cmd) {
    const flow = routes.byCommand.get(cmd.name);
    if (!flow) {
      if (event.chatType === 'group') return;
      return ctx.reply({ text: t('common.unknown_command', { command: cmd.name }) });
    }
    // A command in the middle of a flow that would discard what the person typed is asked
    // to be typed again; the second time it goes ahead.
    if (flow.name !== routes.cancelFlow && hasUnsavedInput(ctx.state) && input.pendingCommand !== text) {
      ctx.state.data[PENDING_COMMAND] = text;
      return ctx.reply({ text: t('drafts.would_lose', { command: text }) });
    }
    return input.start(flow, cmd.args, cmd.name);
  }

  // In groups only commands and buttons are for the bot; ordinary chatter is not.
  if (event.chatType === 'group') return;

  const choice = matchChoice(text, input.choices, input.expectsText);
  if (choice) {
    const found = await findButtonAction(ctx.tx, choice.token, event.channel, event.chatId);
    if (isActionRecord(found?.action)) return runAction(routes, input.seatFor(found), found.action);
  }
  // A number that is none of the numbered choices is not passed on as text: it says so.
  const numbered = input.expectsText ? 0 : numberedChoices(input.choices).length;
  if (numbered > 0 && bareNumber(text) !== undefined && !choice) {
    return ctx.reply({ text: t('choices.out_of_range', { n: numbered }) });
  }

  if (CANCEL_WORDS.has(foldVi(text))) {
    return input.start(routes.byName.get(routes.cancelFlow)!, '', routes.cancelFlow);
  }
  if (current?.onText && (!current.steps || step?.text)) return current.onText(ctx, text);
  // No flow is waiting for text: the fallback flow decides (an invite code, or a question).
  const fallback = routes.byName.get(routes.fallbackFlow)!;
  if (fallback.onText) return fallback.onText(ctx, text);
  return ctx.reply({ text: t('common.not_understood') });
}

/**
 * A pressed button. The stored record is validated against its flow's declared actions; a step
 * button must belong to the chat's current run and be listed by the current step. Anything
 * else (forged, from an older version, of a finished run) is a stale button.
 */
export async function runAction(routes: Routes, ctx: FlowContext, raw: unknown): Promise<void> {
  const stale = () => ctx.reply({ text: ctx.t('common.stale_button') });
  if (!isActionRecord(raw)) return stale();
  const target = routes.byName.get(raw.f);
  if (!target?.onAction) return stale();
  // A flow's buttons are its declared actions; a flow that declares none takes no button.
  const action = target.actions?.parse(raw) as Action | undefined;
  if (!action) return stale();
  if (target.actions!.stepOps.has(action.op)) {
    const inRun = ctx.state.flow === target.name && ctx.state.data.iid === action.iid;
    if (!inRun || !currentStep(target, ctx.state.step)?.actions?.includes(action.op)) return stale();
  }
  if (target.privateOnly && ctx.event.chatType === 'group') {
    return ctx.reply({ text: ctx.t('common.private_only') });
  }
  await target.onAction(ctx, action);
}

function isActionRecord(a: unknown): a is Action {
  return (
    typeof a === 'object' && a !== null && typeof (a as Action).f === 'string' && typeof (a as Action).op === 'string'
  );
}

/** Text that may have been meant for the choices on screen: not a command, not a cancel word. */
export function answersChoices(event: InboundEvent): boolean {
  if (event.text === undefined || event.buttonToken !== undefined || event.file) return false;
  const text = cleanInput(event.text);
  if (text === undefined) return true;
  return parseCommand(text) === undefined && !CANCEL_WORDS.has(foldVi(text));
}
