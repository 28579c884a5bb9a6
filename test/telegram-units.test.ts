/** The Telegram adapter's pure parts: update mapping, layout, error classes, secrets, menus. */
import { GrammyError, HttpError } from 'grammy';
import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { botCommands, menuCommands } from '../bot/telegram/commands.js';
import { proxyFor } from '../bot/telegram/client.js';
import { classifySendError, describeError } from '../bot/telegram/errors.js';
import { addressCommand, toInboundEvent } from '../bot/telegram/inbound.js';
import { keyboard, safeFileName, splitForTelegram, toChatId } from '../bot/telegram/outbound.js';
import { secretMatches } from '../bot/telegram/webhook.js';
import { COMMANDS } from '../handlers/commands.js';

const BOT = 'thidua_bot';
const user = { id: 777, is_bot: false, first_name: 'Lan', last_name: 'Trần Thị' };
const pm = { id: 777, type: 'private' as const, first_name: 'Lan' };
const group = { id: -100123, type: 'supergroup' as const, title: 'Thi đua xã A' };

const msg = (extra: Record<string, unknown>, chat: object = pm): Update =>
  ({ update_id: 42, message: { message_id: 9, date: 1, chat, from: user, ...extra } }) as unknown as Update;

describe('toInboundEvent', () => {
  it('maps private text with ids as strings and the full name', () => {
    expect(toInboundEvent(msg({ text: 'lao dong tien tien' }), BOT)).toEqual({
      kind: 'event',
      event: {
        channel: 'telegram',
        accountId: '777',
        chatId: '777',
        chatType: 'private',
        displayName: 'Lan Trần Thị',
        updateId: '42',
        text: 'lao dong tien tien',
      },
    });
  });

  it('strips @thisbot from commands (any case), drops commands for other bots', () => {
    const text = (t: string) => {
      const r = toInboundEvent(msg({ text: t }), BOT);
      return r.kind === 'event' ? r.event.text : `ignored: ${r.reason}`;
    };
    expect(text('/tieuchi@thidua_bot lao dong')).toBe('/tieuchi lao dong');
    expect(text('/start@Thidua_Bot ABCDE-12345')).toBe('/start ABCDE-12345');
    expect(text('/help')).toBe('/help');
    expect(text('/help@other_bot')).toBe('ignored: command for another bot');
    expect(addressCommand('/help@thidua_botx', BOT)).toEqual({ kind: 'other-bot' });
    expect(addressCommand('email@thidua_bot', BOT).kind).toBe('not-command');
  });

  it('in groups passes commands (bare or addressed) as a group event, ignores chatter and media', () => {
    const cmd = toInboundEvent(msg({ text: `/tieuchi@${BOT}` }, group), BOT);
    expect(cmd).toMatchObject({
      kind: 'event',
      event: { chatType: 'group', chatId: '-100123', accountId: '777', text: '/tieuchi' },
    });
    expect(toInboundEvent(msg({ text: '/trogiup' }, { ...group, type: 'group' }), BOT)).toMatchObject({
      kind: 'event',
      event: { chatType: 'group' },
    });
    expect(toInboundEvent(msg({ text: 'chào cả nhà' }, group), BOT).kind).toBe('ignore');
    expect(toInboundEvent(msg({ document: { file_id: 'f', file_unique_id: 'u' } }, group), BOT).kind).toBe('ignore');
    expect(toInboundEvent(msg({ new_chat_members: [user] }, group), BOT).kind).toBe('ignore');
  });

  it('maps a button press with the pressed message, and always reports the query id', () => {
    const press = {
      update_id: 43,
      callback_query: {
        id: 'cq1',
        from: user,
        chat_instance: 'x',
        data: 'abc123def4',
        message: { message_id: 15, date: 1, chat: group, text: 'menu' },
      },
    } as unknown as Update;
    expect(toInboundEvent(press, BOT)).toEqual({
      kind: 'event',
      event: {
        channel: 'telegram',
        accountId: '777',
        chatId: '-100123',
        chatType: 'group',
        displayName: 'Lan Trần Thị',
        updateId: '43',
        buttonToken: 'abc123def4',
      },
      callbackQueryId: 'cq1',
      pressedMessageId: 15,
    });
    const inline = {
      update_id: 44,
      callback_query: { id: 'cq2', from: user, chat_instance: 'x', data: 'zz', inline_message_id: 'im' },
    } as unknown as Update;
    expect(toInboundEvent(inline, BOT)).toMatchObject({ kind: 'ignore', callbackQueryId: 'cq2' });
  });

  it('maps documents and the largest photo', () => {
    const doc = toInboundEvent(
      msg({
        document: {
          file_id: 'BQAC',
          file_unique_id: 'u',
          file_name: 'Báo cáo.xlsx',
          mime_type: 'application/x',
          file_size: 2048,
        },
      }),
      BOT,
    );
    expect(doc).toMatchObject({
      kind: 'event',
      event: { file: { fileId: 'BQAC', kind: 'document', name: 'Báo cáo.xlsx', mime: 'application/x', size: 2048 } },
    });
    const photo = toInboundEvent(
      msg({
        caption: 'ảnh hội nghị',
        photo: [
          { file_id: 's', file_unique_id: '1', width: 90, height: 90, file_size: 900 },
          { file_id: 'l', file_unique_id: '3', width: 1280, height: 720, file_size: 90_000 },
          { file_id: 'm', file_unique_id: '2', width: 320, height: 320, file_size: 9_000 },
        ],
      }),
      BOT,
    );
    expect(photo).toMatchObject({
      kind: 'event',
      event: { text: 'ảnh hội nghị', file: { fileId: 'l', kind: 'photo', mime: 'image/jpeg', size: 90_000 } },
    });
  });

  it('passes other private content without text (the engine answers with a hint), ignores the rest', () => {
    const sticker = toInboundEvent(msg({ sticker: { file_id: 's' } }), BOT);
    expect(sticker.kind).toBe('event');
    expect(sticker.kind === 'event' && sticker.event.text).toBe(undefined);
    expect(toInboundEvent(msg({ pinned_message: {} }), BOT).kind).toBe('ignore');
    expect(toInboundEvent(msg({ text: 'hi', from: { ...user, is_bot: true } }), BOT).kind).toBe('ignore');
    expect(toInboundEvent({ update_id: 1, edited_message: {} } as unknown as Update, BOT)).toEqual({
      kind: 'ignore',
      reason: 'update kind edited_message',
    });
    expect(toInboundEvent({ update_id: 1, channel_post: {} } as unknown as Update, BOT).kind).toBe('ignore');
    expect(toInboundEvent({ update_id: 1, my_chat_member: {} } as unknown as Update, BOT).kind).toBe('ignore');
  });
});

