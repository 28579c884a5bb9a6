/** Vietnamese, conversation mechanics every flow shares: errors, paging, choices, command arguments, access, roles, confirmation, cancel, drafts, language, account link. */
export const common = {
  'common.error': 'Xin lỗi, đã có lỗi khi xử lý yêu cầu. Anh/chị vui lòng thử lại sau ít phút.',
  'common.retry_later':
    '⏳ Hệ thống đang tạm gián đoạn nên tôi chưa xử lý được tin nhắn này. Tin nhắn đã được giữ lại và sẽ được xử lý ngay khi hệ thống hoạt động trở lại; anh/chị không cần gửi lại.',
  'common.too_long':
    'Tin nhắn quá dài (tối đa {max} ký tự). Anh/chị vui lòng rút gọn rồi gửi lại. Gõ /trogiup để xem hướng dẫn.',
  'common.private_only': 'Nội dung này chỉ xem trong trò chuyện riêng với bot. Anh/chị vui lòng nhắn riêng cho bot.',
  'common.private_only_link': 'Nội dung này chỉ xem trong trò chuyện riêng với bot. Mời anh/chị tiếp tục tại: {link}',
  'common.stale_button':
    'Nút này đã cũ hoặc không còn hiệu lực, nên tôi không thực hiện gì. Anh/chị vui lòng mở lại chức năng từ đầu (gõ /trogiup để xem danh sách).',
  'common.flow_reset':
    'Phần trò chuyện đang dở đã được làm mới sau khi hệ thống nâng cấp. Những gì anh/chị đã lưu vẫn còn nguyên; vui lòng mở lại chức năng (gõ /trogiup để xem danh sách).',
  'common.file_unexpected':
    'Tôi chưa cần tệp nào lúc này nên không lưu tệp vừa gửi. Tệp chỉ được nhận khi đang điền mục đính kèm của báo cáo.',
  'common.empty': 'Tôi chưa nhận được nội dung. Gõ /trogiup để xem các việc tôi có thể giúp.',
  'common.unknown_command': 'Tôi không có lệnh /{command}. Gõ /trogiup để xem danh sách lệnh.',
  'common.not_understood':
    'Xin lỗi, tôi chưa hiểu tin nhắn này. Gõ /trogiup để xem các việc tôi có thể giúp, hoặc /tieuchi <từ khóa> để tra cứu tiêu chuẩn thi đua.',
  'common.prev': '‹ Trước',
  'common.next': 'Sau ›',
  'common.page': 'trang {page}/{pages}',
  'common.yes': 'Có',
  'common.no': 'Không',
  'common.back': 'Quay lại',
  'common.skip': 'Bỏ qua',
  'common.cancel': 'Huỷ',
  'common.confirm': 'Xác nhận',
  'common.none': '(không có)',

  'choices.pick_number': 'Trả lời bằng số thứ tự (ví dụ: 1) hoặc gõ đúng tên lựa chọn.',
  'choices.type_word': 'Hoặc gõ một trong các lựa chọn trên.',
  'choices.pick_or_word':
    'Trả lời bằng số thứ tự để chọn; những lựa chọn có dấu • thì gõ bằng chữ (ví dụ: giữ nguyên).',
  'choices.again': 'Các lựa chọn vẫn như trên:',
  'choices.out_of_range': 'Không có lựa chọn số đó. Anh/chị chọn một số từ 1 đến {n}.',

  'args.unknown_deadline':
    'Tôi không tìm thấy hạn nộp nào khớp với «{arg}». Sau lệnh có thể gõ mã hoặc một phần tên hạn nộp, hoặc chọn trong danh sách dưới đây.',
  'args.unknown_format': 'Tôi không hiểu «{arg}»: tệp xuất chỉ có hai định dạng, xlsx hoặc csv.',
  'args.unknown_year':
    'Tôi không hiểu «{arg}». Biểu đồ theo năm chỉ có cho năm nay ({year}): gõ /bieudo nam, hoặc gõ mã hay tên một hạn nộp.',
  'args.unknown_unit':
    'Tôi không tìm thấy đơn vị nào khớp với «{arg}». Có thể gõ mã hoặc tên đơn vị, hoặc chọn trong danh sách dưới đây.',

  'auth.deactivated':
    'Tài khoản của anh/chị đã ngừng hoạt động nên không xem được dữ liệu đơn vị. Anh/chị vẫn tra cứu được tiêu chuẩn thi đua bằng /tieuchi. Nếu cần, vui lòng liên hệ cơ quan thường trực thi đua, khen thưởng.',
  'auth.unknown_account':
    'Chức năng này dành cho cán bộ đã được mời tham gia. Anh/chị vẫn tra cứu được tiêu chuẩn thi đua bằng /tieuchi. Để tham gia, xin mã mời từ cơ quan thường trực thi đua, khen thưởng rồi gửi mã đó cho tôi.',
  'auth.forbidden':
    'Xin lỗi, vai trò của anh/chị không được phép thực hiện việc này. Gõ /trogiup để xem những việc anh/chị làm được.',

  'role.member': 'cán bộ',
  'role.focal': 'đầu mối báo cáo',
  'role.head': 'thủ trưởng đơn vị',
  'role.admin': 'cán bộ thường trực thi đua, khen thưởng',

  'confirm.question': 'Anh/chị chắc chắn chứ?',
  'confirm.no': 'Không, quay lại',

  'cancel.done': 'Đã thoát. Những gì anh/chị đã nhập vẫn được lưu nháp. Gõ /trogiup để xem các việc khác.',
  'cancel.nothing': 'Hiện không có việc nào đang làm dở. Gõ /trogiup để xem các việc tôi có thể giúp.',
  'cancel.discarded':
    'Đã thoát và bỏ những gì anh/chị vừa nhập ở việc này (chưa được lưu). Gõ /trogiup để xem các việc khác.',
  'cancel.left': 'Đã thoát. Gõ /trogiup để xem các việc khác.',

  'drafts.would_lose':
    'Anh/chị đang làm dở một việc và những gì vừa nhập chưa được lưu. Mở {command} bây giờ thì phần đó sẽ mất. Gõ lại {command} để vẫn mở, hoặc trả lời tiếp câu hỏi đang dở.',

  'language.choose': 'Chọn ngôn ngữ / Choose a language:',
  'language.set': 'Đã chuyển sang tiếng Việt.',

  'link.code':
    'Mã liên kết của anh/chị: {code}\nMở bot trên nền tảng còn lại (Telegram hoặc Zalo) và gửi mã này. Mã dùng một lần, hết hạn lúc {expires}.',
} as const;
