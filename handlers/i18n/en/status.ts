/** English, the standing office's overview: open deadlines, status, review, missing units, deadline lists. */
import type { status as vi } from '../vi/status.js';

export const status: Record<keyof typeof vi, string> = {
  'office.no_deadlines': 'There is no open deadline.',
  'office.closed': 'closed',
  'office.focal_points': 'Focal points: {names}',

  'dkind.registration': 'Emulation registration',
  'dkind.midyear_review': 'Mid-year review',
  'dkind.yearend_review': 'Year-end review',
  'dkind.report': 'Thematic report',
  'dkind.nomination': 'Commendation nominations',

  'status.unit_title': '📌 Status of {unit}',
  'status.unit_none': '{unit} has no open deadline.',
  'status.late': '⏰ Overdue:',
  'status.todo': '📝 To do:',
  'status.done': '✅ Done:',
  'status.act': 'Do',
  'status.district_title': '📊 Overall status at {time}',
  'status.counts': 'Submitted {submitted}/{total}; drafts {draft}; not started {not_started}',
  'status.overdue_count': 'overdue {count}',
  'status.group_overdue': 'Overdue',
  'status.group_not_started': 'Not started',
  'status.group_draft': 'Drafts',
  'status.group_submitted': 'Submitted',
  'status.btn_missing': 'Remind units not done',
  'status.btn_export': 'Export to Excel',
  'status.btn_chart': 'Chart',
  'status.back_district': '« Overall status',
  'status.back_deadline': '« Back to units',

  'review.pick_deadline': 'Review reports. Pick a round:',
  'review.list': '{title}: {waiting} reports awaiting review (of {total} units). Pick a unit:',
  'review.version_line': 'Version {version} — ref {ref} — at {time} — by {by}',
  'review.late': 'Submitted {days} days after the deadline.',
  'review.changed_items': 'Items changed since version {version}: {items}',
  'review.not_submitted': 'The unit has not submitted anything.',
  'review.btn_accept': 'Accept',
  'review.btn_return': 'Return',
  'review.btn_reopen': 'Reopen for editing',
  'review.ask_comment': 'Type the reason for returning it (what must be added or changed):',
  'review.done_accept': '"{deadline}" of {unit} accepted. The unit has been told.',
  'review.done_return': '"{deadline}" of {unit} returned; the focal points and head have been told, with your comment.',
  'review.done_reopen': '"{deadline}" of {unit} reopened for editing.',
  'review.confirm_accept':
    'Accept "{deadline}" of {unit} (version {version})? The unit will be told and cannot edit it any more unless the office reopens it.',
  'review.confirm_reopen':
    'Reopen "{deadline}" of {unit} for the unit to edit? The unit can edit it until it submits again.',
  'review.yes_accept': 'Yes, accept',
  'review.yes_reopen': 'Yes, reopen',
  'review.changed_meanwhile': 'Meanwhile the unit submitted a new version; please look at it before accepting.',

  'missing.pick_deadline': 'Units not done. Pick a round:',
  'missing.none': 'Every unit has submitted "{title}".',
  'missing.title': '"{title}": {count}/{total} units have not submitted.',
  'missing.no_focal': 'no focal point yet',
  'missing.btn_nudge': 'Remind now',
  'missing.nudged':
    'Immediate reminders queued for {units} units ({people} recipients). {skipped} units were reminded within the last hour and were skipped.',

  'deadlines.title': '🗓 Deadlines of {unit} and reminders:',
  'deadlines.none': '{unit} has no open deadline.',
  'deadlines.no_more': 'The unit is done — no more reminders.',
  'deadlines.reminders': 'You will be reminded: {list}',
  'deadlines.no_reminders_role': 'Reminders go to the unit’s focal points and head.',
};
