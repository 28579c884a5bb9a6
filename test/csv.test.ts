/** CSV styles (domain/csv.ts), the CSV_STYLE setting, and the audit CSV's local times. */
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, csvNumber, localIsoTime, resolveCsvStyle } from '../domain/csv.js';
import { createConfig } from '../bot/config.js';
import { auditCsv } from '../bot/admin-storage.js';

describe('CSV styles', () => {
  it('excel-vi: decimal comma, quotes a semicolon but not a comma; rfc4180 the other way round', () => {
    expect(csvNumber(45.5, 'excel-vi')).toBe('45,5');
    expect(csvNumber(45.5)).toBe('45.5');
    expect(csvCell(0.25, 'excel-vi')).toBe('0,25');
    expect(csvCell('a; b', 'excel-vi')).toBe('"a; b"');
    expect(csvCell('a, b', 'excel-vi')).toBe('a, b');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('a; b')).toBe('a; b');
    expect(csvCell('say "hi"', 'excel-vi')).toBe('"say ""hi"""');
    expect(csvCell({ x: 1 })).toBe('"{""x"":1}"');
    expect(csvLine(['1', '2'], 'excel-vi')).toBe('1;2');
    expect(csvLine(['1', '2'])).toBe('1,2');
  });

  it('auto is excel-vi for a Vietnamese export and rfc4180 otherwise; an explicit style wins', () => {
    expect(resolveCsvStyle('auto', 'vi')).toBe('excel-vi');
    expect(resolveCsvStyle(undefined, 'en')).toBe('rfc4180');
    expect(resolveCsvStyle('rfc4180', 'vi')).toBe('rfc4180');
    expect(resolveCsvStyle('excel-vi', 'en')).toBe('excel-vi');
  });

  it('CSV_STYLE is checked at start-up, auto by default', () => {
    expect(createConfig({}).csvStyle).toBe('auto');
    expect(createConfig({ CSV_STYLE: 'rfc4180' }).csvStyle).toBe('rfc4180');
    expect(() => createConfig({ CSV_STYLE: 'tsv' })).toThrow(/CSV_STYLE must be one of auto, excel-vi, rfc4180/);
  });
});

describe('the audit CSV', () => {
  it('writes times in TIMEZONE with their offset, in the configured style', () => {
    expect(localIsoTime(new Date('2025-03-01T08:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2025-03-01T15:00:00+07:00');
    expect(localIsoTime(new Date('2025-12-31T20:30:05Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-01-01T03:30:05+07:00');
    expect(localIsoTime(new Date('2025-07-01T12:00:00Z'), 'America/New_York')).toBe('2025-07-01T08:00:00-04:00');
    const row = {
      id: 1,
      at: new Date('2025-03-01T18:00:00Z'),
      actorPersonId: null,
      actorAccount: 'test',
      action: 'submission.submit',
      entity: 'submission',
      entityId: 7,
      unitId: null,
      before: null,
      after: { note: 'a; b' },
    } as unknown as Parameters<typeof auditCsv>[0][number];
    const vi = auditCsv([row], { timezone: 'Asia/Ho_Chi_Minh', csvStyle: 'auto', defaultLocale: 'vi' });
    expect(vi.charCodeAt(0)).toBe(0xfeff);
    const [header, line] = vi.slice(1).split('\n');
    expect(header).toBe('thoi_gian;nguoi_thuc_hien;tai_khoan;hanh_dong;doi_tuong;ma_doi_tuong;don_vi;truoc;sau');
    expect(line).toBe('2025-03-02T01:00:00+07:00;;test;submission.submit;submission;7;;null;"{""note"":""a; b""}"');
    const rfc = auditCsv([row], { timezone: 'Asia/Ho_Chi_Minh', csvStyle: 'rfc4180', defaultLocale: 'vi' });
    expect(rfc.split('\n')[1]).toBe(
      '2025-03-02T01:00:00+07:00,,test,submission.submit,submission,7,,null,"{""note"":""a; b""}"',
    );
  });
});
