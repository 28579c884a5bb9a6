/**
 * The conventions of Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP, Phụ lục I)
 * that do not depend on the file format: the issuing body's heading lines, the place name and
 * the date line written in words, the number-and-symbol line. Pure functions, so every
 * document (report, proposal, minute, decision) writes them the same way.
 *
 * Everything comes from the jurisdiction's settings when they are present (`doc_*` keys, see
 * `DocumentSettings`); otherwise it is derived from the issuer's name ("Ủy ban nhân dân xã Bình
 * Lư" → heading "ỦY BAN NHÂN DÂN / XÃ BÌNH LƯ", place "Bình Lư", symbol "UBND"). A derivation
 * that cannot be made leaves the part for the office to fill in (a dotted space), never an
 * empty or invented name.
 */
import { localParts } from '../../domain/time.js';

/** The `doc_*` settings a jurisdiction may set to override the derivations. */
export interface DocumentSettings {
  /** The issuing body, as in the settings (`issuer`): "Ủy ban nhân dân xã Bình Lư". */
  issuer?: string;
  /** The body directly above the issuer (cơ quan chủ quản), printed above it when set. */
  parentBody?: string;
  /** The place name of the date line ("Bình Lư"). */
  place?: string;
  /** The issuer's abbreviation in document symbols ("UBND"). */
  symbol?: string;
  /** The signing authority line ("TM. ỦY BAN NHÂN DÂN") and the signer's title and name. */
  signerAuthority?: string;
  signerTitle?: string;
  signerName?: string;
}

/** A dotted space left for the office to fill in by hand or in Word. */
export const BLANK = '……';

const UBND = 'ủy ban nhân dân';
const ADMIN_UNIT_WORDS = ['xã', 'phường', 'thị trấn', 'đặc khu', 'huyện', 'quận', 'thị xã', 'thành phố', 'tỉnh'];

/** Vietnamese upper case of a name (NFC), as the heading prints it. */
export function upper(text: string): string {
  return text.normalize('NFC').toLocaleUpperCase('vi');
}

/** Lower-cases and treats "uỷ"/"ủy" alike, for recognising the issuer's kind. */
function key(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('vi').replace(/uỷ/g, 'ủy').replace(/\s+/g, ' ').trim();
}

/**
 * The issuer's heading, one line per element: "ỦY BAN NHÂN DÂN" then "XÃ BÌNH LƯ" for a
 * people's committee, the whole name otherwise; the parent body (if any) comes first.
 */
export function headingLines(s: DocumentSettings): { parent?: string; issuer: string[] } {
  const issuer = (s.issuer ?? '').trim();
  const parent = s.parentBody?.trim() ? upper(s.parentBody.trim()) : undefined;
  if (!issuer) return { parent, issuer: [BLANK] };
  const k = key(issuer);
  if (k.startsWith(UBND) && k.length > UBND.length) {
    return { parent, issuer: [upper('Ủy ban nhân dân'), upper(issuer.slice(UBND.length).trim())] };
  }
  return { parent, issuer: [upper(issuer)] };
}

/** The place name of the date line: the setting, or the issuer's area without its kind word. */
export function placeName(s: DocumentSettings): string {
  if (s.place?.trim()) return s.place.trim();
  const issuer = (s.issuer ?? '').normalize('NFC').trim();
  const k = key(issuer);
  for (const word of ADMIN_UNIT_WORDS) {
    const at = k.lastIndexOf(` ${word} `);
    if (at >= 0) {
      const name = issuer.slice(at + word.length + 2).trim();
      if (name) return name;
    }
  }
  return BLANK;
}

/** The issuer's abbreviation for symbols: the setting, "UBND" for a people's committee. */
export function issuerSymbol(s: DocumentSettings): string {
  if (s.symbol?.trim()) return s.symbol.trim();
  if (key(s.issuer ?? '').startsWith(UBND)) return 'UBND';
  return BLANK;
}

/**
 * "Số:      /BC-UBND": the number is left blank (the clerk numbers a document when it is
 * issued, in the register), the symbol is the document kind and the issuer's abbreviation.
 */
export function numberLine(kindSymbol: string, s: DocumentSettings): string {
  return `Số:        /${kindSymbol}-${issuerSymbol(s)}`;
}

/** Day and month as the decree writes them: a leading zero for days 1–9 and months 1–2. */
export function dateInWords(at: Date, timezone: string): string {
  const p = localParts(at, timezone);
  const day = p.day < 10 ? `0${p.day}` : String(p.day);
  const month = p.month < 3 ? `0${p.month}` : String(p.month);
  return `ngày ${day} tháng ${month} năm ${p.year}`;
}

/** "Bình Lư, ngày 01 tháng 12 năm 2026". */
export function dateLine(at: Date, timezone: string, s: DocumentSettings): string {
  return `${placeName(s)}, ${dateInWords(at, timezone)}`;
}

/** The signature block's lines: authority, title, then the name after room to sign. */
export function signatureLines(s: DocumentSettings): { authority?: string; title: string; name?: string } {
  const issuerIsCommittee = key(s.issuer ?? '').startsWith(UBND);
  const authority = s.signerAuthority?.trim() || (issuerIsCommittee ? 'TM. ỦY BAN NHÂN DÂN' : undefined);
  const title = s.signerTitle?.trim() || (issuerIsCommittee ? 'CHỦ TỊCH' : 'THỦ TRƯỞNG CƠ QUAN');
  return {
    authority: authority ? upper(authority) : undefined,
    title: upper(title),
    name: s.signerName?.trim() || undefined,
  };
}

/** Reads the `DocumentSettings` out of a jurisdiction's settings map. */
export function documentSettings(settings: Record<string, unknown>): DocumentSettings {
  const str = (k: string): string | undefined =>
    typeof settings[k] === 'string' && settings[k].trim() ? settings[k] : undefined;
  return {
    issuer: str('issuer'),
    parentBody: str('doc_parent_body'),
    place: str('doc_place'),
    symbol: str('doc_symbol'),
    signerAuthority: str('doc_signer_authority'),
    signerTitle: str('doc_signer_title'),
    signerName: str('doc_signer_name'),
  };
}

/** The settings keys `documentSettings` reads, for the store query. */
export const DOCUMENT_SETTING_KEYS = [
  'issuer',
  'office_name',
  'doc_parent_body',
  'doc_place',
  'doc_symbol',
  'doc_signer_authority',
  'doc_signer_title',
  'doc_signer_name',
] as const;
