/**
 * Walks the office labels of a locale catalog (a structured object, not flat keys) for the
 * catalog tests: their shape, and every text in them with the computed phrases rendered.
 */
import type { OfficeLabels } from '../../handlers/i18n/index.js';

/** Distinct values for the arguments of a computed phrase: each must show in the result. */
export const SAMPLE_ARGS = [21, 32, 43, 54];

/** The shape of the labels: keys, array lengths, leaf types (a phrase as `function/arity`). */
export function labelShape(v: unknown): unknown {
  if (typeof v === 'function') return `function/${v.length}`;
  if (Array.isArray(v)) return v.map(labelShape);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, labelShape(x)]),
    );
  return typeof v;
}

export interface LabelText {
  path: string;
  text: string;
  /** For a computed phrase, the arguments it was rendered with. */
  args?: number[];
}

/** Every word of the labels, computed phrases rendered with SAMPLE_ARGS. */
export function labelTexts(labels: OfficeLabels): LabelText[] {
  const out: LabelText[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') out.push({ path, text: v });
    else if (typeof v === 'function') {
      const args = SAMPLE_ARGS.slice(0, v.length);
      out.push({ path, text: String((v as (...a: number[]) => unknown)(...args)), args });
    } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(labels, '');
  return out;
}
