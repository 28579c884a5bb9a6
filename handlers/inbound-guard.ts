/**
 * The engine's entry check: an inbound event as an adapter built it may still carry what a
 * JSON body put there (a `null` text, a number for an id, an object for a name). This pure
 * function turns such fields into what the engine's types promise, or drops the event when it
 * names nobody to answer. Trade-off: fields it does not know are passed through unchanged (so
 * adapters can add fields without touching this module); only the known ones are checked.
 */
import { CHANNELS, type Channel, type InboundEvent, type InboundFile } from './types.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string, or a finite number / bigint written as one; anything else is ''. */
function idOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'bigint') return String(v);
  return '';
}

const optString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function fileOf(v: unknown): InboundFile | undefined {
  if (!isRecord(v)) return undefined;
  const fileId = idOf(v.fileId);
  if (!fileId || (v.kind !== 'document' && v.kind !== 'photo')) return undefined;
  const file = { ...v, fileId, kind: v.kind } as InboundFile;
  file.name = optString(v.name);
  file.mime = optString(v.mime);
  file.size = typeof v.size === 'number' && Number.isFinite(v.size) && v.size >= 0 ? v.size : undefined;
  return file;
}

/** The event with its known fields made well-typed, or undefined when it has no channel, sender or chat. */
export function normalizeInbound(raw: unknown): InboundEvent | undefined {
  if (!isRecord(raw)) return undefined;
  const channel = raw.channel as Channel;
  if (!CHANNELS.includes(channel)) return undefined;
  const accountId = idOf(raw.accountId);
  const chatId = idOf(raw.chatId) || accountId;
  if (!accountId) return undefined;
  const updateId = idOf(raw.updateId);
  return {
    ...raw,
    channel,
    accountId,
    chatId,
    chatType: raw.chatType === 'group' ? 'group' : 'private',
    displayName: optString(raw.displayName),
    updateId: updateId || undefined,
    text: optString(raw.text),
    buttonToken: optString(raw.buttonToken),
    file: fileOf(raw.file),
  };
}
