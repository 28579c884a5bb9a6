/**
 * `/quanly`: the office creates campaigns and deadlines, moves a due date (reminders re-plan)
 * and closes a deadline, entirely in chat. The same is possible through the YAML import.
 */
import { listCampaigns } from '../../db/queries/content.js';
import { listUnits } from '../../db/queries/directory.js';
import { getDeadline, listTemplates } from '../../db/queries/submissions.js';
import { DEADLINE_KINDS } from '../../domain/kinds.js';
import { assertCan } from '../../domain/authz.js';
import type { Flow, FlowContext } from '../flow.js';
import { formatDateTime } from '../../domain/format.js';
import { parseDate } from '../../domain/form-items.js';
import { replyDeadlinePicker } from '../pickers.js';
import {
  changeDue,
  closeDeadline,
  createCampaign,
  createDeadline,
  parsePolicy,
  setReminderPolicy,
} from '../services/manage.js';
import { policyFor } from '../../domain/reminders/policy.js';
import { ellipsis, isBackWord } from '../../domain/text.js';
import { askToConfirm, isConfirmed } from '../confirm.js';
import { zonedTime } from '../../domain/time.js';
import type { ButtonSpec, Json } from '../types.js';
import { kindLabel } from '../office/labels.js';

const M = 'manage';

/** "31/12/2026" or "31/12/2026 17:00" (local time; 17:00 when no time is given). */
export function parseDue(text: string, now: Date, tz: string): Date | undefined {
  const m = /^(.+?)(?:\s+(?:lúc\s+)?(\d{1,2})[:hg](\d{2})?)?$/i.exec(text.trim());
  if (!m) return undefined;
  const date = parseDate(m[1]!, now, tz);
  if (!date) return undefined;
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const h = m[2] ? Number(m[2]) : 17;
  const mi = m[3] ? Number(m[3]) : 0;
  if (h > 23 || mi > 59) return undefined;
  return zonedTime(y, mo, d, h, mi, tz);
}

