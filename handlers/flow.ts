/**
 * What a flow is and what it may touch. A flow is a declared state machine: it lists its
 * steps (handlers/steps.ts: each step's data schema, the step buttons and the input kinds it
 * accepts) and its actions (handlers/actions.ts: a schema per button). The engine loads
 * `{flow, step, data}` for the chat, refuses what the current step does not accept, validates
 * stored data and decoded buttons, calls the flow with the event, and saves what the flow left
 * in `ctx.state`. Flows never see a platform; they see a `FlowContext`.
 */
import type { Actor } from '../domain/authz.js';
import type { CsvStyleSetting } from '../domain/csv.js';
import type { CommandInfo } from './commands.js';
import type { Translator } from './i18n/index.js';
import type { ActionSetBase, ActionsOf } from './actions.js';
import type { z } from 'zod';
import type { Action, ChannelCapabilities, InboundEvent, InboundFile, Json, Locale, Reply } from './types.js';
import type { Db } from '../db/store.js';
import type { Scoped } from '../db/scope.js';
import type { JurisdictionRow } from '../db/queries/jurisdictions.js';
import type { Seat } from './actor.js';
import type { FileVault } from './files/vault.js';

export interface FlowState {
  flow: string | null;
  step: string | null;
  data: Record<string, Json>;
}

export interface EngineSettings {
  timezone: string;
  defaultLocale: Locale;
  maxFileBytes: number;
  inviteTtlDays: number;
  /** CSV_STYLE: how CSV exports are written (absent: auto, by the export's language). */
  csvStyle?: CsvStyleSetting;
  /** Archived attachment bytes, for exports (absent: files are not exported). */
  files?: FileVault;
}

export interface FlowContext {
  /** The open transaction: everything the flow writes commits with the conversation state. */
  readonly tx: Db;
  /** The transaction bound to the jurisdiction this update acts in: what local queries take. */
  readonly scope: Scoped;
  /** That jurisdiction (undefined on a store with no jurisdiction yet: only national content). */
  readonly jurisdiction: JurisdictionRow | undefined;
  /** The seats the person may act from (/donvi), the current one included. */
  readonly seats: readonly Seat[];
  /** Makes the chat act from another of its seats from the next update on (remembered per chat). */
  chooseSeat(key: string): void;
  readonly now: Date;
  readonly settings: EngineSettings;
  readonly actor: Actor;
  readonly event: InboundEvent;
  readonly caps: ChannelCapabilities;
  readonly locale: Locale;
  readonly t: Translator;
  readonly state: Readonly<FlowState>;
  /** Starts a fresh run of `flow`: a new instance id, so buttons of older runs go stale. */
  enter(flow: string, step: string, data?: Record<string, Json>): void;
  /** Moves within the current run. */
  go(step: string, data?: Record<string, Json>): void;
  /** Leaves any flow. */
  leave(): void;
  reply(reply: Reply): void;
  /** The current run's instance id, to put into step buttons. */
  readonly iid: string;
  setLocale(locale: Locale): void;
  /** Runs another flow's entry point in this same update (a button that opens another flow). */
  startFlow(name: string, args: string): Promise<void>;
  /**
   * Runs an action in this same update as if its button had been pressed: validated against
   * its flow's declaration like any press (a plain-language question answered by a flow).
   */
  press(action: Action): Promise<void>;
  /**
   * Runs `work` and returns the replies it made instead of sending them, so a flow can add to
   * another flow's answer (the plain-language answers add the command's button).
   */
  collect(work: () => Promise<void>): Promise<Reply[]>;
  /** Commands whose flows are installed, for help. */
  readonly commands: readonly CommandInfo[];
}

/** One declared step of a flow (see handlers/steps.ts). */
export interface StepSpec {
  /** What the step keeps between messages (the run's id is kept beside it). */
  readonly data: z.ZodType<Record<string, Json | undefined>>;
  /** The step buttons pressed in this step (operations declared in the flow's `step` group). */
  readonly actions?: readonly string[];
  /** Typed text is an answer here. Elsewhere it goes to the fallback (a plain question). */
  readonly text?: boolean;
  /** A file is an answer here. Elsewhere it is refused politely. */
  readonly file?: boolean;
}

export interface Flow {
  readonly name: string;
  /** Shows a unit's data: in a group chat the engine asks to continue privately. */
  readonly privateOnly?: boolean;
  /** The flow's buttons: every pressed action is validated against them before `onAction`. */
  readonly actions?: ActionSetBase;
  /**
   * The flow's steps. The engine accepts a step button, text or a file only in a step that
   * lists it, and leaves the flow politely when the stored data does not match the step.
   */
  readonly steps: Readonly<Record<string, StepSpec>>;
  /** `command` is the name it was started with ('' when opened by a button). */
  start(ctx: FlowContext, args: string, command: string): Promise<void>;
  onAction?(ctx: FlowContext, action: Action): Promise<void>;
  onText?(ctx: FlowContext, text: string): Promise<void>;
  onFile?(ctx: FlowContext, file: InboundFile): Promise<void>;
}

/** A flow as written: `onAction` receives the typed actions of the flow's own action set. */
export interface FlowDefinition<A extends ActionSetBase> extends Omit<Flow, 'actions' | 'onAction'> {
  readonly actions?: A;
  onAction?(ctx: FlowContext, action: ActionsOf<A>): Promise<void>;
}

/**
 * Declares a flow. The engine validates a pressed button against `actions` before calling
 * `onAction`, so the handler's `switch (action.op)` narrows to typed fields.
 */
export function defineFlow<A extends ActionSetBase>(def: FlowDefinition<A>): Flow {
  return def as unknown as Flow;
}

/** A polite refusal a flow throws to end the update without changing anything. */
export class UserError extends Error {
  override name = 'UserError';
  constructor(readonly reply: Reply) {
    super(reply.text);
  }
}
