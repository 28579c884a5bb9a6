/**
 * Paging for long button lists: a page of items, "trang i/n" for the text, and the ‹ › words.
 * One rule on every page and every channel: the items are numbered 1…k on each page, the page
 * is named in the text ("trang 2/3"), and "‹ Trước" / "Sau ›" are navigation words (typed on
 * channels without buttons, never numbered), so a number means an item on every page.
 */
import type { FlowContext } from './flow.js';
import type { Action, ButtonSpec } from './types.js';

export const PAGE_SIZE = 6;

/** The most items a drill-down shows at once (units of a deadline, submissions, sections). */
export const DRILL_PAGE = 8;

export interface Page<T> {
  items: T[];
  nav: ButtonSpec[][];
  page: number;
  pages: number;
  /** "trang i/n", for the text above the list. */
  note: string;
}

export function paginate<T>(
  all: T[],
  page: number,
  to: (page: number) => Action,
  t: FlowContext['t'],
  size = PAGE_SIZE,
): Page<T> {
  const pages = Math.max(1, Math.ceil(all.length / size));
  const p = Math.min(Math.max(0, Number.isFinite(page) ? page : 0), pages - 1);
  const items = all.slice(p * size, (p + 1) * size);
  const row: ButtonSpec[] = [];
  // Paging is navigation: on channels without buttons it is typed ("sau", "trước") and takes
  // no number, so the items keep their numbers and no number means "next" on one page and an
  // item on another.
  if (p > 0) row.push({ label: t('common.prev'), action: to(p - 1), word: true });
  if (p < pages - 1) row.push({ label: t('common.next'), action: to(p + 1), word: true });
  return { items, nav: row.length ? [row] : [], page: p, pages, note: t('common.page', { page: p + 1, pages }) };
}

/** A list's heading with its page: "Danh hiệu thi đua (trang 1/2)". */
export function withPage(text: string, pg: Pick<Page<unknown>, 'note'>): string {
  return `${text} (${pg.note})`;
}
