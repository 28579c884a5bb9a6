/**
 * What a person is told when their update ended in an error: a refusal's own text, the
 * authorization answer, "the answer will come" when the database is unavailable (the update
 * is kept and retried), or a short apology for a bug (logged with its stack).
 *
 * The language of the answer travels with the error (`UpdateFailure`) instead of being
 * remembered in shared state: the update's conversation decided it, and only the code that
 * read the conversation knows it.
 */
import { isTransientDbFault } from '../../db/faults.js';
import { Forbidden } from '../../domain/authz.js';
import { UserError } from '../flow.js';
import { translator } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { InboundEvent, Locale, OutboundMessage } from '../types.js';

/** An update's failure, with the language its person reads. */
export class UpdateFailure extends Error {
  override name = 'UpdateFailure';
  constructor(
    override readonly cause: unknown,
    readonly locale: Locale,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** The error inside, and the language for the answer (the default when unknown). */
export function unwrapFailure(err: unknown, fallback: Locale): { err: unknown; locale: Locale } {
  return err instanceof UpdateFailure ? { err: err.cause, locale: err.locale } : { err, locale: fallback };
}

/** A refusal a flow threw: polite, changes nothing, may be answered inside a batch. */
export function isRefusal(err: unknown): boolean {
  return err instanceof UserError || err instanceof Forbidden;
}

export interface FailureReply {
  replies: OutboundMessage[];
  transient?: boolean;
}

export function transientReply(locale: Locale): FailureReply {
  return { replies: [{ text: translator(locale)('common.retry_later') }], transient: true };
}

export function failureReply(failure: unknown, event: InboundEvent, fallback: Locale, logger: Logger): FailureReply {
  const { err, locale } = unwrapFailure(failure, fallback);
  const t = translator(locale);
  if (err instanceof UserError) return { replies: [{ text: err.reply.text }] };
  const log = logger.child({ channel: event.channel, chat: event.chatId, update: event.updateId });
  if (isTransientDbFault(err)) {
    log.warn(
      { err: err instanceof Error ? err.message : String(err), code: (err as { code?: unknown }).code },
      'database unavailable; update to be retried',
    );
    return transientReply(locale);
  }
  if (err instanceof Forbidden) {
    log.warn({ perm: err.perm ?? null }, 'refused by authorization');
    const text =
      err.actor.kind === 'anonymous'
        ? err.actor.deactivated
          ? t('auth.deactivated')
          : t('auth.unknown_account')
        : t('auth.forbidden');
    return { replies: [{ text }] };
  }
  log.error({ err }, 'handler failed');
  return { replies: [{ text: t('common.error') }] };
}
