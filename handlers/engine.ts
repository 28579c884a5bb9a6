/**
 * The flow engine: one entry point, `handle(event, caps)`, shared by every channel.
 *
 * For each inbound event it opens one transaction, records the update id (a repeated
 * delivery stops here), resolves who is speaking, loads the chat's state, routes the event to
 * a flow, saves the state and the buttons' tokens, and commits. Replies go back to the
 * adapter only after the commit. Any failure rolls everything back and the person gets a
 * short apology; nothing escapes to crash the process.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../bot/logger.js';
import type { Db, Store } from '../db/store.js';
import {
  findButtonAction,
  loadConversation,
  markUpdateProcessed,
  newToken,
  saveButtonTokens,
  saveConversation,
  setChoices,
  type ChatKey,
  type ConversationPatch,
  type ConversationRow,
} from '../db/queries/conversation.js';
import { touchAccount } from '../db/queries/directory.js';
import { resolveActor } from './actor.js';
import { Forbidden, type Actor } from './authz.js';
import { COMMANDS, namesOf } from './commands.js';
import { matchChoice, renderChoices, type Choice } from './choices.js';
import type { EngineSettings, Flow, FlowContext, FlowState } from './flow.js';
import { UserError } from './flow.js';
import { isLocale, translator, type Translator } from './i18n/index.js';
import { cleanInput, foldVi, MAX_INPUT_LENGTH, parseCommand } from './text.js';
import type { Action, ChannelCapabilities, Clock, InboundEvent, Json, Locale, OutboundMessage, Reply } from './types.js';

export interface EngineDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  settings: EngineSettings;
  flows: readonly Flow[];
  /** The flow that leaves any flow (also reached by typing "huỷ"). */
  cancelFlow: string;
  /** The flow that gets text when no flow is waiting for it (invite codes, a pointer to help). */
  fallbackFlow: string;
}

export interface HandleResult {
  replies: OutboundMessage[];
  /** The update id was seen before; nothing was done. */
  duplicate?: boolean;
}

export interface Engine {
  handle(event: InboundEvent, caps: ChannelCapabilities): Promise<HandleResult>;
  /** Registers button tokens for a message sent outside a conversation (reminders). */
  prepareOutbound(
    tx: Db,
    target: { channel: InboundEvent['channel']; chatId: string; accountId: string },
    reply: Reply,
    caps: ChannelCapabilities,
    locale: Locale,
  ): Promise<OutboundMessage>;
}

const CANCEL_WORDS = new Set(['huy', 'cancel', 'thoat', 'dung', 'stop']);
const TOUCH_EVERY_MS = 10 * 60_000;

