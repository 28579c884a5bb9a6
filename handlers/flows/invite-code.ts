/**
 * The message that hands over a new invite code, shared by `/moi` and a person's card in
 * `/nguoidung`: the code (with its person's name when it is for someone on the roster), unit,
 * role, expiry, the deep link where the channel has one, and how to use it. Trade-off: the
 * caller passes the role's label, so this module knows neither flow.
 */
import { placeName } from '../jurisdiction.js';
import { formatDateTime } from '../../domain/format.js';
import type { FlowContext } from '../flow.js';
import { formatCode, type CreatedInvite } from '../services/invites.js';

export function replyWithCode(
  ctx: FlowContext,
  created: CreatedInvite,
  shown: { unit: string; role: string; person?: string },
): void {
  const { code, invite } = created;
  const vars = {
    code: formatCode(code),
    unit: shown.unit,
    place: placeName(ctx.jurisdiction?.name ?? ''),
    role: shown.role,
    expires: formatDateTime(invite.expiresAt, ctx.settings.timezone),
  };
  const lines = [
    shown.person === undefined
      ? ctx.t('invite.created', vars)
      : ctx.t('invite.created_for', { ...vars, name: shown.person }),
  ];
  if (ctx.caps.inviteLinkTemplate)
    lines.push(ctx.t('invite.deep_link', { link: ctx.caps.inviteLinkTemplate.replace('{code}', code) }));
  lines.push(ctx.t(shown.person === undefined ? 'invite.how_to_use' : 'invite.how_to_use_for'));
  ctx.reply({ text: lines.join('\n') });
}
