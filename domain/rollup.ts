/**
 * A province's roll-up of its communes (pure): for each child jurisdiction, its open deadlines
 * and how many of the unit answers they ask for are in (submitted or accepted). A dissolved
 * one (a former district) is listed as history, without counts.
 */
import { audienceIncludes } from './submission.js';

export interface RollupInput {
  children: Array<{ id: number; name: string; activeTo: string | null }>;
  deadlines: Array<{ id: number; jurisdictionId: number; audience: unknown; status: string }>;
  units: Array<{ id: number; jurisdictionId: number; code: string; kind: string; isOffice: boolean; active: boolean }>;
  submissions: Array<{ deadlineId: number; unitId: number; status: string }>;
}

export interface RollupLine {
  jurisdictionId: number;
  name: string;
  /** Set for a dissolved jurisdiction: the last day it existed. */
  until: string | null;
  open: number;
  /** Unit answers due across the open deadlines, and those in. */
  total: number;
  done: number;
}

const DONE = new Set(['submitted', 'accepted']);

export function rollUp(input: RollupInput, compare: (a: string, b: string) => number): RollupLine[] {
  const done = new Set(input.submissions.filter((s) => DONE.has(s.status)).map((s) => `${s.deadlineId}:${s.unitId}`));
  return input.children
    .map((c) => {
      if (c.activeTo) return { jurisdictionId: c.id, name: c.name, until: c.activeTo, open: 0, total: 0, done: 0 };
      const open = input.deadlines.filter((d) => d.jurisdictionId === c.id && d.status === 'open');
      const units = input.units.filter((u) => u.jurisdictionId === c.id);
      let total = 0;
      let n = 0;
      for (const d of open)
        for (const u of units) {
          if (!audienceIncludes(d.audience, u)) continue;
          total++;
          if (done.has(`${d.id}:${u.id}`)) n++;
        }
      return { jurisdictionId: c.id, name: c.name, until: null, open: open.length, total, done: n };
    })
    .sort((a, b) => Number(a.until !== null) - Number(b.until !== null) || compare(a.name, b.name));
}
