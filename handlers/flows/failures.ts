/**
 * `/loigui`: the messages the bot could not deliver, for the office to follow up by other
 * means. People who never linked an account are one list of names; the other failures are
 * one line each with the platform's reason. Trade-off: only the latest 200 failures are read
 * and at most 30 of each kind are shown, so a long outage is summarised by its count rather
 * than listed in full.
 */
import { findPerson, findUnitById } from '../../db/queries/directory.js';
import { listFailed } from '../../db/queries/outbox.js';
import { assertCan } from '../../domain/authz.js';
import { formatDateTime } from '../../domain/format.js';
import { ALL_UNREACHABLE, NO_ACCOUNT } from '../../domain/outbox.js';
import { ellipsis } from '../../domain/text.js';
import { defineFlow } from '../flow.js';

const FAILURE_KINDS = ['reminder', 'notice', 'digest', 'broadcast'] as const;
type FailureKind = (typeof FAILURE_KINDS)[number];

function isFailureKind(kind: string): kind is FailureKind {
  return (FAILURE_KINDS as readonly string[]).includes(kind);
}

export const failuresFlow = defineFlow({
  name: 'failures',
  privateOnly: true,
  steps: {},
  async start(ctx) {
    assertCan(ctx.actor, 'outbox.read');
    ctx.leave();
    const rows = await listFailed(ctx.tx, 200);
    if (rows.length === 0) return ctx.reply({ text: ctx.t('failures.none') });
    const who = async (personId: number) => {
      const p = await findPerson(ctx.scope, personId);
      const unit = p ? await findUnitById(ctx.scope, p.unitId) : undefined;
      return `${p?.fullName ?? `#${personId}`} (${unit?.name ?? '?'})`;
    };
    const lines = [ctx.t('failures.title', { count: rows.length })];
    // People who never linked an account are one list, not one line per message.
    const unlinked = [...new Set(rows.filter((r) => r.lastError === NO_ACCOUNT).map((r) => r.personId))];
    if (unlinked.length) {
      const names: string[] = [];
      for (const id of unlinked.slice(0, 30)) names.push(await who(id));
      lines.push(
        '',
        ctx.t('failures.unlinked', {
          count: unlinked.length,
          names: names.join('; ') + (unlinked.length > names.length ? '; …' : ''),
        }),
      );
    }
    const others = rows.filter((r) => r.lastError !== NO_ACCOUNT).slice(0, 30);
    if (others.length) lines.push('', ctx.t('failures.platform'));
    for (const r of others) {
      const kind = isFailureKind(r.kind) ? ctx.t(`failures.kind_${r.kind}`) : r.kind;
      const reason = r.lastError === ALL_UNREACHABLE ? ctx.t('failures.unreachable') : ellipsis(r.lastError ?? '', 120);
      lines.push(
        `• ${formatDateTime(r.createdAt, ctx.settings.timezone)} — ${await who(r.personId)} — ${kind}: ${reason}`,
      );
    }
    ctx.reply({ text: lines.join('\n') });
  },
});
