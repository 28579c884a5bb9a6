/**
 * A small SVG toolkit: escaping, rounded coordinates, text, rectangles, the document around them.
 *
 * Why: the charts are SVG strings built from plain data, so they render the same on a server
 * with no DOM and no browser, and tests can read the text back from the markup.
 * Trade-off: a handful of string helpers instead of an SVG or charting library: only the few
 * elements the charts use, no checking beyond escaping; anything rarer is written inline.
 */

/** Default text colour and the page background (the palette in frame.ts starts from them). */
export const INK = '#1F2933';
export const PAPER = '#FFFFFF';

/** Escapes text for SVG content and attributes; drops characters XML does not allow. */
export function escapeXml(s: string): string {
  return (
    s
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex -- XML forbids these characters: they are removed
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** Coordinates rounded to 0.1 px. */
export function n(v: number): string {
  return String(Math.round(v * 10) / 10);
}

export interface TextOpts {
  size: number;
  bold?: boolean;
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
}

export function text(x: number, y: number, s: string, o: TextOpts): string {
  const attrs = [`x="${n(x)}"`, `y="${n(y)}"`, `font-size="${o.size}"`];
  if (o.bold) attrs.push('font-weight="bold"');
  if (o.anchor && o.anchor !== 'start') attrs.push(`text-anchor="${o.anchor}"`);
  attrs.push(`fill="${o.fill ?? INK}"`);
  return `<text ${attrs.join(' ')}>${escapeXml(s)}</text>`;
}

/** A text drawn over a white outline, legible where it crosses a line. */
export function halo(textElement: string): string {
  return textElement.replace(
    '<text ',
    '<text stroke="#FFFFFF" stroke-width="4" stroke-linejoin="round" paint-order="stroke" ',
  );
}

export function rect(x: number, y: number, w: number, h: number, fill: string, extra = ''): string {
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(Math.max(0, w))}" height="${n(Math.max(0, h))}" fill="${fill}"${extra ? ' ' + extra : ''}/>`;
}

export function svgDocument(width: number, height: number, title: string, desc: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.ceil(height)}" viewBox="0 0 ${width} ${Math.ceil(height)}" font-family="DejaVu Sans">`,
    `<title>${escapeXml(title)}</title>`,
    `<desc>${escapeXml(desc)}</desc>`,
    rect(0, 0, width, Math.ceil(height), PAPER),
    ...body,
    '</svg>',
  ].join('\n');
}
