/** English, conversation mechanics every flow shares: errors, paging, choices, command arguments, access, roles, confirmation, cancel, drafts, language, account link. */
import type { common as vi } from '../vi/common.js';

export const common: Record<keyof typeof vi, string> = {
  'common.error': 'Sorry, something went wrong. Please try again in a few minutes.',
  'common.retry_later':
    '⏳ The system is briefly unavailable, so this message has not been handled yet. It has been kept and will be handled as soon as the system is back; there is no need to send it again.',
  'common.too_long':
    'That message is too long (at most {max} characters). Please shorten it and send it again. Type /help for guidance.',
  'common.private_only': 'This is only shown in a private chat with the bot. Please message the bot directly.',
  'common.private_only_link': 'This is only shown in a private chat with the bot. Please continue here: {link}',
  'common.stale_button':
    'That button is old or no longer valid, so nothing was done. Please open the feature again (type /help for the list).',
  'common.flow_reset':
    'The conversation in progress was reset after an upgrade. Everything you saved is still there; please open the feature again (type /help for the list).',
  'common.file_unexpected':
    'I was not expecting a file, so it was not saved. Files are accepted while you fill in a report attachment item.',
  'common.empty': 'I received nothing. Type /help to see what I can do.',
  'common.unknown_command': 'There is no /{command} command. Type /help for the list.',
  'common.not_understood':
    'Sorry, I did not understand that. Type /help to see what I can do, or /criteria <keywords> to look up emulation criteria.',
  'common.prev': '‹ Previous',
  'common.next': 'Next ›',
  'common.page': 'page {page}/{pages}',
  'common.yes': 'Yes',
  'common.no': 'No',
  'common.back': 'Back',
  'common.skip': 'Skip',
  'common.cancel': 'Cancel',
  'common.confirm': 'Confirm',
  'common.none': '(none)',

  'choices.pick_number': 'Reply with the number (for example 1) or type the option.',
  'choices.type_word': 'Or type one of the options above.',
  'choices.pick_or_word': 'Reply with the number to pick; options marked • are typed as words (for example: keep).',
  'choices.again': 'The choices are still these:',
  'choices.out_of_range': 'There is no choice with that number. Please pick a number from 1 to {n}.',

  'args.unknown_deadline':
    "I found no deadline matching «{arg}». After the command you can type a deadline's code or part of its title, or pick one below.",
  'args.unknown_format': 'I did not understand «{arg}»: exports come in two formats, xlsx or csv.',
  'args.unknown_year':
    "I did not understand «{arg}». The yearly chart exists for this year only ({year}): type /chart year, or a deadline's code or title.",
  'args.unknown_unit': "I found no unit matching «{arg}». You can type a unit's code or name, or pick one below.",

  'auth.deactivated':
    'Your account has been deactivated, so unit data is not available. You can still look up criteria with /criteria. If needed, please contact the emulation and commendation office.',
  'auth.unknown_account':
    'This feature is for invited officials. You can still look up criteria with /criteria. To join, ask the emulation and commendation office for an invite code and send it to me.',
  'auth.forbidden': 'Sorry, your role does not allow this. Type /help to see what you can do.',

  'role.member': 'official',
  'role.focal': 'reporting focal point',
  'role.head': 'head of unit',
  'role.admin': 'emulation and commendation office',

  'confirm.question': 'Are you sure?',
  'confirm.no': 'No, go back',

  'cancel.done': 'Done. What you entered is kept as a draft. Type /help for other tasks.',
  'cancel.nothing': 'Nothing is in progress. Type /help to see what I can do.',
  'cancel.discarded':
    'Left, and what you had typed here was discarded (it was not saved). Type /help to see what else I can do.',
  'cancel.left': 'Left. Type /help to see what else I can do.',

  'drafts.would_lose':
    'You are in the middle of something and what you typed is not saved yet. Opening {command} now would lose it. Type {command} again to open it anyway, or go on answering.',

  'language.choose': 'Chọn ngôn ngữ / Choose a language:',
  'language.set': 'Switched to English.',

  'link.code':
    'Your link code: {code}\nOpen the bot on the other platform (Telegram or Zalo) and send this code. It works once and expires at {expires}.',
};
