/**
 * The names the matcher recognises, built from the store's rows (units, deadlines, titles and
 * award forms, plan sections with their synonyms): names are data, so another jurisdiction's
 * file works without code changes. Pure. Trade-off: every name is split into words weighted
 * by how rare they are among names of the same kind (inverse document frequency), so the
 * shared tail "xã Bình Lư" of every unit in a commune's file weighs nothing and "Trạm Y tế"
 * decides, without a list of stop words per jurisdiction.
 */
import { words } from './tokens.js';

export interface VocabularyInput {
  units: Array<{ id: number; code: string; name: string }>;
  deadlines: Array<{ id: number; code: string; title: string; kind: string }>;
  titles: Array<{ id: number; code: string; name: string; kind: string; synonyms?: readonly string[] }>;
  sections: Array<{ id: number; code: string; title: string; synonyms?: readonly string[] }>;
}

export interface Named {
  kind: 'unit' | 'deadline' | 'title' | 'award' | 'section';
  id: number;
  code: string;
  name: string;
  /** Word lists this entry answers to: its name, shortened forms, synonyms, acronyms. */
  aliases: string[][];
  /** Deadline kind (registration, midyear_review…), for the kind's own words. */
  deadlineKind?: string;
}

export interface NameSet {
  entries: Named[];
  /** Inverse document frequency of each word among this set's entries. */
  idf: Map<string, number>;
  /** In how many entries each word occurs. */
  df: Map<string, number>;
}

export interface Vocabulary {
  units: NameSet;
  deadlines: NameSet;
  /** Titles, award forms and plan sections: what /tieuchi looks up. */
  docs: NameSet;
  /** Every word of every name, for typo correction. */
  words: Set<string>;
}

/** Leading numbering of a plan section ("II.", "1.") is not part of its name. */
function stripNumbering(ws: string[]): string[] {
  let i = 0;
  while (i < ws.length && /^(\d+|[ivxl]+)$/.test(ws[i]!)) i++;
  return ws.slice(i);
}

function withoutParentheses(s: string): string {
  return s.replace(/\([^)]*\)/g, ' ');
}

/** Words that join a name and are left out of its acronym ("Giáo dục và Đào tạo" → GDĐT). */
const LINKING = new Set(['va', 'cua', 'cac', 'voi']);

function acronym(ws: string[]): string {
  return ws
    .filter((w) => !LINKING.has(w))
    .map((w) => w[0])
    .join('');
}

/** The part of a unit name after its administrative place ("… huyện Tam Đường", "… xã Bình Lư"). */
const PLACE_WORDS = new Set(['huien', 'xa', 'tinh', 'phuong', 'thi']);

function unitCore(ws: string[]): string[] {
  let start = 0;
  if (ws[0] === 'ubnd') start = 1;
  else if (ws.slice(0, 4).join(' ') === 'ui ban nhan dan') start = 4;
  let end = ws.length;
  for (let i = start + 1; i < ws.length; i++) {
    if (PLACE_WORDS.has(ws[i]!) && !(ws[i] === 'thi' && ws[i + 1] !== 'tran')) {
      end = i;
      break;
    }
  }
  return ws.slice(start, end);
}

function nameSet(entries: Named[]): NameSet {
  const df = new Map<string, number>();
  for (const e of entries) {
    const seen = new Set(e.aliases.flat());
    for (const w of seen) df.set(w, (df.get(w) ?? 0) + 1);
  }
  const n = entries.length;
  const idf = new Map<string, number>();
  for (const [w, c] of df) idf.set(w, Math.log((n + 1) / c));
  return { entries, idf, df };
}

/** Drops acronyms two entries would share: an ambiguous acronym names nothing. */
function dropSharedAcronyms(entries: Named[], acronyms: Map<Named, string[]>): void {
  const count = new Map<string, number>();
  for (const list of acronyms.values()) for (const a of new Set(list)) count.set(a, (count.get(a) ?? 0) + 1);
  for (const e of entries) {
    for (const a of acronyms.get(e) ?? []) if (count.get(a) === 1) e.aliases.push([a]);
  }
}

export function buildVocabulary(input: VocabularyInput): Vocabulary {
  const unitEntries: Named[] = [];
  const unitAcronyms = new Map<Named, string[]>();
  for (const u of input.units) {
    const full = words(u.name);
    const plain = words(withoutParentheses(u.name));
    const core = unitCore(plain);
    const e: Named = { kind: 'unit', id: u.id, code: u.code, name: u.name, aliases: [full] };
    if (core.length && core.join(' ') !== full.join(' ')) e.aliases.push(core);
    // Acronyms of every run of the core's words: "Phòng Tài chính – Kế hoạch" is PTCKH and
    // TCKH, "Ủy ban Mặt trận Tổ quốc Việt Nam" is MTTQ, "Trung tâm Y tế" is TTYT.
    const acr: string[] = [];
    for (let i = 0; i < core.length; i++)
      for (let j = i + 2; j <= core.length; j++) acr.push(acronym(core.slice(i, j)));
    unitAcronyms.set(
      e,
      acr.filter((a) => a.length >= 3),
    );
    unitEntries.push(e);
  }
  dropSharedAcronyms(unitEntries, unitAcronyms);

  const deadlineEntries: Named[] = input.deadlines.map((d) => ({
    kind: 'deadline',
    id: d.id,
    code: d.code,
    name: d.title,
    deadlineKind: d.kind,
    aliases: [words(d.title).filter((w) => !/^\d{4}$/.test(w))],
  }));

  const docEntries: Named[] = [];
  const docAcronyms = new Map<Named, string[]>();
  for (const t of input.titles) {
    const plain = words(withoutParentheses(t.name));
    const e: Named = {
      kind: t.kind === 'award' ? 'award' : 'title',
      id: t.id,
      code: t.code,
      name: t.name,
      aliases: [words(t.name), plain],
    };
    for (const s of t.synonyms ?? []) e.aliases.push(words(s));
    docAcronyms.set(e, plain.length >= 3 ? [acronym(plain)] : []);
    docEntries.push(e);
  }
  for (const s of input.sections) {
    const plain = stripNumbering(words(withoutParentheses(s.title)));
    const e: Named = { kind: 'section', id: s.id, code: s.code, name: s.title, aliases: [plain] };
    for (const syn of s.synonyms ?? []) e.aliases.push(words(syn));
    docEntries.push(e);
  }
  dropSharedAcronyms(docEntries, docAcronyms);
  for (const e of [...unitEntries, ...deadlineEntries, ...docEntries])
    e.aliases = e.aliases.filter((a) => a.length > 0);

  const all = new Set<string>();
  for (const e of [...unitEntries, ...deadlineEntries, ...docEntries])
    for (const a of e.aliases) for (const w of a) all.add(w);
  return { units: nameSet(unitEntries), deadlines: nameSet(deadlineEntries), docs: nameSet(docEntries), words: all };
}
