/**
 * How the office renderers (XLSX/CSV export, charts, documents) read their vocabulary. The words
 * themselves live in the locale catalogs (handlers/i18n/vi/office-labels.ts and its English
 * twin), next to the chat messages, so one parity test covers all text; this module only adds
 * the lookups documents need: a unit kind's name, a state's name, the order of kinds.
 * Data values (unit names, item labels, answers) are never translated.
 */
import { officeLabels, type OfficeLabels } from '../i18n/index.js';
import type { SubmissionState } from '../../domain/submission.js';
import type { Locale } from '../types.js';

export { officeLabels, type OfficeLabels };

/** A state as shown in documents; `overdue` is not a stored state but is shown like one. */
export type DisplayState = SubmissionState | 'overdue';

/** The kind's name in `locale`, or the code itself for a kind the labels do not know. */
export function kindLabel(locale: Locale, kind: string): string {
  const k = officeLabels(locale).kind;
  return Object.hasOwn(k, kind) ? k[kind]! : kind;
}

/** The state as shown in a document: an overdue unit that is not done shows "quá hạn". */
export function stateLabel(locale: Locale, state: DisplayState): string {
  return officeLabels(locale).state[state];
}

/** The kinds present, in the data file's order (office, agency, commune, …); unknown kinds after, by code. */
export function kindOrder(kinds: Iterable<string>): string[] {
  const known = Object.keys(officeLabels('vi').kind);
  const rank = (k: string): number => {
    const i = known.indexOf(k);
    return i < 0 ? known.length : i;
  };
  return [...new Set(kinds)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
