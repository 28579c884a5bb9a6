/**
 * The words the office renderers (XLSX/CSV export, charts) put on paper. Kept here rather than
 * in the i18n catalogs because they are document vocabulary, not chat messages: sheet names,
 * column headers, chart legends. Both locales are complete; data values (unit names, item
 * labels, answers) are never translated.
 */
import type { SubmissionState } from '../../domain/submission.js';
import type { Locale } from '../types.js';

/** A state as shown in documents; `overdue` is not a stored state but is shown like one. */
export type DisplayState = SubmissionState | 'overdue';

export interface OfficeLabels {
  yes: string;
  no: string;
  /** "Overdue" column of a unit that submitted after the deadline. */
  late: string;
  state: Record<DisplayState, string>;
  /** Unit kind codes of the data file; unknown kinds are shown as their code. */
  kind: Record<string, string>;
  sheet: { summary: string; details: string };
  /** Header block of the summary sheet. */
  head: {
    title: string;
    issuer: string;
    office: string;
    deadline: string;
    dueAt: string;
    generatedAt: string;
  };
  /** Units-by-state table of the summary sheet. */
  stateTable: {
    title: string;
    kind: string;
    total: string;
    overdueOfWhich: string;
    doneRate: string;
    grandTotal: string;
  };
  /** Figures of the summary sheet. */
  figures: {
    numbersTitle: string;
    yesnoTitle: string;
    choiceTitle: string;
    no: string;
    item: string;
    measure: string;
    respondents: string;
    total: string;
    average: string;
    yesCount: string;
    noCount: string;
    option: string;
    units: string;
    note: string;
    percentTotalNote: string;
  };
  /** Columns of the details sheet and the CSV. */
  col: {
    no: string;
    unitCode: string;
    unitName: string;
    kind: string;
    state: string;
    overdue: string;
    submittedAt: string;
    version: string;
    refNo: string;
  };
  /** Suffix of a file item's header: what the number in the column counts. */
  filesCount: string;
  chart: {
    /** "9/12 đơn vị đã nộp — hạn 30/06/2026" */
    progressSubtitle: (done: number, total: number, due: string) => string;
    segment: { submitted: string; draft: string; notStarted: string; overdue: string };
    allUnits: string;
    noUnits: string;
    updatedAt: (when: string) => string;
    months: readonly string[];
    perMonth: string;
    perWeek: string;
    cumulative: string;
    /** "27 lượt nộp cho 3 đợt · 01/01/2026 – 31/12/2026" */
    seriesSubtitle: (count: number, deadlines: number, from: string, to: string) => string;
    noSubmissions: string;
    weekOf: string;
  };
}

const vi: OfficeLabels = {
  yes: 'Có',
  no: 'Không',
  late: 'Nộp muộn',
  state: {
    not_started: 'Chưa làm',
    draft: 'Bản nháp',
    submitted: 'Đã nộp',
    returned: 'Bị trả lại',
    accepted: 'Đã tiếp nhận',
    overdue: 'Quá hạn',
  },
  kind: {
    office: 'Cơ quan thường trực',
    agency: 'Cơ quan chuyên môn',
    commune: 'Xã',
    town: 'Thị trấn',
    enterprise: 'Doanh nghiệp',
    school: 'Trường học',
    health: 'Y tế',
    organisation: 'Tổ chức, đoàn thể',
    village: 'Thôn, bản',
  },
  sheet: { summary: 'Tổng hợp', details: 'Chi tiết' },
  head: {
    title: 'TỔNG HỢP TÌNH HÌNH NỘP BÁO CÁO',
    issuer: 'Cơ quan ban hành',
    office: 'Cơ quan thường trực',
    deadline: 'Nội dung',
    dueAt: 'Hạn nộp',
    generatedAt: 'Thời điểm tổng hợp',
  },
  stateTable: {
    title: 'I. Số đơn vị theo trạng thái',
    kind: 'Loại đơn vị',
    total: 'Tổng số',
    overdueOfWhich: 'Trong đó quá hạn',
    doneRate: 'Tỷ lệ đã nộp',
    grandTotal: 'Tổng cộng',
  },
  figures: {
    numbersTitle: 'II. Tổng hợp số liệu',
    yesnoTitle: 'III. Các nội dung Có/Không',
    choiceTitle: 'IV. Các nội dung lựa chọn',
    no: 'STT',
    item: 'Nội dung',
    measure: 'Đơn vị tính',
    respondents: 'Số đơn vị có số liệu',
    total: 'Tổng',
    average: 'Trung bình',
    yesCount: 'Số đơn vị trả lời "Có"',
    noCount: 'Số đơn vị trả lời "Không"',
    option: 'Phương án',
    units: 'Số đơn vị',
    note: 'Ghi chú',
    percentTotalNote: 'Không cộng tổng',
  },
  col: {
    no: 'STT',
    unitCode: 'Mã đơn vị',
    unitName: 'Tên đơn vị',
    kind: 'Loại',
    state: 'Trạng thái',
    overdue: 'Quá hạn',
    submittedAt: 'Thời điểm nộp',
    version: 'Lần nộp',
    refNo: 'Số tham chiếu',
  },
  filesCount: 'số tệp',
  chart: {
    progressSubtitle: (done, total, due) => `${done}/${total} đơn vị đã nộp — hạn ${due}`,
    segment: { submitted: 'Đã nộp', draft: 'Đang soạn / bị trả lại', notStarted: 'Chưa làm', overdue: 'Quá hạn' },
    allUnits: 'Tất cả đơn vị',
    noUnits: 'Chưa có đơn vị nào thuộc đối tượng của đợt này.',
    updatedAt: (when) => `Số liệu lúc ${when}`,
    months: ['Th1', 'Th2', 'Th3', 'Th4', 'Th5', 'Th6', 'Th7', 'Th8', 'Th9', 'Th10', 'Th11', 'Th12'],
    perMonth: 'Số lượt nộp trong tháng',
    perWeek: 'Số lượt nộp trong tuần',
    cumulative: 'Lũy kế (trục phải)',
    seriesSubtitle: (count, deadlines, from, to) =>
      `${count} lượt nộp${deadlines > 0 ? ` cho ${deadlines} đợt` : ''} · ${from} – ${to}`,
    noSubmissions: 'Chưa có lượt nộp nào trong giai đoạn này.',
    weekOf: 'Tuần bắt đầu',
  },
};