describe('outbound layout', () => {
  it('builds inline keyboards with the tokens as callback_data', () => {
    expect(
      keyboard([
        [
          { label: 'Có', token: 'a1' },
          { label: 'Không', token: 'b2' },
        ],
        [],
      ]),
    ).toEqual({
      inline_keyboard: [
        [
          { text: 'Có', callback_data: 'a1' },
          { text: 'Không', callback_data: 'b2' },
        ],
      ],
    });
    expect(keyboard([])).toBeUndefined();
    expect(keyboard(undefined)).toBeUndefined();
  });

  it('splits within 4096 UTF-16 units, even with emoji', () => {
    const emoji = '🎖 Lao động tiên tiến 🏅 '.repeat(600);
    const parts = splitForTelegram(emoji);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(4096);
    expect(splitForTelegram('ngắn')).toEqual(['ngắn']);
  });

  it('keeps chat ids numeric and file names header-safe', () => {
    expect(toChatId('-1001234567890')).toBe(-1001234567890);
    expect(toChatId('@kenh_thong_bao')).toBe('@kenh_thong_bao');
    expect(safeFileName('Tổng hợp "quý 3"; bản\r\n1.xlsx')).toBe('Tổng hợp _quý 3_ bản_1.xlsx');
  });
});

describe('classifySendError', () => {
  const api = (error_code: number, description: string, parameters = {}) =>
    new GrammyError('Call failed', { ok: false, error_code, description, parameters }, 'sendMessage', {});
  it('maps Telegram answers to outbox decisions', () => {
    expect(classifySendError(api(429, 'Too Many Requests: retry after 12', { retry_after: 12 }))).toMatchObject({
      kind: 'rate',
      retryAfterMs: 12_000,
    });
    expect(classifySendError(api(403, 'Forbidden: bot was blocked by the user')).kind).toBe('unreachable');
    expect(classifySendError(api(403, 'Forbidden: user is deactivated')).kind).toBe('unreachable');
    expect(classifySendError(api(400, 'Bad Request: chat not found')).kind).toBe('unreachable');
    expect(classifySendError(api(500, 'Internal Server Error')).kind).toBe('transient');
    expect(classifySendError(api(502, 'Bad Gateway')).kind).toBe('transient');
    expect(classifySendError(api(400, 'Bad Request: message is too long')).kind).toBe('permanent');
    expect(
      classifySendError(new HttpError("Network request for 'sendMessage' failed!", new Error('socket hang up'))).kind,
    ).toBe('transient');
  });

  it('never puts the token in the error text', () => {
    const err = new HttpError(
      "Network request for 'sendMessage' failed!",
      new Error('request to http://x/bot123456:AAH-secret_token_value/sendMessage failed'),
    );
    expect(describeError(err)).not.toContain('AAH-secret');
    expect(classifySendError(err).error).toContain('bot<token>');
  });
});

describe('secrets, proxy, menus', () => {
  it('compares the webhook secret exactly', () => {
    expect(secretMatches('s3cret-value_123', 's3cret-value_123')).toBe(true);
    expect(secretMatches('s3cret-value_12', 's3cret-value_123')).toBe(false);
    expect(secretMatches(undefined, 's3cret-value_123')).toBe(false);
    expect(secretMatches('', 's3cret-value_123')).toBe(false);
    expect(secretMatches(['s3cret-value_123'], 's3cret-value_123')).toBe(false);
  });

  it('uses HTTPS_PROXY for a remote https API root only', () => {
    expect(proxyFor('https://api.telegram.org', 'http://proxy.local:3128')).toBe('http://proxy.local:3128');
    expect(proxyFor('https://api.telegram.org', undefined)).toBeUndefined();
    expect(proxyFor('http://127.0.0.1:8081', 'http://proxy.local:3128')).toBeUndefined();
    expect(proxyFor('https://localhost:8443', 'http://proxy.local:3128')).toBeUndefined();
  });

  it('publishes what a unit focal point uses, in both languages, with valid names', () => {
    const flows = ['welcome', 'help', 'criteria', 'report', 'export', 'cancel', 'language'];
    const list = menuCommands(flows);
    expect(list.map((c) => c.vi)).toEqual(['trogiup', 'tieuchi', 'baocao', 'ngonngu', 'huy']);
    const vi = botCommands(list, 'vi');
    const en = botCommands(list, 'en');
    expect(vi.map((c) => c.command)).toEqual(['trogiup', 'tieuchi', 'baocao', 'ngonngu', 'huy']);
    expect(en.map((c) => c.command)).toEqual(['help', 'criteria', 'report', 'language', 'cancel']);
    for (const c of [...vi, ...en]) {
      expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(256);
    }
    expect(menuCommands(COMMANDS.map((c) => c.flow)).some((c) => c.perm === 'export')).toBe(false);
  });
});
