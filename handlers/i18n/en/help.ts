/** English, first contact and the command list: welcome, help, the unconfigured-jurisdiction note, command descriptions. */
import type { help as vi } from '../vi/help.js';

export const help: Record<keyof typeof vi, string> = {
  'welcome.known': 'Hello {name}! You are the {role} of {unit} ({issuer}).\nType /help to see what you can do.',
  'welcome.unknown':
    'Hello! I am the emulation and commendation assistant of {issuer}.\n• Anyone can look up emulation titles, award forms and plan content: type /criteria.\n• Officials of agencies and units: ask {office} for an invite code and send it to me to report, register and receive deadline reminders.',
  'welcome.unconfigured': 'Hello! I am the emulation and commendation assistant.',

  'help.title': 'Emulation and commendation assistant — {issuer}\nCommands you can use:',
  'help.title_neutral': 'Emulation and commendation assistant\nCommands you can use:',
  'help.you_are': 'You: {name} — {role}, {unit}.',
  'help.join': 'To report and receive reminders, ask {office} for an invite code and send it to me.',
  'help.footer': 'To leave whatever you are doing, type "cancel".',
  'help.choices':
    'How to answer: type a number to pick a numbered option; at a question, «keep», «skip», «back» and «cancel» are always typed as words and never have a number. If you type a small number (1–20) at a question that already has an answer, I ask before replacing it.',

  'jurisdiction.unconfigured':
    'Note: this assistant has not been set up for any authority yet, so it takes no reports; emulation titles and award forms can still be looked up with /criteria.',

  'neutral.office': 'the emulation and commendation office',

  'cmd.start': 'start, enter an invite code',
  'cmd.help': 'list of commands',
  'cmd.criteria': 'look up criteria, titles, award forms, plan content',
  'cmd.report': 'report your unit’s emulation results',
  'cmd.register': 'register emulation titles for the year',
  'cmd.exemplar': "report an exemplary person or model (the office: view, edit or remove the units' ones)",
  'cmd.deadlines': 'upcoming deadlines and reminders',
  'cmd.status': 'progress overview',
  'cmd.missing': 'units that have not submitted',
  'cmd.review': 'review units’ reports and registrations',
  'cmd.export': 'export a summary to Excel/CSV',
  'cmd.documents': 'documents: summary report (Word)',
  'cmd.chart': 'progress chart',
  'cmd.broadcast': 'send an announcement',
  'cmd.manage': 'manage campaigns and deadlines',
  'cmd.invite': 'create an invite code',
  'cmd.people': 'manage people',
  'cmd.history': 'a unit’s change history',
  'cmd.failures': 'messages that failed to send',
  'cmd.link': 'link another Telegram/Zalo account',
  'cmd.language': 'change language (Tiếng Việt/English)',
  'cmd.cancel': 'leave what you are doing',
};
