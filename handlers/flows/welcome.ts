/**
 * `/start`: the welcome, joining with an invite code, and the text no flow waits for when it
 * is an invite code (the plain-language fallback hands such text here). Who a person is comes
 * from the code; nothing else on this path creates people.
 */
import { formatDateTime } from '../../domain/format.js';
import type { Flow, FlowContext } from '../flow.js';
import { UserError } from '../flow.js';
import { jurisdictionOf, placeName } from '../jurisdiction.js';
import { InviteRaceError, looksLikeCode, redeemInvite } from '../services/invites.js';

async function redeem(ctx: FlowContext, code: string): Promise<void> {
  const e = ctx.event;
  if (e.chatType === 'group') {
    ctx.reply({ text: ctx.t('invite.private_only') });
    return;
  }
  let r;
  try {
    r = await redeemInvite(ctx.tx, {
      channel: e.channel,
      externalId: e.accountId,
      chatId: e.chatId,
      displayName: e.displayName,
      code,
      now: ctx.now,
    });
  } catch (err) {
    if (err instanceof InviteRaceError) throw new UserError({ text: ctx.t('invite.used') });
    throw err;
  }
  if (!r.ok) {
    if (r.reason === 'locked') {
      ctx.reply({ text: ctx.t('invite.locked', { time: formatDateTime(r.until, ctx.settings.timezone) }) });
    } else {
      ctx.reply({ text: ctx.t(`invite.${r.reason}`) });
    }
    return;
  }
  ctx.leave();
  // The chat acts where the invite was for, from the next message on.
  ctx.chooseSeat(`${r.personId}:${r.jurisdictionId}`);
  const text = ctx.t(r.linked ? 'invite.linked' : 'invite.welcome', {
    name: r.fullName,
    unit: r.unitName,
    role: ctx.t(`role.${r.role}` as 'role.member'),
    place: placeName(r.jurisdictionName),
  });
  ctx.reply({ text: r.anotherSeat ? `${text}\n\n${ctx.t('invite.another_seat')}` : text });
}

export const welcomeFlow: Flow = {
  name: 'welcome',
  steps: {},
  async start(ctx, args) {
    ctx.leave();
    if (args) return redeem(ctx, args);
    const j = jurisdictionOf(ctx);
    const unset = j.configured ? '' : `\n${ctx.t('jurisdiction.unconfigured')}`;
    if (ctx.actor.kind === 'person') {
      ctx.reply({
        text:
          ctx.t('welcome.known', {
            name: ctx.actor.fullName,
            unit: ctx.actor.unitName,
            role: ctx.t(`role.${ctx.actor.role}`),
            issuer: j.issuer,
          }) + unset,
      });
    } else if (ctx.actor.kind === 'anonymous' && ctx.actor.deactivated) {
      ctx.reply({ text: ctx.t('auth.deactivated', { issuer: j.issuer, office: j.office }) });
    } else {
      ctx.reply({
        text: j.configured
          ? ctx.t('welcome.unknown', { issuer: j.issuer, office: j.office })
          : ctx.t('welcome.unconfigured') + unset,
      });
    }
  },
  /** Text when no flow is waiting: an invite code, or a pointer to help. */
  async onText(ctx, text) {
    if (looksLikeCode(text)) return redeem(ctx, text);
    ctx.reply({ text: ctx.t('common.not_understood') });
  },
};
