/**
 * Criteria look-up: browse (plans → sections, titles, award forms, with paging) or search by
 * keyword (`/tieuchi lao dong tien tien`). Public: anyone may read criteria.
 *
 * Trade-off: every browsing button is an entry action (a list may be pressed long after it
 * was shown, from any conversation); the only step is waiting for a keyword.
 */
import { z } from 'zod';
import { bareNumber } from '../choices.js';
import { publicText, sectionLabel } from '../public-text.js';
import { assertCan } from '../../domain/authz.js';
import { buildIndex, search, suggest, type SearchDoc } from '../../domain/criteria-search.js';
import { defineActions, field } from '../actions.js';
import { defineFlow, type FlowContext } from '../flow.js';
import { defineSteps } from '../steps.js';
import type { Action, ButtonSpec } from '../types.js';
import { ellipsis, shortLabel } from '../../domain/text.js';
import { DRILL_PAGE, paginate, withPage } from '../paging.js';
import { wayBack } from './way-back.js';
import {
  getCampaign,
  getSection,
  getTitle,
  listCampaigns,
  listSections,
  listTitles,
  loadSearchCorpus,
  type SectionRow,
  type TitleRow,
} from '../../db/queries/content.js';

const F = 'criteria';

export const criteriaActions = defineActions(F, {
  entry: {
    menu: {},
    /** The titles (or the award forms), paged. */
    titles: { kind: z.enum(['title', 'award']), page: field.page.optional() },
    title: { id: field.id },
    /** A plan and its top sections, paged. */
    campaign: { id: field.id, page: field.page.optional() },
    /** A section and its subsections, paged. */
    section: { id: field.id, page: field.page.optional() },
  },
});

const steps = defineSteps(F, {
  /** A keyword typed now is searched. */
  await_query: { data: z.object({}), actions: [], text: true },
});

export const criteriaFlow = defineFlow({
  name: F,
  actions: criteriaActions,
  steps: steps.specs,

  async start(ctx, args) {
    assertCan(ctx.actor, 'criteria.read');
    if (args) return runSearch(ctx, args);
    await showMenu(ctx, false);
    steps.enter(ctx, 'await_query', {});
  },

  async onText(ctx, text) {
    assertCan(ctx.actor, 'criteria.read');
    await runSearch(ctx, text);
  },

  async onAction(ctx, action) {
    assertCan(ctx.actor, 'criteria.read');
    switch (action.op) {
      case 'menu':
        return showMenu(ctx, true);
      case 'titles':
        return showTitleList(ctx, action.kind, action.page ?? 0);
      case 'title':
        return showTitle(ctx, action.id);
      case 'campaign':
        return showCampaign(ctx, action.id, action.page ?? 0);
      case 'section':
        return showSection(ctx, action.id, action.page ?? 0);
    }
  },
});

/** A title's kind as the list knows it (anything but an award form is a title). */
const listOf = (kind: string): 'title' | 'award' => (kind === 'award' ? 'award' : 'title');

async function showMenu(ctx: FlowContext, replace: boolean): Promise<void> {
  ctx.reply({ text: ctx.t('criteria.menu'), buttons: await menuButtons(ctx), replace });
}

/** The menu's entries: titles, award forms, then one per plan. */
async function menuButtons(ctx: FlowContext): Promise<ButtonSpec[][]> {
  const campaigns = await listCampaigns(ctx.scope);
  return [
    [{ label: ctx.t('criteria.menu_titles'), action: criteriaActions.titles({ kind: 'title', page: undefined }) }],
    [{ label: ctx.t('criteria.menu_awards'), action: criteriaActions.titles({ kind: 'award', page: undefined }) }],
    ...campaigns.map((c) => [
      { label: shortLabel(c.title, 60), action: criteriaActions.campaign({ id: c.id, page: undefined }) },
    ]),
  ];
}

async function showTitleList(ctx: FlowContext, kind: 'title' | 'award', page: number): Promise<void> {
  const all = await listTitles(ctx.scope, kind);
  const pg = paginate(all, page, (p) => criteriaActions.titles({ kind, page: p }), ctx.t);
  const { items, nav } = pg;
  const header = kind === 'award' ? ctx.t('criteria.awards_header') : ctx.t('criteria.titles_header');
  ctx.reply({
    text: withPage(header, pg),
    buttons: [
      ...items.map((t) => [
        {
          label: shortLabel(t.name + (t.historical ? ` (${ctx.t('criteria.historical')})` : ''), 60),
          action: criteriaActions.title({ id: t.id }),
        },
      ]),
      ...nav,
      [{ label: ctx.t('criteria.back_menu'), action: criteriaActions.menu(), word: true }],
    ],
    replace: true,
  });
}

