/**
 * An in-memory channel for outbox tests: records what it was asked to send and answers with
 * scripted outcomes (a platform's failures), without any network.
 */
import type { ChannelAdapter, SendOutcome } from '../../bot/channel.js';
import type { Channel, ChannelCapabilities, OutboundMessage } from '../../handlers/types.js';

export class RecordingAdapter implements ChannelAdapter {
  readonly routes = [];
  readonly sent: Array<{ chatId: string; message: OutboundMessage }> = [];
  /** Outcomes returned for the next sends (any chat), in order; then success. */
  readonly script: SendOutcome[] = [];
  /** Chats that always answer with this outcome. */
  readonly perChat = new Map<string, SendOutcome>();

  constructor(
    readonly channel: Channel,
    readonly caps: ChannelCapabilities = {
      buttons: true,
      maxButtons: 100,
      editMessages: true,
      documents: true,
      maxTextLength: 4096,
    },
  ) {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async send(chatId: string, message: OutboundMessage): Promise<SendOutcome> {
    const fixed = this.perChat.get(chatId);
    if (fixed) return fixed;
    const next = this.script.shift();
    if (next && !next.ok) return next;
    this.sent.push({ chatId, message });
    return { ok: true, messageId: String(this.sent.length) };
  }

  to(chatId: string): string[] {
    return this.sent.filter((s) => s.chatId === chatId).map((s) => s.message.text);
  }
}
