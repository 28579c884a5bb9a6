/**
 * Replies to messages: a flow's button specs become stored tokens and either platform buttons
 * or numbered choices (channels without buttons, or more buttons than a message may carry).
 * Pure but for the token ids; the tokens are written by the caller in its transaction.
 * One reply is numbered once across all its messages: the caller passes where numbering
 * starts and the reply's one `expectsText`.
 */
import { newToken } from '../../db/queries/conversation.js';
import { renderChoices, type Choice, type ChoiceHints } from '../choices.js';
import type { Translator } from '../i18n/index.js';
import type { ChannelCapabilities, OutboundMessage, Reply } from '../types.js';

export interface TokenRow {
  token: string;
  channel: string;
  chatId: string;
  action: unknown;
  /** Where the button was made; the caller sets it (the update's jurisdiction, or the outbox row's). */
  jurisdictionId?: number | null;
}

export interface Rendered {
  message: OutboundMessage;
  /** Numbered choices shown (empty with platform buttons), null when the reply had no buttons. */
  choices: Choice[] | null;
  tokens: TokenRow[];
}

export function choiceHints(t: Translator): ChoiceHints {
  return {
    pickNumber: t('choices.pick_number'),
    typeWord: t('choices.type_word'),
    pickOrWord: t('choices.pick_or_word'),
  };
}

export function renderReply(
  key: { channel: string; chatId: string },
  reply: Reply,
  caps: ChannelCapabilities,
  t: Translator,
  expectsText = reply.expectsText ?? false,
  start = 0,
): Rendered {
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
  const rendered = renderChoices(reply.text, buttons, expectsText, choiceHints(t), start);
  return { message: { ...base, text: rendered.text }, choices: rendered.choices, tokens };
}
