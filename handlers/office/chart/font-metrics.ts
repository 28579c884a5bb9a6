/**
 * How wide a text is in DejaVu Sans, and how to fit it: truncate with "…", wrap onto lines.
 *
 * Why: resvg draws the text, but the charts must lay it out first (titles wrap, a count goes
 * inside its segment only when it fits), and an SVG string has no layout engine to ask.
 * Trade-off: advance widths read once from the font files and kept as tables (ASCII, plus the
 * few letters whose width differs from their base letter), instead of measuring glyphs at run
 * time with a font parser. No kerning, and a Vietnamese letter counts as its base letter: a few
 * pixels off at worst, which the margins absorb.
 */

/** Advance widths of ASCII 32…126 in DejaVu Sans, per 1000 em. */
const REGULAR = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636,
  636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863,
  748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635,
  615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636,
  337, 636, 838,
];
/** The same for DejaVu Sans Bold. */
const BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696,
  696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995,
  837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716,
  678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712,
  365, 712, 838,
];
/** Letters and marks whose width differs from their ASCII base letter. */
const EXTRA: Record<string, [number, number]> = {
  đ: [635, 716],
  Đ: [775, 838],
  Ơ: [913, 874],
  Ư: [858, 835],
  '…': [1000, 1000],
  '—': [1000, 1000],
  '–': [500, 500],
  '·': [318, 380],
  '“': [518, 657],
  '”': [518, 657],
  '‘': [318, 380],
  '’': [318, 380],
};

function charWidth(ch: string, bold: boolean): number {
  const table = bold ? BOLD : REGULAR;
  const code = ch.codePointAt(0)!;
  if (code >= 32 && code < 127) return table[code - 32]!;
  const extra = EXTRA[ch];
  if (extra) return extra[bold ? 1 : 0];
  if (code >= 0x300 && code <= 0x36f) return 0; // combining marks sit on the letter before
  // Vietnamese letters are Latin letters with marks: as wide as the base letter.
  const base = ch.normalize('NFD').codePointAt(0)!;
  if (base >= 32 && base < 127) return table[base - 32]!;
  return bold ? 720 : 660;
}

/** Width in px of `s` set in DejaVu Sans at `size` px. */
export function textWidth(s: string, size: number, bold = false): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch, bold);
  return (w * size) / 1000;
}

export function truncate(s: string, maxWidth: number, size: number, bold: boolean): string {
  if (textWidth(s, size, bold) <= maxWidth) return s;
  const chars = [...s];
  while (chars.length > 0 && textWidth(chars.join('').trimEnd() + '…', size, bold) > maxWidth) chars.pop();
  return chars.join('').trimEnd() + '…';
}

/** Greedy word wrap into at most `maxLines` lines; the last line ends in "…" when text is cut. */
export function wrap(s: string, maxWidth: number, size: number, bold: boolean, maxLines: number): string[] {
  const words = s.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < words.length; i++) {
    let word = words[i]!;
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate, size, bold) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    // A single word wider than the line is broken by characters.
    while (textWidth(word, size, bold) > maxWidth) {
      const chars = [...word];
      let n = chars.length;
      while (n > 1 && textWidth(chars.slice(0, n).join(''), size, bold) > maxWidth) n--;
      lines.push(chars.slice(0, n).join(''));
      word = chars.slice(n).join('');
    }
    line = word;
    if (lines.length >= maxLines) {
      const rest = [lines.splice(maxLines - 1).join(' '), line, ...words.slice(i + 1)].filter(Boolean).join(' ');
      lines.push(truncate(rest, maxWidth, size, bold));
      return lines;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const rest = lines.splice(maxLines - 1).join(' ');
    lines.push(truncate(rest, maxWidth, size, bold));
  }
  return lines.length ? lines : [''];
}
