/**
 * Vietnamese text rules with no I/O, shared by every layer (the eligibility engine's name
 * matching, the criteria search, the intent matcher, the importer's keys). The first piece of
 * the pure domain layer of issue 12; the rest of handlers/text.ts (input hygiene, commands)
 * stays with the engine.
 */

/**
 * Folds Vietnamese for matching: NFD, strip combining marks, đ→d, lower case, single spaces.
 * "Lao động TIÊN tiến" and "lao dong tien tien" fold to the same string.
 */
export function foldVi(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}%]+/gu, ' ')
    .trim();
}
