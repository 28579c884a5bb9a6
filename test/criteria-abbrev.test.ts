/**
 * Criteria search by the abbreviations officials type (issue 11): each one, with and without
 * "đ", finds its title through `/tieuchi X` and at the criteria prompt; the abbreviations come
 * from the data files' `synonyms`, not from code. A number at the prompt is a choice ("chọn 1–N"),
 * never a keyword.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DATA_TAM_DUONG, TEXT_CAPS, type TestApp } from './helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ national: true, seed: DATA_TAM_DUONG });
});
afterAll(async () => {
  await app?.close();
});

/** What an official types → the first line of the answer (the title found). */
const ABBREVIATIONS: Array<[string[], string]> = [
  [['LĐTT', 'LDTT', 'ldtt'], '🎖 Lao động tiên tiến'],
  [['CSTĐCS', 'CSTDCS'], '🎖 Chiến sĩ thi đua cơ sở'],
  [['CSTĐ', 'CSTD'], '🎖 Chiến sĩ thi đua cơ sở'],
  [['CSTĐT', 'CSTDT', 'CSTĐ tỉnh'], '🎖 Chiến sĩ thi đua cấp tỉnh'],
  [['CSTĐTQ', 'CSTDTQ'], '🎖 Chiến sĩ thi đua toàn quốc'],
  [['TTLĐTT', 'TTLDTT'], '🎖 Tập thể lao động tiên tiến'],
  [['TTLĐXS', 'TTLDXS'], '🎖 Tập thể lao động xuất sắc'],
  [['HTXSNV', 'htxsnv'], '🎖 Tập thể lao động xuất sắc'],
  [['HTTNV'], '🎖 Lao động tiên tiến'],
  [['BK', 'bk'], '🏅 Bằng khen của Chủ tịch UBND tỉnh'],
  [['GK', 'gk'], '🏅 Giấy khen của Chủ tịch UBND'],
  [['GĐVH', 'GDVH'], '🎖 Gia đình văn hóa'],
];

describe('criteria abbreviations, with and without đ (item 11)', () => {
  for (const [typed, title] of ABBREVIATIONS) {
    it(`${typed.join(' / ')} → ${title}`, async () => {
      for (const q of typed) {
        const chat = app.chat({ stranger: `abbr-${q}` }, { channel: 'shell', caps: TEXT_CAPS });
        const [direct] = await chat.send(`/tieuchi ${q}`);
        expect(direct!.split('\n')[0], `/tieuchi ${q}`).toContain(title);
        await chat.send('/tieuchi');
        const [prompted] = await chat.send(q);
        expect(prompted!.split('\n')[0], `prompt: ${q}`).toContain(title);
      }
    });
  }
});

describe('a number at the criteria prompt is a choice, never a keyword (item 11)', () => {
  it('out of range at the menu → "từ 1 đến N"; /tieuchi 35 → "chọn 1–N" with the menu, no section opened', async () => {
    const chat = app.chat({ stranger: 'abbr-number' }, { channel: 'shell', caps: TEXT_CAPS });
    const [menu] = await chat.send('/tieuchi');
    const n = menu!.split('\n').filter((l) => /^\d+\. /.test(l)).length;
    const [out] = await chat.send('99');
    expect(out).toContain(`từ 1 đến ${n}`);
    const [num, again] = await chat.send('/tieuchi 35');
    expect(num).toContain(`«35» là một số, không phải từ khoá. Anh/chị chọn 1–${n}`);
    expect(again).toContain('Tra cứu thi đua, khen thưởng');
    expect((num + again!).length).toBeLessThan(1500);
  });
});
