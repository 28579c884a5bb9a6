/**
 * The plain-language matcher: what a question asks (criteria, a unit's status, who is
 * missing, my tasks, a deadline, how to do something, help) and what it names (a unit, a
 * deadline, a title or plan section), from the store's vocabulary. Pure and rule-based: no
 * I/O, no model; a question is matched in well under a millisecond. Trade-off: weighted cue
 * phrases plus name matching by rare words, tuned on a labelled set
 * (test/fixtures/intents.vi.yaml) and measured by bench/intent.ts, rather than a classifier
 * whose mistakes nobody could explain.
 */
import { buildIndex, search, type SearchIndex } from '../../domain/criteria-search.js';
import {
  compile,
  compileList,
  CUES,
  DEADLINE_KIND_WORDS,
  FILLER,
  FIRST_PERSON,
  INTENTS,
  NOT_DONE,
  TOPIC_ORDER,
  TOPICS,
  UNIT_KIND_WORDS,
  type HowtoTopic,
  type IntentName,
} from './lexicon.js';
import { correct, joinPieces, tokenize, words, type Token } from './tokens.js';
import type { Named, NameSet, Vocabulary } from './vocabulary.js';

export type { HowtoTopic, IntentName } from './lexicon.js';

/** Questions longer than this are read only as far as this and answered with guesses. */
export const LONG_QUESTION = 300;

export type Problem = 'too_long' | 'no_words' | 'foreign' | 'two_units' | 'ambiguous_unit' | 'unknown_unit';

export interface IntentMatch {
  intent: IntentName;
  /** The winning intent's score; 0 when nothing was placed. */
  score: number;
  unit?: Named;
  deadline?: Named;
  /** A title, award form or plan section. */
  doc?: Named;
  topic?: HowtoTopic;
  /** The other unit named, or the other candidate of an ambiguous name. */
  otherUnit?: Named;
  /** A unit name that is in no data ("xã Phong Thổ"), as typed. */
  unknownName?: string;
  /** Up to two next-best intents, for buttons. */
  guesses: IntentName[];
  problems: Problem[];
}

/** Below this score a question is not placed. */
const THRESHOLD = 2.5;

const COMPILED_CUES = Object.fromEntries(INTENTS.map((i) => [i, compile(CUES[i])])) as Record<
  (typeof INTENTS)[number],
  Array<[string, number]>
>;
const NOT_DONE_C = compileList(NOT_DONE);
const FIRST_PERSON_C = compileList(FIRST_PERSON);
const TOPICS_C = Object.fromEntries(Object.entries(TOPICS).map(([k, v]) => [k, compileList(v)])) as Record<
  HowtoTopic,
  string[]
>;
const KIND_WORDS_C = Object.fromEntries(Object.entries(DEADLINE_KIND_WORDS).map(([k, v]) => [k, compileList(v)]));
const UNIT_KIND_C = UNIT_KIND_WORDS.map((w) => words(w));
const STATUSY = compileList([
  'nộp',
  'gửi',
  'chưa',
  'tình hình',
  'việc',
  'thiếu',
  'nợ',
  'quá hạn',
  'làm gì',
  'báo cáo nào',
]);

/** Words every cue uses: known words, never "corrected" into a name. */
const CUE_WORDS = new Set<string>([
  ...Object.values(CUES).flatMap((t) => t.flatMap(([p]) => words(p))),
  ...NOT_DONE.flatMap(words),
  ...FIRST_PERSON.flatMap(words),
  ...Object.values(TOPICS).flatMap((l) => l.flatMap(words)),
  ...Object.values(DEADLINE_KIND_WORDS).flatMap((l) => l.flatMap(words)),
  ...UNIT_KIND_WORDS.flatMap(words),
  ...FILLER,
  ...words('báo cáo đơn vị thi đua khen thưởng nào ai còn đã đủ năm tháng ngày hôm qua tối mai nay'),
]);

