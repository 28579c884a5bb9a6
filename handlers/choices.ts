/**
 * Buttons as numbered choices, for channels without buttons (the local shell, the Zalo Bot
 * API, and Zalo OA messages with more buttons than it allows). One rendering, one matcher:
 * every such channel shows and accepts choices the same way.
 */
import { foldVi } from './text.js';
import type { OutboundButton } from './types.js';

export interface Choice {
  token: string;
  label: string;
}

/**
 * Appends the choices to the text. A message that asks for typed input lists its buttons as
 * words to type, so that a bare number typed as an answer is never taken for a choice.
 */
export function renderChoices(
  text: string,
  buttons: OutboundButton[][],
  expectsText: boolean,
  hint: { pickNumber: string; typeWord: string },
): { text: string; choices: Choice[] } {
  const flat = buttons.flat();
  if (flat.length === 0) return { text, choices: [] };
  const lines = expectsText
    ? flat.map((b) => `• ${b.label}`)
    : flat.map((b, i) => `${i + 1}. ${b.label}`);
  const footer = expectsText ? hint.typeWord : hint.pickNumber;
  return {
    text: `${text}\n\n${lines.join('\n')}\n${footer}`,
    choices: flat.map((b) => ({ token: b.token, label: b.label })),
  };
}

/** The choice a typed answer picks: its number (unless text is expected) or its label. */
export function matchChoice(input: string, choices: Choice[], expectsText: boolean): Choice | undefined {
  if (choices.length === 0) return undefined;
  const trimmed = input.trim().replace(/[.)]$/, '');
  if (!expectsText && /^\d{1,3}$/.test(trimmed)) {
    return choices[Number(trimmed) - 1];
  }
  const folded = foldVi(input);
  if (folded === '') return undefined;
  return choices.find((c) => foldVi(c.label) === folded);
}
