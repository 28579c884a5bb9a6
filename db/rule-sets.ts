/**
 * Reads the national eligibility rule sets (data/national/eligibility-*.yaml with the shared
 * messages.vi-en.yaml) from disk. The only I/O around the pure engine; cached per process
 * because the files ship with the code and change only with a release.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRuleSet, type RuleSet } from '../domain/commendation/rule-set.js';

export const NATIONAL_DIR = fileURLToPath(new URL('../data/national', import.meta.url));

let cache: RuleSet[] | undefined;

/** Every rule set, newest first (by effective_from; unknown start last). */
export function loadRuleSets(dir = NATIONAL_DIR): RuleSet[] {
  if (dir === NATIONAL_DIR && cache) return cache;
  const messages = fs.readFileSync(path.join(dir, 'messages.vi-en.yaml'), 'utf8');
  const sets = fs
    .readdirSync(dir)
    .filter((f) => /^eligibility-.*\.ya?ml$/.test(f))
    .sort()
    .map((f) => parseRuleSet(fs.readFileSync(path.join(dir, f), 'utf8'), path.join(path.basename(dir), f), messages))
    .sort((a, b) => (b.effective_from ?? '').localeCompare(a.effective_from ?? ''));
  if (dir === NATIONAL_DIR) cache = sets;
  return sets;
}
