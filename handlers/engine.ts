/**
 * The flow engine: one entry point, `handle(event, caps)`, shared by every channel.
 *
 * Every inbound event is handled in a transaction that records its update id (a repeated
 * delivery stops there), resolves who is speaking, loads the chat's state, routes the event to
 * a flow, and saves the state and the buttons' tokens. Events that queue up while the
 * database is busy share one transaction (group commit, `batcher.ts`); a batch that fails is
 * rolled back and its events are handled again one by one. Replies go back to the adapter only
 * after the commit. A failure rolls back that event's effects and the person gets a short
 * answer; nothing escapes to crash the process.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from './logger.js';
import type { Db, Store } from '../db/store.js';
import {
  chatKeyString,
  findButtonAction,
  newToken,
  saveButtonTokens,
  saveConversations,
  setChoices,
  updateKey,
  type ChatKey,
  type ConversationPatch,
  type ConversationSnapshot,
} from '../db/queries/conversation.js';
import { accountKey, touchAccounts } from '../db/queries/directory.js';
import { openUpdates } from '../db/queries/opening.js';
import { isTransientDbFault } from '../db/faults.js';
import { resolvedFrom, type ResolvedActor } from './actor.js';
import { createBatcher } from './batcher.js';
import { normalizeInbound } from './inbound-guard.js';
import { Forbidden, type Actor } from '../domain/authz.js';
import { COMMANDS, namesOf } from './commands.js';
import { hasUnsavedInput, PENDING_COMMAND, withoutMarker } from './drafts.js';
import {
  bareNumber,
  choiceLines,
  matchChoice,
  numberedChoices,
  renderChoices,
  type Choice,
  type ChoiceHints,
} from './choices.js';
import type { EngineSettings, Flow, FlowContext, FlowState } from './flow.js';
import { UserError } from './flow.js';
import { isLocale, translator, type Translator } from './i18n/index.js';
import { cleanInput, foldVi, MAX_INPUT_LENGTH, parseCommand } from '../domain/text.js';
import type {
  Action,
  ChannelCapabilities,
  Clock,
  InboundEvent,
  Json,
  Locale,
  OutboundMessage,
  Reply,
} from './types.js';

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
  /** Settings flows read through `ctx.setting` (read once per transaction, with its opening). */
  preloadSettings?: readonly string[];
  /**
   * Group commit (see batcher.ts): updates per transaction, and transactions at once. PGlite
   * has one connection, so one at a time; a server gains from a few in parallel.
   */
  batching?: { maxBatch: number; maxInFlight: number };
  /** An update not handled within this many ms is answered as transient (see HandleResult). */
  deadlineMs?: number;
  /**
   * Runs before the transaction on an event that carries a file: the attachment archive
   * downloads and stores it (bot/files/archive.ts). Must not throw.
   */
  intake?: (event: InboundEvent) => Promise<InboundEvent>;
}

interface Job {
  event: InboundEvent;
  caps: ChannelCapabilities;
  /** The person's language once known, for the apology if the update fails. */
  locale: Locale;
}

type TokenRow = { token: string; channel: string; chatId: string; action: unknown };

/** What the updates of one transaction share. */
interface BatchScope {
  tx: Db;
  now: Date;
  settings: Record<string, unknown>;
  writes: Writes;
}

/** What a batch writes after its flows ran. */
interface Writes {
  tokens: TokenRow[];
  states: Array<{ key: ChatKey; patch: ConversationPatch }>;
  touched: number[];
}

export interface HandleResult {
  replies: OutboundMessage[];
  /** The update id was seen before; nothing was done. */
  duplicate?: boolean;
  /**
   * The update was NOT handled because the database is unavailable (down, frozen, timed
   * out): nothing was recorded, so it may be handled again later and will act once. The
   * replies say the answer will come; the adapter decides whether to send them and keeps the
   * update for a retry (Telegram: 5xx or an unconfirmed offset; Zalo: the inbound journal).
   * A handled refusal or apology for a bug is never transient: retrying would not help.
   */
  transient?: boolean;
  /**
   * With `transient` after the deadline: the attempt still under way. It may yet commit
   * (then its result carries the real replies, and a retry finds a duplicate).
   */
  late?: Promise<HandleResult>;
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

  function hints(t: Translator): ChoiceHints {
    return {
      pickNumber: t('choices.pick_number'),
      typeWord: t('choices.type_word'),
      pickOrWord: t('choices.pick_or_word'),
    };
  }

