/**
 * `OutboundMessage` → Bot API calls. Plain text only (no parse_mode: criteria and names carry
 * characters Markdown and HTML would choke on). Shared by replies and proactive sends; the
 * `Api` passed in decides whether calls are retried (replies) or not (the outbox).
 *
 * Layout of one message:
 * - a step that replaces the pressed message edits it (`editMessageText`); an edit Telegram
 *   refuses (not modified, too old, not a text message: any 400) falls back to a new message;
 * - text longer than 4096 is split at paragraph or line boundaries; buttons go on the last
 *   message sent;
 * - one attached file without its own caption carries the text as caption when it fits in
 *   1024 characters (one message instead of two); otherwise the text goes first and each
 *   file follows with its own caption.
 *
 * Also here: a list of replies in order (`deliverReplies`), a proactive send for the outbox
 * (`sendProactive`), and answering a button press (`answerCallback`).
 */
import { GrammyError, InputFile, type Api } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { splitText } from '../../domain/text.js';
import type { OutboundButton, OutboundFile, OutboundMessage } from '../../handlers/types.js';
import type { SendOutcome } from '../channel.js';
import type { Logger } from '../logger.js';
import { classifySendError, errorFields } from './errors.js';

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;

/**
 * Where the calls go: files through their own `Api`, whose client allows uploads four times
 * the time of an ordinary call (grammY's time limit is per client, see client.ts).
 */
export interface Senders {
  messages: Api;
  uploads: Api;
}

export interface DeliverOptions {
  /** The message whose button was pressed, edited when the message asks to replace it. */
  editMessageId?: number;
  /** Told when an edit was refused and a new message is sent instead. */
  onEditRefused?: (err: GrammyError) => void;
}

export interface Delivered {
  /** Id of the last message sent or edited. */
  messageId?: number;
  edited: boolean;
}

/** Sends one outbound message; throws the first API error (nothing after it is sent). */
export async function deliver(
  senders: Senders,
  chatId: string,
  message: OutboundMessage,
  opts: DeliverOptions = {},
): Promise<Delivered> {
  const api = senders.messages;
  const chat = toChatId(chatId);
  const markup = keyboard(message.buttons);
  const files: Array<{ kind: 'document' | 'photo'; file: OutboundFile }> = [];
  if (message.document) files.push({ kind: 'document', file: message.document });
  if (message.photo) files.push({ kind: 'photo', file: message.photo });
  const text = message.text ?? '';
  const hasText = text.trim() !== '';

  if (files.length === 1 && hasText && !files[0]!.file.caption && text.length <= MAX_CAPTION) {
    const { kind, file } = files[0]!;
    const id = await sendFile(senders.uploads, chat, kind, file, text, markup);
    return { messageId: id, edited: false };
  }

  let messageId: number | undefined;
  if (hasText) {
    if (opts.editMessageId !== undefined && files.length === 0 && text.length <= MAX_TEXT) {
      try {
        await api.editMessageText(chat, opts.editMessageId, text, markup ? { reply_markup: markup } : {});
        return { messageId: opts.editMessageId, edited: true };
      } catch (err) {
        if (!(err instanceof GrammyError) || err.error_code !== 400) throw err;
        opts.onEditRefused?.(err);
      }
    }
    const parts = splitForTelegram(text);
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1 && files.length === 0;
      const sent = await api.sendMessage(chat, parts[i]!, last && markup ? { reply_markup: markup } : {});
      messageId = sent.message_id;
    }
  }
  for (let i = 0; i < files.length; i++) {
    const { kind, file } = files[i]!;
    const last = i === files.length - 1;
    messageId = await sendFile(senders.uploads, chat, kind, file, file.caption, last ? markup : undefined);
  }
  return { messageId, edited: false };
}

