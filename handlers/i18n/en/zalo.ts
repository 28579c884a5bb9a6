/** English, the few sentences the Zalo adapters say themselves. */
import type { zalo as vi } from '../vi/zalo.js';

export const zalo: Record<keyof typeof vi, string> = {
  'zalo.unsupported_oa':
    'Sorry, I cannot read this kind of message yet (stickers, voice, video, location…). Please send your message as text; type /help to see what I can do.',
  'zalo.unsupported_bot':
    'Sorry, this Zalo channel only reads text messages and pictures. Please send your message as text; attachments can be sent via Telegram or the office’s Zalo OA, or handed in at the office. Type /help to see what I can do.',
  'zalo.document_unavailable':
    '📎 The file "{fileName}" can only be sent via Telegram or Zalo OA, or collected in person at the emulation and commendation office.',
  'zalo.document_link':
    '📎 Download the file "{fileName}" here: {url}\n(The link works for {minutes} min and is for you only; please do not forward it.)',
  'zalo.photo_unavailable':
    '🖼 The picture "{fileName}" could not be sent on this channel. You can see it via Telegram or Zalo OA, or at the emulation and commendation office.',
  'zalo.file_failed':
    '📎 The file "{fileName}" could not be sent via Zalo. Please try again in a few minutes, or get it via Telegram or at the office.',
};
