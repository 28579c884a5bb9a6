/**
 * Tokens of a plain-language question: each word folded (handlers/text.ts foldVi), chat
 * shorthand expanded ("bc" → "bao cao", "ko" → "khong"), and small typos corrected against
 * the words the matcher knows. Pure. Trade-off: a fixed, bounded edit distance (one edit,
 * two for long words, only a swap for three letters) rather than a language model: it fixes
 * "tein" and "thi dau" but never guesses a word it cannot see.
 */
import { foldVi } from '../../domain/text.js';

export interface Token {
  /** The word as typed (for echoing an unknown name back). */
  raw: string;
  /** Folded, canonical form ("y" read as "i": "sỹ" and "sĩ", "ký" and "kí" alike). */
  tok: string;
}

/** Folded and canonical: the form both the questions and the vocabulary are compared in. */
export function canon(s: string): string {
  return foldVi(s).replace(/y/g, 'i');
}

/** Canonical words of a phrase. */
export function words(s: string): string[] {
  return canon(s).split(' ').filter(Boolean);
}

/** Chat shorthand officials type, by canonical form. */
const SHORTHAND: Record<string, string> = {
  bc: 'bao cao',
  dv: 'don vi',
  ko: 'khong',
  k: 'khong',
  kg: 'khong',
  khg: 'khong',
  hok: 'khong',
  hong: 'khong',
  hong0: 'khong',
  hem: 'khong',
  z: 'vai',
  dz: 'vai',
  zai: 'vai',
  dzai: 'vai',
  j: 'gi',
  ntn: 'nhu the nao',
  dk: 'dang ki',
  dki: 'dang ki',
  tdkt: 'thi dua khen thuong',
  htxsnv: 'hoan thanh xuat sac nhiem vu',
  htnv: 'hoan thanh nhiem vu',
  tui: 'toi',
  mik: 'minh',
  mk: 'minh',
  e: 'em',
  r: 'roi',
  dc: 'duoc',
  ng: 'nguoi',
  nhiu: 'nhieu',
  bn: 'bao nhieu',
  hn: 'hom nai',
  sk: 'so ket',
  dangki: 'dang ki',
  lsao: 'lam sao',
};

/** Splits and folds a question, keeping each word's original spelling. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const raw of text.split(/[^\p{L}\p{N}%]+/u)) {
    if (!raw) continue;
    const tok = canon(raw);
    if (!tok) continue;
    const expanded = SHORTHAND[tok];
    if (expanded) for (const w of expanded.split(' ')) out.push({ raw, tok: w });
    else out.push({ raw, tok });
  }
  return out;
}

const CONSONANTS_ONLY = /^[bcdfghjklmnpqrstvwxz]{1,3}$/;

/**
 * Joins abbreviations typed in pieces ("GD&ĐT" → "gd dt" → "gddt") when the joined word is
 * one the matcher knows.
 */
export function joinPieces(tokens: Token[], known: (w: string) => boolean): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1];
    if (b && CONSONANTS_ONLY.test(a.tok) && CONSONANTS_ONLY.test(b.tok) && known(a.tok + b.tok)) {
      out.push({ raw: `${a.raw} ${b.raw}`, tok: a.tok + b.tok });
      i++;
    } else out.push(a);
  }
  return out;
}

/** Rows reused by every distance computation (matching is synchronous): no allocation per pair. */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Damerau–Levenshtein distance (optimal string alignment), stopping early above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length + 1 > rows[0].length)
    rows = [new Int32Array(b.length + 1), new Int32Array(b.length + 1), new Int32Array(b.length + 1)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length]!;
}

/** How many edits a word of this length may carry and still be recognised. */
function allowance(len: number): number {
  if (len >= 8) return 2;
  if (len >= 4) return 1;
  return 0;
}

/**
 * Replaces each unknown word by the closest known one within its allowance (three-letter
 * words only by a swap of two letters: "dau" for "dua"). Words with no close match stay.
 */
export function correct(
  tokens: Token[],
  lexicon: ReadonlySet<string>,
  byLength: ReadonlyMap<number, string[]>,
): Token[] {
  return tokens
    .flatMap((t) => split(t, lexicon))
    .map((t) => {
      if (lexicon.has(t.tok) || /\d/.test(t.tok)) return t;
      const len = t.tok.length;
      if (len < 3) return t;
      const max = len === 3 ? 1 : allowance(len);
      let best: string | undefined;
      let bestD = max + 1;
      for (let l = len - max; l <= len + max; l++) {
        for (const w of byLength.get(l) ?? []) {
          // A typo seldom hits the first letter: checking only words that share it keeps a
          // question's correction to a few hundred comparisons.
          if (w.charCodeAt(0) !== t.tok.charCodeAt(0)) continue;
          if (len === 3 && !isSwap(t.tok, w)) continue;
          const dist = editDistance(t.tok, w, max);
          if (
            dist < bestD ||
            (dist === bestD && best !== undefined && commonPrefix(t.tok, w) > commonPrefix(t.tok, best))
          ) {
            best = w;
            bestD = dist;
          }
        }
      }
      return best ? { raw: t.raw, tok: best } : t;
    });
}

/** Two known words typed together ("laodong") are read apart. */
function split(t: Token, lexicon: ReadonlySet<string>): Token[] {
  if (t.tok.length < 5 || lexicon.has(t.tok)) return [t];
  for (let i = 2; i <= t.tok.length - 2; i++) {
    const a = t.tok.slice(0, i);
    const b = t.tok.slice(i);
    if (lexicon.has(a) && lexicon.has(b))
      return [
        { raw: t.raw, tok: a },
        { raw: t.raw, tok: b },
      ];
  }
  return [t];
}

function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]] && a[diff[1]] === b[diff[0]!];
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
