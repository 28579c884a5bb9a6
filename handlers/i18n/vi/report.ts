/** Vietnamese, reporting: submission states, due dates, reports, the registration of titles, exemplars. */
export const report = {
  'state.not_started': 'chưa làm',
  'state.draft': 'bản nháp',
  'state.submitted': 'đã nộp',
  'state.returned': 'bị trả lại',
  'state.accepted': 'đã tiếp nhận',
  'state.overdue': 'quá hạn',

  'due.in_days': 'Hạn: {when} (còn {days} ngày)',
  'due.today': 'Hạn: {when} (hôm nay)',
  'due.days_ago': 'Hạn: {when} (đã quá {days} ngày)',

  'report.list': 'Các báo cáo của {unit}. Chọn báo cáo để làm tiếp:',
  'report.list_registration': 'Đăng ký thi đua của {unit}. Chọn đợt đăng ký:',
  'report.none': '{unit} hiện không có hạn báo cáo nào đang mở. Gõ /hanchot để xem các hạn sắp tới.',
  'report.none_registration': '{unit} hiện không có đợt đăng ký thi đua nào đang mở.',
  'report.not_for_unit': 'Hạn này không áp dụng cho đơn vị của anh/chị. Gõ /baocao để xem các hạn của đơn vị.',
  'report.intro':
    '📋 {title}\n{due}\nGồm {count} mục. Mỗi câu trả lời được lưu ngay; anh/chị có thể dừng và quay lại bất cứ lúc nào (gõ "huỷ" để tạm dừng).',
  'report.resume': '📋 {title} — {state}\n{due}\nTiếp tục từ mục chưa trả lời.',
  'report.return_comment': 'Ý kiến của cơ quan thường trực: {comment}',
  'report.locked_accepted':
    'Báo cáo đã được cơ quan thường trực tiếp nhận nên không sửa được nữa. Nếu cần sửa, vui lòng đề nghị cơ quan thường trực mở lại.',
  'report.locked_past_deadline':
    'Đã quá hạn nên không sửa được báo cáo đã nộp. Nếu cần sửa, vui lòng đề nghị cơ quan thường trực mở lại.',
  'report.locked_closed': 'Đợt này đã đóng, không nhận thêm thay đổi.',
  'report.summary_title': '📋 {title} — {unit}',
  'report.summary_state': 'Trạng thái: {state}. {due}',
  'report.summary_ref': 'Số tham chiếu lần nộp gần nhất: {ref} (lần {version})',
  'report.summary_actions': 'Kiểm tra lại rồi chọn: Gửi, Sửa một mục, hoặc Lưu nháp.',
  'report.summary_hint': 'Chọn bằng các nút, hoặc gõ "gửi" để nộp, "sửa 3" để sửa mục 3, "huỷ" để lưu nháp và thoát.',
  'report.btn_submit': 'Gửi báo cáo',
  'report.btn_resubmit': 'Gửi bản đã sửa',
  'report.btn_edit': 'Sửa một mục',
  'report.btn_save_draft': 'Lưu nháp, làm sau',
  'report.pick_item': 'Chọn mục cần sửa:',
  'report.missing': 'Chưa nộp được: còn thiếu mục bắt buộc: {items}. Mời anh/chị trả lời mục này:',
  'report.empty': 'Báo cáo chưa có nội dung nào để nộp.',
  'report.submitted':
    '✅ Đã nộp "{title}".\nSố tham chiếu: {ref}\nThời điểm: {time}\nAnh/chị vẫn sửa được đến hạn {due} (gõ /baocao), trừ khi cơ quan thường trực đã tiếp nhận.',
  'report.resubmitted': '✅ Đã nộp bản sửa lần {version} của "{title}".\nSố tham chiếu: {ref}\nThời điểm: {time}',
  'report.draft_saved': 'Đã lưu nháp. Khi nào tiện, gõ {command} để làm tiếp từ chỗ đang dừng.',
  'report.submitted_late':
    '✅ Đã nộp "{title}" (sau hạn {due}).\nSố tham chiếu: {ref}\nThời điểm: {time}\nVì đã quá hạn, nếu cần sửa, vui lòng đề nghị cơ quan thường trực mở lại.',

  'reg.item_staff': 'Tổng số cán bộ, công chức, viên chức, người lao động của đơn vị',
  'reg.item_collective': 'Danh hiệu tập thể đăng ký',
  'reg.no_collective': 'Không đăng ký danh hiệu tập thể',
  'reg.item_individuals': 'Cá nhân đăng ký danh hiệu "{title}"',
  'reg.warnings_title': 'Lưu ý khi đối chiếu với quy định (chỉ để tham khảo, cơ quan thường trực sẽ xem xét):',
  'reg.rule_cite': 'Căn cứ: {label} — {source}',
  'reg.rule_uncertain': '(tỷ lệ này chưa được xác minh theo quy định hiện hành)',
  'reg.warn_more_than_staff': 'Số người đăng ký "{title}" ({count}) nhiều hơn tổng số cán bộ của đơn vị ({staff}).',
  'reg.warn_cstdcs_cap':
    'Số đăng ký Chiến sĩ thi đua cơ sở ({count}) vượt {pct}% số đăng ký Lao động tiên tiến ({ldtt}): tối đa {max} người.',
  'reg.warn_cstdcs_not_ldtt':
    'Những người sau đăng ký Chiến sĩ thi đua cơ sở nhưng chưa có trong danh sách Lao động tiên tiến (phải đạt Lao động tiên tiến): {names}.',
  'reg.warn_collective_share':
    '"{title}" cần ít nhất {pct}% cá nhân đạt Lao động tiên tiến; đơn vị mới đăng ký {got}%.',
  'reg.warn_collective_share_strict':
    '"{title}" cần trên {pct}% cá nhân đạt Lao động tiên tiến; đơn vị mới đăng ký {got}%.',
  'reg.warn_ttldxs_needs_cstdcs': '"{title}" cần có cá nhân đạt Chiến sĩ thi đua cơ sở; đơn vị chưa đăng ký ai.',

  'exemplar.ask_name': 'Báo cáo điển hình tiên tiến. Nhập tên cá nhân, tập thể hoặc mô hình:',
  'exemplar.ask_field': 'Lĩnh vực (ví dụ: nông nghiệp hàng hóa, chuyển đổi số, văn hóa – xã hội):',
  'exemplar.ask_achievement': 'Thành tích, việc làm nổi bật (tối đa 2000 ký tự):',
  'exemplar.ask_photos': 'Gửi ảnh minh họa (tối đa {max} ảnh), hoặc bấm Xong.',
  'exemplar.confirm': 'Xác nhận:\n• Tên: {name}\n• Lĩnh vực: {field}\n• Thành tích: {achievement}\n• Ảnh: {photos}',
  'exemplar.btn_save': 'Lưu',
  'exemplar.edit_name': 'Sửa tên',
  'exemplar.edit_field': 'Sửa lĩnh vực',
  'exemplar.edit_achievement': 'Sửa thành tích',
  'exemplar.saved': 'Đã ghi nhận điển hình "{name}". Cơ quan thường trực sẽ xem xét tuyên truyền, nhân rộng.',
  'exemplar.list_title': 'Điển hình tiên tiến đã báo cáo ({count}):',
  'exemplar.list_empty': 'Chưa có điển hình nào được báo cáo.',
  'exemplar.field_line': 'Lĩnh vực: {field}',
  'exemplar.photos_line': '{count} ảnh kèm theo',
  'exemplar.btn_new': 'Báo cáo điển hình mới',
} as const;
