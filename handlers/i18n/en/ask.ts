/** English, plain-language questions and their answers. */
import type { ask as vi } from '../vi/ask.js';

export const ask: Record<keyof typeof vi, string> = {
  'ask.other_unit': 'You can see the status of your own unit only ({unit}). The office follows the other units.',
  'ask.two_units':
    "I understand you are asking about a unit's status, but your message names two units. I answer about one at a time — please pick one:",
  'ask.ambiguous_unit': "I understand you are asking about a unit's status, but not which unit. Please pick one:",
  'ask.unknown_unit':
    'I understand you are asking about a unit\'s status, but I cannot find a unit "{name}". Please check the name, or pick:',
  'ask.too_long': 'Your message is long, so I read only its first {max} characters.',
  'ask.understood': 'I understand you are asking about: {what}. Pick to see it:',
  'ask.not_placed': 'I am not sure what you are asking. Type /help to see what I can do, or pick:',
  'ask.foreign': 'Sorry, I read Vietnamese (and a little English) only. Type /help to see what I can do, or pick:',
  'ask.no_words': 'I understand messages with words only. Type /help to see what I can do, or pick:',
  'ask.deadline_line': '🗓 {title}: {due}',
  'ask.btn_command': '/{command} — {desc}',
  'ask.needs_role': 'This is not part of your current role; type /help to see what you can do.',
  'ask.intent.criteria': 'criteria for titles and awards',
  'ask.intent.unit_status': "a unit's status",
  'ask.intent.missing': 'the units that have not submitted',
  'ask.intent.my_tasks': 'your tasks',
  'ask.intent.deadline': 'deadlines',
  'ask.intent.howto': 'how to do something',
  'ask.intent.help': 'help',
  'ask.howto.register':
    'Registering for emulation: type /register, pick the registration round and answer each item (how many people register for each title). The focal point or head of the unit sends it and gets a reference number.',
  'ask.howto.report':
    'Submitting a report: type /report, pick the round (mid-year, year-end…) and answer each item; send attachments in the chat when asked. You review before submitting; while the deadline is open a submitted report can be reopened for changes with /report.',
  'ask.howto.invite':
    'Inviting someone: the office types /invite, picks the unit and role and gives the invite code to the person, who sends it to me to join.',
  'ask.howto.join':
    'To join: ask the emulation and commendation office for an invite code and send it to me in a private chat.',
  'ask.howto.exemplar':
    'Reporting an exemplary model: type /exemplar and answer each question (name, achievements, unit).',
  'ask.howto.link':
    'Linking an account on another platform (Zalo, Telegram): type /link where you already use the bot to get a code, then send that code to the bot on the other platform.',
  'ask.howto.language': 'Changing the language: type /language and pick Tiếng Việt or English.',
  'ask.howto.criteria':
    'Looking up criteria: type /criteria and pick a title, award form or plan; or just ask, e.g. "what does an advanced worker need".',
  'ask.howto.export': 'Exporting: the office types /export and picks the round to get an Excel/CSV file.',
  'ask.howto.review':
    'Reviewing: the office types /review, picks the round and the unit, then accepts or returns it (with a reason).',
};