export const manageFlow: Flow = {
  name: M,
  privateOnly: true,
  async start(ctx) {
    assertCan(ctx.actor, 'deadline.manage');
    ctx.enter(M, 'menu');
    const s = (op: string) => ({ f: M, op, iid: ctx.iid });
    ctx.reply({
      text: ctx.t('manage.menu'),
      buttons: [
        [{ label: ctx.t('manage.new_campaign'), action: s('new_campaign') }],
        [{ label: ctx.t('manage.new_deadline'), action: s('new_deadline') }],
        [{ label: ctx.t('manage.change_due'), action: s('pick_change') }],
        [{ label: ctx.t('manage.policy'), action: s('pick_policy') }],
        [{ label: ctx.t('manage.close'), action: s('pick_close') }],
      ],
    });
  },
  async onAction(ctx, a) {
    assertCan(ctx.actor, 'deadline.manage');
    const d = ctx.state.data;
    const s = (op: string, extra: Record<string, Json> = {}) => ({ f: M, op, iid: ctx.iid, ...extra });
    switch (a.op) {
      case 'new_campaign':
        return askCampaignTitle(ctx);
      case 'c_nosummary':
        return confirmCampaign(ctx, null);
      case 'c_create':
        if (!isConfirmed(a) || ctx.state.step !== 'c_confirm') break;
        return createConfirmedCampaign(ctx);
      case 'c_back':
        return askCampaignTitle(ctx);
      case 'new_deadline':
        return askKind(ctx);
      case 'd_kind':
        if (!(DEADLINE_KINDS as readonly string[]).includes(String(a.kind))) break;
        ctx.go('d_title', { kind: String(a.kind) });
        return ctx.reply({ text: ctx.t('manage.ask_title'), expectsText: true });
      case 'd_aud_all':
        ctx.go('d_tpl', { ...d, audience: { all: true } });
        return askTemplate(ctx);
      case 'd_aud_toggle': {
        const kinds = (d.kinds as string[] | undefined) ?? [];
        const k = String(a.kind);
        ctx.go('d_aud', { ...d, kinds: kinds.includes(k) ? kinds.filter((x) => x !== k) : [...kinds, k] });
        return askAudience(ctx, true);
      }
      case 'd_aud_done': {
        const kinds = (d.kinds as string[] | undefined) ?? [];
        if (kinds.length === 0) return ctx.reply({ text: ctx.t('broadcast.pick_one') });
        ctx.go('d_tpl', { ...d, audience: { unitKinds: kinds } });
        return askTemplate(ctx);
      }
      case 'd_tpl':
        ctx.go('d_campaign', { ...d, template: typeof a.template === 'string' ? a.template : null });
        return askCampaign(ctx);
      case 'd_campaign':
        ctx.go('d_confirm', { ...d, campaignId: typeof a.campaign === 'number' ? a.campaign : null });
        return confirmDeadline(ctx);
      case 'd_create':
        return finishDeadline(ctx);
      case 'pick_change':
        ctx.go('pick', {});
        return replyDeadlinePicker(ctx, { flow: M, op: 'change', text: ctx.t('manage.pick_deadline'), bound: true });
      case 'change': {
        const dl = await getDeadline(ctx.tx, Number(a.deadline));
        if (!dl) break;
        ctx.go('e_due', { deadlineId: dl.id });
        return ctx.reply({
          text: ctx.t('manage.ask_new_due', { title: dl.title, due: formatDateTime(dl.dueAt, ctx.settings.timezone) }),
          expectsText: true,
        });
      }
      case 'pick_policy':
        ctx.go('pick', {});
        return replyDeadlinePicker(ctx, { flow: M, op: 'policy', text: ctx.t('manage.pick_deadline'), bound: true });
      case 'policy': {
        const dl = await getDeadline(ctx.tx, Number(a.deadline));
        if (!dl) break;
        const p = policyFor(dl.reminderPolicy);
        ctx.go('e_policy', { deadlineId: dl.id });
        return ctx.reply({
          text: ctx.t('manage.ask_policy', {
            title: dl.title,
            current: `${p.beforeDays.join(',')} / ${p.overdueEveryWorkingDays}`,
          }),
          expectsText: true,
        });
      }
      case 'pick_close':
        ctx.go('pick', {});
        return replyDeadlinePicker(ctx, {
          flow: M,
          op: 'close_confirm',
          text: ctx.t('manage.pick_deadline'),
          bound: true,
        });
      case 'close_confirm': {
        const dl = await getDeadline(ctx.tx, Number(a.deadline));
        if (!dl) break;
        // Closing cannot be undone here: "no" comes first, where a habitual "1" lands.
        return ctx.reply({
          text: ctx.t('manage.confirm_close', { title: dl.title }),
          buttons: [
            [{ label: ctx.t('confirm.no'), action: s('pick_close') }],
            [{ label: ctx.t('common.confirm'), action: s('close', { deadline: dl.id }) }],
          ],
        });
      }
      case 'close': {
        const dl = await closeDeadline(ctx.tx, ctx.actor, Number(a.deadline), ctx.now);
        ctx.leave();
        return ctx.reply({ text: ctx.t('manage.closed', { title: dl.title }) });
      }
    }
    ctx.reply({ text: ctx.t('common.stale_button') });
  },
  async onText(ctx, text) {
    assertCan(ctx.actor, 'deadline.manage');
    const d = ctx.state.data;
    const tz = ctx.settings.timezone;
    // "quay lại" at a typed question goes back a step; it is never saved as a name or a date.
    if (isBackWord(text)) return stepBack(ctx);
    switch (ctx.state.step) {
      case 'c_title':
        if (text.length > 300)
          return ctx.reply({ text: ctx.t('form.err_too_long', { max: 300, got: text.length }), expectsText: true });
        ctx.go('c_summary', { title: text });
        return ctx.reply({
          text: ctx.t('manage.ask_campaign_summary'),
          buttons: [[{ label: ctx.t('common.skip'), action: { f: M, op: 'c_nosummary', iid: ctx.iid } }]],
          expectsText: true,
        });
      case 'c_summary':
        if (text.length > 2000)
          return ctx.reply({ text: ctx.t('form.err_too_long', { max: 2000, got: text.length }), expectsText: true });
        return confirmCampaign(ctx, text);
      case 'd_title':
        if (text.length > 300)
          return ctx.reply({ text: ctx.t('form.err_too_long', { max: 300, got: text.length }), expectsText: true });
        ctx.go('d_due', { ...d, title: text });
        return ctx.reply({ text: ctx.t('manage.ask_due'), expectsText: true });
      case 'd_due': {
        const due = parseDue(text, ctx.now, tz);
        if (!due) return ctx.reply({ text: ctx.t('manage.bad_due'), expectsText: true });
        ctx.go('d_aud', { ...d, dueAt: due.toISOString(), kinds: [] });
        return askAudience(ctx, false);
      }
      case 'e_policy': {
        const policy = parsePolicy(text);
        if (!policy) return ctx.reply({ text: ctx.t('manage.bad_policy'), expectsText: true });
        const dl = await setReminderPolicy(ctx.tx, ctx.actor, Number(d.deadlineId), policy, ctx.now);
        ctx.leave();
        return ctx.reply({
          text: ctx.t('manage.policy_set', {
            title: dl.title,
            before: policy.before_days.join(', '),
            every: policy.overdue_every_working_days,
          }),
        });
      }
      case 'e_due': {
        const due = parseDue(text, ctx.now, tz);
        if (!due) return ctx.reply({ text: ctx.t('manage.bad_due'), expectsText: true });
        const dl = await changeDue(ctx.tx, ctx.actor, Number(d.deadlineId), due, ctx.now);
        ctx.leave();
        return ctx.reply({ text: ctx.t('manage.due_changed', { title: dl.title, due: formatDateTime(dl.dueAt, tz) }) });
      }
    }
    ctx.reply({ text: ctx.t('invite.use_buttons') });
  },
};

