/**
 * Vietnamese, the few sentences the Zalo adapters say themselves (everything else comes from the
 * flows): a message kind the bot cannot read, and a file or picture the channel cannot carry.
 */
export const zalo = {
  /** Zalo OA: a sticker, voice note, video, location… the bot cannot read. */
  'zalo.unsupported_oa':
    'Xin lỗi, tôi chưa đọc được loại tin nhắn này (nhãn dán, âm thanh, video, vị trí…). Anh/chị vui lòng gửi nội dung bằng chữ; gõ /trogiup để xem các việc tôi có thể giúp.',
  /** Zalo Bot: anything but text and pictures (the Bot API delivers nothing else). */
  'zalo.unsupported_bot':
    'Xin lỗi, kênh Zalo này chỉ đọc được tin nhắn chữ và hình ảnh. Anh/chị vui lòng gửi nội dung bằng chữ; tệp đính kèm xin gửi qua Telegram, Zalo OA của cơ quan hoặc nộp tại văn phòng. Gõ /trogiup để xem các việc tôi có thể giúp.',
  /** A document the flow produced, on a channel that cannot send files. */
  'zalo.document_unavailable':
    '📎 Tệp "{fileName}" chỉ gửi được qua Telegram, Zalo OA hoặc nhận trực tiếp tại văn phòng thường trực thi đua, khen thưởng.',
  /** A document sent as a short-lived link (the Zalo Bot API cannot carry files). */
  'zalo.document_link':
    '📎 Tải tệp "{fileName}" tại: {url}\n(Liên kết dùng được trong {minutes} phút, chỉ dành cho anh/chị; vui lòng không chuyển cho người khác.)',
  /** A picture that could not be sent. */
  'zalo.photo_unavailable':
    '🖼 Hình "{fileName}" chưa gửi được qua kênh này. Anh/chị có thể xem hình qua Telegram, Zalo OA hoặc tại văn phòng thường trực thi đua, khen thưởng.',
  /** Upload or send of a file failed on the OA. */
  'zalo.file_failed':
    '📎 Chưa gửi được tệp "{fileName}" qua Zalo. Anh/chị vui lòng thử lại sau ít phút, hoặc nhận tệp qua Telegram hay tại văn phòng.',
} as const;
