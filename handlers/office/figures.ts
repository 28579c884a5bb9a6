/**
 * The figures of a deadline computed from its units' latest submitted answers: totals and
 * averages of number items, yes/no counts, units per option of a choice item. One place, so
 * the XLSX summary, the summary report document and anything after them print the same counts.
 *
 * A figure counts every unit whose latest submitted version has a value for the item (a
 * skipped or unanswered item does not count towards an average). Percent items keep what the
 * person typed (85 means 85 %); a sum of percentages means nothing, so callers show their
 * average only.
 */
import type { FormItem } from '../../domain/form-items.js';
import type { Json } from '../types.js';
import type { DeadlineOverview } from './model.js';

/** A stored number answer as a number (old rows may hold numeric strings). */
export function numberOf(v: Json | undefined): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export interface NumberFigure {
  item: Extract<FormItem, { type: 'number' }>;
  /** Units that gave a value. */
  count: number;
  sum: number;
  average: number | undefined;
}

export function numberFigures(o: DeadlineOverview): NumberFigure[] {
  const out: NumberFigure[] = [];
  for (const item of o.items) {
    if (item.type !== 'number') continue;
    const values = o.units.map((u) => numberOf(u.answers[item.code])).filter((v): v is number => v !== undefined);
    const sum = values.reduce((a, b) => a + b, 0);
    out.push({ item, count: values.length, sum, average: values.length ? sum / values.length : undefined });
  }
  return out;
}

export interface YesNoFigure {
  item: Extract<FormItem, { type: 'yesno' }>;
  yes: number;
  no: number;
}

export function yesNoFigures(o: DeadlineOverview): YesNoFigure[] {
  return o.items
    .filter((i): i is YesNoFigure['item'] => i.type === 'yesno')
    .map((item) => ({
      item,
      yes: o.units.filter((u) => u.answers[item.code] === true).length,
      no: o.units.filter((u) => u.answers[item.code] === false).length,
    }));
}

export interface ChoiceFigure {
  item: Extract<FormItem, { type: 'choice' }>;
  /** Units per option, in the item's order; answers outside the options follow them. */
  counts: Map<string, number>;
}

export function choiceFigures(o: DeadlineOverview): ChoiceFigure[] {
  return o.items
    .filter((i): i is ChoiceFigure['item'] => i.type === 'choice')
    .map((item) => {
      const counts = new Map<string, number>(item.options.map((opt) => [opt, 0]));
      for (const u of o.units) {
        const v = u.answers[item.code];
        if (typeof v === 'string') counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      return { item, counts };
    });
}
