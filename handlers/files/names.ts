/**
 * Display names of files people send, and the names files get inside an export ZIP. A name
 * comes from the sender's device and is shown to the office and written to disk, so it must
 * not carry control characters (a newline forging a line of a reply), bidirectional overrides
 * (U+202E turning "gpj.exe" around), path separators or reserved names. Pure.
 */

/** C0/C1 controls, and the Unicode format characters that reorder or hide text. */
// eslint-disable-next-line no-control-regex -- removing control characters is what this does
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/gu;
const PATH_UNSAFE = /[/\\:*?"<>|]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** A name safe to show in a chat message; undefined when nothing readable is left. */
export function sanitizeDisplayName(name: string | undefined, maxLength = 120): string | undefined {
  if (name === undefined) return undefined;
  const clean = name
    .normalize('NFC')
    .replace(/[\t\n\r\v\f\u2028\u2029]+/g, ' ')
    .replace(UNSAFE, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!clean) return undefined;
  const chars = [...clean];
  if (chars.length <= maxLength) return clean;
  // Keep the extension when shortening: "….pdf" still says what it is.
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 8 ? clean.slice(dot) : '';
  return [...clean.slice(0, clean.length - ext.length)].slice(0, maxLength - [...ext].length - 1).join('') + '…' + ext;
}

/** One path segment for a ZIP entry or a file on disk: a display name without separators. */
export function safePathSegment(name: string, maxLength = 100): string {
  let s = (sanitizeDisplayName(name, maxLength) ?? '').replace(PATH_UNSAFE, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  if (!s || WINDOWS_RESERVED.test(s)) s = `_${s}`;
  return s;
}
