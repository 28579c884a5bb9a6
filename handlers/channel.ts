/**
 * The part of a channel adapter that code below bot/ may rely on: sending one proactive
 * message and how that ended (the outbox deliverer), fetching a file a person sent (the
 * attachment archive). The full adapter (routes, start, stop) is bot/channel.ts; jobs/ and
 * handlers/ see only this, so they never import bot/.
 */
import type { Channel, ChannelCapabilities, InboundFile, OutboundMessage } from './types.js';

/**
 * How a proactive send ended. The outbox decides what to do next from `kind`:
 * `rate` and `transient` are retried later, `unreachable` moves on to the person's other
 * linked accounts (blocked bot, Zalo's 7-day window), `permanent` is given up.
 */
export type SendOutcome =
  | { ok: true; messageId?: string }
  | { ok: false; kind: 'rate'; retryAfterMs: number; error: string }
  | { ok: false; kind: 'transient'; error: string }
  | { ok: false; kind: 'unreachable'; error: string }
  | { ok: false; kind: 'permanent'; error: string };

/**
 * The bytes of a file a person sent. `too_big`: over the limit; `gone`: the platform will
 * never hand it out (expired or foreign id); `unavailable`: try again later (platform down).
 */
export type FileFetchResult =
  { ok: true; data: Uint8Array } | { ok: false; reason: 'too_big' | 'gone' | 'unavailable'; error: string };

export type FileFetcher = (file: InboundFile, maxBytes: number) => Promise<FileFetchResult>;

/** A channel as the outbox sees it. */
export interface OutboundChannel {
  readonly channel: Channel;
  readonly caps: ChannelCapabilities;
  /** Sends one proactive message to a chat (a reminder, a broadcast, a notification). */
  send(chatId: string, message: OutboundMessage): Promise<SendOutcome>;
}
