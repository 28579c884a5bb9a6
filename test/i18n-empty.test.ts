/**
 * No message ever shows a hole: every catalog key, rendered with each of its placeholders empty
 * (settings absent, an empty list), has no doubled space, no space before punctuation and no
 * empty quotes or brackets. Rendered with real values, nothing is altered.
 */
import { describe, expect, it } from 'vitest';
import {
  catalogs,
  LOCALES,
  officeCatalogs,
  placeholders,
  translator,
  type MessageKey,
} from '../handlers/i18n/index.js';
import { tidyEmpty } from '../handlers/i18n/tidy.js';
import { holes } from './helpers/holes.js';
import { labelTexts } from './helpers/office-labels.js';

describe('every catalog key with empty values', () => {
  for (const locale of LOCALES) {
    it(`${locale}: renders without holes`, () => {
      const t = translator(locale);
      const bad: string[] = [];
      for (const key of Object.keys(catalogs[locale]) as MessageKey[]) {
        const vars = Object.fromEntries(placeholders(catalogs[locale][key]).map((p) => [p, '']));
        const text = t(key, vars);
        const h = holes(text);
        if (h.length > 0) bad.push(`${key}: ${h.join(', ')} — ${JSON.stringify(text)}`);
      }
      expect(bad).toEqual([]);
    });

    it(`${locale}: office labels, computed phrases included, have no holes`, () => {
      const bad = labelTexts(officeCatalogs[locale])
        .filter(({ text }) => holes(text).length > 0)
        .map(({ path, text }) => `${path}: ${holes(text).join(', ')} — ${JSON.stringify(text)}`);
      expect(bad).toEqual([]);
    });
  }

  it('the check itself catches each kind of hole', () => {
    expect(holes('Chào  bạn')).toEqual(['doubled space']);
    expect(holes('của .')).toEqual(['space before punctuation']);
    expect(holes('Đơn vị ""')).toEqual(['empty quote or bracket']);
    expect(holes('xã A ()')).toEqual(['empty quote or bracket']);
    expect(holes('  • thụt đầu dòng là chủ ý')).toEqual([]);
  });

  it('tidies only what an empty value left behind', () => {
    const t = translator('vi');
    expect(t('welcome.known', { name: 'Lan', role: 'đầu mối', unit: 'UBND xã A', issuer: '' })).toBe(
      'Chào Lan! Anh/chị đang tham gia với vai trò đầu mối của UBND xã A.\nGõ /trogiup để xem các việc anh/chị có thể làm.',
    );
    expect(t('welcome.known', { name: 'Lan', role: 'đầu mối', unit: 'UBND xã A', issuer: 'UBND xã B' })).toContain(
      'UBND xã A (UBND xã B).',
    );
    expect(tidyEmpty('Tiêu đề —\nDòng')).toBe('Tiêu đề\nDòng');
  });
});