  /**
   * Turns a reply's button specs into tokens (returned for saving) and the message to send.
   * `expectsText` is the whole reply's (one rule for all its messages) and `start` the numbered
   * choices of its earlier messages, so one reply is numbered once.
   */
  function renderButtons(
    key: { channel: string; chatId: string },
    reply: Reply,
    caps: ChannelCapabilities,
    t: Translator,
    expectsText = reply.expectsText ?? false,
    start = 0,
  ): { message: OutboundMessage; choices: Choice[] | null; tokens: TokenRow[] } {
    const base: OutboundMessage = {
      text: reply.text,
      replace: reply.replace,
      document: reply.document,
      photo: reply.photo,
    };
    if (!reply.buttons || reply.buttons.length === 0) return { message: base, choices: null, tokens: [] };
    const rows = reply.buttons.map((row) =>
      row.map((b) => ({ label: b.label, token: newToken(), action: b.action, word: b.word })),
    );
    const tokens = rows
      .flat()
      .map((b) => ({ token: b.token, channel: key.channel, chatId: key.chatId, action: b.action }));
    const buttons = rows.map((row) =>
      row.map(({ label, token, word }) => (word ? { label, token, word } : { label, token })),
    );
    if (caps.buttons && tokens.length <= caps.maxButtons) {
      return {
        message: { ...base, buttons: rows.map((row) => row.map(({ label, token }) => ({ label, token }))) },
        choices: [],
        tokens,
      };
    }
    const rendered = renderChoices(reply.text, buttons, expectsText, hints(t), start);
    return { message: { ...base, text: rendered.text }, choices: rendered.choices, tokens };
  }

  const batcher = createBatcher<Job, HandleResult>({
    keyOf: (job) => chatKeyString(job.event),
    maxBatch: deps.batching?.maxBatch ?? 50,
    maxInFlight: deps.batching?.maxInFlight ?? 1,
    run: handleBatch,
  });

