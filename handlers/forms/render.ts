/** Answers as lines a person reads, shared by the unit's summary and the office's review. */
import { attachmentsByIds } from '../../db/queries/submissions.js';
import type { FlowContext } from '../flow.js';
import type { Json } from '../types.js';
import { formatAnswer, type FormItem } from '../../domain/form-items.js';
import { sanitizeDisplayName } from '../files/names.js';

export async function answerText(
  ctx: Pick<FlowContext, 'tx' | 't' | 'locale'>,
  item: FormItem,
  v: Json | undefined,
): Promise<string> {
  if (item.type === 'file' && Array.isArray(v)) {
    const files = await attachmentsByIds(ctx.tx, v.map(Number));
    return files.length
      ? files.map((f) => sanitizeDisplayName(f.fileName ?? undefined) ?? ctx.t('form.unnamed_file')).join(', ')
      : ctx.t('form.skipped');
  }
  return formatAnswer(item, v, ctx.locale, ctx.t);
}

export async function answerLines(
  ctx: Pick<FlowContext, 'tx' | 't' | 'locale'>,
  items: FormItem[],
  answers: Record<string, Json | undefined>,
): Promise<string[]> {
  const lines: string[] = [];
  for (const [i, item] of items.entries())
    lines.push(`${i + 1}. ${item.label}: ${await answerText(ctx, item, answers[item.code])}`);
  return lines;
}
