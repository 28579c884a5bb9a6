/** The registration form of the current data, labelled in a given language. */
import type { Scoped } from '../../db/scope.js';
import { listTitles } from '../../db/queries/content.js';
import type { FormItem } from '../../domain/form-items.js';
import { registrationItems } from '../../domain/registration.js';
import { translator } from '../i18n/index.js';
import type { Locale } from '../types.js';

export async function registrationItemsFromStore(s: Scoped, locale: Locale): Promise<FormItem[]> {
  const t = translator(locale);
  return registrationItems(await listTitles(s), {
    staff: t('reg.item_staff'),
    collective: t('reg.item_collective'),
    none: t('reg.no_collective'),
    individuals: (title) => t('reg.item_individuals', { title }),
  });
}