function askCampaignTitle(ctx: FlowContext): void {
  ctx.go('c_title', {});
  ctx.reply({ text: ctx.t('manage.ask_campaign_title'), expectsText: true });
}

function askKind(ctx: FlowContext): void {
  ctx.go('d_kind', {});
  ctx.reply({
    text: ctx.t('manage.ask_kind'),
    buttons: DEADLINE_KINDS.map((k) => [
      { label: ctx.t(`dkind.${k}`), action: { f: M, op: 'd_kind', iid: ctx.iid, kind: k } },
    ]),
  });
}

/** One step back from a typed question: the question before it, or the menu. */
async function stepBack(ctx: FlowContext): Promise<void> {
  const d = ctx.state.data;
  switch (ctx.state.step) {
    case 'c_summary':
      return askCampaignTitle(ctx);
    case 'd_title':
      return askKind(ctx);
    case 'd_due':
      ctx.go('d_title', { ...d });
      return ctx.reply({ text: ctx.t('manage.ask_title'), expectsText: true });
    default:
      return manageFlow.start(ctx, '', '');
  }
}

/** Creating a campaign is a second step that names it (nothing is written before "Có"). */
function confirmCampaign(ctx: FlowContext, summary: string | null): void {
  const title = String(ctx.state.data.title ?? '');
  if (!title) return ctx.reply({ text: ctx.t('common.stale_button') });
  ctx.go('c_confirm', { title, summary });
  askToConfirm(ctx, {
    text: ctx.t('manage.confirm_campaign', { title }),
    yes: ctx.t('manage.confirm_campaign_yes'),
    action: { f: M, op: 'c_create', iid: ctx.iid },
    back: { f: M, op: 'c_back', iid: ctx.iid },
  });
}

async function createConfirmedCampaign(ctx: FlowContext): Promise<void> {
  const title = String(ctx.state.data.title ?? '');
  const summary = typeof ctx.state.data.summary === 'string' ? ctx.state.data.summary : null;
  if (!title) return ctx.reply({ text: ctx.t('common.stale_button') });
  const { code } = await createCampaign(ctx.tx, ctx.actor, { title, summary, now: ctx.now });
  ctx.leave();
  ctx.reply({ text: ctx.t('manage.campaign_created', { title, code }) });
}

