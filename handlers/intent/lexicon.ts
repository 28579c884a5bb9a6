/**
 * The words that say what a question asks, as officials write them (Northern and Southern
 * wording, chat shorthand already expanded by tokens.ts, a little English). These are the
 * language of the work, not names: names come from the store (vocabulary.ts). Trade-off:
 * weighted phrases that a person can read and extend, instead of a trained classifier that
 * nobody in an office could correct.
 */
import { words } from './tokens.js';

export const INTENTS = ['criteria', 'unit_status', 'missing', 'my_tasks', 'deadline', 'howto', 'help'] as const;
export type IntentName = (typeof INTENTS)[number] | 'unknown';

export const HOWTO_TOPICS = [
  'register',
  'report',
  'invite',
  'join',
  'exemplar',
  'link',
  'language',
  'criteria',
  'export',
  'review',
] as const;
export type HowtoTopic = (typeof HOWTO_TOPICS)[number];

type Table = Array<[phrase: string, weight: number]>;

/** Phrases (written with diacritics for the reader; compared folded) and their weights. */
export const CUES: Record<(typeof INTENTS)[number], Table> = {
  criteria: [
    ['tiêu chuẩn', 3],
    ['tiêu chí', 3],
    ['điều kiện', 3],
    ['cần những gì', 2],
    ['cần gì', 2],
    ['cần những', 1],
    ['những gì', 1],
    ['gồm những gì', 2],
    ['gồm gì', 2],
    ['là gì', 1],
    ['xét', 1],
    ['xét như thế nào', 1],
    ['xét ra sao', 1],
    ['có được', 1],
    ['được không', 1],
    ['có bắt buộc', 2],
    ['danh hiệu', 2],
    ['hình thức khen thưởng', 3],
    ['hình thức', 1],
    ['loại hình', 2],
    ['nguyên tắc', 2],
    ['thẩm quyền', 2],
    ['văn bản', 1],
    ['pháp lý', 1],
    ['tỷ lệ', 1],
    ['bao nhiêu phần trăm', 1],
    ['mấy năm', 1],
    ['tặng cho ai', 2],
    ['criteria', 3],
    ['requirements', 3],
    ['tra cứu', 2],
    ['muốn được', 1],
    ['muốn đạt', 1],
    ['để đạt', 1],
  ],
  unit_status: [
    ['nộp chưa', 3],
    ['gửi chưa', 3],
    ['nộp báo cáo chưa', 3],
    ['đã nộp', 2],
    ['đã gửi', 2],
    ['nộp', 1],
    ['gửi', 1],
    ['chưa', 1],
    ['tình hình', 2],
    ['tới đâu rồi', 3],
    ['đến đâu rồi', 3],
    ['thế nào rồi', 2],
    ['đăng ký thi đua chưa', 2],
    ['nộp không', 2],
    ['submitted', 3],
    ['status', 3],
    ['has', 1],
  ],
  missing: [
    ['đơn vị nào', 3],
    ['xã nào', 3],
    ['những đơn vị', 2],
    ['những xã', 2],
    ['các đơn vị', 2],
    ['ai chưa', 3],
    ['những ai', 2],
    ['ai còn', 2],
    ['còn ai', 2],
    ['danh sách đơn vị', 3],
    ['đơn vị chưa', 3],
    ['nợ báo cáo', 1],
    ['liệt kê', 2],
    ['bao nhiêu đơn vị', 3],
    ['mấy đơn vị', 3],
    ['mấy xã', 3],
    ['which units', 4],
    ['who has not', 4],
    ['missing', 2],
    ['not submitted', 3],
  ],
  my_tasks: [
    ['còn việc gì', 4],
    ['còn việc', 3],
    ['việc gì', 2],
    ['việc của tôi', 5],
    ['việc cần làm', 4],
    ['cần làm gì', 3],
    ['phải làm gì', 3],
    ['còn gì', 2],
    ['còn thiếu gì', 3],
    ['còn thiếu', 2],
    ['chưa làm', 2],
    ['nộp đủ', 3],
    ['phải nộp', 2],
    ['việc tồn đọng', 4],
    ['còn nợ', 2],
    ['quá hạn không', 2],
    ['my tasks', 5],
    ['what do i', 3],
    ['still have to', 3],
    ['làm tiếp', 2],
    ['việc chi', 3],
  ],
  deadline: [
    ['hạn', 2],
    ['hạn chót', 4],
    ['hạn cuối', 4],
    ['hạn nộp', 3],
    ['bao giờ', 2],
    ['khi nào', 2],
    ['ngày nào', 2],
    ['ngày mấy', 2],
    ['trước ngày', 2],
    ['deadline', 4],
    ['deadlines', 4],
    ['due', 3],
    ['hết hạn', 3],
    ['mốc thời gian', 3],
    ['lịch nộp', 3],
    ['lúc nào', 2],
    ['chừng nào', 2],
    ['mấy ngày', 2],
    ['when', 2],
    ['sắp tới', 2],
    ['thời hạn', 3],
  ],
  howto: [
    ['làm sao', 3],
    ['làm thế nào', 3],
    ['làm như nào', 3],
    ['như thế nào', 1],
    ['thế nào', 1],
    ['như nào', 1],
    ['cách', 3],
    ['hướng dẫn', 2],
    ['ở đâu', 2],
    ['kiểu gì', 3],
    ['thì làm gì', 3],
    ['how do i', 3],
    ['how to', 3],
    ['sửa', 2],
    ['thì sao', 1],
  ],
  help: [
    ['giúp', 3],
    ['trợ giúp', 5],
    ['help', 5],
    ['làm được gì', 5],
    ['làm được những gì', 5],
    ['những lệnh', 5],
    ['lệnh nào', 5],
    ['hướng dẫn sử dụng', 6],
    ['menu', 5],
    ['không biết dùng', 5],
    ['what can you do', 6],
    ['dùng sao', 5],
    ['xin chào', 5],
    ['chào bạn', 5],
    ['chào', 3],
    ['alo', 5],
    ['hello', 5],
    ['hi', 3],
    ['bot này', 2],
  ],
};

