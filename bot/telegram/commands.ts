/**
 * The command menu Telegram shows next to the text box, published with setMyCommands:
 * Vietnamese names and descriptions as the default, English for clients set to English.
 *
 * Listed: commands whose flow is installed, not hidden, and usable by a unit's focal point
 * (the people the bot is mostly for). Office-only commands stay out of everyone's menu and
 * are found through /trogiup, which lists what each person may use. Publishing runs in the
 * background at start and only logs a failure: the bot works without a menu.
 */
import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { Logger } from '../logger.js';
import { asApiSignal } from './client.js';
import { errorFields } from './errors.js';
import { can, type Actor } from '../../domain/authz.js';
import { COMMANDS, type CommandInfo } from '../../handlers/commands.js';
import { translator } from '../../handlers/i18n/index.js';
import type { Locale } from '../../handlers/types.js';

const NAME = /^[a-z0-9_]{1,32}$/;

const TYPICAL: Actor = {
  kind: 'person',
  personId: 0,
  fullName: '',
  role: 'focal',
  unitId: 0,
  unitName: '',
  jurisdictionId: 0,
};

export function menuCommands(
  installedFlows: Iterable<string>,
  commands: readonly CommandInfo[] = COMMANDS,
): CommandInfo[] {
  const flows = new Set(installedFlows);
  return commands.filter((c) => flows.has(c.flow) && !c.hidden && (!c.perm || can(TYPICAL, c.perm)));
}

export function botCommands(list: readonly CommandInfo[], locale: Locale): BotCommand[] {
  const t = translator(locale);
  const out: BotCommand[] = [];
  for (const c of list) {
    const command = locale === 'vi' ? c.vi : c.en;
    if (!NAME.test(command)) continue;
    const description = t(c.desc).trim();
    out.push({
      command,
      description: description.length > 256 ? description.slice(0, 255) + '…' : description || command,
    });
  }
  return out.slice(0, 100);
}

/** Publishes the menu in both languages, one after the other; stops quietly when `signal` aborts. */
export async function publishCommandMenus(
  api: Api,
  flowNames: readonly string[],
  signal: AbortSignal,
  log: Logger,
): Promise<void> {
  const list = menuCommands(flowNames);
  for (const locale of ['vi', 'en'] as const) {
    try {
      await api.setMyCommands(
        botCommands(list, locale),
        locale === 'en' ? { language_code: 'en' } : {},
        asApiSignal(signal),
      );
    } catch (err) {
      if (signal.aborted) return;
      log.warn({ locale, ...errorFields(err) }, 'could not publish the command menu (the bot works without it)');
    }
  }
}
