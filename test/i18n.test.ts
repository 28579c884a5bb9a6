import { describe, expect, it } from 'vitest';
import { catalogs, placeholders } from '../handlers/i18n/index.js';
import { COMMANDS } from '../handlers/commands.js';

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
});