const en: OfficeLabels = {
  yes: 'Yes',
  no: 'No',
  late: 'Submitted late',
  state: {
    not_started: 'Not started',
    draft: 'Draft',
    submitted: 'Submitted',
    returned: 'Returned',
    accepted: 'Accepted',
    overdue: 'Overdue',
  },
  kind: {
    office: 'Standing office',
    agency: 'Specialised agency',
    commune: 'Commune',
    town: 'Township',
    enterprise: 'Enterprise',
    school: 'School',
    health: 'Health facility',
    organisation: 'Mass organisation',
    village: 'Village',
  },
  sheet: { summary: 'Summary', details: 'Details' },
  head: {
    title: 'REPORT SUBMISSION SUMMARY',
    issuer: 'Issuer',
    office: 'Standing office',
    deadline: 'Deadline',
    dueAt: 'Due',
    generatedAt: 'Generated at',
  },
  stateTable: {
    title: 'I. Units by state',
    kind: 'Unit kind',
    total: 'Total',
    overdueOfWhich: 'Of which overdue',
    doneRate: 'Submitted rate',
    grandTotal: 'All units',
  },
  figures: {
    numbersTitle: 'II. Figures',
    yesnoTitle: 'III. Yes/no items',
    choiceTitle: 'IV. Choice items',
    no: 'No.',
    item: 'Item',
    measure: 'Unit of measure',
    respondents: 'Units with a value',
    total: 'Total',
    average: 'Average',
    yesCount: 'Units answering "Yes"',
    noCount: 'Units answering "No"',
    option: 'Option',
    units: 'Units',
    note: 'Note',
    percentTotalNote: 'Not summed',
  },
  col: {
    no: 'No.',
    unitCode: 'Unit code',
    unitName: 'Unit name',
    kind: 'Kind',
    state: 'State',
    overdue: 'Overdue',
    submittedAt: 'Submitted at',
    version: 'Version',
    refNo: 'Reference no.',
  },
  filesCount: 'files',
  chart: {
    progressSubtitle: (done, total, due) => `${done}/${total} units submitted — due ${due}`,
    segment: { submitted: 'Submitted', draft: 'Draft / returned', notStarted: 'Not started', overdue: 'Overdue' },
    allUnits: 'All units',
    noUnits: 'No units are addressed by this deadline yet.',
    updatedAt: (when) => `Data as of ${when}`,
    months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    perMonth: 'Submissions per month',
    perWeek: 'Submissions per week',
    cumulative: 'Cumulative (right axis)',
    seriesSubtitle: (count, deadlines, from, to) =>
      `${count} submission${count === 1 ? '' : 's'}${deadlines > 0 ? ` for ${deadlines} deadline${deadlines === 1 ? '' : 's'}` : ''} · ${from} – ${to}`,
    noSubmissions: 'No submissions in this period.',
    weekOf: 'Week of',
  },
};

export const OFFICE_LABELS: Record<Locale, OfficeLabels> = { vi, en };

export function officeLabels(locale: Locale): OfficeLabels {
  return OFFICE_LABELS[locale] ?? OFFICE_LABELS.vi;
}

/** The kind's name in `locale`, or the code itself for a kind the labels do not know. */
export function kindLabel(locale: Locale, kind: string): string {
  const k = officeLabels(locale).kind;
  return Object.hasOwn(k, kind) ? k[kind]! : kind;
}

/** The state as shown in a document: an overdue unit that is not done shows "quá hạn". */
export function stateLabel(locale: Locale, state: DisplayState): string {
  return officeLabels(locale).state[state];
}

/** The kinds present, in the data file's order (office, agency, commune, …); unknown kinds after, by code. */
export function kindOrder(kinds: Iterable<string>): string[] {
  const known = Object.keys(vi.kind);
  const rank = (k: string): number => {
    const i = known.indexOf(k);
    return i < 0 ? known.length : i;
  };
  return [...new Set(kinds)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
