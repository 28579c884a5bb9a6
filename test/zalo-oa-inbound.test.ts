/**
 * Zalo OA webhook events as the engine sees them (bot/zalo-oa/inbound.ts): what becomes a
 * message, a button press or a follow, what gets the "cannot read this" note, what is dropped.
 */
import { describe, expect, it } from 'vitest';
import { buttonPayload, oaEventLane, pressedButton, toOaEvent } from '../bot/zalo-oa/inbound.js';

const OA = '3662729599332560487';
const USER = '2468458835296117922';

const userEvent = (event_name: string, message: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  event_name,
  timestamp: '1717000000000',
  sender: { id: USER },
  recipient: { id: OA },
  message: { msg_id: 'm-1', ...message },
  ...extra,
});

describe('toOaEvent', () => {
  it('turns a text into a message from the sender, keyed by its msg_id', () => {
    const mapped = toOaEvent(userEvent('user_send_text', { text: 'xin chào' }), OA);
    expect(mapped).toEqual({
      kind: 'event',
      event: {
        channel: 'zalo-oa',
        accountId: USER,
        chatId: USER,
        chatType: 'private',
        updateId: 'm-1',
        text: 'xin chào',
      },
      wantsName: false,
    });
  });

  it('turns a clicked query button (`bt:<token>`) back into a button press', () => {
    const mapped = toOaEvent(userEvent('user_send_text', { text: ' bt:abcde12345 ' }), OA);
    expect(mapped).toMatchObject({ kind: 'event', event: { buttonToken: 'abcde12345' } });
    expect(mapped.kind === 'event' ? mapped.event.text : 'not an event').toBeUndefined();
  });

  it('wants the sender name for /start and for an invite code', () => {
    expect(toOaEvent(userEvent('user_send_text', { text: '/start' }), OA)).toMatchObject({ wantsName: true });
    expect(toOaEvent(userEvent('user_send_text', { text: 'hỏi chút' }), OA)).toMatchObject({ wantsName: false });
  });

  it('turns a follow into /start', () => {
    const mapped = toOaEvent({ event_name: 'follow', timestamp: '17', oa_id: OA, follower: { id: USER } }, OA);
    expect(mapped).toMatchObject({ kind: 'event', event: { text: '/start', updateId: `follow:17:${USER}` } });
  });

  it('answers a sticker, a voice note or a location with the "unsupported" note', () => {
    for (const name of ['user_send_sticker', 'user_send_audio', 'user_send_location']) {
      expect(toOaEvent(userEvent(name, {}), OA)).toEqual({ kind: 'unsupported', userId: USER, updateId: 'm-1' });
    }
  });

  it('passes a file on with its name, size and type', () => {
    const mapped = toOaEvent(
      userEvent('user_send_file', {
        attachments: [{ payload: { url: 'https://f.zalo/x', name: 'Bao cao.docx', size: '2048', type: 'docx' } }],
      }),
      OA,
    );
    expect(mapped).toMatchObject({
      kind: 'event',
      event: {
        file: {
          fileId: 'https://f.zalo/x',
          kind: 'document',
          name: 'Bao cao.docx',
          size: 2048,
          mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        },
      },
    });
  });

  it('drops the OA echo of its own send and receipts', () => {
    expect(toOaEvent({ ...userEvent('oa_send_text', { text: 'hi' }) }, OA)).toEqual({
      kind: 'drop',
      reason: 'not a user event',
    });
    expect(toOaEvent({ ...userEvent('user_seen_message', {}) }, OA).kind).toBe('drop');
  });

  it('drops an event addressed to another official account', () => {
    const other = userEvent('user_send_text', { text: 'hi' }, { recipient: { id: '999' } });
    expect(toOaEvent(other, OA)).toEqual({ kind: 'drop', reason: 'another official account' });
    expect(toOaEvent(other, undefined).kind).toBe('event');
  });
});

describe('button payloads and lanes', () => {
  it('a payload made for a token reads back as that token; plain text does not', () => {
    expect(pressedButton(buttonPayload('k3y0000001'))).toBe('k3y0000001');
    expect(pressedButton('bt: hello')).toBeUndefined();
    expect(pressedButton('bt:SHOUTING00')).toBeUndefined();
  });

  it("orders a sender's events in the sender's lane, a follower's in the follower's", () => {
    expect(oaEventLane(userEvent('user_send_text', {}))).toBe(USER);
    expect(oaEventLane({ event_name: 'follow', follower: { id: '42' } })).toBe('42');
  });
});
