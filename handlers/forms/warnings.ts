/**
 * The ratio warnings of a registration as lines a person reads, shared by the unit's summary
 * and the office's review, so the reviewer sees exactly what the unit saw.
 */
import { listRules, listTitles } from '../../db/queries/content.js';
import type { FlowContext } from '../flow.js';
import { publicText } from '../public-text.js';
import type { Json } from '../types.js';
import { registrationWarnings } from '../../domain/registration.js';

export async function registrationWarningLines(
  ctx: Pick<FlowContext, 'scope' | 't'>,
  answers: Record<string, { v: Json }>,
): Promise<string[]> {
  const warnings = registrationWarnings(
    answers as Parameters<typeof registrationWarnings>[0],
    await listTitles(ctx.scope),
    await listRules(ctx.scope),
  );
  if (warnings.length === 0) return [];
  const lines = ['', ctx.t('reg.warnings_title')];
  for (const w of warnings) {
    lines.push(`⚠️ ${ctx.t(w.key, w.vars)}`);
    if (w.rule) {
      lines.push(
        `   ${ctx.t('reg.rule_cite', { label: w.rule.label, source: publicText(w.rule.source ?? '') })}${w.rule.uncertain ? ` ${ctx.t('reg.rule_uncertain')}` : ''}`,
      );
    }
  }
  return lines;
}
