/** `/trogiup`: the commands this person may use, who they are, and how choices work. */
import { can } from '../../domain/authz.js';
import type { Flow } from '../flow.js';
import { jurisdictionOf } from '../jurisdiction.js';

export const helpFlow: Flow = {
  name: 'help',
  steps: {},
  async start(ctx) {
    ctx.leave();
    const j = jurisdictionOf(ctx);
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
