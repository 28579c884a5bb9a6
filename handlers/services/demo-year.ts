/**
 * Writes the believable state of the demo year that a data file's `demo.progress` describes:
 * units that submitted on time or late, drafts, a report the office sent back, accepted ones,
 * with their versions, reference numbers and audit entries, as if the year had been lived.
 *
 * Trade-offs: rows are written directly rather than through the services, so the import does not
 * queue a notice to the office for every simulated submission; the rows have exactly the shape the
 * services write (answer cells, versions, refNoOf). Which unit does what is chosen by a hash of
 * the deadline and unit codes, and every instant is placed relative to the deadline and `now`, so
 * the result is the same for the same file and the same date. A deadline that already has
 * submissions is left alone, so importing the file again never doubles the state.
 */
import type { FormItem } from '../../domain/form-items.js';
import { registrationItemsFromStore } from './registration-items.js';
import { refNoOf } from '../../domain/submission.js';
import { audienceIncludes } from '../../domain/submission.js';
import { addLocalDays, localParts } from '../../domain/time.js';
import type { Json } from '../types.js';
import type { DataFile } from '../../db/data-file.js';
import type { DemoProgress } from '../../db/demo-calendar.js';
import { writeAudit } from '../../db/queries/audit.js';
import { submissions, submissionVersions } from '../../db/schema.js';
import { listPeople, listUnits } from '../../db/queries/directory.js';
import { getDeadlineByCode, getTemplate, submissionsOfDeadlines } from '../../db/queries/submissions.js';
import type { Scoped } from '../../db/scope.js';

export const DEMO_ACCOUNT = 'system:demo';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DemoSummary {
  submitted: number;
  late: number;
  drafts: number;
  accepted: number;
  returned: number;
}

/** FNV-1a: a stable small hash, so the same codes always pick the same units. */
export function stableHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

type Role = 'submitted' | 'late' | 'draft';

/** Which units of the audience do what, in a stable order; pure. */
export function assignRoles(
  p: Pick<DemoProgress, 'on_time' | 'late' | 'draft'>,
  deadlineCode: string,
  unitCodes: string[],
  duePast: boolean,
): Map<string, Role> {
  const ordered = [...unitCodes].sort(
    (a, b) => stableHash(`${deadlineCode}:${a}`) - stableHash(`${deadlineCode}:${b}`) || a.localeCompare(b),
  );
  const n = ordered.length;
  const onTime = Math.round(n * p.on_time);
  const late = duePast ? Math.min(n - onTime, Math.round(n * p.late)) : 0;
  const draft = Math.min(n - onTime - late, Math.round(n * p.draft));
  const out = new Map<string, Role>();
  ordered.forEach((code, i) => {
    if (i < onTime) out.set(code, 'submitted');
    else if (i < onTime + late) out.set(code, 'late');
    else if (i < onTime + late + draft) out.set(code, 'draft');
  });
  return out;
}

