/** English, looking up emulation titles, commendation forms and plan content (/tieuchi). */
import type { criteria as vi } from '../vi/criteria.js';

export const criteria: Record<keyof typeof vi, string> = {
  'level.co_so': 'grassroots',
  'level.xa': 'commune',
  'level.huyen': 'district',
  'level.tinh': 'province',
  'level.trung_uong': 'national',

  'criteria.menu':
    'Emulation and commendation look-up. Pick a section, or type keywords (for example: lao động tiên tiến).',
  'criteria.menu_titles': 'Emulation titles',
  'criteria.menu_awards': 'Award forms',
  'criteria.titles_header': 'Emulation titles',
  'criteria.awards_header': 'Award forms',
  'criteria.historical': 'no longer in force',
  'criteria.back_menu': '« Contents',
  'criteria.back_list': '« List',
  'criteria.back_up': '« Back to {code}',
  'criteria.back_plan': '« Back to the plan',
  'criteria.applies_to': 'For: {who}',
  'criteria.applies.individual': 'individuals',
  'criteria.applies.collective': 'collectives',
  'criteria.applies.household': 'households',
  'criteria.applies.individual_or_collective': 'individuals, collectives, households',
  'criteria.level': 'Level: {level}',
  'criteria.criteria_header': 'Criteria:',
  'criteria.notes_header': 'Notes:',
  'criteria.legal_basis': 'Legal basis: {basis}',
  'criteria.source': 'Source: {source}',
  'criteria.number_not_keyword':
    '«{n}» is a number, not a keyword. Pick 1–{count} from the list below, or type the name of a title or award to look up.',
  'criteria.sections_heading': 'Sections',
  'criteria.historical_mark':
    '⏳ This belongs to earlier rules and no longer applies; it is kept to look up past files.',
  'criteria.uncertain_mark':
    '⚠️ Note: this has not been checked against the current original text; verify it before relying on it.',
  'criteria.no_result':
    'Nothing matches "{query}". Try other keywords (for example: lao động tiên tiến, giấy khen, sơ kết), or type /criteria for the contents.',
  'criteria.no_result_suggest': 'Nothing matches "{query}" exactly. Did you mean:',
  'criteria.more_results': 'Other results ({count}):',
};
