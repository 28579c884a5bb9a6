/**
 * The office's view of one deadline, built from the store and handed to the pure renderers
 * (status text, XLSX/CSV export, charts). Plain data: no database, no platform.
 */
import type { FormItem } from '../../domain/form-items.js';
import type { SubmissionState } from '../../domain/submission.js';
import type { Json, Locale } from '../types.js';

export interface UnitProgress {
  unitId: number;
  code: string;
  name: string;
  /** Unit kind code from the data file: commune, agency, town, school, … */
  kind: string;
  state: SubmissionState;
  /** Not done and past the due time. */
  overdue: boolean;
  /** Latest submission time, if ever submitted. */
  submittedAt?: Date;
  /** First submission time, if ever submitted. */
  firstSubmittedAt?: Date;
  version: number;
  refNo?: string;
  /** Answers of the latest submitted version (empty when never submitted). */
  answers: Record<string, Json>;
}

export interface DeadlineOverview {
  deadline: { id: number; code: string; title: string; kind: string; dueAt: Date };
  /** Report items in order, the columns of the export. Empty for a deadline without a form. */
  items: FormItem[];
  units: UnitProgress[];
  generatedAt: Date;
  timezone: string;
  locale: Locale;
  /** Names for the sheet header (issuer, office) from the jurisdiction's settings. */
  issuer: string;
  office: string;
}

/** Submissions over a period, for the "submissions over time" chart. */
export interface SubmissionSeries {
  title: string;
  /** One point per submission (first submissions only), with the deadline it answered. */
  points: Array<{ at: Date; deadlineTitle: string }>;
  from: Date;
  to: Date;
  timezone: string;
  locale: Locale;
}
