/**
 * Gathers from the store what a document is written from, checks who may have it, and
 * hands the pure document modules their input. One function per document kind; the
 * catalog (documents/catalog.ts) is the only caller, for chat and the admin CLI alike.
 */
import type { Scoped } from '../../db/scope.js';
import { listSections, localSettings } from '../../db/queries/content.js';
import { exemplarsBetween } from '../../db/queries/exemplars.js';
import { getDeadline } from '../../db/queries/submissions.js';
import type { Actor } from '../../domain/authz.js';
import { DOCUMENT_SETTING_KEYS, documentSettings } from '../documents/conventions.js';
import type { SummaryReportInput } from '../documents/summary-report.js';
import { localParts, zonedTime } from '../../domain/time.js';
import { buildOverview } from './overview.js';

/** The summary report's input for one deadline, or undefined when the deadline does not exist. */
export async function summaryReportInput(
  s: Scoped,
  actor: Actor,
  deadlineId: number,
  opts: { now: Date; timezone: string },
): Promise<SummaryReportInput | undefined> {
  // buildOverview checks the 'export' permission: the report shows every unit's answers.
  const overview = await buildOverview(s, actor, deadlineId, { now: opts.now, timezone: opts.timezone, locale: 'vi' });
  if (!overview) return undefined;
  const settings = await localSettings(s, [...DOCUMENT_SETTING_KEYS, 'council_name', 'doc_report_recipients']);
  const year = localParts(overview.deadline.dueAt, opts.timezone).year;
  const exemplars = await exemplarsBetween(
    s,
    zonedTime(year, 1, 1, 0, 0, opts.timezone),
    zonedTime(year + 1, 1, 1, 0, 0, opts.timezone),
  );
  const deadline = await getDeadline(s, deadlineId);
  const sections = deadline?.campaignId ? await listSections(s, deadline.campaignId) : [];
  const recipients =
    typeof settings.doc_report_recipients === 'string'
      ? settings.doc_report_recipients
          .split(/\n|;\s*/)
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined;
  return {
    overview,
    exemplars: exemplars.map((e) => ({
      unitName: e.unitName,
      name: e.name,
      field: e.field,
      achievement: e.achievement,
    })),
    // The plan's top-level sections are its lines of work; their parts are listed under them.
    linesOfWork: sections
      .filter((s) => !s.parentCode)
      .map((s) => ({
        title: s.title,
        items: [...s.items, ...sections.filter((c) => c.parentCode === s.code).map((c) => c.title)],
      })),
    settings: documentSettings(settings),
    recipients: recipients ?? [
      ...(typeof settings.council_name === 'string' && settings.council_name.trim()
        ? [`${settings.council_name.trim()};`]
        : []),
      'Các đơn vị;',
      'Lưu: VT.',
    ],
  };
}