export function renderTitle(ctx: Pick<FlowContext, 't'>, t: TitleRow): string {
  const lines = [`${t.kind === 'award' ? '🏅' : '🎖'} ${t.name}`];
  lines.push(
    ctx.t('criteria.applies_to', { who: ctx.t(`criteria.applies.${t.appliesTo}` as 'criteria.applies.individual') }),
  );
  if (t.level) lines.push(ctx.t('criteria.level', { level: levelName(ctx, t.level) }));
  lines.push('', ctx.t('criteria.criteria_header'));
  t.criteria.forEach((c, i) => lines.push(`${i + 1}. ${c}`));
  if (t.notes.length) {
    lines.push('', ctx.t('criteria.notes_header'));
    for (const n of t.notes) lines.push(`• ${publicText(n)}`);
  }
  if (t.legalBasis) lines.push('', ctx.t('criteria.legal_basis', { basis: t.legalBasis }));
  if (t.source) lines.push(ctx.t('criteria.source', { source: publicText(t.source) }));
  if (t.historical) lines.push('', ctx.t('criteria.historical_mark'));
  if (t.uncertain) lines.push('', ctx.t('criteria.uncertain_mark'));
  return lines.join('\n');
}

const LEVELS = ['co_so', 'xa', 'huyen', 'tinh', 'trung_uong'] as const;

/** Known level codes read as words; anything else a data file uses is shown as written. */
function levelName(ctx: Pick<FlowContext, 't'>, level: string): string {
  return (LEVELS as readonly string[]).includes(level) ? ctx.t(`level.${level as (typeof LEVELS)[number]}`) : level;
}

async function showTitle(ctx: FlowContext, id: number): Promise<void> {
  const t = await getTitle(ctx.scope, id);
  if (!t) return ctx.reply({ text: ctx.t('common.stale_button') });
  ctx.reply({
    text: renderTitle(ctx, t),
    buttons: [
      [
        {
          label: ctx.t('criteria.back_list'),
          action: criteriaActions.titles({ kind: listOf(t.kind), page: undefined }),
          word: true,
        },
      ],
    ],
    replace: true,
  });
}

async function showCampaign(ctx: FlowContext, id: number, page: number): Promise<void> {
  const c = await getCampaign(ctx.scope, id);
  if (!c) return ctx.reply({ text: ctx.t('common.stale_button') });
  const top = (await listSections(ctx.scope, id)).filter((s) => !s.parentCode);
  const pg = paginate(top, page, (p) => criteriaActions.campaign({ id, page: p }), ctx.t, DRILL_PAGE);
  const { items, nav } = pg;
  const lines = [`📘 ${c.title}`];
  if (c.issuer || c.issuedOn) lines.push([c.issuer, c.issuedOn].filter(Boolean).join(', '));
  if (c.summary) lines.push('', c.summary);
  if (c.note) lines.push('', `ℹ️ ${publicText(c.note)}`);
  if (c.uncertain) lines.push('', ctx.t('criteria.uncertain_mark'));
  if (top.length) lines.push('', withPage(ctx.t('criteria.sections_heading'), pg));
  ctx.reply({
    text: lines.join('\n'),
    buttons: [
      ...items.map((s) => [
        {
          label: shortLabel(sectionLabel(s.code, s.title), 60),
          action: criteriaActions.section({ id: s.id, page: undefined }),
        },
      ]),
      ...nav,
      [{ label: ctx.t('criteria.back_menu'), action: criteriaActions.menu(), word: true }],
    ],
    replace: true,
  });
}

export function renderSection(ctx: Pick<FlowContext, 't'>, s: SectionRow, campaignTitle?: string): string {
  const lines = [`📄 ${sectionLabel(s.code, s.title)}`];
  if (campaignTitle) lines.push(`(${campaignTitle})`);
  if (s.items.length) lines.push('');
  for (const item of s.items) lines.push(`• ${item}`);
  if (s.note) lines.push('', `ℹ️ ${publicText(s.note)}`);
  if (s.uncertain) lines.push('', ctx.t('criteria.uncertain_mark'));
  return lines.join('\n');
}

