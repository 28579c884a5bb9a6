/**
 * Zalo OA webhook event → platform-neutral `InboundEvent`. Pure: no I/O, so every rule here is
 * unit-tested without a server (test/zalo-oa-inbound.test.ts).
 *
 * What reaches the engine: a follow (as `/start`), a user's text, a picture, a file; a click on
 * a query button, which Zalo sends back as a `user_send_text` whose text is `bt:<token>`, becomes
 * a button press. A sticker, voice note, video, location… is `unsupported`: the channel answers
 * with a note. Dropped: the OA's echoes of its own sends (`oa_send_*`), seen/received receipts,
 * reactions, management events, and events for another official account.
 *
 * Trade-off: a person who types `bt:` and ten letters by hand presses a button; the tokens are
 * random and checked by the engine, so a made-up one is refused like a stale press.
 */
import { looksLikeCode } from '../../handlers/services/invites.js';
import type { InboundEvent, InboundFile } from '../../handlers/types.js';
import { idString, isRecord } from '../zalo-common/json.js';

/** Prefix of button payloads: `bt:<token>` comes back as the text of a `user_send_text`. */
export const BUTTON_PAYLOAD_PREFIX = 'bt:';
const BUTTON_TEXT = /^bt:([a-z0-9]{10})$/;

/** The payload of a query button for `token`. */
export function buttonPayload(token: string): string {
  return `${BUTTON_PAYLOAD_PREFIX}${token}`;
}

/** The button token in a clicked payload (`bt:<token>`, spaces around ignored); undefined for plain text. */
export function pressedButton(text: string): string | undefined {
  return BUTTON_TEXT.exec(text.trim())?.[1];
}

/** User events that carry content the bot cannot read: answered with a polite note. */
const UNSUPPORTED_USER_EVENTS = new Set([
  'user_send_sticker',
  'user_send_gif',
  'user_send_audio',
  'user_send_video',
  'user_send_location',
  'user_send_link',
  'user_send_business_card',
]);

export type MappedOaEvent =
  /** `wantsName`: the sender's Zalo name matters here (redeeming an invite, /start). */
  | { kind: 'event'; event: InboundEvent; wantsName: boolean }
  | { kind: 'unsupported'; userId: string; updateId: string }
  | { kind: 'drop'; reason: 'not a user event' | 'another official account' };

/**
 * Maps one event. `oaId` is this OA's id (config.zaloOa.oaId); an event addressed to another OA
 * is dropped, and with no id configured every OA is taken as ours.
 */
export function toOaEvent(body: Record<string, unknown>, oaId: string | undefined): MappedOaEvent {
  const name = typeof body.event_name === 'string' ? body.event_name : '';
  const timestamp = idString(body.timestamp);
  const notForUs: MappedOaEvent = { kind: 'drop', reason: 'not a user event' };
  const otherOa: MappedOaEvent = { kind: 'drop', reason: 'another official account' };
  if (name === 'follow') {
    const userId = idString(isRecord(body.follower) ? body.follower.id : body.user_id);
    if (!userId) return notForUs;
    if (!sameOa(body.oa_id, oaId)) return otherOa;
    return {
      kind: 'event',
      event: {
        channel: 'zalo-oa',
        accountId: userId,
        chatId: userId,
        chatType: 'private',
        updateId: `follow:${timestamp}:${userId}`,
        text: '/start',
      },
      wantsName: true,
    };
  }
  if (!name.startsWith('user_send_')) return notForUs; // oa_send_* echoes, seen/received, reactions, management
  const userId = idString(isRecord(body.sender) ? body.sender.id : undefined);
  if (!userId) return notForUs;
  if (!sameOa(isRecord(body.recipient) ? body.recipient.id : undefined, oaId)) return otherOa;
  const message = isRecord(body.message) ? body.message : {};
  const updateId = idString(message.msg_id) || `${name}:${timestamp}:${userId}`;
  const base: InboundEvent = { channel: 'zalo-oa', accountId: userId, chatId: userId, chatType: 'private', updateId };
  const unsupported: MappedOaEvent = { kind: 'unsupported', userId, updateId };
  const attachment =
    Array.isArray(message.attachments) && isRecord(message.attachments[0]) ? message.attachments[0] : undefined;
  const payload = attachment && isRecord(attachment.payload) ? attachment.payload : {};
  switch (name) {
    case 'user_send_text': {
      const text = typeof message.text === 'string' ? message.text : '';
      const buttonToken = pressedButton(text);
      if (buttonToken) return { kind: 'event', event: { ...base, buttonToken }, wantsName: false };
      const t = text.trim();
      return { kind: 'event', event: { ...base, text }, wantsName: looksLikeCode(t) || /^\/(start|batdau)\b/i.test(t) };
    }
    case 'user_send_image': {
      const url = [payload.url, payload.thumbnail].find((x) => typeof x === 'string' && x !== '') as string | undefined;
      if (!url) return unsupported;
      return { kind: 'event', event: { ...base, file: { fileId: url, kind: 'photo' } }, wantsName: false };
    }
    case 'user_send_file': {
      const url = typeof payload.url === 'string' ? payload.url : '';
      if (!url) return unsupported;
      const file: InboundFile = { fileId: url, kind: 'document' };
      if (typeof payload.name === 'string' && payload.name) file.name = payload.name;
      const size = Number(payload.size);
      if (payload.size !== undefined && Number.isFinite(size) && size >= 0) file.size = size;
      const mime = mimeOf(typeof payload.type === 'string' ? payload.type : undefined, file.name);
      if (mime) file.mime = mime;
      return { kind: 'event', event: { ...base, file }, wantsName: false };
    }
    default:
      return UNSUPPORTED_USER_EVENTS.has(name) ? unsupported : notForUs;
  }
}

function sameOa(v: unknown, oaId: string | undefined): boolean {
  const id = idString(v);
  return !id || !oaId || id === oaId;
}

/** The chat an event is handled in order within: its sender, or follower ('' when none). */
export function oaEventLane(body: Record<string, unknown>): string {
  return idString(isRecord(body.sender) ? body.sender.id : isRecord(body.follower) ? body.follower.id : body.user_id);
}

const MIME_BY_EXT: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  txt: 'text/plain',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  zip: 'application/zip',
};

/** A MIME type from Zalo's `type` field (a MIME type or an extension) or the file name. */
export function mimeOf(type: string | undefined, name: string | undefined): string | undefined {
  if (type?.includes('/')) return type.toLowerCase();
  const ext = (type || name?.split('.').pop() || '').toLowerCase().replace(/^\./, '');
  return MIME_BY_EXT[ext];
}
