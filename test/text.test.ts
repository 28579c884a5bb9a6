import { describe, expect, it } from 'vitest';
import { cleanInput, foldVi, parseCommand, splitText } from '../domain/text.js';
import { matchChoice, renderChoices } from '../handlers/choices.js';

describe('Vietnamese folding', () => {
  it('matches with or without diacritics, đ and d alike', () => {
    expect(foldVi('Lao động TIÊN tiến')).toBe('lao dong tien tien');
    expect(foldVi('Đề nghị khen thưởng')).toBe('de nghi khen thuong');
    expect(foldVi('Lao \u0111o\u0302\u0323ng')).toBe('lao dong'); // NFD input from some keyboards
  });
});

describe('input hygiene', () => {
  it('drops control and invisible characters and empty text', () => {
    expect(cleanInput('  xin\u0000 chào\u200b  ')).toBe('xin chào');
    expect(cleanInput('\u0007\u0008  ')).toBeUndefined();
  });
  it('normalises NFD to NFC', () => {
    expect(cleanInput('Tie\u0302\u0301n')).toBe('Tiến');
  });
});

describe('commands', () => {
  it('parses names, bot mentions and arguments', () => {
    expect(parseCommand('/tieuchi lao dong')).toEqual({ name: 'tieuchi', args: 'lao dong' });
    expect(parseCommand('/HELP@thidua_bot', 'thidua_bot')).toEqual({ name: 'help', args: '' });
    expect(parseCommand('/help@other_bot', 'thidua_bot')).toBeUndefined();
    expect(parseCommand('tieuchi')).toBeUndefined();
    expect(parseCommand("/'; drop table units;--")).toBeUndefined();
  });
});

describe('numbered choices', () => {
  const buttons = [[{ label: 'Danh hiệu thi đua', token: 'a' }], [{ label: 'Quay lại', token: 'b' }]];
  const hint = { pickNumber: 'PICK', typeWord: 'TYPE' };
  it('render as a numbered list and accept the number or the label', () => {
    const r = renderChoices('Chọn:', buttons, false, hint);
    expect(r.text).toBe('Chọn:\n\n1. Danh hiệu thi đua\n2. Quay lại\nPICK');
    expect(matchChoice('2', r.choices, false)?.token).toBe('b');
    expect(matchChoice('danh hieu thi dua', r.choices, false)?.token).toBe('a');
    expect(matchChoice('9', r.choices, false)).toBeUndefined();
  });
  it('never take a typed number for a choice when the question expects text', () => {
    const r = renderChoices('Số cán bộ?', buttons, true, hint);
    expect(r.text).not.toContain('1.');
    expect(matchChoice('2', r.choices, true)).toBeUndefined();
    expect(matchChoice('quay lai', r.choices, true)?.token).toBe('b');
  });
  it('match a label by its plain word: counters in brackets and arrows do not count, parts of labels never do', () => {
    const r = renderChoices(
      'Chọn:',
      [
        [{ label: 'Tiếp nhận', token: 'a' }],
        [{ label: 'Sau ›', token: 'b' }],
        [{ label: 'Xong (2 đã chọn)', token: 'c' }],
      ],
      false,
      hint,
    );
    expect(matchChoice('xong', r.choices, false)?.token).toBe('c');
    expect(matchChoice('sau', r.choices, false)?.token).toBe('b');
    expect(matchChoice('tiep', r.choices, false)).toBeUndefined();
  });
  it('list navigation words without numbers and number the rest after the earlier messages of the reply', () => {
    const r = renderChoices(
      'Có?',
      [
        [
          { label: 'Có', token: 'a' },
          { label: 'Không', token: 'b' },
        ],
        [{ label: 'Giữ nguyên', token: 'c', word: true }],
      ],
      false,
      hint,
      3,
    );
    expect(r.text).toBe('Có?\n\n4. Có\n5. Không\n• Giữ nguyên\nPICK');
    const earlier = ['x', 'y', 'z'].map((token) => ({ token, label: token.toUpperCase() }));
    expect(matchChoice('1', [...earlier, ...r.choices], false)?.token).toBe('x');
    expect(matchChoice('5', [...earlier, ...r.choices], false)?.token).toBe('b');
    expect(matchChoice('6', [...earlier, ...r.choices], false)).toBeUndefined();
    expect(matchChoice('giu nguyen', r.choices, false)?.token).toBe('c');
  });
});

describe('splitting long text', () => {
  it('keeps every character and respects the limit', () => {
    const text = Array.from({ length: 120 }, (_, i) => `Dòng số ${i} có dấu tiếng Việt đầy đủ.`).join('\n');
    const parts = splitText(text, 2000);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect([...p].length).toBeLessThanOrEqual(2000);
    expect(parts.join('\n')).toBe(text);
  });
});