export function createEngine(deps: EngineDeps): Engine {
  const byName = new Map<string, Flow>(deps.flows.map((f) => [f.name, f]));
  const byCommand = new Map<string, Flow>();
  const installed = COMMANDS.filter((c) => byName.has(c.flow));
  for (const c of installed) {
    for (const name of namesOf(c)) {
      if (byCommand.has(name)) throw new Error(`command /${name} is claimed twice`);
      byCommand.set(name, byName.get(c.flow)!);
    }
  }

  async function registerButtons(
    tx: Db,
    key: { channel: string; chatId: string },
    reply: Reply,
    caps: ChannelCapabilities,
    t: Translator,
    now: Date,
  ): Promise<{ message: OutboundMessage; choices: Choice[] | null }> {
    const base: OutboundMessage = { text: reply.text, replace: reply.replace, document: reply.document, photo: reply.photo };
    if (!reply.buttons || reply.buttons.length === 0) return { message: base, choices: null };
    const rows = reply.buttons.map((row) => row.map((b) => ({ label: b.label, token: newToken(), action: b.action })));
    await saveButtonTokens(
      tx,
      rows.flat().map((b) => ({ token: b.token, channel: key.channel, chatId: key.chatId, action: b.action })),
      now,
    );
    const buttons = rows.map((row) => row.map(({ label, token }) => ({ label, token })));
    const count = rows.flat().length;
    if (caps.buttons && count <= caps.maxButtons) {
      return { message: { ...base, buttons }, choices: [] };
    }
    const rendered = renderChoices(reply.text, buttons, reply.expectsText ?? false, {
      pickNumber: t('choices.pick_number'),
      typeWord: t('choices.type_word'),
    });
    return { message: { ...base, text: rendered.text }, choices: rendered.choices };
  }

  async function handle(event: InboundEvent, caps: ChannelCapabilities): Promise<HandleResult> {
    const now = deps.clock.now();
    const log = deps.logger.child({ channel: event.channel, chat: event.chatId, update: event.updateId });
    const key: ChatKey = { channel: event.channel, chatId: event.chatId, accountId: event.accountId };
    let locale: Locale = deps.settings.defaultLocale;

    // Oversized text is refused before it reaches the database or a flow.
    if (event.text !== undefined && event.text.length > MAX_INPUT_LENGTH) {
      return { replies: [{ text: translator(locale)('common.too_long', { max: MAX_INPUT_LENGTH }) }] };
    }

    try {
      return await deps.store.tx(async (tx) => {
        if (event.updateId && !(await markUpdateProcessed(tx, event.channel, event.updateId, now))) {
          log.info('repeated delivery ignored');
          return { replies: [], duplicate: true };
        }
        const { actor, accountId, lastInboundAt, unreachable } = await resolveActor(tx, event.channel, event.accountId);
        // The last-seen time matters to minutes (Zalo's 7-day window): no write on every message.
        if (accountId !== undefined && (unreachable || !lastInboundAt || now.getTime() - lastInboundAt.getTime() > TOUCH_EVERY_MS)) {
          await touchAccount(tx, accountId, now);
        }
        const row = await loadConversation(tx, key);
        locale = pickLocale(row?.locale, actor, deps.settings.defaultLocale);
        const state: FlowState = { flow: row?.flow ?? null, step: row?.step ?? null, data: (row?.data as FlowState['data']) ?? {} };
        const replies: Reply[] = [];
        let currentLocale = locale;
        let t = translator(currentLocale);

        const ctx: FlowContext = {
          tx,
          now,
          settings: deps.settings,
          actor,
          event,
          caps,
          get locale() {
            return currentLocale;
          },
          get t() {
            return t;
          },
          state,
          get iid() {
            return String(state.data.iid ?? '');
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
            replies.push(r);
          },
          setLocale(l) {
            currentLocale = l;
            t = translator(l);
          },
          commands: installed,
          async startFlow(name, args) {
            const flow = byName.get(name);
            if (!flow) throw new Error(`unknown flow ${name}`);
            await startGuarded(flow, args, '');
          },
        };

        async function startGuarded(flow: Flow, args: string, command = ''): Promise<void> {
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

        await route(ctx, event, row?.choices ?? [], row?.expectsText ?? false, startGuarded);

        // Persist state and turn button specs into tokens, in the same transaction.
        const out: OutboundMessage[] = [];
        let choices: Choice[] = replies.length > 0 ? [] : (row?.choices ?? []);
        for (const r of replies) {
          const { message, choices: c } = await registerButtons(tx, event, r, caps, t, now);
          out.push(message);
          if (c !== null) choices = c;
        }
        const expectsText = replies.length > 0 ? replies.some((r) => r.expectsText) : (row?.expectsText ?? false);
        const patch = {
          flow: state.flow,
          step: state.step,
          data: state.data,
          choices,
          expectsText,
          locale: currentLocale === deps.settings.defaultLocale && !row?.locale ? null : currentLocale,
        };
        if (!unchanged(row, patch)) await saveConversation(tx, key, patch, now);
        return { replies: out };
      });
    } catch (err) {
      const t = translator(locale);
      if (err instanceof UserError) {
        return { replies: [{ text: err.reply.text }] };
      }
      if (err instanceof Forbidden) {
        log.warn({ perm: err.perm ?? null }, 'refused by authorization');
        const text = err.actor.kind === 'anonymous' ? (err.actor.deactivated ? t('auth.deactivated') : t('auth.unknown_account')) : t('auth.forbidden');
        return { replies: [{ text }] };
      }
      log.error({ err }, 'handler failed');
      return { replies: [{ text: t('common.error') }] };
    }
  }

  async function route(
    ctx: FlowContext,
    event: InboundEvent,
    choices: Choice[],
    expectsText: boolean,
    start: (flow: Flow, args: string, command: string) => Promise<void>,
  ): Promise<void> {
    const t = ctx.t;
    const current = ctx.state.flow ? byName.get(ctx.state.flow) : undefined;
    if (ctx.state.flow && !current) ctx.leave(); // a flow removed by an upgrade

    const runAction = async (action: Action) => {
      const target = byName.get(action.f);
      if (!target?.onAction) return ctx.reply({ text: t('common.stale_button') });
      // A step button belongs to one run of a flow; once the person moved on it is stale.
      if (action.iid !== undefined && (ctx.state.flow !== action.f || ctx.state.data.iid !== action.iid)) {
        return ctx.reply({ text: t('common.stale_button') });
      }
      if (target.privateOnly && event.chatType === 'group') {
        return ctx.reply({ text: t('common.private_only') });
      }
      await target.onAction(ctx, action);
    };

    if (event.buttonToken !== undefined) {
      const action = /^[a-z0-9]{10}$/.test(event.buttonToken)
        ? await findButtonAction(ctx.tx, event.buttonToken, event.channel, event.chatId)
        : undefined;
      if (!isAction(action)) return ctx.reply({ text: t('common.stale_button') });
      return runAction(action);
    }

    if (event.file) {
      if (current?.onFile) return current.onFile(ctx, event.file);
      return ctx.reply({ text: t('common.file_unexpected') });
    }

    const text = event.text === undefined ? undefined : cleanInput(event.text);
    if (text === undefined) {
      if (event.chatType === 'group') return;
      return ctx.reply({ text: t('common.empty') });
    }

    const cmd = parseCommand(text);
    if (cmd) {
      const flow = byCommand.get(cmd.name);
      if (!flow) {
        if (event.chatType === 'group') return;
        return ctx.reply({ text: t('common.unknown_command', { command: cmd.name }) });
      }
      return start(flow, cmd.args, cmd.name);
    }

    // In groups only commands and buttons are for the bot; ordinary chatter is not.
    if (event.chatType === 'group') return;

    const choice = matchChoice(text, choices, expectsText);
    if (choice) {
      const action = await findButtonAction(ctx.tx, choice.token, event.channel, event.chatId);
      if (isAction(action)) return runAction(action);
    }

    if (CANCEL_WORDS.has(foldVi(text))) {
      return start(byName.get(deps.cancelFlow)!, '', deps.cancelFlow);
    }
    if (current?.onText) return current.onText(ctx, text);
    // No flow is waiting: the fallback flow decides (an invite code, or a pointer to help).
    const fallback = byName.get(deps.fallbackFlow)!;
    if (fallback.onText) return fallback.onText(ctx, text);
    return ctx.reply({ text: t('common.not_understood') });
  }

  async function prepareOutbound(
    tx: Db,
    target: { channel: InboundEvent['channel']; chatId: string; accountId: string },
    reply: Reply,
    caps: ChannelCapabilities,
    locale: Locale,
  ): Promise<OutboundMessage> {
    const now = deps.clock.now();
    const { message, choices } = await registerButtons(tx, target, reply, caps, translator(locale), now);
    if (choices && choices.length > 0) await setChoices(tx, target, choices, now);
    return message;
  }

  return { handle, prepareOutbound };
}

/** A stateless exchange (help, a search) leaves the row as it was: no write needed. */
function unchanged(row: ConversationRow | undefined, p: ConversationPatch): boolean {
  if (!row) return p.flow === null && p.choices.length === 0 && !p.expectsText && p.locale === null;
  return (
    row.flow === p.flow &&
    row.step === p.step &&
    row.expectsText === p.expectsText &&
    (row.locale ?? null) === p.locale &&
    JSON.stringify(row.data) === JSON.stringify(p.data) &&
    JSON.stringify(row.choices) === JSON.stringify(p.choices)
  );
}


function isAction(a: unknown): a is Action {
  return typeof a === 'object' && a !== null && typeof (a as Action).f === 'string' && typeof (a as Action).op === 'string';
}

function pickLocale(stored: string | null | undefined, actor: Actor, dflt: Locale): Locale {
  if (isLocale(stored)) return stored;
  if (actor.kind === 'person' && isLocale(actor.locale)) return actor.locale;
  return dflt;
}

export type { Json };
