/**
 * Zalo Bot updates as the engine sees them (bot/zalo-bot/inbound.ts): text and pictures become
 * messages, other content gets the "cannot read this" note in a private chat and nothing in a
 * group, and a webhook body is read in both shapes Zalo may send.
 */
import { describe, expect, it } from 'vitest';
import type { BotUpdate } from '../bot/zalo-bot/client.js';
import { botUpdateLane, toBotEvent, unwrapUpdate } from '../bot/zalo-bot/inbound.js';

const update = (event_name: string, message: Record<string, unknown> = {}, chatType = 'PRIVATE'): BotUpdate => ({
  event_name,
  message: {
    message_id: 'm-7',
    date: 1717000000000,
    from: { id: 'u-1', display_name: 'Chị Lan' },
    chat: { id: 'c-1', chat_type: chatType },
    ...message,
  },
});

describe('toBotEvent', () => {
  it('turns a text into a message, keyed by event and message id, with the sender name', () => {
    expect(toBotEvent(update('message.text.received', { text: 'xin chào' }))).toEqual({
      kind: 'event',
      event: {
        channel: 'zalo-bot',
        accountId: 'u-1',
        chatId: 'c-1',
        chatType: 'private',
        displayName: 'Chị Lan',
        updateId: 'message.text.received:m-7',
        text: 'xin chào',
      },
    });
  });

  it('passes a picture on by its URL', () => {
    const mapped = toBotEvent(update('message.image.received', { photo_url: 'https://img.zalo/p.jpg' }));
    expect(mapped).toMatchObject({
      kind: 'event',
      event: { file: { fileId: 'https://img.zalo/p.jpg', kind: 'photo' } },
    });
  });

  it('answers a sticker in a private chat with the note, and ignores it in a group', () => {
    expect(toBotEvent(update('message.sticker.received'))).toEqual({
      kind: 'unsupported',
      chatId: 'c-1',
      updateId: 'message.sticker.received:m-7',
    });
    expect(toBotEvent(update('message.sticker.received', {}, 'GROUP'))).toEqual({ kind: 'drop' });
  });

  it("drops a bot's own message", () => {
    const fromBot = update('message.text.received', { text: 'hi', from: { id: 'b-1', is_bot: true } });
    expect(toBotEvent(fromBot)).toEqual({ kind: 'drop' });
  });

  it('keys two different messages without an id apart, and the same one twice alike', () => {
    const a = toBotEvent(update('message.text.received', { message_id: undefined, text: 'một' }));
    const b = toBotEvent(update('message.text.received', { message_id: undefined, text: 'hai' }));
    const again = toBotEvent(update('message.text.received', { message_id: undefined, text: 'một' }));
    const id = (m: ReturnType<typeof toBotEvent>) => (m.kind === 'event' ? m.event.updateId : '');
    expect(id(a)).not.toBe(id(b));
    expect(id(a)).toBe(id(again));
  });
});

describe('unwrapUpdate and lanes', () => {
  it('reads the documented {ok, result} body and the bare update; anything else is not an update', () => {
    const u = update('message.text.received', { text: 'x' });
    expect(unwrapUpdate({ ok: true, result: u })).toBe(u);
    expect(unwrapUpdate(u)).toBe(u);
    expect(unwrapUpdate({ ok: true })).toBeUndefined();
    expect(unwrapUpdate('text')).toBeUndefined();
  });

  it('orders updates by chat', () => {
    expect(botUpdateLane(update('message.text.received'))).toBe('c-1');
    expect(botUpdateLane({ event_name: 'x' })).toBe('');
  });
});
