/**
 * Buttons as numbered choices, for channels without buttons (the local shell, the Zalo Bot
 * API, and Zalo OA messages with more buttons than it allows). One rendering, one matcher:
 * every such channel shows and accepts choices the same way.
 *
 * The one rule a person learns: a number picks one of the numbered options; navigation
 * ("giữ nguyên", "bỏ qua", "quay lại") is always a word to type, never a number, so a number
 * typed at a question is never taken for one of them. One reply is numbered once, across all
 * of its messages, and the numbers stay valid until the bot shows new choices.
 */
import { foldVi } from '../domain/text.js';
import type { OutboundButton } from './types.js';

export interface Choice {
  token: string;
  label: string;
  /** Typed as a word only; it takes no number. */
  word?: boolean;
}

export interface ChoiceHints {
  pickNumber: string;
  typeWord: string;
  /** Footer when a message has both numbered options and words. */
  pickOrWord?: string;
}

/**
 * Appends the choices to the text. Numbers start after `start` (the numbered choices of the
 * reply's earlier messages). A message that asks for typed input lists all its buttons as
 * words to type, so that a bare number typed as an answer is never taken for a choice;
 * buttons marked `word` are listed as words everywhere.
 */
export function renderChoices(
  text: string,
  buttons: OutboundButton[][],
  expectsText: boolean,
  hint: ChoiceHints,
  start = 0,
): { text: string; choices: Choice[] } {
  const flat = buttons.flat();
  if (flat.length === 0) return { text, choices: [] };
  const choices: Choice[] = [
    ...flat.filter((b) => !expectsText && !b.word).map((b) => ({ token: b.token, label: b.label })),
    ...flat.filter((b) => expectsText || b.word).map((b) => ({ token: b.token, label: b.label, word: true })),
  ];
  return { text: `${text}\n\n${choiceLines(choices, hint, start)}`, choices };
}

/** The list of choices with its footer, numbered from `start + 1`. */
export function choiceLines(choices: Choice[], hint: ChoiceHints, start = 0): string {
  let n = start;
  const lines = choices.map((c) => (c.word ? `• ${c.label}` : `${++n}. ${c.label}`));
  const numbered = n > start;
  const words = choices.some((c) => c.word);
  const footer = numbered && words ? (hint.pickOrWord ?? hint.pickNumber) : numbered ? hint.pickNumber : hint.typeWord;
  return `${lines.join('\n')}\n${footer}`;
}

/** The choices a number can pick, in their numbering order. */
export function numberedChoices(choices: Choice[]): Choice[] {
  return choices.filter((c) => !c.word);
}

/** A bare number as a person types it for a choice ("2", "2.", "2)"), or undefined. */
export function bareNumber(input: string): number | undefined {
  const trimmed = input.trim().replace(/[.)]$/, '');
  return /^\d{1,3}$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** A label without what changes while it is shown: counters in brackets, arrows, emoji. */
function plainLabel(label: string): string {
  return foldVi(label.replace(/\s*\([^)]*\)\s*/g, ' '));
}

/**
 * The choice a typed answer picks: its number (unless text is expected), its label, or the
 * label without its counter or arrows ("xong" for "Xong (2 đã chọn)", "sau" for "Sau ›").
 * Never a part of a label: "tiếp" does not pick "Tiếp nhận".
 */
export function matchChoice(input: string, choices: Choice[], expectsText: boolean): Choice | undefined {
  if (choices.length === 0) return undefined;
  const n = bareNumber(input);
  if (n !== undefined && !expectsText) return numberedChoices(choices)[n - 1];
  const folded = foldVi(input);
  if (folded === '') return undefined;
  return choices.find((c) => foldVi(c.label) === folded) ?? choices.find((c) => plainLabel(c.label) === folded);
}
