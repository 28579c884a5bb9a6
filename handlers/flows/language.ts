/**
 * `/ngonngu`: the language of the bot's messages for this chat and, for a known person, for
 * every chat and reminder. Typed (`/ngonngu en`) or picked with a button.
 */
import { z } from 'zod';
import { foldVi } from '../../domain/text.js';
import { defineActions } from '../actions.js';
import { defineFlow, type FlowContext } from '../flow.js';
import { setOwnLocale } from '../services/people.js';

export const languageActions = defineActions('language', {
  entry: { set: { locale: z.enum(['vi', 'en']) } },
});

/** The language a command's argument names ("en", "English", "tiếng Việt" …), if any. */
function pickLanguage(args: string): 'vi' | 'en' | undefined {
  const wanted = foldVi(args);
  if (wanted.startsWith('en') || wanted === 'tieng anh') return 'en';
  if (wanted.startsWith('vi') || wanted === 'tieng viet') return 'vi';
  return undefined;
}

async function setLanguage(ctx: FlowContext, locale: 'vi' | 'en'): Promise<void> {
  ctx.setLocale(locale);
  await setOwnLocale(ctx.scope, ctx.actor, locale, ctx.now);
  ctx.reply({ text: ctx.t('language.set') });
}

export const languageFlow = defineFlow({
  name: 'language',
  actions: languageActions,
  steps: {},
  async start(ctx, args) {
    const pick = pickLanguage(args);
    if (pick) return setLanguage(ctx, pick);
    ctx.reply({
      text: ctx.t('language.choose'),
      buttons: [
        [
          { label: 'Tiếng Việt', action: languageActions.set({ locale: 'vi' }) },
          { label: 'English', action: languageActions.set({ locale: 'en' }) },
        ],
      ],
    });
  },
  async onAction(ctx, action) {
    return setLanguage(ctx, action.locale);
  },
});
