/**
 * Zalo Bot update → platform-neutral `InboundEvent`. Pure: no I/O (test/zalo-bot-inbound.test.ts).
 *
 * The Bot API delivers text and pictures; anything else a person sends in a private chat is
 * `unsupported` (the channel answers with a note), and in a group it is dropped, as are bots'
 * own messages. A repeated delivery is recognised by `event_name:message_id`; an update without
 * a message id is keyed by its whole content (zalo-common/event-key.ts), never by a shared
 * empty id. Trade-off: a group's unreadable content gets no note, so the bot does not answer
 * every sticker in a busy group.
 */
import type { InboundEvent } from '../../handlers/types.js';
import { contentEventKey } from '../zalo-common/event-key.js';
import { idString, isRecord } from '../zalo-common/json.js';
import type { BotUpdate } from './client.js';

export type MappedBotUpdate =
  { kind: 'event'; event: InboundEvent } | { kind: 'unsupported'; chatId: string; updateId: string } | { kind: 'drop' };

export function toBotEvent(u: BotUpdate): MappedBotUpdate {
  const m = u.message;
  if (!isRecord(m) || !isRecord(m.from) || !isRecord(m.chat)) return { kind: 'drop' };
  if (m.from.is_bot === true) return { kind: 'drop' };
  const accountId = idString(m.from.id);
  const chatId = idString(m.chat.id) || accountId;
  if (!accountId || !chatId) return { kind: 'drop' };
  const messageId = idString(m.message_id);
  const updateId = messageId
    ? `${u.event_name}:${messageId}`
    : contentEventKey(String(u.event_name), accountId, idString(m.date), u);
  const base: InboundEvent = {
    channel: 'zalo-bot',
    accountId,
    chatId,
    chatType: String(m.chat.chat_type ?? '').toUpperCase() === 'GROUP' ? 'group' : 'private',
    displayName: typeof m.from.display_name === 'string' ? m.from.display_name : undefined,
    updateId,
  };
  switch (u.event_name) {
    case 'message.text.received':
      return { kind: 'event', event: { ...base, text: typeof m.text === 'string' ? m.text : '' } };
    case 'message.image.received': {
      const url = [m.photo_url, m.photo, m.url].find((x) => typeof x === 'string' && x !== '');
      if (!url) return { kind: 'unsupported', chatId, updateId };
      return { kind: 'event', event: { ...base, file: { fileId: url, kind: 'photo' } } };
    }
    default:
      return base.chatType === 'private' ? { kind: 'unsupported', chatId, updateId } : { kind: 'drop' };
  }
}

/** The update inside a webhook body: `{ok, result: update}` or the bare update. */
export function unwrapUpdate(body: unknown): BotUpdate | undefined {
  if (!isRecord(body)) return undefined;
  if (isRecord(body.result) && typeof body.result.event_name === 'string') return body.result as unknown as BotUpdate;
  if (typeof body.event_name === 'string') return body as unknown as BotUpdate;
  return undefined;
}

/** The chat an update is handled in order within ('' when it names none). */
export function botUpdateLane(u: BotUpdate): string {
  return isRecord(u.message) && isRecord(u.message.chat) ? idString(u.message.chat.id) : '';
}
