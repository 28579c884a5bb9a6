/** Read side of the jurisdiction's content: settings, plans and their sections, titles, rules. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../store.js';
import { campaigns, ruleParams, sections, settings, titles } from '../schema.js';

export type CampaignRow = typeof campaigns.$inferSelect;
export type SectionRow = typeof sections.$inferSelect;
export type TitleRow = typeof titles.$inferSelect;
export type RuleRow = typeof ruleParams.$inferSelect;

export async function getSettings(db: Db, keys: string[]): Promise<Record<string, unknown>> {
  const rows = await db.select().from(settings).where(inArray(settings.key, keys));
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export async function listCampaigns(db: Db): Promise<CampaignRow[]> {
  return db.select().from(campaigns).where(eq(campaigns.active, true)).orderBy(asc(campaigns.ord), asc(campaigns.id));
}

export async function getCampaign(db: Db, id: number): Promise<CampaignRow | undefined> {
  return (await db.select().from(campaigns).where(eq(campaigns.id, id)).limit(1))[0];
}

export async function listSections(db: Db, campaignId: number): Promise<SectionRow[]> {
  return db.select().from(sections).where(eq(sections.campaignId, campaignId)).orderBy(asc(sections.ord));
}

export async function getSection(db: Db, id: number): Promise<SectionRow | undefined> {
  return (await db.select().from(sections).where(eq(sections.id, id)).limit(1))[0];
}

export async function listTitles(db: Db, kind?: 'title' | 'award'): Promise<TitleRow[]> {
  return db
    .select()
    .from(titles)
    .where(kind ? eq(titles.kind, kind) : undefined)
    .orderBy(asc(titles.historical), asc(titles.ord));
}

export async function getTitle(db: Db, id: number): Promise<TitleRow | undefined> {
  return (await db.select().from(titles).where(eq(titles.id, id)).limit(1))[0];
}

export async function listRules(db: Db): Promise<RuleRow[]> {
  return db.select().from(ruleParams).orderBy(asc(ruleParams.code));
}

/** Everything the criteria search ranks over, in one round trip per table. */
export async function loadSearchCorpus(
  db: Db,
): Promise<{ titles: TitleRow[]; sections: Array<SectionRow & { campaignTitle: string }> }> {
  const t = await listTitles(db);
  const s = await db
    .select({ section: sections, campaignTitle: campaigns.title })
    .from(sections)
    .innerJoin(campaigns, and(eq(campaigns.id, sections.campaignId), eq(campaigns.active, true)));
  return { titles: t, sections: s.map((r) => ({ ...r.section, campaignTitle: r.campaignTitle })) };
}