interface Prepared {
  lexicon: Set<string>;
  byLength: Map<number, string[]>;
  index: SearchIndex;
}

const prepared = new WeakMap<Vocabulary, Prepared>();

function prepare(v: Vocabulary): Prepared {
  let p = prepared.get(v);
  if (p) return p;
  const lexicon = new Set<string>([...v.words, ...CUE_WORDS]);
  const byLength = new Map<number, string[]>();
  for (const w of lexicon) {
    const list = byLength.get(w.length) ?? [];
    list.push(w);
    byLength.set(w.length, list);
  }
  const index = buildIndex(
    v.docs.entries.map((e) => ({
      kind: e.kind === 'section' ? 'section' : e.kind === 'award' ? 'award' : 'title',
      id: e.id,
      title: e.name,
      body: e.aliases.slice(1).map((a) => a.join(' ')),
    })),
  );
  p = { lexicon, byLength, index };
  prepared.set(v, p);
  return p;
}

const FOREIGN_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Cyrillic}\p{Script=Arabic}\p{Script=Thai}\p{Script=Khmer}\p{Script=Lao}\p{Script=Hebrew}\p{Script=Devanagari}]/gu;

export function matchIntent(text: string, vocab: Vocabulary): IntentMatch {
  const problems: Problem[] = [];
  let input = text;
  if ([...input].length > LONG_QUESTION) {
    problems.push('too_long');
    input = [...input].slice(0, LONG_QUESTION).join('');
  }
  const letters = (input.match(/\p{L}/gu) ?? []).length;
  const foreign = (input.match(FOREIGN_SCRIPT) ?? []).length;
  if (letters > 0 && foreign / letters > 0.3) {
    return { intent: 'unknown', score: 0, guesses: [], problems: [...problems, 'foreign'] };
  }
  const p = prepare(vocab);
  const raw = tokenize(input);
  if (raw.length === 0) return { intent: 'unknown', score: 0, guesses: [], problems: [...problems, 'no_words'] };
  const tokens = correct(
    joinPieces(raw, (w) => p.lexicon.has(w)),
    p.lexicon,
    p.byLength,
  );
  const toks = tokens.map((t) => t.tok);
  const s = ` ${toks.join(' ')} `;
  const has = (phrase: string) => s.includes(phrase);

  // --- what it names
  const doc = bestDoc(vocab.docs, toks);
  // A title's words are not a unit's ("lao động" of LĐTT is not the Labour office); a plan
  // section may carry a unit's name ("Phòng Văn hóa và Thông tin"), so its words stay.
  const consumed = new Set<string>(doc && doc.coverage >= 0.75 && doc.entry.kind !== 'section' ? doc.matched : []);
  const deadline = bestDeadline(vocab.deadlines, toks, has);
  const units = unitCandidates(vocab.units, toks, consumed);
  const unit = units[0];
  let otherUnit: Named | undefined;
  let unitProblem: Problem | undefined;
  if (unit && units[1]) {
    const b = units[1];
    const newWords = b.matched.filter((w) => !unit.matched.includes(w) && (vocab.units.df.get(w) ?? 99) <= 2);
    if (newWords.length > 0 && b.score >= 0.5 * unit.score) {
      otherUnit = b.entry;
      unitProblem = 'two_units';
    } else if (Math.abs(b.score - unit.score) < 1e-9 && sameWords(b.matched, unit.matched)) {
      otherUnit = b.entry;
      unitProblem = 'ambiguous_unit';
    }
  }

  // --- what it asks
  const cue = (i: (typeof INTENTS)[number]) => COMPILED_CUES[i].reduce((sum, [ph, w]) => (has(ph) ? sum + w : sum), 0);
  const firstPerson = FIRST_PERSON_C.some(has);
  const notDone = NOT_DONE_C.some(has);
  const statusy = STATUSY.some(has);
  const topic = TOPIC_ORDER.find((t) => TOPICS_C[t].some(has));
  const unknownName = unit ? undefined : unknownUnitName(tokens, p.lexicon, vocab);

  const score: Record<(typeof INTENTS)[number], number> = {
    criteria: cue('criteria') + (doc ? 3 * doc.coverage + (doc.coverage >= 0.99 ? 1 : 0) : 0),
    unit_status: cue('unit_status'),
    missing: cue('missing'),
    my_tasks: cue('my_tasks'),
    deadline: cue('deadline') + (deadline ? 1 : 0),
    howto: cue('howto'),
    help: cue('help'),
  };
  if (unit) score.unit_status += 3;
  else if (unknownName && score.unit_status > 0) score.unit_status += 2;
  else score.unit_status *= 0.3;
  if (!notDone) score.missing *= 0.3;
  if (unit) score.missing -= 3;
  if (firstPerson) score.missing -= 3;
  if (firstPerson && statusy) score.my_tasks += 3;
  if (unit) score.my_tasks -= 2;
  if (unit) score.deadline -= 2;
  if (topic) score.howto += 3;
  else score.howto *= 0.4;
  if (doc && doc.coverage >= 0.75 && !topic) score.howto -= 1;

  const ranked = INTENTS.map((i) => ({ i, v: score[i] })).sort((a, b) => b.v - a.v);
  const best = ranked[0]!;
  const guesses = ranked
    .filter((r) => r.v >= 1 && r.i !== best.i)
    .slice(0, 2)
    .map((r) => r.i);
  if (best.v < THRESHOLD) {
    return {
      intent: 'unknown',
      score: 0,
      guesses: ranked
        .filter((r) => r.v >= 1)
        .slice(0, 2)
        .map((r) => r.i),
      problems,
    };
  }
  const out: IntentMatch = { intent: best.i, score: best.v, guesses, problems };
  if (deadline) out.deadline = deadline;
  if (best.i === 'criteria') {
    out.doc = doc && doc.coverage >= 0.6 ? doc.entry : searchDoc(p.index, vocab.docs, toks);
  }
  if (best.i === 'unit_status' || best.i === 'my_tasks') {
    if (unit) out.unit = unit.entry;
    if (otherUnit && unitProblem) {
      out.otherUnit = otherUnit;
      problems.push(unitProblem);
    }
    if (unknownName && !unit && best.i === 'unit_status') {
      out.unknownName = unknownName;
      problems.push('unknown_unit');
    }
  }
  if (best.i === 'howto' && topic) out.topic = topic;
  return out;
}

