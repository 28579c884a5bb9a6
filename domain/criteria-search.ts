/**
 * Ranked keyword search over titles, award forms and plan sections, forgiving missing
 * Vietnamese diacritics ("lao dong tien tien" finds "Lao động tiên tiến", đ and d alike).
 * Pure: the corpus is small (tens to hundreds of documents) and is ranked in memory.
 */
import { foldVi } from './text.js';

export interface SearchDoc {
  kind: 'title' | 'award' | 'section';
  id: number;
  title: string;
  /** Secondary text (criteria, bullet items) that also matches, at a lower weight. */
  body: string[];
}

export interface SearchHit {
  doc: SearchDoc;
  score: number;
}

interface Prepared {
  doc: SearchDoc;
  title: string;
  titleWords: Set<string>;
  body: string;
  bodyWords: Set<string>;
}

export interface SearchIndex {
  docs: Prepared[];
  vocabulary: Set<string>;
}

export function buildIndex(docs: SearchDoc[]): SearchIndex {
  const vocabulary = new Set<string>();
  const prepared = docs.map((doc) => {
    const title = foldVi(doc.title);
    const body = foldVi(doc.body.join(' '));
    const titleWords = new Set(title.split(' ').filter(Boolean));
    const bodyWords = new Set(body.split(' ').filter(Boolean));
    for (const w of titleWords) vocabulary.add(w);
    for (const w of bodyWords) vocabulary.add(w);
    return { doc, title, titleWords, body, bodyWords };
  });
  return { docs: prepared, vocabulary };
}

/**
 * Documents that contain every known query word, best first. Words that occur nowhere in the
 * corpus ("danh hieu" typed before a title) are ignored rather than failing the search.
 */
export function search(index: SearchIndex, query: string, limit = 10): SearchHit[] {
  const q = foldVi(query);
  const words = q.split(' ').filter((w) => w.length > 0);
  const known = words.filter((w) => index.vocabulary.has(w));
  if (known.length === 0) return [];
  const phrase = known.join(' ');
  const hits: SearchHit[] = [];
  for (const p of index.docs) {
    if (!known.every((w) => p.titleWords.has(w) || p.bodyWords.has(w))) continue;
    let score = 0;
    if (p.title === phrase) score += 100;
    else if (containsPhrase(p.title, phrase)) score += 60;
    else if (containsPhrase(p.body, phrase)) score += 25;
    const inTitle = known.filter((w) => p.titleWords.has(w)).length;
    score += (inTitle / known.length) * 30;
    // Shorter titles are more specific: "Lao động tiên tiến" before "Tập thể lao động tiên tiến".
    score -= Math.min(p.titleWords.size, 20) * 0.5;
    if (p.doc.kind !== 'section') score += 5;
    hits.push({ doc: p.doc, score });
  }
  hits.sort((a, b) => b.score - a.score || a.doc.title.length - b.doc.title.length);
  return hits.slice(0, limit);
}

function containsPhrase(text: string, phrase: string): boolean {
  return ` ${text} `.includes(` ${phrase} `);
}

/** Titles that look like the query, for "did you mean" when nothing matched. */
export function suggest(index: SearchIndex, query: string, limit = 3): SearchDoc[] {
  const q = foldVi(query);
  if (q.length < 2) return [];
  const qGrams = trigrams(q);
  const scored = index.docs
    .map((p) => ({ doc: p.doc, sim: Math.max(similarity(qGrams, trigrams(p.title)), wordSimilarity(q, p.titleWords)) }))
    .filter((s) => s.sim >= 0.3)
    .sort((a, b) => b.sim - a.sim);
  const seen = new Set<string>();
  const out: SearchDoc[] = [];
  for (const s of scored) {
    if (seen.has(s.doc.title)) continue;
    seen.add(s.doc.title);
    out.push(s.doc);
    if (out.length >= limit) break;
  }
  return out;
}

function trigrams(s: string): Set<string> {
  const padded = `  ${s} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}

function similarity(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const g of a) if (b.has(g)) inter++;
  return inter / (a.size + b.size - inter || 1);
}

/** Share of query words that are within one edit of some title word (typos like "tein"). */
function wordSimilarity(q: string, titleWords: Set<string>): number {
  const words = q.split(' ').filter((w) => w.length >= 3);
  if (words.length === 0) return 0;
  let close = 0;
  for (const w of words) {
    for (const t of titleWords) {
      if (withinOneEdit(w, t)) {
        close++;
        break;
      }
    }
  }
  return (close / words.length) * 0.9;
}

function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diffs: number[] = [];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diffs.push(i);
    if (diffs.length === 1) return true;
    // one transposition ("tein" / "tien")
    return (
      diffs.length === 2 && diffs[1] === diffs[0]! + 1 && a[diffs[0]!] === b[diffs[1]] && a[diffs[1]] === b[diffs[0]!]
    );
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  let j = 0;
  let skipped = false;
  while (i < s.length && j < l.length) {
    if (s[i] === l[j]) {
      i++;
      j++;
    } else if (skipped) return false;
    else {
      skipped = true;
      j++;
    }
  }
  return true;
}