function localDay(at: Date, tz: string, minusDays: number): string {
  const d = addLocalDays(localParts(at, tz), -minusDays);
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** A plausible answer for one item, or undefined to leave it unanswered (files: none in a demo). */
export function demoAnswer(
  item: FormItem,
  h: number,
  ctx: { at: Date; timezone: string; names: string[] },
): Json | undefined {
  switch (item.type) {
    case 'number': {
      if (item.percent) return Math.min(item.max ?? 100, 70 + (h % 31));
      const lo = item.min ?? 0;
      const hi = Math.min(item.max ?? lo + 40, lo + 40);
      return lo + (h % (hi - lo + 1));
    }
    case 'yesno':
      return h % 5 !== 0;
    case 'choice':
      return item.options[h % Math.min(2, item.options.length)]!;
    case 'text':
      return 'Nội dung mẫu của đơn vị (dữ liệu minh họa)'.slice(0, item.max_length);
    case 'longtext':
      return 'Đơn vị đã triển khai các nội dung theo kế hoạch; kết quả nêu trong báo cáo kèm theo (dữ liệu minh họa).'.slice(
        0,
        item.max_length,
      );
    case 'date':
      return localDay(ctx.at, ctx.timezone, 3 + (h % 20));
    case 'names':
      return ctx.names.length ? ctx.names.slice(0, 1 + (h % ctx.names.length)) : undefined;
    case 'file':
      return undefined;
  }
}

/** Writes the state `data.demo` describes for deadlines that have no submissions yet. */
export async function simulateDemo(
  s: Scoped,
  data: DataFile,
  opts: { now: Date; timezone: string },
): Promise<DemoSummary> {
  const { tx } = s;
  const summary: DemoSummary = { submitted: 0, late: 0, drafts: 0, accepted: 0, returned: 0 };
  const spec = data.demo;
  if (!spec || spec.progress.length === 0) return summary;
  const { now, timezone } = opts;
  const unitRows = await listUnits(s, { activeOnly: true });
  const peopleRows = (await listPeople(s, { activeOnly: true })).map((r) => r.person);
  const office = peopleRows.find((p) => p.role === 'admin') ?? null;

  for (const p of spec.progress) {
    const d = await getDeadlineByCode(s, p.deadline);
    if (!d) continue;
    if ((await submissionsOfDeadlines(s, [d.id])).length > 0) continue;
    const items: FormItem[] = d.templateCode
      ? (((await getTemplate(s, d.templateCode))?.items ?? []) as FormItem[])
      : await registrationItemsFromStore(s, 'vi');
    const audience = unitRows.filter((u) => audienceIncludes(d.audience, u));
    const duePast = d.dueAt.getTime() < now.getTime();
    const roles = assignRoles(
      p,
      d.code,
      audience.map((u) => u.code),
      duePast,
    );
    let toAccept = p.accepted;
    let toReturn = p.returned;

    for (const u of audience) {
      const role = roles.get(u.code);
      if (!role) continue;
      const h = stableHash(`${d.code}/${u.code}`);
      const staff = peopleRows.filter((x) => x.unitId === u.id);
      const by = staff.find((x) => x.role === 'focal') ?? staff.find((x) => x.role === 'head') ?? null;
      // When the unit acted: on time, a few days before the due date (or before today, if still ahead); late, after it.
      let at: Date;
      if (role === 'late') {
        const daysLate = Math.max(1, Math.floor((now.getTime() - d.dueAt.getTime()) / DAY) - 1);
        at = new Date(
          Math.min(d.dueAt.getTime() + (1 + (h % Math.min(daysLate, 12))) * DAY + (h % 7) * HOUR, now.getTime() - HOUR),
        );
      } else {
        const before = Math.min(d.dueAt.getTime(), now.getTime());
        at = new Date(before - (1 + (h % 6)) * DAY - (h % 5) * HOUR);
      }
      const cellsFor = (list: FormItem[]) =>
        Object.fromEntries(
          list.flatMap((item, i) => {
            const v = demoAnswer(item, stableHash(`${d.code}/${u.code}/${item.code}`) + i, {
              at,
              timezone,
              names: staff.map((x) => x.fullName),
            });
            return v === undefined
              ? []
              : [[item.code, { v, rev: 1, by: by?.id ?? null, at: new Date(at.getTime() - HOUR).toISOString() }]];
          }),
        );
      if (role === 'draft') {
        const answers = cellsFor(items.slice(0, Math.max(1, Math.ceil(items.length / 2))));
        await tx.insert(submissions).values({
          jurisdictionId: s.jurisdictionId,
          deadlineId: d.id,
          unitId: u.id,
          status: 'draft',
          answers,
          version: 0,
          createdAt: at,
          updatedAt: at,
        });
        summary.drafts++;
        continue;
      }
      const answers = cellsFor(items);
      const refNo = refNoOf(d.code, u.code, 1);
      let status = 'submitted';
      let review: { reviewedAt: Date; reviewedBy: number | null; reviewComment?: string } | undefined;
      const reviewedAt = new Date(Math.min(at.getTime() + 2 * DAY, now.getTime() - HOUR));
      if (toReturn > 0 && role === 'submitted') {
        toReturn--;
        status = 'returned';
        review = {
          reviewedAt,
          reviewedBy: office?.id ?? null,
          reviewComment: p.return_comment ?? 'Đề nghị bổ sung số liệu và gửi lại.',
        };
      } else if (toAccept > 0) {
        toAccept--;
        status = 'accepted';
        review = { reviewedAt, reviewedBy: office?.id ?? null };
      }
      const [row] = await tx
        .insert(submissions)
        .values({
          jurisdictionId: s.jurisdictionId,
          deadlineId: d.id,
          unitId: u.id,
          status,
          answers,
          version: 1,
          refNo,
          submittedAt: at,
          submittedBy: by?.id ?? null,
          ...review,
          createdAt: new Date(at.getTime() - DAY),
          updatedAt: review?.reviewedAt ?? at,
        })
        .returning({ id: submissions.id });
      await tx
        .insert(submissionVersions)
        .values({ submissionId: row!.id, version: 1, answers, refNo, submittedBy: by?.id ?? null, submittedAt: at });
      await writeAudit(
        s,
        {
          actorPersonId: by?.id ?? null,
          actorAccount: DEMO_ACCOUNT,
          action: 'submission.submit',
          entity: 'submission',
          entityId: row!.id,
          unitId: u.id,
          after: { version: 1, refNo, late: at.getTime() > d.dueAt.getTime(), demo: true },
        },
        at,
      );
      if (review) {
        await writeAudit(
          s,
          {
            actorPersonId: review.reviewedBy,
            actorAccount: DEMO_ACCOUNT,
            action: status === 'accepted' ? 'submission.accept' : 'submission.return',
            entity: 'submission',
            entityId: row!.id,
            unitId: u.id,
            before: { status: 'submitted' },
            after: { status, comment: review.reviewComment ?? null, demo: true },
          },
          review.reviewedAt,
        );
      }
      summary.submitted++;
      if (role === 'late') summary.late++;
      if (status === 'accepted') summary.accepted++;
      if (status === 'returned') summary.returned++;
    }
  }
  return summary;
}
