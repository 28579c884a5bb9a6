/**
 * Vietnamese, the words the office renderers (XLSX/CSV export, charts) put on paper: sheet
 * names, column headers, chart legends. A structured object rather than flat keys because the
 * renderers index it (a state, a unit kind, a month number) and three phrases are computed
 * (counts, and the English plurals); this file also defines the shape English must match.
 * Data values (unit names, item labels, answers) are never translated.
 */

export interface OfficeLabels {
  yes: string;
  no: string;
  /** "Overdue" column of a unit that submitted after the deadline. */
  late: string;
  /** The same with the days: "Nộp muộn 245 ngày". */
  lateDays: (days: number) => string;
  /** A submission state as shown in documents; `overdue` is not stored but shown like one. */
  state: { not_started: string; draft: string; submitted: string; returned: string; accepted: string; overdue: string };
  /** Unit kind codes of the data file; unknown kinds are shown as their code. */
  kind: Record<string, string>;
  sheet: { summary: string; details: string; nominations: string };
  /** A registration's nominations: one row per person (or collective) and the totals per title. */
  nominations: {
    form: string;
    individual: string;
    collective: string;
    title: string;
    name: string;
    none: string;
    totalsTitle: string;
    count: string;
  };
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

export const officeLabels: OfficeLabels = {
  yes: 'Có',
  no: 'Không',
  late: 'Nộp muộn',
  lateDays: (days) => `Nộp muộn ${days} ngày`,
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
  sheet: { summary: 'Tổng hợp', details: 'Chi tiết', nominations: 'Danh sách đề nghị' },
  nominations: {
    form: 'Hình thức',
    individual: 'Cá nhân',
    collective: 'Tập thể',
    title: 'Danh hiệu',
    name: 'Họ và tên / tên tập thể',
    none: 'Chưa đề nghị',
    totalsTitle: 'Tổng số đề nghị theo danh hiệu',
    count: 'Số đề nghị',
  },
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
