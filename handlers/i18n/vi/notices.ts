/** Vietnamese, what the bot sends unasked: notices, reminders, digests, broadcasts, delivery failures. */
export const notices = {
  'notice.submitted': '📥 {unit} đã nộp "{deadline}". Số tham chiếu: {ref}.',
  'notice.submitted_late': '📥 {unit} đã nộp "{deadline}" — ⏰ nộp muộn {days} ngày. Số tham chiếu: {ref}.',
  'notice.resubmitted': '📥 {unit} đã nộp bản sửa lần {version} của "{deadline}". Số tham chiếu: {ref}.',
  'notice.resubmitted_late':
    '📥 {unit} đã nộp bản sửa lần {version} của "{deadline}" — ⏰ nộp muộn {days} ngày. Số tham chiếu: {ref}.',
  'notice.accepted': '✅ Cơ quan thường trực đã tiếp nhận "{deadline}" của {unit}.',
  'notice.returned': '↩️ Cơ quan thường trực trả lại "{deadline}" của {unit} để bổ sung. Ý kiến: {comment}',
  'notice.reopened': '🔓 Cơ quan thường trực đã mở lại "{deadline}" của {unit} để đơn vị sửa. {comment}',
  'notice.open_report': 'Mở báo cáo',
  'notice.open_review': 'Xem báo cáo',
  'notice.zalo_oa_reconsent':
    '⚠️ Kênh Zalo OA của cơ quan đã mất quyền gửi tin. Quản trị viên OA cần cấp quyền lại cho ứng dụng rồi chạy: npm run admin -- zalo-oa-token <access_token> <refresh_token>. Chi tiết: {reason}',

  'reminder.before': '🔔 Nhắc hạn: "{deadline}" của {unit} — hạn {due} (còn {days} ngày). Trạng thái: {state}.',
  'reminder.today': '🔔 Hôm nay là hạn "{deadline}" của {unit} ({due}). Trạng thái: {state}.',
  'reminder.overdue':
    '⏰ "{deadline}" của {unit} đã quá hạn {days} ngày (hạn {due}). Trạng thái: {state}. Đề nghị hoàn thành sớm.',
  'reminder.escalation':
    '⏰ Gửi thủ trưởng đơn vị: "{deadline}" của {unit} đã quá hạn {days} ngày (hạn {due}), trạng thái: {state}. Đề nghị đồng chí đôn đốc đầu mối hoàn thành.',
  'reminder.open_report': 'Mở báo cáo',
  'reminder.open_registration': 'Mở đăng ký',

  'digest.title': '📊 Tổng hợp ngày {date}',
  'digest.upcoming': 'Hạn trong 7 ngày tới:',
  'digest.upcoming_line': '• {deadline} — hạn {due}: {done}/{total} đơn vị đã nộp',
  'digest.overdue': 'Đơn vị quá hạn:',
  'digest.overdue_line': '• {deadline}: {count} đơn vị — {units}',
  'digest.open_status': 'Xem tình hình',

  'broadcast.header': '📢 Thông báo của {office}',
  'broadcast.result': '📢 Thông báo đã gửi xong: {sent}/{total} người nhận.',
  'broadcast.result_failed':
    '📢 Thông báo: đã gửi {sent}/{total}, {failed} lỗi. Chưa gửi được tới: {names}. Xem chi tiết: /loigui',
  'broadcast.ask_text': 'Nhập nội dung thông báo (tối đa {max} ký tự):',
  'broadcast.pick_audience': 'Gửi tới ai?',
  'broadcast.aud_all': 'Tất cả',
  'broadcast.aud_kinds': 'Theo loại đơn vị',
  'broadcast.aud_units': 'Chọn đơn vị',
  'broadcast.aud_roles': 'Theo vai trò',
  'broadcast.pick_items': 'Chọn (bấm lần nữa để bỏ chọn), rồi bấm Xong:',
  'broadcast.picked_done': 'Xong ({count} đã chọn)',
  'broadcast.pick_one': 'Vui lòng chọn ít nhất một mục.',
  'broadcast.preview':
    'Xem trước:\n\n{text}\n\nSẽ gửi tới {count} người ({unlinked} người chưa liên kết tài khoản nên sẽ không nhận được).',
  'broadcast.btn_send': 'Gửi ({count})',
  'broadcast.nobody': 'Không có người nhận nào phù hợp.',
  'broadcast.queued': 'Đã xếp hàng gửi {count} tin. Tôi sẽ báo kết quả khi gửi xong.',

  'failures.none': 'Không có tin nhắn nào gửi lỗi.',
  'failures.title': 'Tin nhắn chưa gửi được ({count} gần nhất):',
  'failures.kind_reminder': 'nhắc hạn',
  'failures.kind_notice': 'thông báo',
  'failures.kind_digest': 'tổng hợp',
  'failures.kind_broadcast': 'thông báo chung',
  'failures.unlinked':
    '{count} người chưa liên kết tài khoản Telegram/Zalo nên không nhận được tin (cần mời qua /moi): {names}',
  'failures.platform': 'Lỗi từ nền tảng:',
  'failures.unreachable':
    'không liên lạc được trên mọi tài khoản đã liên kết (chặn bot, hoặc Zalo quá 7 ngày không tương tác)',
} as const;
