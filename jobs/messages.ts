/**
 * What an outbox row says, rendered at send time in the recipient's language with fresh data:
 * a reminder for a unit that has meanwhile submitted renders to nothing and is cancelled.
 */
import type { Scoped } from '../db/scope.js';
import { getJurisdiction } from '../db/queries/jurisdictions.js';
import { findUnitById, listUnits } from '../db/queries/directory.js';
import { getDeadline, getSubmission, listOpenDeadlines, submissionsOfDeadlines } from '../db/queries/submissions.js';
import { daysBetween, formatDate, formatDateTime } from '../domain/format.js';
import { translator, type MessageKey, type Translator } from '../handlers/i18n/index.js';
import { audienceIncludes, flowOf, isDone, stateOf } from '../domain/submission.js';
import type { NoticePayload, OutboxPayload, ReminderPayload } from '../domain/outbox.js';
import type { Json, Locale, Reply } from '../handlers/types.js';
import { statusActions } from '../handlers/flows/status.actions.js';

export interface RenderContext {
  /** The message's jurisdiction (outbox.jurisdiction_id): everything it shows is read there. */
  scope: Scoped;
  locale: Locale;
  timezone: string;
  now: Date;
}

/** The reply to send, or null when the message no longer applies (cancel it). */
export async function renderPayload(payload: OutboxPayload, rc: RenderContext): Promise<Reply | null> {
  const t = translator(rc.locale);
  switch (payload.type) {
    case 'notice':
      return renderNotice(payload, t);
    case 'reminder':
      return renderReminder(payload, rc, t);
    case 'digest':
      return renderDigest(rc, t);
    case 'broadcast': {
      const j = await getJurisdiction(rc.scope.tx, rc.scope.jurisdictionId);
      return {
        text: `${t('broadcast.header', { office: j?.officeName.trim() || t('neutral.office') })}\n\n${payload.text}`,
      };
    }
  }
}

function openButton(
  open: { f: string; op: string; [k: string]: Json | undefined } | undefined,
  t: Translator,
): Reply['buttons'] {
  if (!open) return undefined;
  const label: MessageKey = open.f === 'review' ? 'notice.open_review' : 'notice.open_report';
  return [[{ label: t(label), action: { ...open } }]];
}

function renderNotice(p: NoticePayload, t: Translator): Reply {
  return { text: t(p.msg, p.vars), buttons: openButton(p.open, t) };
}

async function renderReminder(p: ReminderPayload, rc: RenderContext, t: Translator): Promise<Reply | null> {
  const deadline = await getDeadline(rc.scope, p.deadlineId);
  const unit = await findUnitById(rc.scope, p.unitId);
  if (!deadline || !unit || deadline.status !== 'open' || !audienceIncludes(deadline.audience, unit)) return null;
  const sub = await getSubmission(rc.scope, deadline.id, unit.id);
  if (isDone(sub)) return null;
  const days = daysBetween(rc.now, deadline.dueAt, rc.timezone);
  const vars = {
    deadline: deadline.title,
    unit: unit.name,
    due: formatDateTime(deadline.dueAt, rc.timezone),
    days: Math.abs(days),
    state: t(`state.${stateOf(sub)}`),
  };
  const key: MessageKey = p.escalation
    ? 'reminder.escalation'
    : deadline.dueAt.getTime() < rc.now.getTime()
      ? 'reminder.overdue'
      : days === 0
        ? 'reminder.today'
        : 'reminder.before';
  const flow = flowOf(deadline);
  return {
    text: t(key, vars),
    buttons: [
      [
        {
          label: t(flow === 'registration' ? 'reminder.open_registration' : 'reminder.open_report'),
          action: { f: flow, op: 'open', deadline: deadline.id },
        },
      ],
    ],
  };
}

/** Template fields for channels that send approved templates (Zalo OA outside its window). */
export async function reminderTemplateFields(
  p: ReminderPayload,
  rc: RenderContext,
): Promise<Record<string, string> | undefined> {
  const deadline = await getDeadline(rc.scope, p.deadlineId);
  const unit = await findUnitById(rc.scope, p.unitId);
  if (!deadline || !unit) return undefined;
  const t = translator(rc.locale);
  const sub = await getSubmission(rc.scope, deadline.id, unit.id);
  return {
    unit_name: unit.name,
    deadline_title: deadline.title,
    due_date: formatDateTime(deadline.dueAt, rc.timezone),
    days_left: String(daysBetween(rc.now, deadline.dueAt, rc.timezone)),
    status: t(`state.${stateOf(sub)}`),
  };
}

async function renderDigest(rc: RenderContext, t: Translator): Promise<Reply | null> {
  const open = await listOpenDeadlines(rc.scope);
  const units = await listUnits(rc.scope, { activeOnly: true });
  const subs = await submissionsOfDeadlines(
    rc.scope,
    open.map((d) => d.id),
  );
  const soonLimit = rc.now.getTime() + 7 * 86_400_000;
  const lines: string[] = [t('digest.title', { date: formatDate(rc.now, rc.timezone) })];
  let any = false;
  const upcoming = open.filter((d) => d.dueAt.getTime() >= rc.now.getTime() && d.dueAt.getTime() <= soonLimit);
  if (upcoming.length) {
    any = true;
    lines.push('', t('digest.upcoming'));
    for (const d of upcoming) {
      const audience = units.filter((u) => audienceIncludes(d.audience, u));
      const done = audience.filter((u) => isDone(subs.find((s) => s.deadlineId === d.id && s.unitId === u.id))).length;
      lines.push(
        t('digest.upcoming_line', {
          deadline: d.title,
          due: formatDateTime(d.dueAt, rc.timezone),
          done,
          total: audience.length,
        }),
      );
    }
  }
  const overdue = open.filter((d) => d.dueAt.getTime() < rc.now.getTime());
  for (const d of overdue) {
    const late = units.filter(
      (u) => audienceIncludes(d.audience, u) && !isDone(subs.find((s) => s.deadlineId === d.id && s.unitId === u.id)),
    );
    if (late.length === 0) continue;
    if (!any || !lines.includes(t('digest.overdue'))) lines.push('', t('digest.overdue'));
    any = true;
    const shown = late.slice(0, 15).map((u) => u.name);
    lines.push(
      t('digest.overdue_line', {
        deadline: d.title,
        count: late.length,
        units: shown.join(', ') + (late.length > shown.length ? ', …' : ''),
      }),
    );
  }
  if (!any) return null;
  return {
    text: lines.join('\n'),
    buttons: [[{ label: t('digest.open_status'), action: statusActions.district({ page: undefined }) }]],
  };
}
