/**
 * The vocabulary of commendation eligibility: who can be commended, what their history holds,
 * what is proposed, and the verdict. Plain types only, no I/O, so the engine, the rule files,
 * the store and the tests share one model.
 *
 * Trade-off: history records name their holder by a string key rather than a database id, so
 * the engine can follow a unit's lineage (renames and 2025 mergers) without knowing the store;
 * the store's loader maps its ids to keys.
 */

export const NOMINEE_KINDS = ['individual', 'collective', 'household'] as const;
export type NomineeKind = (typeof NOMINEE_KINDS)[number];

/** Loại hình khen thưởng (Luật TĐKT 2022, Điều 8). */
export const COMMENDATION_TYPES = [
  'cong_trang',
  'chuyen_de',
  'dot_xuat',
  'cong_hien',
  'doi_ngoai',
  'nien_han',
] as const;
export type CommendationType = (typeof COMMENDATION_TYPES)[number];

/** Scope at which an initiative (sáng kiến) or a scientific work was recognised, narrowest first. */
export const INITIATIVE_SCOPES = ['co_so', 'tinh', 'toan_quoc'] as const;
export type InitiativeScope = (typeof INITIATIVE_SCOPES)[number];

export const INITIATIVE_KINDS = ['sang_kien', 'de_tai'] as const;
export type InitiativeKind = (typeof INITIATIVE_KINDS)[number];

/** Yearly assessment of a person's work (xếp loại): htxs = hoàn thành xuất sắc nhiệm vụ. */
export const TASK_RATINGS = ['htxs', 'htt', 'ht', 'kht'] as const;
export type TaskRating = (typeof TASK_RATINGS)[number];

export const FLAG_KINDS = ['discipline', 'investigation', 'inspection', 'complaint'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

/** ISO calendar date, YYYY-MM-DD. */
export type IsoDate = string;

export interface AwardRecord {
  /** Key of the nominee (or predecessor unit) who received it. */
  holder: string;
  year: number;
  /** Code of a known title or award form; null when the written name matched none. */
  titleCode: string | null;
  /** The title or form as written in the decision. */
  formName: string;
  type: CommendationType;
  decisionNo?: string | null;
  decisionDate?: IsoDate | null;
  issuer?: string | null;
  /** Identifies one achievement across forms, when known (double-reward detection). */
  achievementKey?: string | null;
}

export interface InitiativeRecord {
  holder: string;
  title: string;
  kind: InitiativeKind;
  scope: InitiativeScope;
  /** The year the recognition counts for. */
  year: number;
  recognisedOn?: IsoDate | null;
  recognisedBy?: string | null;
}

export interface RatingRecord {
  holder: string;
  year: number;
  rating: TaskRating;
}

/**
 * A pending or decided matter that stops or delays commendation. `closedOn` null means still
 * pending (being considered, investigated, inspected, verified). For a decided discipline,
 * `periodEnd` is when its period ends; achievement counts from then (NĐ 152/2025).
 */
export interface FlagRecord {
  kind: FlagKind;
  openedOn: IsoDate;
  closedOn?: IsoDate | null;
  periodEnd?: IsoDate | null;
  note?: string | null;
}

/** `successor` took over `predecessor` on `on` (a merger or a rename keeps the history). */
export interface LineageLink {
  successor: string;
  predecessor: string;
  on: IsoDate;
  kind: 'merge' | 'rename';
}

export interface NomineeHistory {
  nominee: { key: string; kind: NomineeKind; name: string };
  /**
   * The unit that matters for dissolution: a collective itself, or the unit of an individual
   * or household. null when unknown.
   */
  unit: { key: string; name: string; dissolvedOn?: IsoDate | null } | null;
  lineage: LineageLink[];
  awards: AwardRecord[];
  initiatives: InitiativeRecord[];
  ratings: RatingRecord[];
  flags: FlagRecord[];
}

export interface Nomination {
  titleCode: string;
  /** The year of the achievement (for chuyên đề / đột xuất: the year of the campaign or feat). */
  year: number;
  type: CommendationType;
  achievementKey?: string | null;
  /** The day the check is made (flags and discipline periods are judged on it). */
  asOf: IsoDate;
}

/** What the unit's list in the same round says; the engine never counts other people itself. */
export interface RoundContext {
  /** Nominees of the unit by title in this round, this nominee included. */
  unitCounts?: Record<string, number>;
  /** Other titles proposed for this same nominee in this round (LĐTT beside CSTĐCS). */
  sameRoundTitles?: string[];
}

/** The collective's own figures for the year, as its nomination states them. */
export interface CollectiveStats {
  members: number;
  completedTasks: number;
  ldtt: number;
  cstdcs: number;
}

export interface EvaluationInput {
  nomination: Nomination;
  history: NomineeHistory;
  round?: RoundContext;
  collective?: CollectiveStats;
  /** Overrides of the rule set's parameters (the jurisdiction's configured values). */
  params?: Record<string, number>;
}

export type Severity = 'warning' | 'blocked';
export type VerdictStatus = 'eligible' | Severity;

export interface LocalText {
  vi: string;
  en: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  /** What the rule says. */
  rule_text: LocalText;
  /** What is wrong here and what would make the nominee eligible. */
  message: LocalText;
  legal_basis: string;
  source: string;
  uncertain: boolean;
  overridable: boolean;
}

export interface Override {
  /** Who decided (a person's name or a system label). */
  by: string;
  reason: string;
  at: string;
  /** Rules the office accepts the nominee despite. */
  rules: string[];
}

export interface Verdict {
  rulesVersion: string;
  /** What the rules say, before any override. */
  status: VerdictStatus;
  findings: Finding[];
  override?: Override;
  /** What stands after the override: eligible when every finding is overridden. */
  finalStatus: VerdictStatus;
}
