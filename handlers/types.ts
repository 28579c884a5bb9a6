/**
 * The platform-neutral vocabulary between channel adapters and flows. Adapters turn platform
 * updates into `InboundEvent`s and `OutboundMessage`s into platform calls; nothing in
 * `handlers/` knows which platform it serves beyond the `ChannelCapabilities` it is given.
 */

export type Channel = 'shell' | 'telegram' | 'zalo-bot' | 'zalo-oa';
export const CHANNELS: readonly Channel[] = ['shell', 'telegram', 'zalo-bot', 'zalo-oa'];

import type { Locale } from '../domain/locale.js';

export type { Locale };

export interface ChannelCapabilities {
  /** Inline buttons under a message. Without them buttons become numbered choices. */
  buttons: boolean;
  /** Most buttons one message may carry; more fall back to numbered choices. */
  maxButtons: number;
  /** A step may replace the message whose button was pressed. */
  editMessages: boolean;
  /** Documents (XLSX, CSV) can be sent. */
  documents: boolean;
  /** Longest text one message may carry; longer replies are split by the adapter. */
  maxTextLength: number;
  /** Link that opens a private chat with the bot, shown when a group asks for unit data. */
  privateChatLink?: string;
  /** Link that redeems an invite code in one tap (Telegram deep link), `{code}` replaced. */
  inviteLinkTemplate?: string;
}

export interface InboundFile {
  /** The platform's own id or URL for the file (kept, so an archive can be retried). */
  fileId: string;
  kind: 'document' | 'photo';
  name?: string;
  mime?: string;
  size?: number;
  /** Set by the attachment archive when the bytes were downloaded and stored on arrival. */
  archived?: { sha256: string; size: number; mime: string; group?: 'pdf' | 'image' | 'word' | 'excel' };
  /** Why the bytes could not be archived on arrival (`unavailable` is retried later). */
  archiveError?: 'too_big' | 'gone' | 'unavailable';
}

export interface InboundEvent {
  channel: Channel;
  /** The sender's platform id, always a string (Zalo ids exceed 2^53). */
  accountId: string;
  chatId: string;
  chatType: 'private' | 'group';
  displayName?: string;
  /** Platform update or message id, for processing each delivery once. */
  updateId?: string;
  text?: string;
  buttonToken?: string;
  file?: InboundFile;
}

export interface OutboundButton {
  label: string;
  token: string;
  /** Navigation typed as a word ("quay lại"): never numbered on channels without buttons. */
  word?: boolean;
}

export interface OutboundFile {
  fileName: string;
  mime: string;
  data: Uint8Array;
  caption?: string;
}

export interface OutboundMessage {
  text: string;
  buttons?: OutboundButton[][];
  /** Replace the message whose button was pressed instead of sending a new one. */
  replace?: boolean;
  document?: OutboundFile;
  photo?: OutboundFile;
  /**
   * Structured fields of a proactive message, for channels that must send an approved
   * template instead of free text (Zalo OA outside its 7-day window).
   */
  template?: { kind: 'reminder'; fields: Record<string, string> };
}

import type { Json } from '../domain/json.js';

export type { Json };

/**
 * What a button press means: a typed, versioned action of one flow (handlers/actions.ts).
 * `f` names the flow, `op` the operation; `iid` ties a step button to one run of a flow so an
 * old keyboard cannot act on a newer conversation.
 */
export type { StoredAction as Action } from './actions.js';
import type { StoredAction as Action } from './actions.js';

export interface ButtonSpec {
  label: string;
  action: Action;
  /**
   * Navigation ("giữ nguyên", "bỏ qua", "quay lại"): on channels without buttons it is listed
   * as a word to type and takes no number, so a habitual number never lands on it.
   */
  word?: boolean;
}

export interface Reply {
  text: string;
  buttons?: ButtonSpec[][];
  /** The message asks for typed input, so a bare number is an answer, not a choice. */
  expectsText?: boolean;
  replace?: boolean;
  document?: OutboundFile;
  photo?: OutboundFile;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
