/**
 * Joins a locale's area files (common.ts, report.ts …) into the one flat object of its messages.
 *
 * Why: each locale's index lists its areas once, and the result keeps every key's type, so
 * `MessageKey` is still the union of all keys and English is still checked against it.
 * Trade-off: a key defined in two areas throws when the catalog loads (at start-up and in every
 * test) instead of one silently overriding the other as an object spread would.
 */

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** All the areas' keys in one object type. */
export type Assembled<A extends Record<string, object>> = UnionToIntersection<A[keyof A]>;

export function assemble<A extends Record<string, Readonly<Record<string, string>>>>(areas: A): Assembled<A> {
  const out: Record<string, string> = {};
  for (const [area, part] of Object.entries(areas)) {
    for (const [key, text] of Object.entries(part)) {
      if (Object.hasOwn(out, key)) throw new Error(`catalog key ${key} is defined twice (again in ${area})`);
      out[key] = text;
    }
  }
  return out as Assembled<A>;
}
