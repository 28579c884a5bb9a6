/**
 * A fast path for the commonest line of a large data file: one sequence item written as a
 * one-line flow map, `  - { code: u1, name: "Xã A", kind: commune, office: true }`.
 *
 * Why: the `yaml` library spends about 80 µs on such a line; 100,000 units (and as many people)
 * took most of an import's time. This reads it in a few µs.
 *
 * Trade-off: it accepts only a subset whose meaning is beyond doubt and gives up (undefined)
 * on anything else, so the caller hands that slice to the library: keys of letters, digits and
 * "_"; values that are a double-quoted string without a backslash, a single-quoted string
 * without a quote inside, `true`/`false`/`null`, or a plain word that starts with a letter and
 * cannot be read as a number, a boolean or null in YAML 1.1 or 1.2 (no spaces, no "yes"/"no"/
 * "on"/"off"/"~"). A repeated key, nested collections, escapes, anchors, tags: library.
 * test/import-scale.test.ts checks that both read the same values.
 */

const KEY = /[A-Za-z_][A-Za-z0-9_]*/y;
const PLAIN = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const AMBIGUOUS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);

/** The map an item line holds, or undefined when the line is not in the subset. */
export function parseFlowItemLine(line: string, indent: number): Record<string, unknown> | undefined {
  let i = indent;
  if (line.charCodeAt(i) !== 45 /* - */ || line[i + 1] !== ' ') return undefined;
  i += 2;
  while (line[i] === ' ') i++;
  if (line[i] !== '{') return undefined;
  i++;
  const out: Record<string, unknown> = {};
  for (;;) {
    while (line[i] === ' ') i++;
    KEY.lastIndex = i;
    const key = KEY.exec(line)?.[0];
    if (!key || line[i + key.length] !== ':' || line[i + key.length + 1] !== ' ') return undefined;
    if (Object.prototype.hasOwnProperty.call(out, key)) return undefined;
    i += key.length + 2;
    while (line[i] === ' ') i++;
    const c = line[i];
    let value: unknown;
    if (c === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) return undefined;
      const s = line.slice(i + 1, end);
      if (s.includes('\\')) return undefined;
      value = s;
      i = end + 1;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0 || line[end + 1] === "'") return undefined;
      value = line.slice(i + 1, end);
      i = end + 1;
    } else {
      PLAIN.lastIndex = i;
      const word = PLAIN.exec(line)?.[0];
      if (!word) return undefined;
      if (word === 'true' || word === 'false') value = word === 'true';
      else if (word === 'null') value = null;
      else if (AMBIGUOUS.has(word.toLowerCase())) return undefined;
      else value = word;
      i += word.length;
    }
    out[key] = value;
    while (line[i] === ' ') i++;
    if (line[i] === ',') {
      i++;
      continue;
    }
    if (line[i] !== '}') return undefined;
    i++;
    break;
  }
  const rest = line.slice(i);
  return /^\s*$/.test(rest) || /^\s+#/.test(rest) ? out : undefined;
}
