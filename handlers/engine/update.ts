/**
 * One update, inside its batch's transaction: build the flow context from the stored
 * conversation, route the event, turn the replies' buttons into tokens (one numbering per
 * reply), and work out the conversation's new state. The writes (tokens, state, last-seen)
 * are collected, not made: the batch writes them in one statement each after all its updates.
 */
import type { Db } from '../../db/store.js';
import type { JurisdictionRow } from '../../db/queries/jurisdictions.js';
import type { ChatKey, ConversationPatch, ConversationSnapshot } from '../../db/queries/conversation.js';
import type { Actor } from '../../domain/authz.js';
import { resolvedFrom, type ResolvedActor } from '../actor.js';
import { placeName } from '../jurisdiction.js';
import type { Speaker } from '../../db/queries/directory.js';
import { choiceLines, numberedChoices, type Choice } from '../choices.js';
import { PENDING_COMMAND, withoutMarker } from '../drafts.js';
import type { EngineSettings, FlowState } from '../flow.js';
import { isLocale } from '../i18n/index.js';
import type { ChannelCapabilities, InboundEvent, Locale, OutboundMessage } from '../types.js';
import { createUpdateContext } from './context.js';
import { choiceHints, renderReply, type TokenRow } from './render.js';
import { answersChoices, route, runAction, type Routes } from './route.js';

/** The last-seen time matters to minutes (Zalo's 7-day window): no write on every message. */
const TOUCH_EVERY_MS = 10 * 60_000;

/** What a batch writes after its updates ran. */
export interface Writes {
  tokens: TokenRow[];
  states: Array<{ key: ChatKey; patch: ConversationPatch }>;
  touched: number[];
}

export interface UpdateInput {
  tx: Db;
  now: Date;
  settings: EngineSettings;
  /** The jurisdictions the batch's speakers act in, read with its opening (db/queries/opening.ts). */
  jurisdictions: ReadonlyMap<number, JurisdictionRow>;
  defaultJurisdictionId: number | null;
  event: InboundEvent;
  caps: ChannelCapabilities;
  resolved: ResolvedActor;
  /** Every person row the account is linked to: another seat is resolved from them. */
  speakers: readonly Speaker[] | undefined;
  row: ConversationSnapshot | undefined;
  locale: Locale;
}

/** The language of a chat: its own choice, else the person's, else the bot's default. */
export function pickLocale(stored: string | null | undefined, actor: Actor, dflt: Locale): Locale {
  if (isLocale(stored)) return stored;
  if (actor.kind === 'person' && isLocale(actor.locale)) return actor.locale;
  return dflt;
}

export async function runUpdate(routes: Routes, input: UpdateInput, writes: Writes): Promise<OutboundMessage[]> {
  const { event, caps, row, now } = input;
  const { actor, accountId, accountIds, lastInboundAt, unreachable } = input.resolved;
  const key: ChatKey = { channel: event.channel, chatId: event.chatId, accountId: event.accountId };
  // A copy: the stored row stays as it was, to tell whether anything changed.
  const state: FlowState = {
    flow: row?.flow ?? null,
    step: row?.step ?? null,
    data: { ...((row?.data as FlowState['data']) ?? {}) },
  };
  // A person acts in their seat's jurisdiction; a stranger is answered in the default one.
  const jurisdictionId = actor.kind === 'person' ? actor.jurisdictionId : (input.defaultJurisdictionId ?? 0);
  let seat = row?.seat ?? null;
  const update = createUpdateContext({
    tx: input.tx,
    jurisdiction: input.jurisdictions.get(jurisdictionId),
    jurisdictionId,
    seats: input.resolved.seats,
    chooseSeat: (key) => {
      seat = key;
    },
    now,
    settings: input.settings,
    actor,
    event,
    caps,
    locale: input.locale,
    state,
    commands: routes.installed,
    flowNamed: (name) => routes.byName.get(name),
    press: (ctx, action) => runAction(routes, ctx, action),
  });
  const { ctx, replies } = update;

  const snapshot = () => JSON.stringify([state.flow, state.step, withoutMarker(state.data)]);
  const before = snapshot();
  // The command a person was warned about holds for their next message only.
  const pendingCommand = state.data[PENDING_COMMAND];
  delete state.data[PENDING_COMMAND];
  await route(routes, ctx, {
    choices: row?.choices ?? [],
    expectsText: row?.expectsText ?? false,
    pendingCommand,
    start: (flow, args, command) => update.start(flow, args, command),
    seatFor: (found) => {
      const j = found?.jurisdictionId;
      if (j == null || actor.kind !== 'person' || ctx.scope.jurisdictionId === j) return ctx;
      const there = input.resolved.seats.find((s) => s.jurisdictionId === j);
      if (!there) return ctx; // not one of theirs: the action runs here and finds nothing
      const next = resolvedFrom(input.speakers, there.key);
      update.actIn({ actor: next.actor, jurisdictionId: j, jurisdiction: input.jurisdictions.get(j) });
      seat = there.key;
      ctx.reply({ text: ctx.t('seat.acting_in', { place: placeName(input.jurisdictions.get(j)?.name ?? '') }) });
      return ctx;
    },
  });

  // Turn button specs into tokens; they are written with the state, in the same transaction.
  // One reply is numbered once, across all its messages.
  const t = ctx.t;
  const out: OutboundMessage[] = [];
  let expectsText = replies.length > 0 ? replies.some((r) => r.expectsText) : (row?.expectsText ?? false);
  let choices: Choice[] = replies.length > 0 ? [] : (row?.choices ?? []);
  let shown = false;
  for (const r of replies) {
    const start = numberedChoices(choices).length;
    const { message, choices: c, tokens } = renderReply(event, r, caps, t, expectsText, start);
    // A button acts where it was made (the seat the update ended in).
    writes.tokens.push(...tokens.map((k) => ({ ...k, jurisdictionId: ctx.scope.jurisdictionId })));
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
    last.text = `${last.text}\n\n${t('choices.again')}\n${choiceLines(previous, choiceHints(t))}`;
  }
  const locale = update.locale();
  const patch: ConversationPatch = {
    flow: state.flow,
    step: state.step,
    data: state.data,
    choices,
    expectsText,
    locale: locale === input.settings.defaultLocale && !row?.locale ? null : locale,
    seat,
  };
  if (!unchanged(row, patch)) writes.states.push({ key, patch });
  if (
    accountId !== undefined &&
    (unreachable || !lastInboundAt || now.getTime() - lastInboundAt.getTime() > TOUCH_EVERY_MS)
  ) {
    writes.touched.push(...(accountIds ?? [accountId]));
  }
  return out;
}

/** A stateless exchange (help, a search) leaves the row as it was: no write needed. */
function unchanged(row: ConversationSnapshot | undefined, p: ConversationPatch): boolean {
  if (!row) return p.flow === null && p.choices.length === 0 && !p.expectsText && p.locale === null && p.seat === null;
  return (
    (row.seat ?? null) === p.seat &&
    row.flow === p.flow &&
    row.step === p.step &&
    row.expectsText === p.expectsText &&
    (row.locale ?? null) === p.locale &&
    JSON.stringify(row.data) === JSON.stringify(p.data) &&
    JSON.stringify(row.choices) === JSON.stringify(p.choices)
  );
}
