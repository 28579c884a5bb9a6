/**
 * The plain-language matcher on the labelled set (test/fixtures/intents.vi.yaml, vocabulary
 * from data/lai-chau/tam-duong.yaml): top-1 accuracy per intent and over all (a hit needs the right
 * intent and every labelled entity), every miss listed, and the time one question takes to
 * match (p50/p99 over repeated runs of the whole set). Pure CPU: no database.
 *
 *   npx tsx bench/intent.ts [--rounds 20]
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadQuestions, score, vocabularyInputOf } from '../test/helpers/intents.js';
import { buildVocabulary } from '../handlers/intent/vocabulary.js';
import { INTENTS } from '../handlers/intent/lexicon.js';
import { matchIntent } from '../handlers/intent/match.js';
import { argValue, fmt, printHeader, printTable } from './lib.js';

const rounds = Number(argValue(process.argv.slice(2), 'rounds') ?? 20);
const fixture = fileURLToPath(new URL('../test/fixtures/intents.vi.yaml', import.meta.url));
const dataFile = fileURLToPath(new URL('../data/lai-chau/tam-duong.yaml', import.meta.url));

const items = loadQuestions(fixture);
const input = vocabularyInputOf(dataFile);
const vocab = buildVocabulary(input);
// The ask flow builds the vocabulary afresh for each question (after its four small queries),
// and the first match of a vocabulary prepares its word lists: both, timed together.
const builds: number[] = [];
for (let i = 0; i < 60; i++) {
  const a = performance.now();
  matchIntent('xin chào', buildVocabulary(input));
  builds.push(performance.now() - a);
}
builds.sort((a, b) => a - b);
const buildMs = builds[Math.floor(builds.length / 2)]!;

printHeader('intent matcher', [
  `set: test/fixtures/intents.vi.yaml (${items.length} questions)`,
  `vocabulary: data/lai-chau/tam-duong.yaml (${input.units.length} units, ${input.deadlines.length} deadlines, ${input.titles.length} titles and awards, ${input.sections.length} sections; built and prepared in ${fmt(buildMs, 2)} ms, median of 60)`,
  `timing: ${rounds} rounds of the whole set`,
]);

const results = items.map((item) => score(item, matchIntent(item.q, vocab)));
const rows: Array<Array<string | number>> = [];
for (const intent of [...INTENTS, 'unknown']) {
  const mine = results.filter((r) => r.item.intent === intent);
  const ok = mine.filter((r) => r.ok).length;
  rows.push([intent, mine.length, ok, fmt((100 * ok) / Math.max(1, mine.length), 1)]);
}
const allOk = results.filter((r) => r.ok).length;
rows.push(['over all', results.length, allOk, fmt((100 * allOk) / results.length, 1)]);
printTable(['intent', '>questions', '>right', '>top-1 %'], rows);

const misses = results.filter((r) => !r.ok);
console.log('');
console.log(`misses (${misses.length}):`);
for (const m of misses) console.log(`  [${m.item.intent}] got ${m.why}: ${m.item.q}`);

// Questions written after the tuning and never used for it: the estimate on new wording.
const heldOut = loadQuestions(fileURLToPath(new URL('../test/fixtures/intents.heldout.vi.yaml', import.meta.url))).map(
  (item) => score(item, matchIntent(item.q, vocab)),
);
const heldOk = heldOut.filter((r) => r.ok).length;
console.log('');
console.log(
  `held-out set (test/fixtures/intents.heldout.vi.yaml): ${heldOk}/${heldOut.length} right = ${fmt((100 * heldOk) / heldOut.length, 1)} %`,
);
for (const m of heldOut.filter((r) => !r.ok)) console.log(`  [${m.item.intent}] got ${m.why}: ${m.item.q}`);

// Timing: every question, many times; the first round warms the JIT and is not counted.
const times: number[] = [];
for (let r = 0; r <= rounds; r++) {
  for (const item of items) {
    const a = performance.now();
    matchIntent(item.q, vocab);
    if (r > 0) times.push(performance.now() - a);
  }
}
// The same number of runs of a fixed arithmetic task of about the same median, timed the same
// way: on a shared machine its tail is the machine's, not the matcher's.
const baseline: number[] = [];
let sink = 0;
for (let i = 0; i < times.length; i++) {
  const a = performance.now();
  for (let k = 0; k < 60_000; k++) sink += Math.sqrt(k);
  baseline.push(performance.now() - a);
}
const pct = (list: number[], p: number) => {
  const s = [...list].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
console.log('');
printTable(
  ['', '>runs', '>p50 ms', '>p99 ms', '>max ms'],
  [
    [
      'matchIntent (one question)',
      times.length,
      fmt(pct(times, 50), 3),
      fmt(pct(times, 99), 3),
      fmt(pct(times, 100), 3),
    ],
    [
      'baseline (fixed arithmetic)',
      baseline.length,
      fmt(pct(baseline, 50), 3),
      fmt(pct(baseline, 99), 3),
      fmt(pct(baseline, 100), 3),
    ],
  ],
);
console.log(
  `load average: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}${sink > 0 ? '' : ' '}`,
);
