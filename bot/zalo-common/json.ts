/**
 * JSON parsing that never loses digits of an id. Zalo documents every id as a string, but a
 * body that carries a bare integer larger than 2^53 (`"id": 2468458835296117922`) would be
 * rounded by `JSON.parse`. Integers of 16 digits or more are quoted before parsing, so they
 * arrive as exact strings; shorter numbers (sizes, dates in ms) stay numbers.
 */

/** Integers with at least this many digits are read as strings (2^53 has 16 digits). */
const LONG_INTEGER_DIGITS = 16;

export function quoteLongIntegers(text: string): string {
  let out = '';
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip a string literal, honouring escapes.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) {
          i++;
          break;
        } else i++;
      }
      continue;
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      if (c === 0x2d) i++;
      while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
      const intEnd = i;
      let isInteger = true;
      while (i < n && /[0-9.eE+-]/.test(text[i]!)) {
        isInteger = false;
        i++;
      }
      const digits = intEnd - start - (c === 0x2d ? 1 : 0);
      if (isInteger && digits >= LONG_INTEGER_DIGITS) {
        out += text.slice(last, start) + '"' + text.slice(start, intEnd) + '"';
        last = intEnd;
      }
      continue;
    }
    i++;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** `JSON.parse` with long integers kept as strings. Throws SyntaxError like JSON.parse. */
export function parseJsonKeepingIds(text: string): unknown {
  return JSON.parse(quoteLongIntegers(text));
}

/** `parseJsonKeepingIds`, or undefined when the text is not JSON (no JSON text parses to undefined). */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return parseJsonKeepingIds(text);
  } catch {
    return undefined;
  }
}

/** An id from a parsed body as a string ('' when absent). Numbers below 2^53 are exact. */
export function idString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'bigint') return v.toString();
  return '';
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
