/**
 * What every platform adapter offers the rest of the application. Adapters translate
 * platform updates into `InboundEvent`s for the engine, and send `OutboundMessage`s; the
 * outbox deliverer uses `send` for proactive messages.
 */
import type { HttpRoute } from './http/server.js';
import type { Channel, ChannelCapabilities, InboundFile, OutboundMessage } from '../handlers/types.js';

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

export interface ChannelAdapter {
  readonly channel: Channel;
  readonly caps: ChannelCapabilities;
  /** Webhook routes this channel serves on the shared HTTP server (none when polling). */
  readonly routes: HttpRoute[];
  /** Starts receiving: long polling, or registering the webhook. */
  start(): Promise<void>;
  /** Stops receiving and waits for updates already being handled. */
  stop(): Promise<void>;
  /** Sends one proactive message to a chat (a reminder, a broadcast, a notification). */
  send(chatId: string, message: OutboundMessage): Promise<SendOutcome>;
  /** Downloads a file a person sent on this channel, for the attachment archive (bot/files/). */
  fetchFile?: FileFetcher;
}
