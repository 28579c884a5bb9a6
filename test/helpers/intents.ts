/**
 * The labelled question set (test/fixtures/intents.vi.yaml) scored against the matcher: shared
 * by the accuracy test and bench/intent.ts so both count a hit the same way. Pure apart from
 * reading the files it is given and the shipped national rule set. Trade-off: the vocabulary comes from parsing the data file
 * directly (ids are positions), not from a database, so the bench needs no store.
 */
import fs from 'node:fs';
import { parse } from 'yaml';
import { parseDataFile } from '../../db/data-file.js';
import { readNationalRules } from '../../db/national.js';
import { matchIntent, type IntentMatch } from '../../handlers/intent/match.js';
import { buildVocabulary, type Vocabulary, type VocabularyInput } from '../../handlers/intent/vocabulary.js';

export interface LabelledQuestion {
  q: string;
  intent: string;
  title?: string;
  section?: string;
  unit?: string;
  deadline?: string;
  topic?: string;
}

export function vocabularyInputOf(dataFile: string, timezone = 'Asia/Ho_Chi_Minh'): VocabularyInput {
  const { data } = parseDataFile(fs.readFileSync(dataFile, 'utf8'), dataFile, timezone);
  let id = 0;
  return {
    units: data.units.map((u) => ({ id: ++id, code: u.code, name: u.name })),
    deadlines: data.deadlines.map((d) => ({ id: ++id, code: d.code, title: d.title, kind: d.kind })),
    // As in the store: the national titles (data/national/, loaded at every start) and the file's own.
    titles: [...readNationalRules().titles, ...data.titles].map((t) => ({
      id: ++id,
      code: t.code,
      name: t.name,
      kind: t.kind,
      synonyms: t.synonyms,
    })),
    sections: data.campaigns.flatMap((c) =>
      c.sections.map((s) => ({ id: ++id, code: s.code, title: s.title, synonyms: s.synonyms })),
    ),
  };
}

export function vocabularyOf(dataFile: string): Vocabulary {
  return buildVocabulary(vocabularyInputOf(dataFile));
}

export function loadQuestions(file: string): LabelledQuestion[] {
  return (parse(fs.readFileSync(file, 'utf8')) as { items: LabelledQuestion[] }).items;
}

export interface Scored {
  item: LabelledQuestion;
  got: IntentMatch;
  ok: boolean;
  /** What was wrong, for the list of misses. */
  why?: string;
}

/** A hit: the right intent and every entity the label gives. */
export function score(item: LabelledQuestion, got: IntentMatch): Scored {
  if (got.intent !== item.intent) return { item, got, ok: false, why: `intent ${got.intent}` };
  const checks: Array<[string | undefined, string | undefined, string]> = [
    [item.title, got.doc && got.doc.kind !== 'section' ? got.doc.code : undefined, 'title'],
    [item.section, got.doc && got.doc.kind === 'section' ? got.doc.code : undefined, 'section'],
    [item.unit, got.unit?.code, 'unit'],
    [item.deadline, got.deadline?.code, 'deadline'],
    [item.topic, got.topic, 'topic'],
  ];
  for (const [want, have, what] of checks) {
    if (want !== undefined && want !== have) return { item, got, ok: false, why: `${what} ${have ?? '—'}` };
  }
  return { item, got, ok: true };
}

export function run(items: LabelledQuestion[], vocab: Vocabulary): Scored[] {
  return items.map((item) => score(item, matchIntent(item.q, vocab)));
}
