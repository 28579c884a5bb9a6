/**
 * The one mapping from a data file's title entry (national rule set or a jurisdiction's own
 * award form) to the columns of the `titles` table, so db/national.ts and db/import.ts write
 * a title the same way.
 */
import { foldVi } from '../domain/text.js';
import type { DataFile } from './data-file.js';

type TitleEntry = DataFile['titles'][number];

/**
 * The row values of a title: national (with its rule set) or a jurisdiction's own
 * (`rulesVersion` null). The one mapping from a data file's title to the `titles` table.
 */
export function titleRowValues(t: TitleEntry, ord: number, rulesVersion: string | null) {
  return {
    kind: t.kind,
    name: t.name,
    synonyms: t.synonyms,
    appliesTo: t.applies_to,
    level: t.level ?? null,
    criteria: t.criteria,
    notes: t.notes,
    legalBasis: t.legal_basis ?? null,
    source: t.source ?? null,
    uncertain: t.uncertain,
    historical: t.historical,
    ord,
    searchText: foldVi([t.name, ...t.synonyms, ...t.criteria].join(' ')),
    rulesVersion,
  };
}
