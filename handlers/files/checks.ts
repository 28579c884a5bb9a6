/**
 * The checks every flow that takes files makes before keeping one: not too big (declared by
 * the platform, or found out while downloading), and of an accepted type — judged by the
 * content when the archive has the bytes, by the declared type only when it could not get them.
 */
import type { FlowContext } from '../flow.js';
import { fileAccepted, MIME_GROUPS } from '../../domain/form-items.js';
import type { InboundFile } from '../types.js';

export function fileRefusal(
  ctx: Pick<FlowContext, 't' | 'settings'>,
  file: InboundFile,
  accept: Array<keyof typeof MIME_GROUPS>,
): string | undefined {
  const max = Math.round(ctx.settings.maxFileBytes / 1048576);
  if ((file.size !== undefined && file.size > ctx.settings.maxFileBytes) || file.archiveError === 'too_big') {
    return ctx.t('form.file_too_big', {
      size:
        file.size !== undefined && file.size > ctx.settings.maxFileBytes
          ? (file.size / 1048576).toFixed(1)
          : `> ${max}`,
      max,
    });
  }
  if (!fileAccepted(accept, file))
    return ctx.t('form.file_type', { accept: accept.map((a) => ctx.t(`form.type_${a}`)).join(', ') });
  return undefined;
}
