/**
 * `/lichsu`: a unit's recent history (the audit log: who did what, when), for the office.
 * Typed (`/lichsu xa-binh-lu`, or part of the unit's name) or picked from the units. Read only.
 * Every change is named in words: an action without its own label reads "another change", and
 * a change made by no person (the data file, the national content, the CLI) reads "the system";
 * action codes and account labels stay in the exported log. Trade-off: the last 15 entries
 * only; the full log is exported through the CLI.
 */
import { z } from 'zod';
import { listAudit } from '../../db/queries/audit.js';
import { findPerson, findUnitById } from '../../db/queries/directory.js';
import { assertCan } from '../../domain/authz.js';
import { formatDateTime } from '../../domain/format.js';
import { defineActions, field } from '../actions.js';
import { defineFlow, type FlowContext } from '../flow.js';
import { findUnitArg } from '../pickers.js';
import { defineSteps } from '../steps.js';
import { unitPages } from './unit-first.js';
import { wayBack } from './way-back.js';

export const historyActions = defineActions('history', {
  step: {
    unit: { unit: field.id },
    unit_page: { page: field.page },
  },
});

const steps = defineSteps('history', {
  unit: { data: z.object({}), actions: ['unit', 'unit_page'] },
});

const units = unitPages({
  text: 'history.pick_unit',
  pick: (ctx, unit) => historyActions.unit(ctx, { unit }),
  page: (ctx, page) => historyActions.unit_page(ctx, { page }),
});

export const historyFlow = defineFlow({
  name: 'history',
  privateOnly: true,
  actions: historyActions,
  steps: steps.specs,
  async start(ctx, args) {
    // "/lichsu xa-binh-lu": a unit named by code or name opens its history directly.
    const q = args.trim();
    if (q) {
      const unit = await findUnitArg(ctx, q);
      if (unit) return showHistory(ctx, unit.id);
      ctx.reply({ text: ctx.t('args.unknown_unit', { arg: q }) });
    }
    assertCan(ctx.actor, 'audit.read');
    steps.enter(ctx, 'unit', {});
    await units(ctx, 0);
  },
  async onAction(ctx, action) {
    switch (action.op) {
      case 'unit_page':
        assertCan(ctx.actor, 'audit.read');
        return units(ctx, action.page, true);
      case 'unit':
        return showHistory(ctx, action.unit);
    }
  },
});

async function showHistory(ctx: FlowContext, unitId: number): Promise<void> {
  assertCan(ctx.actor, 'audit.read', unitId);
  const unit = await findUnitById(ctx.scope, unitId);
  const rows = await listAudit(ctx.scope, { unitId, limit: 15 });
  const names = new Map<number, string>();
  for (const r of rows) {
    if (r.actorPersonId && !names.has(r.actorPersonId))
      names.set(r.actorPersonId, (await findPerson(ctx.scope, r.actorPersonId))?.fullName ?? '?');
  }
  const lines = rows.map(
    (r) =>
      `• ${formatDateTime(r.at, ctx.settings.timezone)} — ${r.actorPersonId ? names.get(r.actorPersonId) : ctx.t('history.system')} — ${auditLabel(ctx, r.action)}`,
  );
  ctx.leave();
  ctx.reply({
    text: rows.length
      ? `${ctx.t('history.title', { unit: unit?.name ?? '' })}\n${lines.join('\n')}`
      : ctx.t('history.empty', { unit: unit?.name ?? '' }),
    // Nothing recorded: "Quay lại" goes back to the units.
    buttons: rows.length ? undefined : wayBack(ctx, 'history'),
  });
}

const AUDIT_LABELS = [
  'invite.create',
  'invite.create_link',
  'account.link',
  'person.create',
  'person.role',
  'person.move',
  'person.move_in',
  'person.deactivate',
  'person.activate',
  'person.locale',
  'import.insert',
  'import.update',
  'init.unit',
  'nominee.create',
  'award.record',
  'submission.save',
  'submission.submit',
  'submission.accept',
  'submission.return',
  'submission.reopen',
  'exemplar.create',
  'exemplar.update',
  'exemplar.remove',
  'deadline.create',
  'deadline.update',
  'deadline.close',
  'campaign.create',
  'reminder.nudge',
  'broadcast.create',
] as const;
type AuditLabel = (typeof AUDIT_LABELS)[number];
const isAuditLabel = (a: string): a is AuditLabel => AUDIT_LABELS.some((l) => l === a);

function auditLabel(ctx: FlowContext, action: string): string {
  return isAuditLabel(action) ? ctx.t(`audit.${action}`) : ctx.t('audit.other');
}
