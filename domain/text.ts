/**
 * Vietnamese text rules with no I/O, shared by every layer: folding for matching (the
 * eligibility engine's names, the criteria search, the intent matcher, the importer's keys),
 * input hygiene, commands, splitting and shortening for messages. One folding for the whole
 * project: two would disagree on some "đ" or tone mark and a search would miss.
 */

/**
 * Folds Vietnamese for matching: NFD, strip combining marks, đ→d, lower case, single spaces.
 * "Lao động TIÊN tiến" and "lao dong tien tien" fold to the same string.
 */
export function foldVi(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}%]+/gu, ' ')
    .trim();
}

/** Words that mean "go back one step" at a typed question, folded ("quay lại", "back", "lùi"). */
const BACK_WORDS = new Set(['quay lai', 'back', 'lui']);

export function isBackWord(text: string): boolean {
  return BACK_WORDS.has(foldVi(text));
}

/** Longest message we read; anything longer is refused before any flow sees it. */
export const MAX_INPUT_LENGTH = 4000;

/**
 * Cleans what a person typed: NFC (Zalo and some keyboards send NFD), control characters
 * removed, whitespace trimmed. Returns undefined for text that is empty after cleaning.
 */
export function cleanInput(raw: string): string | undefined {
  const s = raw
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, '')
    .trim();
  return s === '' ? undefined : s;
}

export interface ParsedCommand {
  name: string;
  args: string;
}

/**
 * Recognises `/name args` and `/name@bot args`. Names are ASCII (Telegram's rule), folded
 * to lower case. Returns undefined for text that is not a command.
 */
export function parseCommand(text: string, botUsername?: string): ParsedCommand | undefined {
  const m = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+([\s\S]*))?$/.exec(text);
  if (!m) return undefined;
  if (m[2] && botUsername && m[2].toLowerCase() !== botUsername.toLowerCase()) return undefined;
  return { name: m[1]!.toLowerCase(), args: (m[3] ?? '').trim() };
}

/** Splits a long text at paragraph or line boundaries so each part fits `max` characters. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  // A string has at most as many code points as UTF-16 units: most texts need no counting.
  while (rest.length > max && [...rest].length > max) {
    const chars = [...rest];
    const window = chars.slice(0, max).join('');
    let cut = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'));
    if (cut < max / 3) cut = window.lastIndexOf(' ');
    if (cut < max / 3) cut = window.length;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

/** Cuts a label to `max` characters with an ellipsis. */
export function ellipsis(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : chars.slice(0, max - 1).join('') + '…';
}

/**
 * Shortens a label to at most `max` characters at a word boundary, with an ellipsis: a button
 * reads "Báo cáo sơ kết 6 tháng…", never "Báo cáo sơ kết 6 thá…". A first word longer than
 * `max` is the one case cut inside a word. Trailing punctuation before the cut is dropped.
 */
export function shortLabel(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  // Room for the ellipsis; the window ends at a word boundary when the next character is a space.
  const window = chars.slice(0, max - 1).join('');
  const whole = /\s/u.test(chars[max - 1] ?? '');
  const space = window.search(/\s\S*$/u);
  const kept = (whole ? window : space > 0 ? window.slice(0, space) : window).replace(/[\s,;:.\-–—(]+$/u, '');
  return `${kept === '' ? window : kept}…`;
}

/**
 * "name — detail" within `max` characters: the name is shortened (at a word boundary) so
 * that the detail, the part that differs between the buttons of a list, is always whole.
 */
export function labelWith(name: string, detail: string, max: number): string {
  const room = max - [...detail].length - 3;
  if (room < 8) return shortLabel(`${name} — ${detail}`, max);
  return `${shortLabel(name, room)} — ${detail}`;
}
