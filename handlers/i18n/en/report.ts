/** English, reporting: submission states, due dates, reports, the registration of titles, exemplars. */
import type { report as vi } from '../vi/report.js';

export const report: Record<keyof typeof vi, string> = {
  'state.not_started': 'not started',
  'state.draft': 'draft',
  'state.submitted': 'submitted',
  'state.returned': 'returned',
  'state.accepted': 'accepted',
  'state.overdue': 'overdue',

  'due.in_days': 'Due: {when} ({days} days left)',
  'due.today': 'Due: {when} (today)',
  'due.days_ago': 'Due: {when} ({days} days overdue)',

  'report.list': 'Reports of {unit}. Pick one to work on:',
  'report.list_registration': 'Emulation registration of {unit}. Pick a round:',
  'report.none': '{unit} has no open report deadline. Type /deadlines to see what is coming.',
  'report.none_registration': '{unit} has no open registration round.',
  'report.not_for_unit': 'That deadline does not apply to your unit. Type /report to see your unit’s deadlines.',
  'report.intro':
    '📋 {title}\n{due}\n{count} items. Every answer is saved at once; you can stop and come back any time (type "cancel" to pause).',
  'report.resume': '📋 {title} — {state}\n{due}\nContinuing from the first unanswered item.',
  'report.return_comment': 'Office’s comment: {comment}',
  'report.locked_accepted':
    'The office has accepted this report, so it can no longer be edited. Ask the office to reopen it if a change is needed.',
  'report.locked_past_deadline':
    'The deadline has passed, so a submitted report can no longer be edited. Ask the office to reopen it if a change is needed.',
  'report.locked_closed': 'This round is closed and takes no more changes.',
  'report.summary_title': '📋 {title} — {unit}',
  'report.summary_state': 'Status: {state}. {due}',
  'report.summary_ref': 'Reference of the latest submission: {ref} (version {version})',
  'report.summary_actions': 'Check the answers, then choose: Submit, Edit an item, or Save the draft.',
  'report.summary_hint':
    'Use the buttons, or type "submit", "edit 3" to change item 3, "cancel" to keep the draft and leave.',
  'report.btn_submit': 'Submit the report',
  'report.btn_resubmit': 'Submit the edited version',
  'report.btn_edit': 'Edit an item',
  'report.btn_save_draft': 'Save draft, finish later',
  'report.pick_item': 'Pick the item to edit:',
  'report.missing': 'Not submitted yet: required items are missing: {items}. Please answer this one:',
  'report.empty': 'The report has nothing to submit yet.',
  'report.submitted':
    '✅ "{title}" submitted.\nReference: {ref}\nTime: {time}\nYou can still edit it until {due} (type /report), unless the office has accepted it.',
  'report.resubmitted': '✅ Version {version} of "{title}" submitted.\nReference: {ref}\nTime: {time}',
  'report.draft_saved': 'Draft saved. When convenient, type {command} to continue where you stopped.',
  'report.submitted_late':
    '✅ "{title}" submitted (after the deadline of {due}).\nReference: {ref}\nTime: {time}\nAs the deadline has passed, ask the office to reopen it if a change is needed.',

  'reg.item_staff': 'Total number of staff of the unit',
  'reg.item_collective': 'Collective title registered',
  'reg.no_collective': 'No collective title',
  'reg.item_individuals': 'Individuals registering for "{title}"',
  'reg.warnings_title': 'Checks against the rules (for reference; the office decides):',
  'reg.rule_cite': 'Rule: {label} — {source}',
  'reg.rule_uncertain': '(this ratio has not been verified against the current rules)',
  'reg.warn_more_than_staff': 'More people registered for "{title}" ({count}) than the unit’s staff ({staff}).',
  'reg.warn_cstdcs_cap':
    'Grassroots emulation fighters registered ({count}) exceed {pct}% of advanced workers registered ({ldtt}): at most {max}.',
  'reg.warn_cstdcs_not_ldtt':
    'These people registered as grassroots emulation fighter but are not in the advanced worker list (which they must achieve): {names}.',
  'reg.warn_collective_share':
    '"{title}" needs at least {pct}% of staff to be advanced workers; the unit registered {got}%.',
  'reg.warn_collective_share_strict':
    '"{title}" needs more than {pct}% of staff to be advanced workers; the unit registered {got}%.',
  'reg.warn_ttldxs_needs_cstdcs': '"{title}" needs at least one grassroots emulation fighter; none is registered.',

  'exemplar.ask_name': 'Report an exemplary person or model. Type the name of the person, collective or model:',
  'exemplar.first_question': 'This is the first question; there is no step before it. Type /cancel to leave.',
  'exemplar.ask_field': 'Field (for example: commercial agriculture, digital transformation, culture and society):',
  'exemplar.ask_achievement': 'Achievements, what they did (at most 2000 characters):',
  'exemplar.ask_photos': 'Send photos (at most {max}), or press Done.',
  'exemplar.confirm': 'Confirm:\n• Name: {name}\n• Field: {field}\n• Achievements: {achievement}\n• Photos: {photos}',
  'exemplar.btn_save': 'Save',
  'exemplar.edit_name': 'Edit the name',
  'exemplar.edit_field': 'Edit the field',
  'exemplar.edit_achievement': 'Edit the achievements',
  'exemplar.saved': 'Exemplary model "{name}" recorded. The office will consider publicising it.',
  'exemplar.list_title': 'Exemplary models reported ({count}):',
  'exemplar.list_pick': 'Pick one to view, edit or remove it.',
  'exemplar.list_empty': 'No exemplary model has been reported yet.',
  'exemplar.field_line': 'Field: {field}',
  'exemplar.photos_line': '{count} photos attached',
  'exemplar.btn_new': 'Report a new one',
  'exemplar.btn_list': 'List of exemplary models',
  'exemplar.card':
    'Exemplary model "{name}" — {unit}\n• Field: {field}\n• Achievements: {achievement}\n• Photos: {photos}\n• Reported on: {date}',
  'exemplar.btn_remove': 'Remove this one',
  'exemplar.what_name': 'the name',
  'exemplar.what_field': 'the field',
  'exemplar.what_achievement': 'the achievements',
  'exemplar.ask_new': 'Edit {what} of "{name}" ({unit}).\nCurrent value: {value}\nType the new value:',
  'exemplar.updated': 'Edited {what}.',
  'exemplar.confirm_remove':
    'Remove "{name}" of {unit}? It will no longer be in the list or the summary report; the audit log keeps all of it.',
  'exemplar.yes_remove': 'Remove',
  'exemplar.removed': 'Removed "{name}" of {unit}.',
  'exemplar.gone': 'This exemplary model is no longer in the list (it was removed).',
};
