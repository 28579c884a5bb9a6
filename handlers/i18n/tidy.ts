/**
 * Cleans a rendered message in which a placeholder came out empty (a setting not configured, a
 * list with nothing in it), so no text ever shows a hole: a doubled space, a space before
 * punctuation, an empty pair of quotes or brackets, a dangling dash at the end of a line.
 *
 * Trade-off: it runs only when a value was empty, so messages rendered with every value present
 * stay byte for byte as written (deliberate alignment included). It fixes the typography, not the
 * grammar: a message whose sentence needs the name says so with a neutral wording chosen by its
 * caller (handlers/jurisdiction.ts).
 */

const EMPTY_PAIRS = /\(\s*\)|\[\s*\]|“\s*”|"\s*"|«\s*»|‘\s*’|'\s*'/g;

export function tidyEmpty(text: string): string {
  let out = text;
  for (let i = 0; i < 2; i++) {
    out = out
      .replace(EMPTY_PAIRS, '')
      .replace(/(\S)[ \t]{2,}/g, '$1 ')
      .replace(/[ \t]+([.,;:!?…)\]”»])/g, '$1')
      .replace(/([([“«])[ \t]+/g, '$1')
      .replace(/[ \t]+[—–-][ \t]*$/gm, '')
      .replace(/[ \t]+$/gm, '');
  }
  return out;
}
