/**
 * Locale catalogs: all user-facing text, one catalog per locale (`vi/`, `en/`), each split into
 * one file per area (`common.ts`, `report.ts`, `zalo.ts` …) and assembled by its `index.ts`.
 * A catalog holds the chat messages (flat keys) and the office labels (the words of exported
 * documents and charts, a structured object read through `officeLabels`).
 * Vietnamese is the reference; the English catalog is typed against it, so a key missing from
 * either fails the type check, and a test compares their placeholders and the labels' shape.
 * Plain `{name}` placeholders are enough: Vietnamese has no plural forms and the English
 * strings are written to avoid them (the labels compute their few English plurals).
 */
import type { Locale } from '../types.js';
import { vi } from './vi/index.js';
import { en } from './en/index.js';
import type { OfficeLabels } from './vi/office-labels.js';
import { tidyEmpty } from './tidy.js';

export type { OfficeLabels };
export type MessageKey = keyof typeof vi.messages;
export type Vars = Record<string, string | number>;
export type Translator = (key: MessageKey, vars?: Vars) => string;

export const catalogs: Record<Locale, Record<MessageKey, string>> = { vi: vi.messages, en: en.messages };
export const officeCatalogs: Record<Locale, OfficeLabels> = { vi: vi.office, en: en.office };
export const LOCALES: readonly Locale[] = ['vi', 'en'];

export function isLocale(s: unknown): s is Locale {
  return s === 'vi' || s === 'en';
}

export function interpolate(template: string, vars?: Vars): string {
  if (!vars) return template;
  let empty = false;
  const out = template.replace(/\{(\w+)\}/g, (m, name: string) => {
    if (!(name in vars)) return m;
    const v = String(vars[name]);
    if (v.trim() === '') empty = true;
    return v;
  });
  return empty ? tidyEmpty(out) : out;
}

/** The words of documents and charts in `locale` (Vietnamese for an unknown one). */
export function officeLabels(locale: Locale): OfficeLabels {
  return officeCatalogs[locale] ?? officeCatalogs.vi;
}

export function translator(locale: Locale): Translator {
  const catalog = catalogs[locale];
  return (key, vars) => interpolate(catalog[key], vars);
}

/** The placeholders a template uses, for the catalog parity test. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}
