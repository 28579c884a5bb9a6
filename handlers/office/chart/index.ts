/**
 * Charts for the office: the progress of one deadline by unit kind (progress.ts) and
 * submissions over a period (series.ts). Both are SVG strings built from plain data (no DOM, no
 * browser); `renderPng` (render.ts) turns them into PNG with resvg and the bundled DejaVu fonts,
 * which cover Vietnamese. Text is laid out with DejaVu's advance widths (font-metrics.ts) and
 * drawn with a small SVG toolkit (svg.ts) in a shared frame (frame.ts).
 *
 * Why a folder: each of those jobs changes for its own reasons (a new chart, a font, the
 * renderer), and each is read on its own.
 * Trade-off: this index is the one entry callers import, and it exports only what they use;
 * the toolkit stays internal to the folder.
 */
export { escapeXml } from './svg.js';
export { textWidth } from './font-metrics.js';
export { deadlineProgressSvg, progressSegment } from './progress.js';
export { seriesBuckets, submissionsOverTimeSvg, type SeriesBucket } from './series.js';
export { chartFontFiles, renderPng, renderRgba } from './render.js';
