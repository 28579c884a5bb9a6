/**
 * Read side of a jurisdiction's content: plans and their sections, titles (national ones and
 * the jurisdiction's own award forms), rules; and the installation's settings.
 */
import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../store.js';
import type { Scoped } from '../scope.js';
import { campaigns, jurisdictions, ruleParams, sections, settings, titles } from '../schema.js';

export type CampaignRow = typeof campaigns.$inferSelect;
export type SectionRow = typeof sections.$inferSelect;
export type TitleRow = typeof titles.$inferSelect;
export type RuleRow = typeof ruleParams.$inferSelect;

export async function getSettings(db: Db, keys: string[]): Promise<Record<string, unknown>> {
  const rows = await db.select().from(settings).where(inArray(settings.key, keys));
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

/**
 * Settings as a jurisdiction's documents and messages read them: the installation's settings
 * (document conventions), with the jurisdiction's own names — issuer, office, council, level,
 * legal basis — taken from its row, so two communes never share a heading.
 */
export async function localSettings(s: Scoped, keys: readonly string[]): Promise<Record<string, unknown>> {
  const out = await getSettings(s.tx, [...keys]);
  const [j] = await s.tx.select().from(jurisdictions).where(eq(jurisdictions.id, s.jurisdictionId)).limit(1);
  if (!j) return out;
  const own: Record<string, unknown> = {
    issuer: j.issuer,
    office_name: j.officeName,
    council_name: j.councilName,
    issuer_level: j.level,
    legal_basis: j.legalBasis,
  };
  for (const k of keys) if (k in own && own[k] != null) out[k] = own[k];
  return out;
}

export async function listCampaigns(s: Scoped): Promise<CampaignRow[]> {
  return s.tx
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.jurisdictionId, s.jurisdictionId), eq(campaigns.active, true)))
    .orderBy(asc(campaigns.ord), asc(campaigns.id));
}

export async function getCampaign(s: Scoped, id: number): Promise<CampaignRow | undefined> {
  return (
    await s.tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.jurisdictionId, s.jurisdictionId), eq(campaigns.id, id)))
      .limit(1)
  )[0];
}

export async function listSections(s: Scoped, campaignId: number): Promise<SectionRow[]> {
  return s.tx
    .select()
    .from(sections)
    .where(and(eq(sections.jurisdictionId, s.jurisdictionId), eq(sections.campaignId, campaignId)))
    .orderBy(asc(sections.ord));
}

export async function getSection(s: Scoped, id: number): Promise<SectionRow | undefined> {
  return (
    await s.tx
      .select()
      .from(sections)
      .where(and(eq(sections.jurisdictionId, s.jurisdictionId), eq(sections.id, id)))
      .limit(1)
  )[0];
}

/** National titles and this jurisdiction's own: another jurisdiction's award forms never. */
const titlesHere = (s: Scoped) => or(isNull(titles.jurisdictionId), eq(titles.jurisdictionId, s.jurisdictionId));

export async function listTitles(s: Scoped, kind?: 'title' | 'award'): Promise<TitleRow[]> {
  return s.tx
    .select()
    .from(titles)
    .where(kind ? and(titlesHere(s), eq(titles.kind, kind)) : titlesHere(s))
    .orderBy(asc(titles.historical), asc(titles.ord));
}

export async function getTitle(s: Scoped, id: number): Promise<TitleRow | undefined> {
  return (
    await s.tx
      .select()
      .from(titles)
      .where(and(titlesHere(s), eq(titles.id, id)))
      .limit(1)
  )[0];
}

/**
 * The jurisdiction's ratio rules; a rule it does not set is its parent's (a commune follows
 * the ratios its province sets unless its own file sets them).
 */
export async function listRules(s: Scoped): Promise<RuleRow[]> {
  const parent = s.tx
    .select({ id: jurisdictions.parentId })
    .from(jurisdictions)
    .where(eq(jurisdictions.id, s.jurisdictionId));
  const rows = await s.tx
    .select()
    .from(ruleParams)
    .where(or(eq(ruleParams.jurisdictionId, s.jurisdictionId), inArray(ruleParams.jurisdictionId, parent)))
    .orderBy(asc(ruleParams.code));
  const own = new Set(rows.filter((r) => r.jurisdictionId === s.jurisdictionId).map((r) => r.code));
  return rows.filter((r) => r.jurisdictionId === s.jurisdictionId || !own.has(r.code));
}

/** Everything the criteria search ranks over, in one round trip per table. */
export async function loadSearchCorpus(
  s: Scoped,
): Promise<{ titles: TitleRow[]; sections: Array<SectionRow & { campaignTitle: string }> }> {
  const t = await listTitles(s);
  const rows = await s.tx
    .select({ section: sections, campaignTitle: campaigns.title })
    .from(sections)
    .innerJoin(campaigns, and(eq(campaigns.id, sections.campaignId), eq(campaigns.active, true)))
    .where(eq(sections.jurisdictionId, s.jurisdictionId));
  return { titles: t, sections: rows.map((r) => ({ ...r.section, campaignTitle: r.campaignTitle })) };
}
