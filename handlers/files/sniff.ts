/**
 * What a file really is, from its first bytes (magic numbers), not from the name or the type
 * the sender's platform reported: a PDF renamed to .jpg, or an executable named scan.pdf, is
 * recognised for what it is. Pure; the groups are those a report template's `accept` names.
 * Trade-off: OLE2 (legacy .doc/.xls) has one signature for both; the declared name or type
 * decides between them, since the container itself is known to be an Office document.
 */

export type FileGroup = 'pdf' | 'image' | 'word' | 'excel';

export interface SniffedType {
  group: FileGroup;
  mime: string;
  ext: string;
}

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** Searches the bytes for an ASCII string (ZIP entry names are stored uncompressed). */
function contains(b: Uint8Array, s: string): boolean {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).includes(s, 0, 'latin1');
}

export function sniffFileType(
  bytes: Uint8Array,
  declared: { name?: string; mime?: string } = {},
): SniffedType | undefined {
  const b = bytes;
  if (b.length < 4) return undefined;
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { group: 'pdf', mime: 'application/pdf', ext: 'pdf' }; // %PDF-
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { group: 'image', mime: 'image/jpeg', ext: 'jpg' };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { group: 'image', mime: 'image/png', ext: 'png' };
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP')
    return { group: 'image', mime: 'image/webp', ext: 'webp' };
  if (
    b.length >= 12 &&
    ascii(b, 4, 8) === 'ftyp' &&
    ['heic', 'heix', 'heif', 'mif1', 'msf1', 'hevc'].includes(ascii(b, 8, 12))
  ) {
    return { group: 'image', mime: 'image/heic', ext: 'heic' };
  }
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) {
    // Office Open XML is a ZIP whose entries name the application part.
    if (contains(b, 'word/document.xml')) {
      return {
        group: 'word',
        mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        ext: 'docx',
      };
    }
    if (contains(b, 'xl/workbook.xml')) {
      return { group: 'excel', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' };
    }
    return undefined; // some other ZIP
  }
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    const hint = `${declared.name ?? ''} ${declared.mime ?? ''}`.toLowerCase();
    if (/\.xls\b|ms-excel/.test(hint)) return { group: 'excel', mime: 'application/vnd.ms-excel', ext: 'xls' };
    if (/\.doc\b|msword/.test(hint)) return { group: 'word', mime: 'application/msword', ext: 'doc' };
    return undefined;
  }
  return undefined;
}
