/** English, managing campaigns, deadlines and reminder policies (/quanly). */
import type { manage as vi } from '../vi/manage.js';

export const manage: Record<keyof typeof vi, string> = {
  'manage.menu': 'Manage campaigns and deadlines:',
  'manage.new_campaign': 'New campaign',
  'manage.new_deadline': 'New deadline',
  'manage.change_due': 'Change a due date',
  'manage.close': 'Close a deadline',
  'manage.ask_campaign_title': 'Type the campaign’s name:',
  'manage.ask_campaign_summary': 'Type its theme or main content (or Skip):',
  'manage.confirm_campaign': 'This creates the emulation campaign "{title}".',
  'manage.confirm_campaign_yes': 'Yes, create the campaign',
  'manage.campaign_created': 'Campaign "{title}" created (code {code}).',
  'manage.ask_kind': 'Kind of deadline:',
  'manage.ask_title': 'Type the deadline’s name (for example: Mid-year review report 2027):',
  'manage.ask_due':
    'Type the due date as day/month/year hour:minute (for example 15/07/2027 17:00; without a time it is 17:00):',
  'manage.bad_due': 'That is not in the expected format. Example: 15/07/2027 17:00',
  'manage.ask_audience': 'Applies to: all units, or pick unit types and press Done.',
  'manage.aud_all': 'All units',
  'manage.ask_template': 'Pick the report template:',
  'manage.ask_campaign': 'Which campaign does it belong to?',
  'manage.no_campaign': 'None',
  'manage.confirm_deadline':
    'Create this deadline?\n• Kind: {kind}\n• Name: {title}\n• Due: {due}\n• Applies to: {audience}\n• Template: {template}',
  'manage.deadline_created':
    'Deadline "{title}" created (code {code}), due {due}. Reminders are planned automatically.',
  'manage.pick_deadline': 'Pick a deadline',
  'manage.ask_new_due': '"{title}" is due {due}. Type the new due date (for example 31/12/2026 17:00):',
  'manage.due_changed': '"{title}" is now due {due}. Reminders are re-planned for the new date.',
  'manage.confirm_close': 'Close "{title}"? Units can no longer submit or edit, and reminders stop.',
  'manage.closed': '"{title}" closed.',
  'manage.policy': 'Reminders of a deadline',
  'manage.ask_policy':
    'Reminders of "{title}" are now: {current} (days before the due date / working days between overdue reminders). Type the new schedule, for example: 10,3,1 / 2',
  'manage.bad_policy':
    'That is not in the expected format. Example: 10,3,1 / 2 (10, 3 and 1 days before; when overdue, every 2 working days).',
  'manage.policy_set': 'Reminders of "{title}" set: {before} days before, and every {every} working days when overdue.',
};
