/**
 * SVG to PNG (or raw pixels) with resvg and the bundled DejaVu fonts.
 *
 * Why: chat platforms take pictures, not SVG, and Vietnamese needs a font with its diacritics
 * on every server, whatever fonts the system has.
 * Trade-off: a native renderer (@resvg/resvg-js) instead of a headless browser: fast and small,
 * but loaded lazily (createRequire on the first chart) so a start that draws no chart pays
 * nothing; system fonts are never loaded, so the output is identical everywhere.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import type { Resvg as ResvgClass, ResvgRenderOptions } from '@resvg/resvg-js';

let fonts: string[] | undefined;
let resvg: typeof ResvgClass | undefined;

/** The native renderer, loaded on the first chart rather than at every start. */
function Resvg(): typeof ResvgClass {
  resvg ??= (createRequire(import.meta.url)('@resvg/resvg-js') as { Resvg: typeof ResvgClass }).Resvg;
  return resvg;
}

/** DejaVu Sans regular and bold from the `dejavu-fonts-ttf` package (never system fonts). */
export function chartFontFiles(): string[] {
  if (!fonts) {
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const files = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(dir, f));
    for (const f of files) if (!fs.existsSync(f)) throw new Error(`chart font missing: ${f}`);
    fonts = files;
  }
  return fonts;
}

function resvgOptions(width: number): ResvgRenderOptions {
  return {
    fitTo: { mode: 'width', value: Math.max(1, Math.round(width)) },
    background: '#FFFFFF',
    font: {
      fontFiles: chartFontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  };
}

/** Renders an SVG to raw RGBA pixels (for checks that look at the image itself). */
export function renderRgba(
  svg: string,
  opts: { width?: number } = {},
): { width: number; height: number; pixels: Buffer } {
  const img = new (Resvg())(svg, resvgOptions(opts.width ?? 1000)).render();
  return { width: img.width, height: img.height, pixels: img.pixels };
}

/** Renders an SVG to PNG, `width` px wide (default 1000), the height following the aspect. */
export function renderPng(svg: string, opts: { width?: number } = {}): Buffer {
  return new (Resvg())(svg, resvgOptions(opts.width ?? 1000)).render().asPng();
}
