/** English, invitations, user management, account history and the audit log. */
import type { people as vi } from '../vi/people.js';

export const people: Record<keyof typeof vi, string> = {
  'invite.private_only': 'Please send the invite code in a private chat with the bot, not in a group.',
  'invite.unknown':
    'That invite code is not valid. Please check each character (codes have 10 characters, like ABCDE-12345).',
  'invite.expired': 'That invite code has expired. Please ask the emulation and commendation office for a new one.',
  'invite.used': 'That invite code has already been used. Each code works once; please ask for a new one if needed.',
  'invite.already_linked':
    'This account already belongs to another official, so the code cannot be used here. Please contact the office if this is a mistake.',
  'invite.inactive': 'The person this code belongs to has been deactivated. Please contact the office.',
  'invite.locked': 'Too many wrong codes. For safety, please try again after {time}.',
  'invite.welcome':
    'Welcome, {name}! You have joined as the {role} of {unit} ({place}).\nType /help to see what you can do.',
  'invite.another_seat':
    'This account now holds roles in more than one place. You are now working in the role you just received; type /donvi to see and switch.',
  'invite.linked':
    'This account is now linked to {name} ({role}, {unit}, {place}). You will get reminders on both platforms.',
  'invite.pick_unit': 'Create an invite code. Pick the invitee’s unit',
  'invite.pick_role': 'Unit: {unit}. Pick a role:',
  'invite.pick_person':
    'Unit: {unit}. Who is invited? Pick someone already on the roster (their account will be linked to that record), or a new person:',
  'invite.new_person': 'A new person (not on the roster)',
  'invite.ask_name': 'Type the invitee’s full name (or press Skip to use their display name when they join):',
  'invite.use_buttons': 'Please pick one of the choices, or type "cancel" to leave.',
  'invite.name_too_long': 'The name is longer than 120 characters. Please type it again:',
  'invite.created':
    'Invite code: {code}\nUnit: {unit} ({place})\nRole: {role}\nExpires: {expires}. The code works once.',
  'invite.created_for':
    'Invite code for {name}: {code}\nUnit: {unit} ({place})\nRole: {role}\nExpires: {expires}. The code works once.',
  'invite.deep_link': 'One-tap join link on Telegram: {link}',
  'invite.how_to_use':
    'The invitee opens the bot on Telegram or Zalo and sends this code (or types /start followed by the code).',
  'invite.how_to_use_for':
    'The invitee opens the bot on Telegram or Zalo and sends this code (or types /start followed by the code). The account is linked to the existing record; nobody new is added.',

  'people.pick_unit': 'Manage people. Pick a unit',
  'people.unit_list': '{unit}: {count} people. Pick someone to view or change:',
  'people.unit_empty': '{unit} has nobody yet. Use /invite to create an invite code.',
  'people.detail': '{name}\nRole: {role}\nUnit: {unit}\nStatus: {status}\nLinked accounts: {channels}',
  'people.active': 'active',
  'people.inactive': 'deactivated',
  'people.change_role': 'Change role',
  'people.move': 'Move to another unit',
  'people.deactivate': 'Deactivate',
  'people.activate': 'Reactivate',
  'people.invite': 'Create an invite code for this person',
  'people.back_list': '« List',
  'people.back_units': '« Another unit',
  'people.pick_new_role': 'Pick the new role:',
  'people.pick_new_unit': 'Pick the new unit',
  'people.role_changed': '{name} is now {role}.',
  'people.moved': '{name} moved to {unit}.',
  'people.confirm_role': 'Change the role of {name} from {from} to {role}? What they can see and do changes with it.',
  'people.confirm_move': 'Move {name} from {from} to {unit}? They will only see and work on {unit}.',
  'people.yes_role': 'Yes, change the role',
  'people.yes_move': 'Yes, move',
  'people.deactivated': '{name} has been deactivated: no more unit data or reminders; their history is kept.',
  'people.activated': '{name} has been reactivated.',
  'people.confirm_deactivate':
    "Deactivate the account of {name}? They will no longer see the unit's data or receive reminders; their history is kept.",
  'people.confirm_activate':
    "Reactivate the account of {name}? They will see the unit's data and receive reminders again.",
  'people.yes_deactivate': 'Yes, deactivate',
  'people.yes_activate': 'Yes, reactivate',

  'history.pick_unit': 'Change history. Pick a unit',
  'history.title': 'Recent changes in {unit}:',
  'history.empty': 'No changes have been recorded for {unit}.',
  'history.system': 'the system',

  'audit.invite.create': 'created an invite code',
  'audit.invite.create_link': 'created an account link code',
  'audit.account.link': 'linked an account',
  'audit.person.create': 'added a person',
  'audit.person.role': 'changed a role',
  'audit.person.move': 'moved to another unit',
  'audit.person.move_in': 'moved in from another unit',
  'audit.person.deactivate': 'deactivated a person',
  'audit.person.activate': 'reactivated a person',
  'audit.person.locale': 'changed their own language',
  'audit.import.insert': 'loaded data',
  'audit.import.update': 'updated from the data file',
  'audit.init.unit': 'set up a unit',
  'audit.nominee.create': 'added a nominee',
  'audit.award.record': 'recorded an award',
  'audit.submission.save': 'saved a report draft',
  'audit.submission.submit': 'submitted a report',
  'audit.submission.accept': 'accepted a report',
  'audit.submission.return': 'returned a report',
  'audit.submission.reopen': 'reopened a report',
  'audit.exemplar.create': 'reported an exemplary model',
  'audit.exemplar.update': 'corrected an exemplary model',
  'audit.exemplar.remove': 'removed an exemplary model',
  'audit.deadline.create': 'created a deadline',
  'audit.deadline.update': 'changed a deadline',
  'audit.deadline.close': 'closed a deadline',
  'audit.campaign.create': 'created a campaign',
  'audit.reminder.nudge': 'sent an immediate reminder',
  'audit.broadcast.create': 'sent an announcement',
  'audit.other': 'another change',
};
