/**
 * `OutboundMessage` → Zalo OA API calls, for replies and for the outbox's proactive sends.
 *
 * One message: its text in parts of 2,000 characters (the client splits), up to 5 buttons as
 * query buttons on the last part (payload `bt:<token>`, see inbound.ts), then the picture and
 * the document by upload (an attachment id that expired, -100, is uploaded once more). An
 * attachment that cannot go for a reason a retry will not fix (too large, wrong type, refused)
 * becomes a short note in words instead.
 *
 * Proactive sends report Zalo's 7-day rule as `unreachable`, so the outbox tries the person's
 * other accounts; with a reminder template id set, a reminder outside the window goes out as a
 * ZBS template message instead. Trade-off: the window is not tracked here — Zalo's refusal is the
 * source of truth — so a template costs one refused call first.
 */
import type { SendOutcome } from '../channel.js';
import type { Logger } from '../logger.js';
import type { OutboundMessage } from '../../handlers/types.js';
import type { RateBackoff } from '../zalo-common/http.js';
import { failureOutcome, sendOnce, unexpectedOutcome } from '../zalo-common/outcome.js';
import type { Translator } from '../../handlers/i18n/index.js';
import { OA_MAX_BUTTONS, ZaloOaError, type ZaloOaClient } from './client.js';
import { buttonPayload } from './inbound.js';

/**
 * Template parameters from a reminder's fields. With a map `{param: field}` each template
 * parameter takes the value of the named field (parameters whose field is missing are left
 * out); without one every field is passed under its own name.
 */
export function mapTemplateFields(
  fields: Record<string, string>,
  map?: Record<string, string>,
): Record<string, string> {
  if (!map || Object.keys(map).length === 0) return { ...fields };
  const out: Record<string, string> = {};
  for (const [param, field] of Object.entries(map)) {
    const v = fields[field];
    if (v !== undefined) out[param] = v;
  }
  return out;
}

/** Parses `param=field,param2=field2` (a proposed ZALO_OA_REMINDER_TEMPLATE_MAP). */
export function parseTemplateFieldMap(spec: string | undefined): Record<string, string> | undefined {
  if (!spec?.trim()) return undefined;
  const map: Record<string, string> = {};
  for (const pair of spec.split(',')) {
    const [param, field] = pair.split('=').map((s) => s.trim());
    if (!param || !field) throw new Error(`template map entry "${pair}" must look like param=field`);
    map[param] = field;
  }
  return map;
}

/** What the outbox is told about a failed OA send: the 7-day window means "try another account". */
export function oaSendOutcome(err: unknown, rateBackoff: RateBackoff): SendOutcome {
  if (!(err instanceof ZaloOaError)) return unexpectedOutcome(err);
  const kind =
    err.category === 'rate' || err.category === 'transient'
      ? err.category
      : err.category === 'window'
        ? 'unreachable'
        : 'permanent';
  return failureOutcome(kind, err, rateBackoff);
}

export interface OaSenderOptions {
  /** The bot's default language, for the notes the adapter writes itself. */
  t: Translator;
  client: ZaloOaClient;
  logger: Logger;
  rateBackoff: RateBackoff;
  /** Largest picture and document uploaded; larger ones become a note. */
  maxImageBytes: number;
  maxDocumentBytes: number;
  /** ZBS template for reminders outside the 7-day window, and its parameter map. */
  templateId?: string;
  templateFieldMap?: Record<string, string>;
}

export interface OaSender {
  /** Sends one message; the id of the last message sent. Throws the client's error. */
  deliver: (userId: string, m: OutboundMessage, rateAttempts?: number) => Promise<string | undefined>;
  /** A proactive send for the outbox: never throws, never waits out a rate limit. */
  send: (userId: string, message: OutboundMessage) => Promise<SendOutcome>;
}

/** An attachment failed for a reason a retry will not fix: say so in words instead. */
const isLocalFailure = (err: unknown) =>
  err instanceof ZaloOaError && (err.category === 'permanent' || err.category === 'config');

