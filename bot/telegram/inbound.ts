/**
 * Telegram update → platform-neutral `InboundEvent`. Pure: no I/O, so every rule here is
 * unit-tested without a bot.
 *
 * What reaches the engine:
 * - private chats: text (commands included), documents, the largest size of a photo, and a
 *   button press; other content a person sends (sticker, voice, location…) arrives as an
 *   event without text, so the engine answers with its pointer to /trogiup;
 * - groups: only commands (`/cmd` or `/cmd@thisbot`) and button presses. Chatter, media and
 *   service messages in groups are not for the bot and never touch the database;
 * - never: commands addressed to another bot, channel posts, edits, bots' own messages, and
 *   every update kind we did not ask for.
 * A callback query is always reported with its id, even when it is ignored, because every
 * press must be answered or the person's client shows a spinner.
 */
import type { CallbackQuery, Message, Update, User } from 'grammy/types';
import type { InboundEvent, InboundFile } from '../../handlers/types.js';

export type MappedUpdate =
  | {
      kind: 'event';
      event: InboundEvent;
      /** Set for button presses: the query to answer and the message whose button was pressed. */
      callbackQueryId?: string;
      pressedMessageId?: number;
    }
  | { kind: 'ignore'; reason: string; callbackQueryId?: string };

/** Update kinds the bot subscribes to (getUpdates and setWebhook `allowed_updates`). */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** Content a person may send in a private chat that we do not read, but answer with a hint. */
const OTHER_CONTENT = [
  'sticker',
  'voice',
  'audio',
  'video',
  'video_note',
  'animation',
  'contact',
  'location',
  'venue',
  'poll',
  'dice',
] as const;

export function toInboundEvent(update: Update, botUsername: string): MappedUpdate {
  const updateId = String(update.update_id);
  if (update.callback_query) return fromCallback(update.callback_query, updateId);
  const msg = update.message;
  if (!msg) return { kind: 'ignore', reason: `update kind ${updateKind(update)}` };
  return fromMessage(msg, updateId, botUsername);
}

function fromCallback(cq: CallbackQuery, updateId: string): MappedUpdate {
  const ignore = (reason: string): MappedUpdate => ({ kind: 'ignore', reason, callbackQueryId: cq.id });
  const msg = cq.message;
  if (!msg) return ignore('button on an inline-mode message');
  if (cq.data === undefined || cq.data === '') return ignore('callback query without data');
  const chatType = chatKind(msg.chat.type);
  if (!chatType) return ignore('button in a channel');
  return {
    kind: 'event',
    event: {
      channel: 'telegram',
      accountId: String(cq.from.id),
      chatId: String(msg.chat.id),
      chatType,
      displayName: displayName(cq.from),
      updateId,
      buttonToken: cq.data,
    },
    callbackQueryId: cq.id,
    pressedMessageId: msg.message_id,
  };
}

function fromMessage(msg: Message, updateId: string, botUsername: string): MappedUpdate {
  const ignore = (reason: string): MappedUpdate => ({ kind: 'ignore', reason });
  const chatType = chatKind(msg.chat.type);
  if (!chatType) return ignore('channel message');
  if (!msg.from) return ignore('message without a sender');
  if (msg.from.is_bot) return ignore('message from a bot');
  const base: InboundEvent = {
    channel: 'telegram',
    accountId: String(msg.from.id),
    chatId: String(msg.chat.id),
    chatType,
    displayName: displayName(msg.from),
    updateId,
  };

  if (msg.text !== undefined) {
    const addressed = addressCommand(msg.text, botUsername);
    if (addressed.kind === 'other-bot') return ignore('command for another bot');
    if (addressed.kind === 'not-command' && chatType === 'group') return ignore('group chatter');
    return { kind: 'event', event: { ...base, text: addressed.text } };
  }

  // Files and other content are private-chat business; in a group they are people talking.
  if (chatType === 'group') return ignore('group media or service message');

  const file = fileOf(msg);
  if (file) return { kind: 'event', event: { ...base, file, ...(msg.caption ? { text: msg.caption } : {}) } };
  if (OTHER_CONTENT.some((k) => msg[k] !== undefined)) return { kind: 'event', event: base };
  return ignore('service message');
}

function fileOf(msg: Message): InboundFile | undefined {
  if (msg.document) {
    const d = msg.document;
    return { fileId: d.file_id, kind: 'document', name: d.file_name, mime: d.mime_type, size: d.file_size };
  }
  if (msg.photo && msg.photo.length > 0) {
    // Telegram lists sizes small to large; pick by area anyway, ties by bytes.
    const best = msg.photo.reduce((a, b) => {
      const da = a.width * a.height;
      const db = b.width * b.height;
      return db > da || (db === da && (b.file_size ?? 0) > (a.file_size ?? 0)) ? b : a;
    });
    // Telegram re-encodes photos as JPEG; they have no file name.
    return { fileId: best.file_id, kind: 'photo', mime: 'image/jpeg', size: best.file_size };
  }
  return undefined;
}

export type AddressedCommand =
  { kind: 'not-command'; text: string } | { kind: 'command'; text: string } | { kind: 'other-bot' };

/**
 * Recognises `/cmd`, `/cmd args`, `/cmd@thisbot args` (the `@thisbot` part removed) and
 * `/cmd@otherbot` (for another bot). Bot usernames compare case-insensitively.
 */
export function addressCommand(text: string, botUsername: string): AddressedCommand {
  const m = /^(\/[A-Za-z0-9_]{1,32})@([A-Za-z0-9_]{3,64})(?=\s|$)/.exec(text);
  if (m) {
    if (m[2]!.toLowerCase() !== botUsername.toLowerCase()) return { kind: 'other-bot' };
    return { kind: 'command', text: m[1]! + text.slice(m[0].length) };
  }
  if (/^\/[A-Za-z0-9_]{1,32}(?=\s|$)/.test(text)) return { kind: 'command', text };
  return { kind: 'not-command', text };
}

function chatKind(type: string): 'private' | 'group' | undefined {
  if (type === 'private') return 'private';
  if (type === 'group' || type === 'supergroup') return 'group';
  return undefined;
}

export function displayName(user: Pick<User, 'first_name' | 'last_name'>): string | undefined {
  const name = [user.first_name, user.last_name]
    .map((s) => s?.trim())
    .filter(Boolean)
    .join(' ');
  return name === '' ? undefined : name;
}

function updateKind(update: Update): string {
  return Object.keys(update).find((k) => k !== 'update_id') ?? 'empty';
}
