/**
 * The flows every chat needs: welcome and joining with an invite code, help, cancel,
 * language, and linking another platform's account.
 */
import { assertPerson, can } from '../../domain/authz.js';
import { draftCommand, hasUnsavedInput } from '../drafts.js';
import type { Flow, FlowContext } from '../flow.js';
import { UserError } from '../flow.js';
import { formatDateTime } from '../../domain/format.js';
import { isLocale } from '../i18n/index.js';
import { foldVi } from '../../domain/text.js';
import { jurisdictionNames, type JurisdictionNames } from '../jurisdiction.js';
import { createLinkCode, formatCode, InviteRaceError, looksLikeCode, redeemInvite } from '../services/invites.js';
import { people } from '../../db/schema.js';
import { eq } from 'drizzle-orm';

/** Settings the engine reads with every update (flows/index.ts: PRELOADED_SETTINGS). */
export const JURISDICTION_SETTINGS = ['issuer', 'office_name'] as const;

function jurisdiction(ctx: FlowContext): JurisdictionNames {
  return jurisdictionNames((key) => ctx.setting(key), ctx.t);
}

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
  ctx.reply({
    text: ctx.t(r.linked ? 'invite.linked' : 'invite.welcome', {
      name: r.fullName,
      unit: r.unitName,
      role: ctx.t(`role.${r.role}` as 'role.member'),
    }),
  });
}

export const welcomeFlow: Flow = {
  name: 'welcome',
  async start(ctx, args) {
    ctx.leave();
    if (args) return redeem(ctx, args);
    const j = jurisdiction(ctx);
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

export const helpFlow: Flow = {
  name: 'help',
  async start(ctx) {
    ctx.leave();
    const j = jurisdiction(ctx);
    const lines = j.configured
      ? [ctx.t('help.title', { issuer: j.issuer }), '']
      : [ctx.t('help.title_neutral'), ctx.t('jurisdiction.unconfigured'), ''];
    for (const c of ctx.commands) {
      if (c.hidden) continue;
      if (c.perm && !can(ctx.actor, c.perm)) continue;
      if (c.flow === 'link' && ctx.actor.kind !== 'person') continue;
      lines.push(`/${c.vi} (/${c.en}) — ${ctx.t(c.desc)}`);
    }
    lines.push('');
    if (ctx.actor.kind === 'person') {
      lines.push(
        ctx.t('help.you_are', {
          name: ctx.actor.fullName,
          role: ctx.t(`role.${ctx.actor.role}`),
          unit: ctx.actor.unitName,
        }),
      );
    } else {
      lines.push(ctx.t('help.join', { office: j.office }));
    }
    lines.push(ctx.t('help.footer'), ctx.t('help.choices'));
    ctx.reply({ text: lines.join('\n') });
  },
};

export const cancelFlow: Flow = {
  name: 'cancel',
  async start(ctx) {
    const wasIn = ctx.state.flow;
    const lost = hasUnsavedInput(ctx.state);
    ctx.leave();
    if (!wasIn) return ctx.reply({ text: ctx.t('cancel.nothing') });
    // Only a flow that saves its answers as they are given says its draft was kept.
    ctx.reply({ text: ctx.t(draftCommand(wasIn) ? 'cancel.done' : lost ? 'cancel.discarded' : 'cancel.left') });
  },
};

export const languageFlow: Flow = {
  name: 'language',
  async start(ctx, args) {
    const wanted = foldVi(args);
    const pick =
      wanted.startsWith('en') || wanted === 'tieng anh'
        ? 'en'
        : wanted.startsWith('vi') || wanted === 'tieng viet'
          ? 'vi'
          : undefined;
    if (pick) return setLanguage(ctx, pick);
    ctx.reply({
      text: ctx.t('language.choose'),
      buttons: [
        [
          { label: 'Tiếng Việt', action: { f: 'language', op: 'set', locale: 'vi' } },
          { label: 'English', action: { f: 'language', op: 'set', locale: 'en' } },
        ],
      ],
    });
  },
  async onAction(ctx, a) {
    if (a.op === 'set' && isLocale(a.locale)) return setLanguage(ctx, a.locale);
    ctx.reply({ text: ctx.t('common.stale_button') });
  },
};

async function setLanguage(ctx: FlowContext, locale: 'vi' | 'en'): Promise<void> {
  ctx.setLocale(locale);
  if (ctx.actor.kind === 'person') {
    await ctx.tx.update(people).set({ locale, updatedAt: ctx.now }).where(eq(people.id, ctx.actor.personId));
  }
  ctx.reply({ text: ctx.t('language.set') });
}

export const linkFlow: Flow = {
  name: 'link',
  async start(ctx) {
    assertPerson(ctx.actor);
    if (ctx.event.chatType === 'group') throw new UserError({ text: ctx.t('invite.private_only') });
    const { code, invite } = await createLinkCode(ctx.tx, ctx.actor, ctx.settings.inviteTtlDays, ctx.now);
    ctx.reply({
      text: ctx.t('link.code', {
        code: formatCode(code),
        expires: formatDateTime(invite.expiresAt, ctx.settings.timezone),
      }),
    });
  },
};
