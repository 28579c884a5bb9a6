/**
 * Writes data/templates/lich-su-khen-thuong.xlsx, the awards-history import template, from the
 * same column list the import reads (handlers/services/awards-sheet.ts), so the two cannot
 * drift. Run: npx tsx scripts/build-awards-template.ts
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildAwardsTemplate } from '../handlers/services/awards-sheet.js';

const out = fileURLToPath(new URL('../data/templates/lich-su-khen-thuong.xlsx', import.meta.url));
fs.mkdirSync(new URL('../data/templates/', import.meta.url), { recursive: true });
fs.writeFileSync(out, await buildAwardsTemplate());
process.stdout.write(`wrote ${out}\n`);
