/**
 * Reads the matcher's vocabulary from the store: active units, deadlines, titles and award
 * forms, and the sections of active plans, with their synonyms. The only part of
 * handlers/intent/ that touches the database. Trade-off: read on every question that reaches
 * the matcher (four small queries — units, deadlines, titles, sections — only for text no command or pending step took) rather
 * than cached, so an import or a new deadline is recognised at once and nothing goes stale.
 */
import type { Scoped } from '../../db/scope.js';
import { loadSearchCorpus } from '../../db/queries/content.js';
import { listUnits } from '../../db/queries/directory.js';
import { listDeadlines } from '../../db/queries/submissions.js';
import { buildVocabulary, type Vocabulary, type VocabularyInput } from './vocabulary.js';

export async function loadVocabulary(s: Scoped): Promise<Vocabulary> {
  // The search corpus already holds every title (listTitles) beside the active plans' sections.
  const [units, deadlines, corpus] = [
    await listUnits(s, { activeOnly: true }),
    await listDeadlines(s),
    await loadSearchCorpus(s),
  ];
  const titles = corpus.titles;
  const input: VocabularyInput = {
    units: units.map((u) => ({ id: u.id, code: u.code, name: u.name })),
    deadlines: deadlines.map((d) => ({ id: d.id, code: d.code, title: d.title, kind: d.kind })),
    titles: titles.map((t) => ({ id: t.id, code: t.code, name: t.name, kind: t.kind, synonyms: t.synonyms })),
    sections: corpus.sections.map((s) => ({ id: s.id, code: s.code, title: s.title, synonyms: s.synonyms })),
  };
  const key = JSON.stringify(input);
  if (last?.key !== key) last = { key, vocab: buildVocabulary(input) };
  return last.vocab;
}

/** The latest vocabulary and the rows it was built from (one store per process). */
let last: { key: string; vocab: Vocabulary } | undefined;
