/**
 * The province's read-only view of its communes: every child jurisdiction of the scope with
 * its open deadlines, active units and the submissions made against those deadlines — three
 * statements whatever the number of communes. The one read that crosses a scope, and only
 * downwards: each statement names the parent jurisdiction it is made for.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Scoped } from '../scope.js';
import { deadlines, jurisdictions, submissions, units } from '../schema.js';
import type { JurisdictionRow } from './jurisdictions.js';

export interface ChildrenSnapshot {
  children: JurisdictionRow[];
  deadlines: Array<{ id: number; jurisdictionId: number; audience: unknown; status: string }>;
  units: Array<{ id: number; jurisdictionId: number; code: string; kind: string; isOffice: boolean; active: boolean }>;
  submissions: Array<{ deadlineId: number; unitId: number; status: string }>;
}

export async function childrenSnapshot(s: Scoped): Promise<ChildrenSnapshot> {
  const children = await s.tx.select().from(jurisdictions).where(eq(jurisdictions.parentId, s.jurisdictionId));
  if (children.length === 0) return { children, deadlines: [], units: [], submissions: [] };
  const below = s.tx
    .select({ id: jurisdictions.id })
    .from(jurisdictions)
    .where(eq(jurisdictions.parentId, s.jurisdictionId));
  const open = await s.tx
    .select({
      id: deadlines.id,
      jurisdictionId: deadlines.jurisdictionId,
      audience: deadlines.audience,
      status: deadlines.status,
    })
    .from(deadlines)
    .where(and(inArray(deadlines.jurisdictionId, below), eq(deadlines.status, 'open')));
  const unitRows = await s.tx
    .select({
      id: units.id,
      jurisdictionId: units.jurisdictionId,
      code: units.code,
      kind: units.kind,
      isOffice: units.isOffice,
      active: units.active,
    })
    .from(units)
    .where(and(inArray(units.jurisdictionId, below), eq(units.active, true)));
  const subs =
    open.length === 0
      ? []
      : await s.tx
          .select({ deadlineId: submissions.deadlineId, unitId: submissions.unitId, status: submissions.status })
          .from(submissions)
          .where(
            and(
              inArray(submissions.jurisdictionId, below),
              inArray(
                submissions.deadlineId,
                open.map((d) => d.id),
              ),
            ),
          );
  return { children, deadlines: open, units: unitRows, submissions: subs };
}
