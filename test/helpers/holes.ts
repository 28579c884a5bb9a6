/** The typographic holes an empty placeholder leaves in a message (used by the i18n and first-run tests). */
export function holes(text: string): string[] {
  const found: string[] = [];
  if (/\S {2,}/.test(text)) found.push('doubled space');
  if (/ [.,;:!?…)\]”»]/.test(text)) found.push('space before punctuation');
  if (/\(\s*\)|\[\s*\]|“\s*”|"\s*"|«\s*»|'\s*'/.test(text)) found.push('empty quote or bracket');
  if (/ $/m.test(text)) found.push('trailing space');
  return found;
}
