/**
 * `OutboundMessage` → Zalo Bot API calls, for replies and for the outbox's proactive sends.
 *
 * The Bot API has no buttons and cannot carry files: the engine shows buttons as numbered
 * choices (caps.buttons = false). With a public address, a picture is sent by URL and a
 * document as a link, both served for a short while from the database (webhook.ts, media
 * route); without one, each becomes a short note. Text goes in parts of 2,000 characters.
 *
 * Trade-off: a link works for anyone who has it until it expires; it is random, short-lived and
 * the note asks the person not to pass it on, which is as far as a channel without files goes.
 */
import type { SendOutcome } from '../channel.js';
import type { Logger } from '../logger.js';
import type { Store } from '../../db/store.js';
import { putDownload } from '../../db/queries/downloads.js';
import { splitText } from '../../domain/text.js';
import type { Clock, OutboundFile, OutboundMessage } from '../../handlers/types.js';
import type { RateBackoff } from '../zalo-common/http.js';
import { failureOutcome, sendOnce, unexpectedOutcome } from '../zalo-common/outcome.js';
import type { Translator } from '../../handlers/i18n/index.js';
import { ZALO_BOT_MAX_TEXT, ZaloBotError, type ZaloBotClient } from './client.js';

export interface BotSenderOptions {
  /** The bot's default language, for the notes the adapter writes itself. */
  t: Translator;
  client: ZaloBotClient;
  store: Store;
  clock: Clock;
  logger: Logger;
  rateBackoff: RateBackoff;
  /** Public origin of the shared HTTP server, without a trailing slash; undefined: files become notes. */
  publicBaseUrl: string | undefined;
  mediaPath: string;
  mediaTtlMs: number;
}

export interface BotSender {
  /** Sends one message; the id of the last message sent. Throws the client's error. */
  deliver: (chatId: string, m: OutboundMessage, rateAttempts?: number) => Promise<string | undefined>;
  /** A proactive send for the outbox: never throws, never waits out a rate limit. */
  send: (chatId: string, message: OutboundMessage) => Promise<SendOutcome>;
}

/** What the outbox is told about a failed Bot send: a refusal means "try another account". */
export function botSendOutcome(err: unknown, rateBackoff: RateBackoff): SendOutcome {
  if (!(err instanceof ZaloBotError)) return unexpectedOutcome(err);
  const kind =
    err.kind === 'rate' || err.kind === 'transient' ? err.kind : err.kind === 'refused' ? 'unreachable' : 'permanent';
  return failureOutcome(kind, err, rateBackoff);
}

export function createBotSender(opts: BotSenderOptions): BotSender {
  const { client, logger, rateBackoff, publicBaseUrl, mediaPath, mediaTtlMs } = opts;

  /** A link on our own public address where the file can be fetched for a short while. */
  async function linkTo(chatId: string, file: OutboundFile): Promise<string> {
    const { token } = await putDownload(opts.store.db, file, { chatId, now: opts.clock.now(), ttlMs: mediaTtlMs });
    return `${publicBaseUrl}${mediaPath}?id=${token}`;
  }

  /** Sends one message: text in parts of 2,000, a picture by URL when possible. */
  async function deliver(chatId: string, m: OutboundMessage, rateAttempts?: number): Promise<string | undefined> {
    const notes: string[] = [];
    let photoUrl: string | undefined;
    if (m.document) {
      if (publicBaseUrl)
        notes.push(
          opts.t('zalo.document_link', {
            fileName: m.document.fileName,
            url: await linkTo(chatId, m.document),
            minutes: Math.round(mediaTtlMs / 60_000),
          }),
        );
      else notes.push(opts.t('zalo.document_unavailable', { fileName: m.document.fileName }));
    }
    if (m.photo) {
      if (publicBaseUrl) photoUrl = await linkTo(chatId, m.photo);
      else notes.push(opts.t('zalo.photo_unavailable', { fileName: m.photo.fileName }));
    }
    const text = [m.text.normalize('NFC'), ...notes].filter((s) => s.trim() !== '').join('\n\n');
    let lastId: string | undefined;
    if (text !== '') {
      for (const part of splitText(text, ZALO_BOT_MAX_TEXT)) {
        if (part.trim() === '') continue;
        lastId = (await client.sendMessage(chatId, part, { rateAttempts })).message_id;
      }
    }
    if (photoUrl && m.photo) {
      const caption = m.photo.caption ? splitText(m.photo.caption.normalize('NFC'), ZALO_BOT_MAX_TEXT)[0] : undefined;
      lastId = (await client.sendPhoto(chatId, photoUrl, caption, { rateAttempts })).message_id;
    }
    return lastId;
  }

  /** A refused token is worth an error line of its own: every send fails until someone resets it. */
  function failed(err: unknown): SendOutcome {
    if (err instanceof ZaloBotError && err.kind === 'auth')
      logger.error({ err: err.message }, 'zalo-bot: the bot token was rejected (reset in Zalo Bot Creator?)');
    return botSendOutcome(err, rateBackoff);
  }

  const send = (chatId: string, message: OutboundMessage) =>
    sendOnce(() => deliver(chatId, message, 1), rateBackoff, failed);

  return { deliver, send };
}