async function askAudience(ctx: FlowContext, replace: boolean): Promise<void> {
  const kinds = [
    ...new Set((await listUnits(ctx.tx, { activeOnly: true })).filter((u) => !u.isOffice).map((u) => u.kind)),
  ];
  const picked = (ctx.state.data.kinds as string[] | undefined) ?? [];
  const s = (op: string, extra: Record<string, Json> = {}) => ({ f: M, op, iid: ctx.iid, ...extra });
  const buttons: ButtonSpec[][] = [[{ label: ctx.t('manage.aud_all'), action: s('d_aud_all') }]];
  for (const k of kinds)
    buttons.push([
      {
        label: `${picked.includes(k) ? '✅ ' : ''}${kindLabel(ctx.locale, k)}`,
        action: s('d_aud_toggle', { kind: k }),
      },
    ]);
  buttons.push([{ label: ctx.t('broadcast.picked_done', { count: picked.length }), action: s('d_aud_done') }]);
  ctx.reply({ text: ctx.t('manage.ask_audience'), buttons, replace });
}

async function askTemplate(ctx: FlowContext): Promise<void> {
  if (ctx.state.data.kind === 'registration') {
    ctx.go('d_campaign', { ...ctx.state.data, template: null });
    return askCampaign(ctx);
  }
  const templates = await listTemplates(ctx.tx);
  ctx.reply({
    text: ctx.t('manage.ask_template'),
    buttons: templates.map((tpl) => [
      { label: ellipsis(tpl.title, 60), action: { f: M, op: 'd_tpl', iid: ctx.iid, template: tpl.code } },
    ]),
  });
}

async function askCampaign(ctx: FlowContext): Promise<void> {
  const list = await listCampaigns(ctx.tx);
  ctx.reply({
    text: ctx.t('manage.ask_campaign'),
    buttons: [
      ...list.map((c) => [
        { label: ellipsis(c.title, 60), action: { f: M, op: 'd_campaign', iid: ctx.iid, campaign: c.id } },
      ]),
      [{ label: ctx.t('manage.no_campaign'), action: { f: M, op: 'd_campaign', iid: ctx.iid, campaign: null } }],
    ],
  });
}

async function confirmDeadline(ctx: FlowContext): Promise<void> {
  const d = ctx.state.data;
  const audience = d.audience as { all?: boolean; unitKinds?: string[] };
  ctx.reply({
    text: ctx.t('manage.confirm_deadline', {
      kind: ctx.t(`dkind.${String(d.kind) as (typeof DEADLINE_KINDS)[number]}`),
      title: String(d.title),
      due: formatDateTime(new Date(String(d.dueAt)), ctx.settings.timezone),
      audience: audience.all
        ? ctx.t('manage.aud_all')
        : (audience.unitKinds ?? []).map((k) => kindLabel(ctx.locale, k)).join(', '),
      // The template's title, never its code.
      template: d.template ? ((await listTemplates(ctx.tx)).find((tpl) => tpl.code === d.template)?.title ?? '—') : '—',
    }),
    buttons: [[{ label: ctx.t('common.confirm'), action: { f: M, op: 'd_create', iid: ctx.iid } }]],
  });
}

async function finishDeadline(ctx: FlowContext): Promise<void> {
  const d = ctx.state.data;
  if (!d.title || !d.dueAt || !d.kind) return ctx.reply({ text: ctx.t('common.stale_button') });
  const audience = d.audience as { all?: boolean; unitKinds?: string[] };
  const row = await createDeadline(ctx.tx, ctx.actor, {
    kind: String(d.kind),
    title: String(d.title),
    dueAt: new Date(String(d.dueAt)),
    audience: audience.all ? { all: true } : { unitKinds: audience.unitKinds ?? [] },
    templateCode: d.template ? String(d.template) : null,
    campaignId: typeof d.campaignId === 'number' ? d.campaignId : null,
    now: ctx.now,
  });
  ctx.leave();
  ctx.reply({
    text: ctx.t('manage.deadline_created', {
      title: row.title,
      code: row.code,
      due: formatDateTime(row.dueAt, ctx.settings.timezone),
    }),
  });
}
