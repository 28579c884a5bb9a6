/** Vietnamese, managing campaigns, deadlines and reminder policies (/quanly). */
export const manage = {
  'manage.menu': 'Quản lý phong trào và hạn nộp:',
  'manage.new_campaign': 'Tạo phong trào',
  'manage.new_deadline': 'Thêm hạn nộp',
  'manage.change_due': 'Đổi hạn',
  'manage.close': 'Đóng hạn',
  'manage.ask_campaign_title': 'Nhập tên phong trào thi đua:',
  'manage.ask_campaign_summary': 'Nhập chủ đề, nội dung chính (hoặc Bỏ qua):',
  'manage.confirm_campaign': 'Sẽ tạo phong trào thi đua "{title}".',
  'manage.confirm_campaign_yes': 'Có, tạo phong trào',
  'manage.campaign_created': 'Đã tạo phong trào "{title}" (mã {code}).',
  'manage.ask_kind': 'Loại hạn nộp:',
  'manage.ask_title': 'Nhập tên hạn nộp (ví dụ: Báo cáo sơ kết 6 tháng đầu năm 2027):',
  'manage.ask_due': 'Nhập hạn nộp, dạng ngày/tháng/năm giờ:phút (ví dụ 15/07/2027 17:00; không ghi giờ thì là 17:00):',
  'manage.bad_due': 'Chưa đúng định dạng. Ví dụ: 15/07/2027 17:00',
  'manage.ask_audience': 'Áp dụng cho: Tất cả đơn vị, hoặc chọn loại đơn vị rồi bấm Xong.',
  'manage.aud_all': 'Tất cả đơn vị',
  'manage.ask_template': 'Chọn mẫu báo cáo:',
  'manage.ask_campaign': 'Gắn với phong trào nào?',
  'manage.no_campaign': 'Không gắn',
  'manage.confirm_deadline':
    'Xác nhận tạo hạn nộp:\n• Loại: {kind}\n• Tên: {title}\n• Hạn: {due}\n• Áp dụng: {audience}\n• Mẫu báo cáo: {template}',
  'manage.deadline_created': 'Đã tạo hạn "{title}" (mã {code}), hạn {due}. Lịch nhắc được lập tự động.',
  'manage.pick_deadline': 'Chọn hạn nộp',
  'manage.ask_new_due': '"{title}" đang có hạn {due}. Nhập hạn mới (ví dụ 31/12/2026 17:00):',
  'manage.due_changed': 'Đã đổi hạn "{title}" thành {due}. Lịch nhắc được lập lại theo hạn mới.',
  'manage.confirm_close': 'Đóng "{title}"? Sau khi đóng, đơn vị không nộp, sửa thêm và không còn nhắc hạn.',
  'manage.closed': 'Đã đóng "{title}".',
  'manage.policy': 'Lịch nhắc của một hạn',
  'manage.ask_policy':
    'Lịch nhắc "{title}" hiện là: {current} (số ngày nhắc trước hạn / số ngày làm việc giữa hai lần nhắc khi quá hạn). Nhập lịch mới, ví dụ: 10,3,1 / 2',
  'manage.bad_policy':
    'Chưa đúng định dạng. Ví dụ: 10,3,1 / 2 (nhắc trước 10, 3, 1 ngày; quá hạn thì 2 ngày làm việc nhắc một lần).',
  'manage.policy_set':
    'Đã đặt lịch nhắc "{title}": trước hạn {before} ngày, quá hạn cứ {every} ngày làm việc nhắc một lần.',
} as const;
