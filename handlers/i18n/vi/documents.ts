/** Vietnamese, files the bot produces, as chat messages: Word documents, XLSX/CSV/ZIP exports, charts. */
export const documents = {
  'documents.pick_kind': 'Chọn văn bản cần lập:',
  'documents.pick_deadline': '{document}. Chọn đợt',
  'documents.unknown_kind': 'Tôi không có văn bản "{arg}". Các văn bản lập được: {kinds}. Chọn bên dưới:',
  'documents.unknown_deadline': 'Tôi không tìm thấy đợt "{arg}". Anh/chị chọn đợt trong danh sách:',
  'documents.done': '{document} — "{title}": {submitted}/{total} đơn vị đã nộp. Tệp Word để rà soát, ký và đóng dấu.',
  'documents.no_data':
    'Chưa có đơn vị nào nộp "{title}", nên chưa lập được {document}. Gõ /chuanop để nhắc các đơn vị.',
  'documents.wrong_kind':
    '{document} chỉ lập cho các đợt sơ kết, tổng kết hoặc báo cáo; "{title}" không thuộc loại này.',
  'documents.not_found': 'Không còn đợt này. Gõ /vanban để chọn lại.',
  'documents.no_documents':
    'Kênh này không gửi được tệp. Anh/chị dùng Telegram, Zalo OA, hoặc lệnh: npm run admin -- document {kind} --deadline {deadline} --out van-ban.docx',

  'export.pick_deadline': 'Xuất tổng hợp. Chọn đợt',
  'export.pick_format': 'Chọn định dạng:',
  'export.xlsx': 'Excel (.xlsx)',
  'export.csv': 'CSV',
  'export.done': 'Tổng hợp "{title}": {submitted}/{total} đơn vị đã nộp.',
  'export.zip': 'Tệp đính kèm (.zip)',
  'export.zip_done':
    'Tệp đính kèm "{title}": {files} tệp của {units} đơn vị (kèm danh-sach.csv có mã SHA-256 của từng tệp).',
  'export.zip_none': 'Đợt "{title}" chưa có tệp đính kèm nào trong các báo cáo đã nộp.',
  'export.zip_missing': '⚠️ {count} tệp chưa có bản lưu (nền tảng chưa cho tải; bot sẽ tự thử lại): {list}',
  'export.zip_too_big':
    'Tệp ZIP lớn {size} MB, quá giới hạn gửi qua tin nhắn. Anh/chị dùng lệnh: npm run admin -- files {code} --out tep-dinh-kem.zip',
  'export.no_documents':
    'Kênh này không gửi được tệp. Anh/chị dùng Telegram, Zalo OA, hoặc lệnh: npm run admin -- export <mã đợt> --out tep.xlsx',

  'chart.pick': 'Biểu đồ tiến độ. Chọn đợt',
  'chart.or_year': 'Hoặc xem số báo cáo nộp theo thời gian trong năm:',
  'chart.year': 'Cả năm',
  'chart.caption': '{title}: {submitted}/{total} đơn vị đã nộp, {overdue} đơn vị quá hạn.',
  'chart.year_title': 'Báo cáo nộp trong năm {year}',
  'chart.year_caption': 'Năm {year}: {count} lần nộp lần đầu.',
} as const;
