/** Vietnamese, looking up emulation titles, commendation forms and plan content (/tieuchi). */
export const criteria = {
  'level.co_so': 'cơ sở',
  'level.xa': 'xã',
  'level.huyen': 'huyện',
  'level.tinh': 'tỉnh',
  'level.trung_uong': 'trung ương',

  'criteria.menu': 'Tra cứu thi đua, khen thưởng. Chọn mục cần xem, hoặc gõ từ khóa (ví dụ: lao động tiên tiến).',
  'criteria.menu_titles': 'Danh hiệu thi đua',
  'criteria.menu_awards': 'Hình thức khen thưởng',
  'criteria.titles_header': 'Danh hiệu thi đua',
  'criteria.awards_header': 'Hình thức khen thưởng',
  'criteria.historical': 'không còn áp dụng',
  'criteria.back_menu': '« Về mục lục',
  'criteria.back_list': '« Danh sách',
  'criteria.back_up': '« Về mục {code}',
  'criteria.back_plan': '« Về kế hoạch',
  'criteria.applies_to': 'Đối tượng: {who}',
  'criteria.applies.individual': 'cá nhân',
  'criteria.applies.collective': 'tập thể',
  'criteria.applies.household': 'hộ gia đình',
  'criteria.applies.individual_or_collective': 'cá nhân, tập thể, hộ gia đình',
  'criteria.level': 'Cấp: {level}',
  'criteria.criteria_header': 'Tiêu chuẩn:',
  'criteria.notes_header': 'Ghi chú:',
  'criteria.legal_basis': 'Căn cứ: {basis}',
  'criteria.source': 'Nguồn: {source}',
  'criteria.number_not_keyword':
    '«{n}» là một số, không phải từ khoá. Anh/chị chọn 1–{count} trong danh sách dưới đây, hoặc gõ tên danh hiệu, hình thức khen thưởng cần tra cứu.',
  'criteria.sections_heading': 'Các mục',
  'criteria.historical_mark':
    '⏳ Hình thức này thuộc quy định cũ, không còn áp dụng; giữ lại để tra cứu hồ sơ trước đây.',
  'criteria.uncertain_mark':
    '⚠️ Lưu ý: nội dung này chưa được đối chiếu với văn bản gốc hiện hành; cần xác minh trước khi sử dụng.',
  'criteria.no_result':
    'Không tìm thấy nội dung nào khớp với "{query}". Anh/chị thử từ khóa khác (ví dụ: lao động tiên tiến, giấy khen, sơ kết), hoặc gõ /tieuchi để xem mục lục.',
  'criteria.no_result_suggest': 'Không tìm thấy nội dung khớp đúng với "{query}". Có phải anh/chị muốn tìm:',
  'criteria.more_results': 'Các kết quả khác ({count}):',
} as const;
