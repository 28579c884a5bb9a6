/**
 * The flow engine: one entry point, `handle(event, caps)`, shared by every channel.
 *
 * Every inbound event is handled in a transaction that records its update id (a repeated
 * delivery stops there), resolves who is speaking, loads the chat's state, routes the event to
 * a flow (route.ts), and saves the state and the buttons' tokens (update.ts). Events that
 * queue up while the database is busy share one transaction (group commit, `batcher.ts`);
 * a polite refusal undoes exactly that update's writes (the batch is run again with a
 * SAVEPOINT per update, in the same transaction) and the batch goes on. Anything else that
 * fails rolls the batch back and its events are handled again one by one. Replies go back to the adapter only after the commit; nothing
 * escapes to crash the process.
 *
 * Modules: route.ts (what an event means, declared steps and actions enforced), context.ts
 * (the FlowContext of one update), update.ts (one update: route, render, new state),
 * render.ts (buttons → tokens and numbered choices), failure.ts (what a person is told when an
 * update fails).
 */
import type { Db, Store } from '../../db/store.js';
import { saveButtonTokens, saveConversations, setChoices } from '../../db/queries/conversation.js';
import { chatKeyString, updateKey } from '../../db/queries/conversation.js';
import { accountKey, touchAccounts } from '../../db/queries/directory.js';
import { openUpdates } from '../../db/queries/opening.js';
import { MAX_INPUT_LENGTH } from '../../domain/text.js';
import { resolvedFrom } from '../actor.js';
import { createBatcher } from '../batcher.js';
import type { EngineSettings, Flow } from '../flow.js';
import { translator } from '../i18n/index.js';
import { normalizeInbound } from '../inbound-guard.js';
import type { Logger } from '../logger.js';
import type { ChannelCapabilities, Clock, InboundEvent, Locale, OutboundMessage, Reply } from '../types.js';
import { failureReply, isRefusal, transientReply, UpdateFailure } from './failure.js';
import { renderReply } from './render.js';
import { createRoutes } from './route.js';
import { pickLocale, runUpdate, type Writes } from './update.js';

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
    /** The jurisdiction the message speaks for: its buttons act there. */
    jurisdictionId?: number | null,
  ): Promise<OutboundMessage>;
}

/** A refusal on the fast path: the batch is undone to its savepoint and run again, guarded. */
class RefusedInBatch extends Error {
  override name = 'RefusedInBatch';
}