function sameWords(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((w) => b.includes(w));
}

interface Scored {
  entry: Named;
  coverage: number;
  matched: string[];
  score: number;
}

/** The alias of `e` that the question covers best, weighting words by rarity. */
function aliasScore(set: NameSet, e: Named, present: Set<string>): Scored {
  let best: Scored = { entry: e, coverage: 0, matched: [], score: 0 };
  for (const a of e.aliases) {
    let total = 0;
    let got = 0;
    const matched: string[] = [];
    for (const w of new Set(a)) {
      const weight = set.idf.get(w) ?? 0.1;
      total += weight;
      if (present.has(w)) {
        got += weight;
        matched.push(w);
      }
    }
    const coverage = total > 0 ? got / total : 0;
    if (
      coverage > best.coverage + 1e-9 ||
      (Math.abs(coverage - best.coverage) < 1e-9 && matched.length > best.matched.length)
    ) {
      best = { entry: e, coverage, matched, score: got };
    }
  }
  return best;
}

/** The title, award form or section the question names, if it names one clearly. */
function bestDoc(set: NameSet, toks: string[]): Scored | undefined {
  const present = new Set(toks);
  let best: Scored | undefined;
  for (const e of set.entries) {
    const sc = aliasScore(set, e, present);
    if (sc.matched.length === 0) continue;
    if (
      !best ||
      sc.coverage > best.coverage + 1e-9 ||
      (Math.abs(sc.coverage - best.coverage) < 1e-9 && sc.matched.length > best.matched.length)
    )
      best = sc;
  }
  return best && best.coverage >= 0.6 ? best : undefined;
}

