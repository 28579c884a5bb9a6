/**
 * Longest text each field of a data file may hold. Checked on the validated data by walking
 * it, so a field added to the schema later gets the default limit without being listed here.
 * Trade-off: limits go by the field's name wherever it sits (a `name` is 200 characters
 * in units, people and titles alike), which keeps the table short; list entries take the limit
 * of the list's name (`criteria`, `options` …).
 */

/** Longest person or unit name (and any other `name`). */
export const NAME_MAX = 200;
/** Any text field not listed below. */
export const DEFAULT_TEXT_MAX = 2000;

export const TEXT_LIMITS: Readonly<Record<string, number>> = {
  name: NAME_MAX,
  full_name: NAME_MAX,
  position: NAME_MAX,
  issuer: NAME_MAX,
  issuer_level: 64,
  office_name: NAME_MAX,
  council_name: NAME_MAX,
  unit: 64,
  title: 300,
  label: 300,
  options: NAME_MAX,
  issued_on: 100,
  rules_version: 100,
  level: 100,
  criteria: 1000,
  notes: 1000,
  items: 1000,
  source: 500,
};

export interface LengthIssue {
  path: Array<string | number>;
  message: string;
}

/** Every string longer than its limit, with its path (at most `max` of them). */
export function lengthIssues(data: unknown, max = 20): LengthIssue[] {
  const out: LengthIssue[] = [];
  const walk = (v: unknown, path: Array<string | number>, field: string | undefined) => {
    if (out.length >= max) return;
    if (typeof v === 'string') {
      const limit = (field && TEXT_LIMITS[field]) || DEFAULT_TEXT_MAX;
      if (v.length > limit)
        out.push({ path, message: `must be at most ${limit} characters (this one has ${v.length})` });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...path, i], field));
    } else if (v && typeof v === 'object' && !(v instanceof Date)) {
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k], k);
    }
  };
  walk(data, [], undefined);
  return out;
}