/** Words of a not-yet-done state, for "which units have not…". */
export const NOT_DONE: string[] = [
  'chưa nộp',
  'chưa gửi',
  'chưa đăng ký',
  'chưa hoàn thành',
  'nợ báo cáo',
  'thiếu báo cáo',
  'quá hạn',
  'trễ hạn',
  'nộp muộn',
  'chậm nộp',
  'không nộp',
  'chưa',
  'missing',
  'not submitted',
];

/** Who is speaking about their own unit. */
export const FIRST_PERSON: string[] = [
  'tôi',
  'mình',
  'tui',
  'bên mình',
  'bên em',
  'đơn vị tôi',
  'đơn vị mình',
  'đơn vị em',
  'của tôi',
  'my',
  'for me',
  'do i',
  'i still',
  'i have',
];

/** Topics of a how-to question, each with its words. */
export const TOPICS: Record<HowtoTopic, string[]> = {
  register: ['đăng ký', 'đăng kí', 'register'],
  report: ['báo cáo', 'nộp bc', 'report', 'submit'],
  invite: ['mời', 'mã mời', 'thêm đầu mối', 'invite', 'thêm người'],
  join: ['để tham gia', 'muốn tham gia', 'có mã mời', 'nhập mã', 'vào hệ thống', 'join'],
  exemplar: ['điển hình', 'gương'],
  link: ['liên kết', 'link'],
  language: ['ngôn ngữ', 'tiếng anh', 'language', 'english'],
  criteria: ['tra cứu'],
  export: ['xuất', 'excel'],
  review: ['duyệt', 'review'],
};

/** When two topics' words occur, the more specific one wins. */
export const TOPIC_ORDER: HowtoTopic[] = [
  'join',
  'link',
  'language',
  'exemplar',
  'review',
  'export',
  'criteria',
  'invite',
  'register',
  'report',
];

/** Words of each deadline kind (the kinds are the data format's own codes). */
export const DEADLINE_KIND_WORDS: Record<string, string[]> = {
  registration: ['đăng ký', 'đăng kí', 'register', 'registration'],
  midyear_review: ['sơ kết', '6 tháng', 'sáu tháng', 'mid year', 'midyear'],
  yearend_review: ['tổng kết', 'cuối năm', 'year end', 'annual'],
  report: ['thống kê'],
  nomination: ['hồ sơ đề nghị', 'hồ sơ khen', 'đề nghị khen', 'nomination'],
};

/** A unit kind word followed by a name: where an unknown unit name is looked for. */
export const UNIT_KIND_WORDS = ['xã', 'phường', 'thị trấn', 'phòng', 'trường', 'trạm', 'ban', 'commune'];

/** Words of the questions themselves, not of the thing asked about (left out of search). */
export const FILLER = new Set(
  words(
    'cho hỏi với ạ a ạh nhé nha nhen vậy dzậy ta thế nào như sao ra gì là có không được muốn phải thì để của em anh chị bạn ơi hả nhỉ hông chứ đi rồi năm nay này cần những các xét đạt bao nhiêu mấy tiêu chuẩn tiêu chí điều kiện the what are for is of a an to',
  ),
);

/** Compiled phrase: canonical words joined by spaces, padded for whole-word search. */
export function compile(table: Table): Array<[string, number]> {
  return table.map(([p, w]) => [` ${words(p).join(' ')} `, w]);
}

export function compileList(list: string[]): string[] {
  return list.map((p) => ` ${words(p).join(' ')} `);
}
