/**
 * The jurisdiction's names as messages use them (issuer, standing office), with a neutral
 * wording when a setting is missing, and whether a jurisdiction is configured at all. Pure: the
 * caller passes the settings it read with the update.
 *
 * Trade-off: "configured" means an issuer is set; a bot with only national content (no data
 * file, no `admin init`) still answers criteria look-ups and says in one line that it is not set
 * up, rather than pretending to belong to nobody in particular.
 */
import type { FlowContext } from './flow.js';
import type { Translator } from './i18n/index.js';

/** Settings the engine reads with every update (flows/index.ts: PRELOADED_SETTINGS). */
export const JURISDICTION_SETTINGS = ['issuer', 'office_name'] as const;

export interface JurisdictionNames {
  configured: boolean;
  /** The issuing body, or '' when not configured (messages then take their neutral variant). */
  issuer: string;
  /** The standing office, or a neutral description of it. */
  office: string;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

export function jurisdictionNames(setting: (key: string) => unknown, t: Translator): JurisdictionNames {
  const issuer = text(setting('issuer'));
  return { configured: issuer !== '', issuer, office: text(setting('office_name')) || t('neutral.office') };
}

/** The names for the update being handled (settings preloaded by the engine). */
export function jurisdictionOf(ctx: Pick<FlowContext, 'setting' | 't'>): JurisdictionNames {
  return jurisdictionNames((key) => ctx.setting(key), ctx.t);
}
