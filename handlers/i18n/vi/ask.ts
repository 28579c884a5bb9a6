/** Vietnamese, plain-language questions and their answers. */
export const ask = {
  'ask.other_unit':
    'Anh/chị chỉ xem được tình hình của đơn vị mình ({unit}). Tình hình các đơn vị khác do cơ quan thường trực thi đua, khen thưởng theo dõi.',
  'ask.two_units':
    'Tôi hiểu anh/chị hỏi tình hình của đơn vị, nhưng tin nhắn nêu hai đơn vị. Mỗi lần tôi trả lời về một đơn vị — anh/chị chọn một:',
  'ask.ambiguous_unit': 'Tôi hiểu anh/chị hỏi tình hình của đơn vị, nhưng chưa rõ là đơn vị nào. Anh/chị chọn một:',
  'ask.unknown_unit':
    'Tôi hiểu anh/chị hỏi tình hình của một đơn vị, nhưng không tìm thấy đơn vị "{name}" trong danh sách. Anh/chị kiểm tra lại tên, hoặc chọn:',
  'ask.too_long': 'Tin nhắn khá dài nên tôi chỉ đọc {max} ký tự đầu.',
  'ask.understood': 'Tôi hiểu là anh/chị hỏi về: {what}. Anh/chị chọn để xem:',
  'ask.not_placed': 'Tôi chưa rõ anh/chị hỏi gì. Gõ /trogiup để xem các việc tôi có thể giúp, hoặc chọn:',
  'ask.foreign':
    'Xin lỗi, tôi chỉ đọc được tiếng Việt (và một ít tiếng Anh). Gõ /trogiup để xem các việc tôi có thể giúp, hoặc chọn:',
  'ask.no_words': 'Tôi chỉ hiểu tin nhắn có chữ. Gõ /trogiup để xem các việc tôi có thể giúp, hoặc chọn:',
  'ask.deadline_line': '🗓 {title}: {due}',
  'ask.btn_command': '/{command} — {desc}',
  'ask.needs_role':
    'Việc này không thuộc vai trò hiện tại của anh/chị; gõ /trogiup để xem những việc anh/chị làm được.',
  'ask.intent.criteria': 'tiêu chuẩn thi đua, khen thưởng',
  'ask.intent.unit_status': 'tình hình nộp của một đơn vị',
  'ask.intent.missing': 'các đơn vị chưa nộp',
  'ask.intent.my_tasks': 'việc của anh/chị',
  'ask.intent.deadline': 'hạn nộp',
  'ask.intent.howto': 'cách làm một việc',
  'ask.intent.help': 'trợ giúp',
  'ask.howto.register':
    'Đăng ký thi đua: gõ /dangky, chọn đợt đăng ký rồi trả lời từng mục (số người đăng ký từng danh hiệu). Đầu mối hoặc thủ trưởng đơn vị gửi đăng ký; gửi xong anh/chị nhận số tham chiếu.',
  'ask.howto.report':
    'Nộp báo cáo: gõ /baocao, chọn đợt (sơ kết, tổng kết…) rồi trả lời từng mục; tệp đính kèm gửi ngay trong trò chuyện khi được hỏi. Trước khi nộp có bước xem lại; còn trong hạn thì báo cáo đã nộp vẫn mở lại để sửa bằng /baocao.',
  'ask.howto.invite':
    'Mời người tham gia: cơ quan thường trực gõ /moi, chọn đơn vị và vai trò, rồi gửi mã mời cho người đó; người nhận gửi mã cho tôi là tham gia được.',
  'ask.howto.join':
    'Để tham gia: xin mã mời từ cơ quan thường trực thi đua, khen thưởng rồi gửi mã đó cho tôi trong trò chuyện riêng.',
  'ask.howto.exemplar': 'Báo cáo điển hình tiên tiến: gõ /dienhinh rồi trả lời từng câu hỏi (tên, thành tích, đơn vị).',
  'ask.howto.link':
    'Liên kết tài khoản trên nền tảng khác (Zalo, Telegram): gõ /lienket ở nơi anh/chị đã dùng để lấy mã, rồi gửi mã đó cho bot ở nền tảng kia.',
  'ask.howto.language': 'Đổi ngôn ngữ: gõ /ngonngu rồi chọn Tiếng Việt hoặc English.',
  'ask.howto.criteria':
    'Tra cứu tiêu chuẩn: gõ /tieuchi rồi chọn danh hiệu, hình thức khen thưởng hoặc kế hoạch; hoặc hỏi thẳng, ví dụ "lao động tiên tiến cần gì".',
  'ask.howto.export': 'Xuất tổng hợp: cơ quan thường trực gõ /xuat, chọn đợt để nhận tệp Excel/CSV.',
  'ask.howto.review':
    'Duyệt báo cáo: cơ quan thường trực gõ /duyet, chọn đợt và đơn vị, rồi chấp nhận hoặc trả lại (kèm lý do).',
} as const;
