/**
 * Matching the name of a title or award form as offices write it ("CSTĐCS", "Chiến sĩ thi đua
 * cơ sở", "Giấy khen của Chủ tịch UBND xã") to a rule set's title code. Pure.
 *
 * Trade-off: exact match after folding (diacritics, case, punctuation) against the name, the
 * short name and the listed aliases; no fuzzy matching, so a near miss stays unmatched and is
 * kept as written instead of being counted as the wrong title.
 */
import { foldVi } from '../text.js';
import type { RuleSet, RuleSetTitle } from './rule-set.js';

/** Folds Vietnamese for matching names (the one folding of domain/text.ts). */
export const foldName = foldVi;

export function matchTitle(rs: RuleSet, written: string): RuleSetTitle | undefined {
  const f = foldName(written);
  if (!f) return undefined;
  return rs.titles.find((t) =>
    [t.name, t.short, t.code.replace(/_/g, ' '), ...t.aliases].some((n) => n !== undefined && foldName(n) === f),
  );
}

export function titleOf(rs: RuleSet, code: string): RuleSetTitle | undefined {
  return rs.titles.find((t) => t.code === code);
}

/** The name used in messages: the short form when there is one. */
export function shortName(rs: RuleSet, code: string): string {
  const t = titleOf(rs, code);
  return t?.short ?? t?.name ?? code;
}
