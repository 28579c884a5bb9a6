/**
 * Locale catalogs. Vietnamese is the reference; the English catalog is typed against it, so a
 * key missing from either fails the type check, and a test compares their placeholders.
 * Plain `{name}` placeholders are enough: Vietnamese has no plural forms and the English
 * strings are written to avoid them.
 */
import type { Locale } from '../types.js';
import { vi } from './vi.js';
import { en } from './en.js';
import { tidyEmpty } from './tidy.js';

export type MessageKey = keyof typeof vi;
export type Vars = Record<string, string | number>;
export type Translator = (key: MessageKey, vars?: Vars) => string;

export const catalogs: Record<Locale, Record<MessageKey, string>> = { vi, en };
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

export function translator(locale: Locale): Translator {
  const catalog = catalogs[locale];
  return (key, vars) => interpolate(catalog[key], vars);
}

/** The placeholders a template uses, for the catalog parity test. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}