async function showSection(ctx: FlowContext, id: number, page: number): Promise<void> {
  const s = await getSection(ctx.scope, id);
  if (!s) return ctx.reply({ text: ctx.t('common.stale_button') });
  const siblings = await listSections(ctx.scope, s.campaignId);
  const children = siblings.filter((c) => c.parentCode === s.code);
  const parent = s.parentCode ? siblings.find((c) => c.code === s.parentCode) : undefined;
  const pg = paginate(children, page, (p) => criteriaActions.section({ id, page: p }), ctx.t, DRILL_PAGE);
  const { items, nav } = pg;
  const heading = children.length ? `\n\n${withPage(ctx.t('criteria.sections_heading'), pg)}` : '';
  ctx.reply({
    text: renderSection(ctx, s) + heading,
    buttons: [
      ...items.map((c) => [
        {
          label: shortLabel(sectionLabel(c.code, c.title), 60),
          action: criteriaActions.section({ id: c.id, page: undefined }),
        },
      ]),
      ...nav,
      [
        parent
          ? {
              label: ctx.t('criteria.back_up', { code: shortLabel(sectionLabel(parent.code, parent.title), 40) }),
              action: criteriaActions.section({ id: parent.id, page: undefined }),
              word: true,
            }
          : {
              label: ctx.t('criteria.back_plan'),
              action: criteriaActions.campaign({ id: s.campaignId, page: undefined }),
              word: true,
            },
      ],
    ],
    replace: true,
  });
}

async function runSearch(ctx: FlowContext, query: string): Promise<void> {
  // A number is never a keyword (it would match any text with that number in it): it was
  // meant for a list, so the menu is shown to pick from, with its range ("chọn 1–N").
  if (bareNumber(query) !== undefined) {
    const count = (await menuButtons(ctx)).length;
    ctx.reply({ text: ctx.t('criteria.number_not_keyword', { n: query.trim(), count }) });
    await showMenu(ctx, false);
    steps.enter(ctx, 'await_query', {});
    return;
  }
  const corpus = await loadSearchCorpus(ctx.scope);
  const docs: SearchDoc[] = [
    // Synonyms (LĐTT, CSTĐCS…) are searched with the criteria: "/tieuchi ldtt" finds the title.
    ...corpus.titles.map((t) => ({
      kind: t.kind === 'award' ? ('award' as const) : ('title' as const),
      id: t.id,
      title: t.name,
      body: [...t.synonyms, ...t.criteria],
    })),
    ...corpus.sections.map((s) => ({
      kind: 'section' as const,
      id: s.id,
      title: s.title,
      body: [...s.synonyms, ...s.items],
    })),
  ];
  const index = buildIndex(docs);
  const hits = search(index, query, 8);
  if (hits.length === 0) {
    const close = suggest(index, query);
    ctx.reply({
      text: close.length
        ? ctx.t('criteria.no_result_suggest', { query: ellipsis(query, 80) })
        : ctx.t('criteria.no_result', { query: ellipsis(query, 80) }),
      buttons: close.length
        ? close.map((d) => [{ label: shortLabel(d.title, 60), action: docAction(d) }])
        : wayBack(ctx, criteriaActions.menu()),
      // Suggestions are numbered; with none, the reply only waits for another keyword.
      expectsText: close.length === 0,
    });
    steps.enter(ctx, 'await_query', {});
    return;
  }
  const [best, ...rest] = hits;
  const text =
    best!.doc.kind === 'section'
      ? renderSection(
          ctx,
          corpus.sections.find((s) => s.id === best!.doc.id)!,
          corpus.sections.find((s) => s.id === best!.doc.id)!.campaignTitle,
        )
      : renderTitle(
          ctx,
          corpus.titles.find((t) => t.id === best!.doc.id)!,
        );
  ctx.reply({
    text: rest.length ? `${text}\n\n${ctx.t('criteria.more_results', { count: rest.length })}` : text,
    buttons: rest.map((h) => [{ label: shortLabel(h.doc.title, 60), action: docAction(h.doc) }]),
  });
  ctx.leave();
}

function docAction(d: SearchDoc): Action {
  return d.kind === 'section'
    ? criteriaActions.section({ id: d.id, page: undefined })
    : criteriaActions.title({ id: d.id });
}