async function sendFile(
  api: Api,
  chat: number | string,
  kind: 'document' | 'photo',
  file: OutboundFile,
  caption: string | undefined,
  markup: InlineKeyboardMarkup | undefined,
): Promise<number> {
  const input = new InputFile(file.data, safeFileName(file.fileName));
  const other = {
    ...(caption && caption.trim() !== '' ? { caption: clip(caption, MAX_CAPTION) } : {}),
    ...(markup ? { reply_markup: markup } : {}),
  };
  const sent =
    kind === 'document' ? await api.sendDocument(chat, input, other) : await api.sendPhoto(chat, input, other);
  return sent.message_id;
}

export function keyboard(rows: OutboundButton[][] | undefined): InlineKeyboardMarkup | undefined {
  const kept = (rows ?? [])
    .map((row) => row.map((b) => ({ text: b.label, callback_data: b.token })))
    .filter((row) => row.length > 0);
  return kept.length > 0 ? { inline_keyboard: kept } : undefined;
}

/**
 * splitText counts code points; Telegram counts UTF-16 units, so an emoji counts twice. Split
 * again with a smaller budget in the rare case a part is still too long.
 */
export function splitForTelegram(text: string, max = MAX_TEXT): string[] {
  let budget = max;
  for (;;) {
    const parts = splitText(text, budget);
    if (parts.every((p) => p.length <= max) || budget < 64) return parts;
    budget = Math.floor(budget * 0.9);
  }
}

/** Chat ids are numbers on the wire (the throttler tells groups by the sign); `@name` stays a string. */
export function toChatId(chatId: string): number | string {
  return /^-?\d{1,16}$/.test(chatId) ? Number(chatId) : chatId;
}

/** grammY writes the file name unquoted into the multipart header: keep it to one safe token. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[\r\n";\\/]+/g, '_').trim();
  return cleaned === '' ? 'file' : cleaned.slice(0, 200);
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

/** Where a list of replies came from, for edits and log lines. */
export interface ReplyContext {
  /** The message whose button was pressed: the first reply that asks to replace it edits it. */
  pressedMessageId?: number;
  /** Whether the channel edits messages at all (caps.editMessages). */
  canEdit: boolean;
  log: Logger;
}

/**
 * Sends the engine's replies in order. The first one that fails is logged and ends the list:
 * later parts would fail the same way, or arrive out of context.
 */
export async function deliverReplies(
  senders: Senders,
  chatId: string,
  list: OutboundMessage[],
  ctx: ReplyContext,
): Promise<void> {
  let editable = ctx.pressedMessageId;
  for (let i = 0; i < list.length; i++) {
    const reply = list[i]!;
    const editMessageId = reply.replace && ctx.canEdit ? editable : undefined;
    if (editMessageId !== undefined) editable = undefined; // one reply replaces the pressed message
    try {
      await deliver(senders, chatId, reply, {
        editMessageId,
        onEditRefused: (err) => ctx.log.info({ ...errorFields(err) }, 'edit refused, sending a new message'),
      });
    } catch (err) {
      ctx.log.error({ chat: chatId, reply: i, ...errorFields(err) }, 'could not send the reply');
      break;
    }
  }
}

/** A proactive message for the outbox: sent once (the outbox retries), the failure classified. */
export async function sendProactive(
  senders: Senders,
  chatId: string,
  message: OutboundMessage,
  log: Logger,
): Promise<SendOutcome> {
  try {
    const { messageId } = await deliver(senders, chatId, message);
    return { ok: true, ...(messageId !== undefined ? { messageId: String(messageId) } : {}) };
  } catch (err) {
    const outcome = classifySendError(err);
    log.warn({ chat: chatId, kind: outcome.kind, ...errorFields(err) }, 'proactive message not delivered');
    return outcome;
  }
}

/** Answers a button press so the person's client stops its spinner; a failure is only logged. */
export async function answerCallback(api: Api, id: string, log: Logger): Promise<void> {
  try {
    await api.answerCallbackQuery(id);
  } catch (err) {
    log.warn({ ...errorFields(err) }, 'could not answer the callback query');
  }
}
