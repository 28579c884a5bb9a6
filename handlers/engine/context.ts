/**
 * The `FlowContext` of one update: what a flow may read (the transaction, time, who speaks,
 * the channel's capabilities, settings read with the batch) and the few things it may do
 * (move through its steps, reply, change the chat's language, open another flow). The state
 * is a copy of the stored row, so the engine can tell afterwards whether anything changed.
 */
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../domain/authz.js';
import type { Db } from '../../db/store.js';
import type { JurisdictionRow } from '../../db/queries/jurisdictions.js';
import { scoped } from '../../db/scope.js';
import type { Seat } from '../actor.js';
import type { CommandInfo } from '../commands.js';
import type { EngineSettings, Flow, FlowContext, FlowState } from '../flow.js';
import { translator, type Translator } from '../i18n/index.js';
import type { Action, ChannelCapabilities, InboundEvent, Locale, Reply } from '../types.js';

export interface ContextInput {
  tx: Db;
  now: Date;
  settings: EngineSettings;
  actor: Actor;
  event: InboundEvent;
  caps: ChannelCapabilities;
  locale: Locale;
  state: FlowState;
  commands: readonly CommandInfo[];
  /** The jurisdiction the update acts in (undefined on a store with none yet) and its id (0 then). */
  jurisdiction: JurisdictionRow | undefined;
  jurisdictionId: number;
  seats: readonly Seat[];
  chooseSeat(key: string): void;
  flowNamed(name: string): Flow | undefined;
  /** Runs an action as a press, through the router's checks. */
  press(ctx: FlowContext, action: Action): Promise<void>;
}

export interface UpdateContext {
  ctx: FlowContext;
  /** What the flows replied, in order. */
  replies: Reply[];
  /** The language after the update (a flow may have changed it). */
  locale(): Locale;
  /** Starts a flow's entry point, refusing a private flow in a group chat. */
  start(flow: Flow, args: string, command?: string): Promise<void>;
  /** Moves the update to another of the person's seats (a button made there). */
  actIn(next: { actor: Actor; jurisdictionId: number; jurisdiction: JurisdictionRow | undefined }): void;
}

export function createUpdateContext(input: ContextInput): UpdateContext {
  const { state, event, caps } = input;
  const replies: Reply[] = [];
  let sink = replies;
  let locale = input.locale;
  let t: Translator = translator(locale);

  // The seat the update acts from: fixed but for a button made in another of the person's
  // seats, which moves the update there before its action runs (`actIn`).
  let actor = input.actor;
  let scope = scoped(input.tx, input.jurisdictionId);
  let jurisdiction = input.jurisdiction;
  const ctx: FlowContext = {
    tx: input.tx,
    get scope() {
      return scope;
    },
    get jurisdiction() {
      return jurisdiction;
    },
    seats: input.seats,
    chooseSeat: (key) => input.chooseSeat(key),
    now: input.now,
    settings: input.settings,
    get actor() {
      return actor;
    },
    event,
    caps,
    get locale() {
      return locale;
    },
    get t() {
      return t;
    },
    state,
    get iid() {
      const iid = state.data.iid;
      return typeof iid === 'string' ? iid : '';
    },
    enter(flow, step, data = {}) {
      state.flow = flow;
      state.step = step;
      state.data = { ...data, iid: randomBytes(4).toString('hex') };
    },
    go(step, data) {
      state.step = step;
      if (data) state.data = { ...data, iid: state.data.iid ?? null };
    },
    leave() {
      state.flow = null;
      state.step = null;
      state.data = {};
    },
    reply(r) {
      sink.push(r);
    },
    setLocale(l) {
      locale = l;
      t = translator(l);
    },
    commands: input.commands,
    async startFlow(name, args) {
      const flow = input.flowNamed(name);
      if (!flow) throw new Error(`unknown flow ${name}`);
      await start(flow, args, '');
    },
    async collect(work) {
      const outer = sink;
      const caught: Reply[] = [];
      sink = caught;
      try {
        await work();
      } finally {
        sink = outer;
      }
      return caught;
    },
    press(action) {
      // `this`: a flow may hand another flow a copy of its context that collects replies.
      return input.press(this, action);
    },
  };

  async function start(flow: Flow, args: string, command = ''): Promise<void> {
    if (flow.privateOnly && event.chatType === 'group') {
      ctx.reply({
        text: caps.privateChatLink
          ? t('common.private_only_link', { link: caps.privateChatLink })
          : t('common.private_only'),
      });
      return;
    }
    await flow.start(ctx, args, command);
  }

  function actIn(next: { actor: Actor; jurisdictionId: number; jurisdiction: JurisdictionRow | undefined }): void {
    actor = next.actor;
    scope = scoped(input.tx, next.jurisdictionId);
    jurisdiction = next.jurisdiction;
  }

  return { ctx, replies, locale: () => locale, start, actIn };
}