async function withReupload<T>(upload: () => Promise<string>, sendIt: (id: string) => Promise<T>): Promise<T> {
  const id = await upload();
  try {
    return await sendIt(id);
  } catch (err) {
    if (err instanceof ZaloOaError && err.code === -100) return sendIt(await upload()); // attachment expired
    throw err;
  }
}

export function createOaSender(opts: OaSenderOptions): OaSender {
  const { client, logger, rateBackoff } = opts;

  async function deliver(userId: string, m: OutboundMessage, rateAttempts?: number): Promise<string | undefined> {
    const o = { rateAttempts };
    const buttons = (m.buttons ?? []).flat();
    if (buttons.length > OA_MAX_BUTTONS)
      logger.error({ count: buttons.length }, 'zalo-oa: more buttons than the OA allows; extra ones dropped');
    let lastId: string | undefined;
    const text = m.text.normalize('NFC');
    if (text.trim() !== '' || buttons.length > 0) {
      const sent = await client.sendText(
        userId,
        text.trim() === '' ? '…' : text,
        buttons.slice(0, OA_MAX_BUTTONS).map((b) => ({ title: b.label, payload: buttonPayload(b.token) })),
        o,
      );
      lastId = sent.message_id;
    }
    if (m.photo) {
      const photo = m.photo;
      const fits = photo.data.length <= opts.maxImageBytes && /^image\/(png|jpe?g)$/i.test(photo.mime);
      try {
        if (!fits) throw new ZaloOaError('picture too large or not jpg/png', 'permanent');
        lastId = (
          await withReupload(
            () => client.uploadImage(photo.data, photo.fileName, photo.mime),
            (id) => client.sendImage(userId, { attachmentId: id }, photo.caption, o),
          )
        ).message_id;
      } catch (err) {
        if (!isLocalFailure(err)) throw err;
        logger.warn({ err: (err as Error).message }, 'zalo-oa: picture not sent');
        lastId = (await client.sendText(userId, opts.t('zalo.photo_unavailable', { fileName: photo.fileName }), [], o))
          .message_id;
      }
    }
    if (m.document) {
      const doc = m.document;
      try {
        if (doc.data.length > opts.maxDocumentBytes)
          throw new ZaloOaError('document larger than the OA allows', 'permanent');
        lastId = (
          await withReupload(
            () => client.uploadFile(doc.data, doc.fileName, doc.mime),
            (token) => client.sendFile(userId, token, o),
          )
        ).message_id;
      } catch (err) {
        if (!isLocalFailure(err)) throw err;
        logger.warn({ err: (err as Error).message }, 'zalo-oa: document not sent');
        lastId = (await client.sendText(userId, opts.t('zalo.file_failed', { fileName: doc.fileName }), [], o))
          .message_id;
      }
    }
    return lastId;
  }

  function send(chatId: string, message: OutboundMessage): Promise<SendOutcome> {
    return sendOnce(
      () => deliver(chatId, message, 1),
      rateBackoff,
      (err) => {
        const first = oaSendOutcome(err, rateBackoff);
        if (first.ok || first.kind !== 'unreachable' || !opts.templateId || !message.template) return first;
        return sendTemplate(chatId, opts.templateId, message.template);
      },
    );
  }

  /** Outside the 7-day window: a reminder goes out as an approved ZBS template. */
  function sendTemplate(
    chatId: string,
    templateId: string,
    template: NonNullable<OutboundMessage['template']>,
  ): Promise<SendOutcome> {
    return sendOnce(
      async () => {
        const data = mapTemplateFields(template.fields, opts.templateFieldMap);
        const sent = await client.sendTemplate(chatId, templateId, data, { rateAttempts: 1 });
        logger.info({ kind: template.kind }, 'zalo-oa: reminder sent as a template outside the 7-day window');
        return sent.message_id;
      },
      rateBackoff,
      (err) => oaSendOutcome(err, rateBackoff),
    );
  }

  return { deliver, send };
}