export function createEngine(deps: EngineDeps): Engine {
  const routes = createRoutes(deps.flows, deps.cancelFlow, deps.fallbackFlow);
  const defaultLocale = deps.settings.defaultLocale;

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
        return { replies: [{ text: translator(defaultLocale)('common.too_long', { max: MAX_INPUT_LENGTH }) }] };
      }
      // A file is archived (downloaded and stored) before the transaction: bot/files/archive.ts.
      if (event.file && deps.intake) event = await deps.intake(event);
      job = { event, caps };
    } catch (err) {
      // handle() never throws: whatever slipped past the checks gets the apology.
      deps.logger.error({ err }, 'inbound event failed outside a transaction');
      return { replies: [{ text: translator(defaultLocale)('common.error') }] };
    }
    const work = batcher.submit(job).catch((err: unknown) => failed(err, job));
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
    return { ...transientReply(defaultLocale), late: work };
  }

  function failed(err: unknown, job: Job): HandleResult {
    return failureReply(err, job.event, defaultLocale, deps.logger);
  }

  /**
   * One transaction for the whole batch. A refusal is answered inside it (its own writes
   * undone); anything else that fails — a bug, a deadlock, a lost connection — rolls it all
   * back and every update is handled again alone, so one person's error never costs another
   * person's update, and each failure gets its own answer.
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
      return failed(err, job);
    }
  }

  /**
   * Records the update ids, reads who is speaking and each conversation's state — one
   * statement for the whole batch — runs the updates one after another under one savepoint
   * (see the fast path below), then writes button tokens, states and last-seen times, again one statement each.
   * Conversations in a batch are distinct (the batcher's key), so deferring those writes
   * changes nothing an update can see.
   */
  async function processAll(tx: Db, jobs: Job[], now: Date): Promise<HandleResult[]> {
    const results = new Array<HandleResult>(jobs.length);
    const {
      fresh,
      speakers,
      conversations: rows,
      jurisdictions,
      defaultJurisdictionId,
    } = await openUpdates(
      deps.store,
      tx,
      {
        updates: jobs
          .filter((j) => j.event.updateId)
          .map((j) => ({ channel: j.event.channel, updateId: j.event.updateId! })),
        accounts: jobs.map((j) => ({ channel: j.event.channel, externalId: j.event.accountId })),
        chats: jobs.map((j) => j.event),
      },
      now,
    );
    const live: number[] = [];
    for (const [i, job] of jobs.entries()) {
      const { channel, updateId } = job.event;
      if (updateId && !fresh.has(updateKey(channel, updateId))) {
        deps.logger.info({ channel, chat: job.event.chatId, update: updateId }, 'repeated delivery ignored');
        results[i] = { replies: [], duplicate: true };
      } else {
        live.push(i);
      }
    }

    /**
     * Runs the live updates. With `guarded`, each in its own savepoint, so a refusal undoes
     * exactly that update's writes and is answered; without, a refusal escapes (RefusedInBatch).
     */
    const runAll = async (db: Db, guarded: boolean): Promise<Writes> => {
      const writes: Writes = { tokens: [], states: [], touched: [] };
      for (const i of live) {
        const job = jobs[i]!;
        const row = rows.get(chatKeyString(job.event));
        const linked = speakers.get(accountKey(job.event.channel, job.event.accountId));
        const resolved = resolvedFrom(linked, row?.seat);
        const locale = pickLocale(row?.locale, resolved.actor, defaultLocale);
        const own: Writes = { tokens: [], states: [], touched: [] };
        const run = (udb: Db) =>
          runUpdate(
            routes,
            {
              tx: udb,
              now,
              settings: deps.settings,
              jurisdictions,
              defaultJurisdictionId,
              event: job.event,
              caps: job.caps,
              resolved,
              speakers: linked,
              row,
              locale,
            },
            own,
          );
        try {
          results[i] = { replies: guarded ? await db.transaction(run) : await run(db) };
          writes.tokens.push(...own.tokens);
          writes.states.push(...own.states);
          writes.touched.push(...own.touched);
        } catch (err) {
          if (isRefusal(err)) {
            if (!guarded) throw new RefusedInBatch();
            results[i] = failureReply(new UpdateFailure(err, locale), job.event, defaultLocale, deps.logger);
            continue;
          }
          // The apology is written in the person's language, known only here.
          throw new UpdateFailure(err, locale);
        }
      }
      return writes;
    };

    // Fast path: the whole batch under one savepoint (two statements per transaction, not
    // per update: on PGlite a savepoint per update cut the engine's ceiling from ~7,000 to
    // ~900 updates/s). A refusal — rare — undoes the batch back to that savepoint, and the
    // batch runs again with a savepoint per update, in the same transaction: the refusal is
    // answered, its own writes undone, everyone else's update kept.
    let writes: Writes;
    try {
      writes = await tx.transaction((sp) => runAll(sp, false));
    } catch (err) {
      if (!(err instanceof RefusedInBatch)) throw err;
      writes = await runAll(tx, true);
    }
    await saveButtonTokens(tx, writes.tokens, now);
    await saveConversations(tx, writes.states, now);
    await touchAccounts(tx, writes.touched, now);
    return results;
  }

  async function prepareOutbound(
    tx: Db,
    target: { channel: InboundEvent['channel']; chatId: string; accountId: string },
    reply: Reply,
    caps: ChannelCapabilities,
    locale: Locale,
    jurisdictionId?: number | null,
  ): Promise<OutboundMessage> {
    const now = deps.clock.now();
    const { message, choices, tokens } = renderReply(target, reply, caps, translator(locale));
    await saveButtonTokens(
      tx,
      tokens.map((k) => ({ ...k, jurisdictionId: jurisdictionId ?? null })),
      now,
    );
    if (choices && choices.length > 0) await setChoices(tx, target, choices, now);
    return message;
  }

  return { handle, prepareOutbound };
}
