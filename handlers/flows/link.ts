/** `/lienket`: a one-time code that links this person's account on another platform. */
import { assertPerson } from '../../domain/authz.js';
import { formatDateTime } from '../../domain/format.js';
import type { Flow } from '../flow.js';
import { UserError } from '../flow.js';
import { createLinkCode, formatCode } from '../services/invites.js';

export const linkFlow: Flow = {
  name: 'link',
  steps: {},
  async start(ctx) {
    assertPerson(ctx.actor);
    if (ctx.event.chatType === 'group') throw new UserError({ text: ctx.t('invite.private_only') });
    const { code, invite } = await createLinkCode(ctx.scope, ctx.actor, ctx.settings.inviteTtlDays, ctx.now);
    ctx.reply({
      text: ctx.t('link.code', {
        code: formatCode(code),
        expires: formatDateTime(invite.expiresAt, ctx.settings.timezone),
      }),
    });
  },
};
