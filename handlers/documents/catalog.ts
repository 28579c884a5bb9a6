/**
 * The documents the bot writes, by code, and the one way to make each: `/vanban` in chat and
 * `npm run admin -- document` both go through `makeDocument`, so a document is the same
 * whoever asks and wherever. A kind declares what it is written for (its scope) so the
 * callers can offer the right choices; refusals are reasons, worded by the caller.
 */
import type { Scoped } from '../../db/scope.js';
import type { DeadlineRow } from '../../db/queries/submissions.js';
import type { Actor } from '../../domain/authz.js';
import { summaryReportInput } from '../services/documents.js';
import type { OutboundFile } from '../types.js';
import { DOCX_MIME, renderDocument } from './layout.js';
import { isEmptyReport, summaryReportModel, summaryReportSpec } from './summary-report.js';

export interface DocumentKind {
  code: string;
  /** Vietnamese name, as offered in chat and listed by the CLI. */
  name: string;
  /** What it is written for: a review or report deadline. */
  scope: 'deadline';
  /** Deadline kinds the document applies to. */
  deadlineKinds: readonly string[];
}

export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  {
    code: 'tong-hop',
    name: 'Báo cáo tổng hợp sơ kết, tổng kết',
    scope: 'deadline',
    deadlineKinds: ['midyear_review', 'yearend_review', 'report'],
  },
];

export function documentKind(code: string): DocumentKind | undefined {
  return DOCUMENT_KINDS.find((k) => k.code === code);
}

export function appliesTo(kind: DocumentKind, deadline: Pick<DeadlineRow, 'kind'>): boolean {
  return kind.deadlineKinds.includes(deadline.kind);
}

export type DocumentResult =
  | { ok: true; file: OutboundFile; deadlineTitle: string; submitted: number; total: number }
  /** not_found: no such deadline; wrong_kind: the document is not written for it; no_data: no unit has submitted. */
  | { ok: false; reason: 'not_found' | 'wrong_kind' | 'no_data' };

export async function makeDocument(
  s: Scoped,
  actor: Actor,
  kind: DocumentKind,
  scope: { deadline: DeadlineRow },
  opts: { now: Date; timezone: string },
): Promise<DocumentResult> {
  if (!appliesTo(kind, scope.deadline)) return { ok: false, reason: 'wrong_kind' };
  const input = await summaryReportInput(s, actor, scope.deadline.id, opts);
  if (!input) return { ok: false, reason: 'not_found' };
  const model = summaryReportModel(input);
  if (isEmptyReport(model)) return { ok: false, reason: 'no_data' };
  const data = await renderDocument(summaryReportSpec(model, input));
  return {
    ok: true,
    file: {
      fileName: `bao-cao-tong-hop-${scope.deadline.code}.docx`,
      mime: DOCX_MIME,
      data,
      caption: model.deadline.title,
    },
    deadlineTitle: model.deadline.title,
    submitted: model.onTime.length + model.late.length,
    total: model.total,
  };
}
