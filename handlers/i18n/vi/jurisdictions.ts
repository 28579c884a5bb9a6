/** Vietnamese, the two levels of government: where a person works (/donvi) and the province's view of its communes. */
export const jurisdictions = {
  'cmd.seat': 'chọn nơi làm việc (khi có vai trò ở nhiều nơi)',
  'seat.none':
    'Anh/chị chưa được mời vào đơn vị nào. Hãy gửi mã mời do cơ quan thường trực thi đua, khen thưởng cấp cho anh/chị.',
  'seat.only':
    'Anh/chị đang làm việc với vai trò {role} của {unit} ({jurisdiction}). Tài khoản này có một nơi làm việc.',
  'seat.choose': 'Anh/chị có vai trò ở {n} nơi. Đang làm việc: {current}.\nChọn nơi làm việc:',
  'seat.label': '{unit} — {role} ({jurisdiction})',
  'seat.label_commune': '{unit} — thay mặt xã ở {jurisdiction}',
  'seat.current_mark': '✓ {label}',
  'seat.switched': 'Từ tin nhắn sau, anh/chị làm việc ở: {label}.',
  'seat.same': 'Anh/chị đang làm việc ở đây rồi: {label}.',
  'seat.acting_in': 'Nút này thuộc {place}: từ giờ anh/chị làm việc ở đó (đổi lại bằng /donvi).',
  'seat.unknown':
    'Nơi làm việc này không thuộc tài khoản của anh/chị nên không đổi gì. Gõ /donvi để xem các nơi anh/chị có vai trò.',
  'seat.not_found': 'Không có nơi làm việc "{arg}". Gõ /donvi để chọn trong danh sách.',
  'rollup.title': '🏛 Các xã, phường thuộc {jurisdiction} (chỉ xem):',
  'rollup.line': '• {name}: {open} hạn đang mở; {done}/{total} lượt đơn vị đã nộp',
  'rollup.none_open': '• {name}: không có hạn đang mở',
  'rollup.historical': '• {name} (đến {until}): lưu lịch sử',
  'rollup.more': '… và {n} nơi khác.',
} as const;
