/**
 * The jurisdiction's names as messages use them (issuer, standing office), with a neutral
 * wording when none is set up, and whether one is configured at all. Pure: the caller passes
 * the jurisdiction it acts in (read with the update by the engine).
 *
 * Trade-off: "configured" means an issuer is set; a bot with only national content (no data
 * file, no `admin init`) still answers criteria look-ups and says in one line that it is not set
 * up, rather than pretending to belong to nobody in particular.
 */
import type { JurisdictionRow } from '../db/queries/jurisdictions.js';
import type { FlowContext } from './flow.js';
import type { Translator } from './i18n/index.js';

export interface JurisdictionNames {
  configured: boolean;
  /** The issuing body, or '' when not configured (messages then take their neutral variant). */
  issuer: string;
  /** The standing office, or a neutral description of it. */
  office: string;
}

export function jurisdictionNames(
  j: Pick<JurisdictionRow, 'issuer' | 'officeName'> | undefined,
  t: Translator,
): JurisdictionNames {
  const issuer = j?.issuer.trim() ?? '';
  return { configured: issuer !== '', issuer, office: j?.officeName.trim() || t('neutral.office') };
}

/** A jurisdiction's name as a list shows it: "Tỉnh Lai Châu (chính quyền hai cấp, từ 01/07/2025)" → "Tỉnh Lai Châu". */
export function placeName(name: string): string {
  return name.replace(/\s*\([^)]*\)\s*$/, '').trim() || name;
}

/** The names for the update being handled. */
export function jurisdictionOf(ctx: Pick<FlowContext, 'jurisdiction' | 't'>): JurisdictionNames {
  return jurisdictionNames(ctx.jurisdiction, ctx.t);
}
