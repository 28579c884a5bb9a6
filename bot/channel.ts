/**
 * What every platform adapter offers the rest of the application. Adapters translate
 * platform updates into `InboundEvent`s for the engine, and send `OutboundMessage`s; the
 * outbox deliverer uses `send` for proactive messages.
 */
import type { HttpRoute } from './http/server.js';
import type { FileFetcher, OutboundChannel } from '../handlers/channel.js';

export type { FileFetcher, FileFetchResult, SendOutcome } from '../handlers/channel.js';

export interface ChannelAdapter extends OutboundChannel {
  /** Webhook routes this channel serves on the shared HTTP server (none when polling). */
  readonly routes: HttpRoute[];
  /** Starts receiving: long polling, or registering the webhook. */
  start(): Promise<void>;
  /** Stops receiving and waits for updates already being handled. */
  stop(): Promise<void>;
  /** Downloads a file a person sent on this channel, for the attachment archive (bot/files/). */
  fetchFile?: FileFetcher;
}
