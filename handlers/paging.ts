/** Paging for long button lists: a page of items and a row of ‹ › buttons. */
import type { FlowContext } from './flow.js';
import type { Action, ButtonSpec } from './types.js';

export const PAGE_SIZE = 6;

export interface Page<T> {
  items: T[];
  nav: ButtonSpec[][];
  page: number;
  pages: number;
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
  return { items, nav: row.length ? [row] : [], page: p, pages };
}
