/** English, what the bot sends unasked: notices, reminders, digests, broadcasts, delivery failures. */
import type { notices as vi } from '../vi/notices.js';

export const notices: Record<keyof typeof vi, string> = {
  'notice.submitted': '📥 {unit} submitted "{deadline}". Reference: {ref}.',
  'notice.submitted_late': '📥 {unit} submitted "{deadline}" — ⏰ {days} days late. Reference: {ref}.',
  'notice.resubmitted': '📥 {unit} submitted version {version} of "{deadline}". Reference: {ref}.',
  'notice.resubmitted_late':
    '📥 {unit} submitted version {version} of "{deadline}" — ⏰ {days} days late. Reference: {ref}.',
  'notice.accepted': '✅ The office accepted "{deadline}" from {unit}.',
  'notice.returned': '↩️ The office returned "{deadline}" of {unit} for changes. Comment: {comment}',
  'notice.reopened': '🔓 The office reopened "{deadline}" of {unit} for editing. {comment}',
  'notice.open_report': 'Open the report',
  'notice.open_review': 'View the report',
  'notice.zalo_oa_reconsent':
    '⚠️ The office Zalo OA can no longer send messages. An OA administrator must grant the app access again, then run: npm run admin -- zalo-oa-token <access_token> <refresh_token>. Details: {reason}',

  'reminder.before': '🔔 Reminder: "{deadline}" of {unit} is due {due} ({days} days left). Status: {state}.',
  'reminder.today': '🔔 "{deadline}" of {unit} is due today ({due}). Status: {state}.',
  'reminder.overdue':
    '⏰ "{deadline}" of {unit} is {days} days overdue (due {due}). Status: {state}. Please complete it soon.',
  'reminder.escalation':
    '⏰ To the head of unit: "{deadline}" of {unit} is {days} days overdue (due {due}), status: {state}. Please ask the focal point to complete it.',
  'reminder.open_report': 'Open the report',
  'reminder.open_registration': 'Open the registration',

  'digest.title': '📊 Summary for {date}',
  'digest.upcoming': 'Due in the next 7 days:',
  'digest.upcoming_line': '• {deadline} — due {due}: {done}/{total} units submitted',
  'digest.overdue': 'Units overdue:',
  'digest.overdue_line': '• {deadline}: {count} units — {units}',
  'digest.open_status': 'View progress',

  'broadcast.header': '📢 Announcement from {office}',
  'broadcast.result': '📢 Announcement delivered: {sent}/{total} recipients.',
  'broadcast.result_failed':
    '📢 Announcement: sent {sent}/{total}, {failed} failed. Not delivered to: {names}. Details: /failures',
  'broadcast.ask_text': 'Type the announcement (at most {max} characters):',
  'broadcast.pick_audience': 'Send it to whom?',
  'broadcast.aud_all': 'Everyone',
  'broadcast.aud_kinds': 'By unit type',
  'broadcast.aud_units': 'Chosen units',
  'broadcast.aud_roles': 'By role',
  'broadcast.pick_items': 'Pick (press again to unpick), then press Done:',
  'broadcast.picked_done': 'Done ({count} picked)',
  'broadcast.pick_one': 'Please pick at least one.',
  'broadcast.preview':
    'Preview:\n\n{text}\n\nIt will go to {count} people ({unlinked} have no linked account and will not receive it).',
  'broadcast.btn_send': 'Send ({count})',
  'broadcast.nobody': 'Nobody matches.',
  'broadcast.queued': '{count} messages queued. I will report the result when they are sent.',

  'failures.none': 'No message has failed.',
  'failures.title': 'Messages not delivered ({count} most recent):',
  'failures.kind_reminder': 'reminder',
  'failures.kind_notice': 'notice',
  'failures.kind_digest': 'digest',
  'failures.kind_broadcast': 'announcement',
  'failures.unlinked':
    '{count} people have no linked Telegram/Zalo account and get nothing (invite them with /invite): {names}',
  'failures.platform': 'Platform errors:',
  'failures.unreachable': 'unreachable on every linked account (bot blocked, or Zalo’s 7-day window closed)',
};