  async function handle(input: InboundEvent, caps: ChannelCapabilities): Promise<HandleResult> {
    let job: Job;
    try {
      // Malformed fields (a null text, a numeric id) are made well-typed; no sender, no answer.
      let event = normalizeInbound(input);
      if (!event) {
        deps.logger.warn(
          { channel: (input as { channel?: unknown } | null)?.channel ?? null },
          'malformed inbound event dropped',
        );
        return { replies: [] };
      }
      // Oversized text is refused before it reaches the database or a flow.
      if (event.text !== undefined && event.text.length > MAX_INPUT_LENGTH) {
        return {
          replies: [{ text: translator(deps.settings.defaultLocale)('common.too_long', { max: MAX_INPUT_LENGTH }) }],
        };
      }
      // A file is archived (downloaded and stored) before the transaction: bot/files/archive.ts.
      if (event.file && deps.intake) event = await deps.intake(event);
      job = { event, caps, locale: deps.settings.defaultLocale };
    } catch (err) {
      // handle() never throws: whatever slipped past the checks gets the apology.
      deps.logger.error({ err }, 'inbound event failed outside a transaction');
      return { replies: [{ text: translator(deps.settings.defaultLocale)('common.error') }] };
    }
    const work = batcher.submit(job).catch((err: unknown) => failureReply(err, job));
    if (!deps.deadlineMs) return work;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deps.deadlineMs)));
    const first = await Promise.race([work, late]);
    clearTimeout(timer);
    if (first !== 'late') return first;
    const { event } = job;
    deps.logger.warn(
      { channel: event.channel, chat: event.chatId, update: event.updateId, deadline_ms: deps.deadlineMs },
      'update not handled within its deadline; to be retried',
    );
    return { ...transientReply(job), late: work };
  }

  function transientReply(job: Job): HandleResult {
    return { replies: [{ text: translator(job.locale)('common.retry_later') }], transient: true };
  }

  /**
   * One transaction for the whole batch. A refusal before any write is answered inside it
   * (processAll); anything else that fails — a refusal after a write, a bug, a deadlock —
   * rolls it all back and every update is handled again alone, so one person's error never
   * costs another person's update, and each failure gets its own answer.
   */
  async function handleBatch(jobs: Job[]): Promise<HandleResult[]> {
    if (jobs.length > 1) {
      try {
        return await deps.store.tx((tx) => processAll(tx, jobs, deps.clock.now()));
      } catch (err) {
        deps.logger.info(
          { size: jobs.length, reason: err instanceof Error ? err.name : 'unknown' },
          'batch rolled back; handling its updates one by one',
        );
      }
    }
    const out: HandleResult[] = [];
    for (const job of jobs) out.push(await handleAlone(job));
    return out;
  }

  async function handleAlone(job: Job): Promise<HandleResult> {
    try {
      const [result] = await deps.store.tx((tx) => processAll(tx, [job], deps.clock.now()));
      return result!;
    } catch (err) {
      return failureReply(err, job);
    }
  }

  /** The answer to an update that ended in an error: a refusal's own text, or an apology. */
  function failureReply(err: unknown, job: Job): HandleResult {
    const t = translator(job.locale);
    if (err instanceof UserError) return { replies: [{ text: err.reply.text }] };
    const { event } = job;
    const log = deps.logger.child({ channel: event.channel, chat: event.chatId, update: event.updateId });
    if (isTransientDbFault(err)) {
      log.warn(
        { err: err instanceof Error ? err.message : String(err), code: (err as { code?: unknown }).code },
        'database unavailable; update to be retried',
      );
      return transientReply(job);
    }
    if (err instanceof Forbidden) {
      log.warn({ perm: err.perm ?? null }, 'refused by authorization');
      const text =
        err.actor.kind === 'anonymous'
          ? err.actor.deactivated
            ? t('auth.deactivated')
            : t('auth.unknown_account')
          : t('auth.forbidden');
      return { replies: [{ text }] };
    }
    log.error({ err }, 'handler failed');
    return { replies: [{ text: t('common.error') }] };
  }

  /**
   * Records the update ids, reads who is speaking and each conversation's state — one
   * statement for the whole batch — runs the flows one after another, then writes button tokens,
   * states and last-seen times, again one statement each. Conversations in a batch are
   * distinct (the batcher's key), so deferring those writes changes nothing a flow can see.
   */
  async function processAll(tx: Db, jobs: Job[], now: Date): Promise<HandleResult[]> {
    const results: HandleResult[] = new Array(jobs.length);
    const {
      fresh,
      speakers,
      conversations: rows,
      settings,
    } = await openUpdates(
      deps.store,
      tx,
      {
        updates: jobs
          .filter((j) => j.event.updateId)
          .map((j) => ({ channel: j.event.channel, updateId: j.event.updateId! })),
        accounts: jobs.map((j) => ({ channel: j.event.channel, externalId: j.event.accountId })),
        chats: jobs.map((j) => j.event),
        settingKeys: deps.preloadSettings ?? [],
      },
      now,
    );
    const live: number[] = [];
    jobs.forEach((job, i) => {
      const { channel, updateId } = job.event;
      if (updateId && !fresh.has(updateKey(channel, updateId))) {
        deps.logger.info({ channel, chat: job.event.chatId, update: updateId }, 'repeated delivery ignored');
        results[i] = { replies: [], duplicate: true };
      } else {
        live.push(i);
      }
    });
    if (live.length === 0) return results;

    const writes: Writes = { tokens: [], states: [], touched: [] };
    for (const i of live) {
      const job = jobs[i]!;
      const resolved = resolvedFrom(speakers.get(accountKey(job.event.channel, job.event.accountId)));
      const watched = watchWrites(tx);
      try {
        results[i] = await processOne(
          { tx: watched.db, settings, now, writes },
          job,
          resolved,
          rows.get(chatKeyString(job.event)),
        );
      } catch (err) {
        // A polite refusal thrown before the flow wrote anything has nothing to undo: answer
        // it and go on with the batch. Anything else (a write to undo, a failed statement,
        // a bug) rolls the whole transaction back.
        if (!watched.wrote() && (err instanceof UserError || err instanceof Forbidden)) {
          results[i] = failureReply(err, job);
          continue;
        }
        throw err;
      }
    }
    await saveButtonTokens(tx, writes.tokens, now);
    await saveConversations(tx, writes.states, now);
    await touchAccounts(tx, writes.touched, now);
    return results;
  }

  async function processOne(
    batch: BatchScope,
    job: Job,
    resolved: ResolvedActor,
    row: ConversationSnapshot | undefined,
  ): Promise<HandleResult> {
    const { tx, now, writes } = batch;
    const { event, caps } = job;
    const key: ChatKey = { channel: event.channel, chatId: event.chatId, accountId: event.accountId };
    const { actor, accountId, lastInboundAt, unreachable } = resolved;
    const locale = pickLocale(row?.locale, actor, deps.settings.defaultLocale);
    job.locale = locale;
    // A copy: the stored row stays as it was, to tell whether anything changed.
    const state: FlowState = {
      flow: row?.flow ?? null,
      step: row?.step ?? null,
      data: { ...((row?.data as FlowState['data']) ?? {}) },
    };
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
      setting(key) {
        return batch.settings[key];
      },
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

    const snapshot = () => JSON.stringify([state.flow, state.step, withoutMarker(state.data)]);
    const before = snapshot();
    // The command a person was warned about holds for their next message only.
    const pendingCommand = state.data[PENDING_COMMAND];
    delete state.data[PENDING_COMMAND];
    await route(ctx, event, row?.choices ?? [], row?.expectsText ?? false, startGuarded, pendingCommand);

    // Turn button specs into tokens; they are written with the state, in the same transaction.
    // One reply is numbered once, across all its messages.
    const out: OutboundMessage[] = [];
    let expectsText = replies.length > 0 ? replies.some((r) => r.expectsText) : (row?.expectsText ?? false);
    let choices: Choice[] = replies.length > 0 ? [] : (row?.choices ?? []);
    let shown = false;
    for (const r of replies) {
      const start = numberedChoices(choices).length;
      const { message, choices: c, tokens } = renderButtons(event, r, caps, t, expectsText, start);
      writes.tokens.push(...tokens);
      out.push(message);
      if (c !== null) {
        shown = true;
        choices.push(...c);
      }
    }
    // A reply that was not understood changes nothing: the choices shown before still stand,
    // are shown again with the same numbers, and keep working.
    const last = out.at(-1);
    const previous = row?.choices ?? [];
    const warned = state.data[PENDING_COMMAND] !== undefined;
    if (last && !shown && previous.length > 0 && (answersChoices(event) || warned) && snapshot() === before) {
      choices = previous;
      expectsText = row?.expectsText ?? false;
      last.text = `${last.text}\n\n${t('choices.again')}\n${choiceLines(previous, hints(t))}`;
    }
    const patch = {
      flow: state.flow,
      step: state.step,
      data: state.data,
      choices,
      expectsText,
      locale: currentLocale === deps.settings.defaultLocale && !row?.locale ? null : currentLocale,
    };
    if (!unchanged(row, patch)) writes.states.push({ key, patch });
    // The last-seen time matters to minutes (Zalo's 7-day window): no write on every message.
    if (
      accountId !== undefined &&
      (unreachable || !lastInboundAt || now.getTime() - lastInboundAt.getTime() > TOUCH_EVERY_MS)
    ) {
      writes.touched.push(accountId);
    }
    return { replies: out };
  }

  async function route(
    ctx: FlowContext,
    event: InboundEvent,
    choices: Choice[],
    expectsText: boolean,
    start: (flow: Flow, args: string, command: string) => Promise<void>,
    pendingCommand?: Json,
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
      // A command in the middle of a flow that would discard what the person typed is asked
      // to be typed again; the second time it goes ahead.
      if (flow.name !== deps.cancelFlow && hasUnsavedInput(ctx.state) && pendingCommand !== text) {
        ctx.state.data[PENDING_COMMAND] = text;
        return ctx.reply({ text: t('drafts.would_lose', { command: text }) });
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
    // A number that is none of the numbered choices is not passed on as text: it says so.
    const numbered = expectsText ? 0 : numberedChoices(choices).length;
    if (numbered > 0 && bareNumber(text) !== undefined && !choice) {
      return ctx.reply({ text: t('choices.out_of_range', { n: numbered }) });
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
    const { message, choices, tokens } = renderButtons(target, reply, caps, translator(locale));
    await saveButtonTokens(tx, tokens, now);
    if (choices && choices.length > 0) await setChoices(tx, target, choices, now);
    return message;
  }

  return { handle, prepareOutbound };
}

const WRITES = new Set<string | symbol>([
  'insert',
  'update',
  'delete',
  'execute',
  'transaction',
  'refreshMaterializedView',
]);

/**
 * The transaction as one flow sees it, noting whether the flow reached for anything that
 * writes (raw `execute` counts: it may). Noted on access, before the statement runs, so a
 * flow that fails while writing counts as having written.
 */
function watchWrites(tx: Db): { db: Db; wrote(): boolean } {
  let wrote = false;
  const db = new Proxy(tx, {
    get(target, prop, receiver) {
      if (WRITES.has(prop)) wrote = true;
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { db, wrote: () => wrote };
}

/** A stateless exchange (help, a search) leaves the row as it was: no write needed. */
function unchanged(row: ConversationSnapshot | undefined, p: ConversationPatch): boolean {
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

/** Text that may have been meant for the choices on screen: not a command, not a cancel word. */
function answersChoices(event: InboundEvent): boolean {
  if (event.text === undefined || event.buttonToken !== undefined || event.file) return false;
  const text = cleanInput(event.text);
  if (text === undefined) return true;
  return parseCommand(text) === undefined && !CANCEL_WORDS.has(foldVi(text));
}

function isAction(a: unknown): a is Action {
  return (
    typeof a === 'object' && a !== null && typeof (a as Action).f === 'string' && typeof (a as Action).op === 'string'
  );
}

function pickLocale(stored: string | null | undefined, actor: Actor, dflt: Locale): Locale {
  if (isLocale(stored)) return stored;
  if (actor.kind === 'person' && isLocale(actor.locale)) return actor.locale;
  return dflt;
}

export type { Json };
