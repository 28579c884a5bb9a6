import { describe, expect, it } from 'vitest';
import { catalogs, officeCatalogs, officeLabels, placeholders } from '../handlers/i18n/index.js';
import { assemble } from '../handlers/i18n/assemble.js';
import { areas as viAreas } from '../handlers/i18n/vi/index.js';
import { areas as enAreas } from '../handlers/i18n/en/index.js';
import { COMMANDS } from '../handlers/commands.js';
import { labelShape, labelTexts } from './helpers/office-labels.js';

describe('locale catalogs', () => {
  const viKeys = Object.keys(catalogs.vi).sort();
  const enKeys = Object.keys(catalogs.en).sort();

  it('have exactly the same keys', () => {
    expect(enKeys.filter((k) => !viKeys.includes(k))).toEqual([]);
    expect(viKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = viKeys.filter(
      (k) =>
        placeholders(catalogs.vi[k as keyof typeof catalogs.vi]).join() !==
        placeholders(catalogs.en[k as keyof typeof catalogs.en]).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('have no empty strings, and Vietnamese text is NFC', () => {
    for (const [k, v] of Object.entries(catalogs.vi)) {
      expect(v.trim(), k).not.toBe('');
      expect(v, k).toBe(v.normalize('NFC'));
    }
    for (const [k, v] of Object.entries(catalogs.en)) expect(v.trim(), k).not.toBe('');
  });

  it('describe every command', () => {
    for (const c of COMMANDS) expect(catalogs.vi[c.desc]).toBeTruthy();
  });

  it('define each key in one area file only, the same one in both languages', () => {
    expect(Object.keys(enAreas).sort()).toEqual(Object.keys(viAreas).sort());
    for (const [area, keys] of Object.entries(viAreas)) {
      const en = enAreas[area as keyof typeof enAreas];
      expect(Object.keys(en).sort(), area).toEqual(Object.keys(keys).sort());
    }
    for (const [locale, parts] of [
      ['vi', viAreas],
      ['en', enAreas],
    ] as const) {
      const defined = Object.values(parts).reduce((n, part) => n + Object.keys(part).length, 0);
      expect(defined, locale).toBe(Object.keys(catalogs[locale]).length);
    }
  });

  it('refuse a key defined in two areas instead of letting one override the other', () => {
    expect(assemble({ a: { 'x.one': '1' }, b: { 'x.two': '2' } })).toEqual({ 'x.one': '1', 'x.two': '2' });
    expect(() => assemble({ a: { 'x.one': '1' }, b: { 'x.one': '2' } })).toThrow(/x\.one is defined twice/);
  });

  it('carry the Zalo adapters’ own sentences with their placeholders', () => {
    expect(placeholders(catalogs.vi['zalo.document_link'])).toEqual(['fileName', 'minutes', 'url']);
    for (const k of ['zalo.document_unavailable', 'zalo.photo_unavailable', 'zalo.file_failed'] as const)
      expect(placeholders(catalogs.en[k]), k).toEqual(['fileName']);
  });
});

describe('office labels in the locale catalogs', () => {
  it('have the same shape in both languages', () => {
    expect(labelShape(officeCatalogs.en)).toEqual(labelShape(officeCatalogs.vi));
  });

  it('have no empty words, Vietnamese is NFC, and computed phrases use every value', () => {
    for (const locale of ['vi', 'en'] as const) {
      for (const { path, text, args } of labelTexts(officeCatalogs[locale])) {
        expect(text.trim(), `${locale} ${path}`).not.toBe('');
        if (locale === 'vi') expect(text, path).toBe(text.normalize('NFC'));
        for (const a of args ?? []) expect(text, `${locale} ${path}`).toContain(String(a));
      }
    }
  });

  it('are what officeLabels reads, Vietnamese for an unknown locale', () => {
    expect(officeLabels('en')).toBe(officeCatalogs.en);
    expect(officeLabels('xx' as 'vi')).toBe(officeCatalogs.vi);
  });
});
