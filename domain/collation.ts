/**
 * Vietnamese ordering of names for every list a person reads (units, people, exports, charts).
 * The database orders by code point ("Bình Lư" before "Bản Bo", "Đ" after "Z"); lists are
 * short (hundreds of rows), so they are sorted here with Intl.Collator('vi') rather than with
 * a database collation, which PGlite and a stock PostgreSQL do not share.
 */
const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

export function compareVi(a: string, b: string): number {
  return collator.compare(a, b);
}

/** Sorts a copy by the keys in order: strings by Vietnamese collation, other values as numbers. */
export function sortVi<T>(rows: readonly T[], ...keys: Array<(row: T) => string | number | boolean>): T[] {
  return [...rows].sort((x, y) => {
    for (const key of keys) {
      const a = key(x);
      const b = key(y);
      const c = typeof a === 'string' && typeof b === 'string' ? compareVi(a, b) : Number(a) - Number(b);
      if (c !== 0) return c;
    }
    return 0;
  });
}
