/** Vietnamese, first contact and the command list: welcome, help, the unconfigured-jurisdiction note, command descriptions. */
export const help = {
  'welcome.known':
    'Chào {name}! Anh/chị đang tham gia với vai trò {role} của {unit} ({issuer}).\nGõ /trogiup để xem các việc anh/chị có thể làm.',
  'welcome.unknown':
    'Chào anh/chị! Tôi là trợ lý thi đua, khen thưởng của {issuer}.\n• Ai cũng tra cứu được tiêu chuẩn danh hiệu thi đua, hình thức khen thưởng và nội dung kế hoạch: gõ /tieuchi.\n• Cán bộ các cơ quan, đơn vị: xin mã mời từ {office} rồi gửi mã đó cho tôi để báo cáo, đăng ký thi đua và nhận nhắc hạn.',
  'welcome.unconfigured': 'Chào anh/chị! Tôi là trợ lý thi đua, khen thưởng.',

  'help.title': 'Trợ lý thi đua, khen thưởng — {issuer}\nCác lệnh anh/chị dùng được:',
  'help.title_neutral': 'Trợ lý thi đua, khen thưởng\nCác lệnh anh/chị dùng được:',
  'help.you_are': 'Anh/chị: {name} — {role}, {unit}.',
  'help.join': 'Để báo cáo và nhận nhắc hạn, xin mã mời từ {office} rồi gửi mã cho tôi.',
  'help.footer': 'Đang làm dở việc gì, gõ "huỷ" để thoát.',
  'help.choices':
    'Cách trả lời: gõ số để chọn một mục có đánh số; ở câu hỏi cần nhập, «giữ nguyên», «bỏ qua», «quay lại» và «huỷ» luôn gõ bằng chữ, không bao giờ có số. Nếu gõ một số nhỏ (1–20) ở câu hỏi đã có câu trả lời, tôi hỏi lại trước khi thay.',

  'jurisdiction.unconfigured':
    'Lưu ý: trợ lý chưa được thiết lập cho cơ quan, địa phương nào nên chưa nhận báo cáo; tiêu chuẩn danh hiệu thi đua, hình thức khen thưởng vẫn tra cứu được bằng /tieuchi.',

  'neutral.office': 'cơ quan thường trực thi đua, khen thưởng',

  'cmd.start': 'bắt đầu, nhập mã mời',
  'cmd.help': 'danh sách lệnh',
  'cmd.criteria': 'tra cứu tiêu chuẩn, danh hiệu, hình thức khen thưởng, nội dung kế hoạch',
  'cmd.report': 'báo cáo kết quả thi đua của đơn vị',
  'cmd.register': 'đăng ký danh hiệu thi đua đầu năm',
  'cmd.exemplar': 'báo cáo điển hình tiên tiến (cơ quan thường trực: xem, sửa, gỡ điển hình của các đơn vị)',
  'cmd.deadlines': 'các hạn sắp tới và lịch nhắc',
  'cmd.status': 'tình hình thực hiện',
  'cmd.missing': 'đơn vị chưa nộp',
  'cmd.review': 'duyệt báo cáo, đăng ký của đơn vị',
  'cmd.export': 'xuất tổng hợp ra Excel/CSV',
  'cmd.documents': 'văn bản: báo cáo tổng hợp (Word)',
  'cmd.chart': 'biểu đồ tiến độ',
  'cmd.broadcast': 'gửi thông báo',
  'cmd.manage': 'quản lý phong trào và hạn nộp',
  'cmd.invite': 'tạo mã mời',
  'cmd.people': 'quản lý người dùng',
  'cmd.history': 'nhật ký thay đổi của đơn vị',
  'cmd.failures': 'tin nhắn gửi lỗi',
  'cmd.link': 'liên kết thêm tài khoản Telegram/Zalo',
  'cmd.language': 'đổi ngôn ngữ (Tiếng Việt/English)',
  'cmd.cancel': 'thoát việc đang làm',
} as const;
