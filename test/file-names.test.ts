/** Sanitised display names and ZIP path segments, and content sniffing (pure). */
import { describe, expect, it } from 'vitest';
import { safePathSegment, sanitizeDisplayName } from '../handlers/files/names.js';
import { sniffFileType } from '../handlers/files/sniff.js';

describe('sanitizeDisplayName', () => {
  it('removes control and bidi-override characters, keeps Vietnamese', () => {
    expect(sanitizeDisplayName('Báo cáo\u202Efdp.exe')).toBe('Báo cáofdp.exe');
    expect(sanitizeDisplayName('a\nb\r\tc\u0000d')).toBe('a b cd');
    expect(sanitizeDisplayName('\u2066x\u2069\u200F\u061C.pdf')).toBe('x.pdf');
    expect(sanitizeDisplayName('Biên bản họp xã Bình Lư.pdf')).toBe('Biên bản họp xã Bình Lư.pdf');
    expect(sanitizeDisplayName('Bie\u0302n')).toBe('Biên'); // decomposed input becomes NFC
  });
  it('nothing readable left is undefined; long names keep their extension', () => {
    expect(sanitizeDisplayName('\u202E\u0007 ')).toBeUndefined();
    expect(sanitizeDisplayName(undefined)).toBeUndefined();
    const long = sanitizeDisplayName(`${'ả'.repeat(300)}.pdf`, 50)!;
    expect([...long].length).toBe(50);
    expect(long.endsWith('….pdf')).toBe(true);
  });
});

describe('safePathSegment', () => {
  it('cannot climb out of a folder or name a device', () => {
    expect(safePathSegment('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safePathSegment('a\\b:c*?"<>|')).toBe('a_b_c______');
    expect(safePathSegment('CON.txt')).toBe('_CON.txt');
    expect(safePathSegment('...')).toBe('_');
    expect(safePathSegment('xã Bản Bo')).toBe('xã Bản Bo');
  });
});

describe('sniffFileType', () => {
  const bytes = (...parts: Array<string | number[]>) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
  it('recognises by content, whatever the name says', () => {
    expect(sniffFileType(bytes('%PDF-1.7\n...'), { name: 'anh.jpg' })?.group).toBe('pdf');
    expect(sniffFileType(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))?.mime).toBe('image/jpeg');
    expect(sniffFileType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))?.mime).toBe('image/png');
    expect(sniffFileType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))?.ext).toBe('webp');
    expect(sniffFileType(bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0]))?.ext).toBe('heic');
    expect(sniffFileType(bytes('PK', [3, 4], 'xxxx[Content_Types].xmlword/document.xml'))?.group).toBe('word');
    expect(sniffFileType(bytes('PK', [3, 4], 'xxxxxl/workbook.xml'))?.group).toBe('excel');
  });
  it('refuses what it does not know: executables, plain ZIPs, text, tiny files', () => {
    expect(sniffFileType(bytes('MZ', [0x90, 0, 3, 0]), { name: 'scan.pdf', mime: 'application/pdf' })).toBeUndefined();
    expect(sniffFileType(bytes('PK', [3, 4], 'payload.exe'), { name: 'a.docx' })).toBeUndefined();
    expect(sniffFileType(bytes('hello world'), { name: 'a.pdf' })).toBeUndefined();
    expect(sniffFileType(bytes('%P'))).toBeUndefined();
  });
  it('legacy Office: the declared name decides between Word and Excel', () => {
    const ole = bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]);
    expect(sniffFileType(ole, { name: 'bao-cao.doc' })?.group).toBe('word');
    expect(sniffFileType(ole, { mime: 'application/vnd.ms-excel' })?.group).toBe('excel');
    expect(sniffFileType(ole, { name: 'x.bin' })).toBeUndefined();
  });
});