/** The criteria search (handlers/criteria/search.ts) on the words that are not question words. */
function searchDoc(index: SearchIndex, set: NameSet, toks: string[]): Named | undefined {
  const query = toks.filter((w) => !FILLER.has(w)).join(' ');
  if (!query) return undefined;
  const hit = search(index, query, 1)[0];
  if (!hit) return undefined;
  return set.entries.find((e) => e.id === hit.doc.id && (e.kind === 'section') === (hit.doc.kind === 'section'));
}

/** The deadline named by its kind's words ("sơ kết") or its title's rare words. */
function bestDeadline(set: NameSet, toks: string[], has: (p: string) => boolean): Named | undefined {
  const present = new Set(toks);
  let best: { e: Named; v: number } | undefined;
  let tie = false;
  for (const e of set.entries) {
    let v = 0;
    for (const w of new Set(e.aliases[0] ?? [])) if (present.has(w)) v += set.idf.get(w) ?? 0;
    let n = 0;
    for (const w of new Set(e.aliases[0] ?? [])) if (present.has(w) && (set.df.get(w) ?? 99) === 1) n++;
    const byKind = e.deadlineKind !== undefined && (KIND_WORDS_C[e.deadlineKind] ?? []).some(has);
    if (!byKind && n < 2) continue;
    if (byKind) v += 3;
    if (!best || v > best.v + 1e-9) {
      best = { e, v };
      tie = false;
    } else if (Math.abs(v - best.v) < 1e-9) tie = true;
  }
  return best && best.v >= 2 && !tie ? best.e : undefined;
}

interface UnitScored extends Scored {
  entry: Named;
}

/** Units the question names, best first: a rare word of the name must be there. */
function unitCandidates(set: NameSet, toks: string[], consumed: Set<string>): UnitScored[] {
  const present = new Set(toks.filter((w) => !consumed.has(w)));
  const distinctMax = Math.max(2, Math.ceil(set.entries.length * 0.1));
  const out: UnitScored[] = [];
  for (const e of set.entries) {
    const sc = aliasScore(set, e, present);
    if (sc.matched.length === 0) continue;
    const distinct = sc.matched.some((w) => (set.df.get(w) ?? 99) <= distinctMax && w.length >= 2);
    if (!distinct || sc.coverage < 0.3) continue;
    // Words of the name next to each other in the question count extra ("bình lư"); a name
    // needs two such words or an acronym: one ordinary word ("phải", "mã", "thi") is no name.
    let adjacent = 0;
    for (let i = 0; i + 1 < toks.length; i++) {
      if (sc.matched.includes(toks[i]!) && sc.matched.includes(toks[i + 1]!)) adjacent++;
    }
    const acronym = e.aliases.some((a) => a.length === 1 && a[0]!.length >= 3 && present.has(a[0]!));
    if (adjacent === 0 && !acronym) continue;
    out.push({ ...sc, score: sc.score + sc.coverage + 0.5 * adjacent });
  }
  return out.sort((a, b) => b.score - a.score);
}

/** "xã Phong Thổ": a unit kind word followed by words no name in the data uses. */
function unknownUnitName(tokens: Token[], lexicon: Set<string>, vocab: Vocabulary): string | undefined {
  const toks = tokens.map((t) => t.tok);
  for (let i = 0; i < toks.length; i++) {
    const kind = UNIT_KIND_C.find((k) => k.every((w, j) => toks[i + j] === w));
    if (!kind) continue;
    const start = i + kind.length;
    let end = start;
    while (end < toks.length && end - start < 3 && !CUE_WORDS.has(toks[end]!)) end++;
    if (end === start) continue;
    const name = toks.slice(start, end);
    if (name.every((w) => vocab.units.df.has(w) && lexicon.has(w))) continue;
    return [...new Set(tokens.slice(i, end).map((t) => t.raw))].join(' ');
  }
  return undefined;
}
