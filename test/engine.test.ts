/**
 * The flow engine as a user meets it: help, cancel, language, stale and forged buttons, bad
 * input of every kind (which must change nothing), and either jurisdiction's data.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count, sql } from 'drizzle-orm';
import { auditLog, conversationState, submissions } from '../db/schema.js';
import { translator } from '../handlers/i18n/index.js';
import { createTestApp, DATA_BINH_LU, TEXT_CAPS, type TestApp } from './helpers/app.js';

const t = translator('vi');
let app: TestApp;

beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());

/** Everything a person could change, to prove bad input changed none of it. */
async function snapshot() {
  const tables = [
    'units',
    'people',
    'accounts',
    'invites',
    'submissions',
    'deadlines',
    'outbox',
    'audit_log',
    'titles',
    'campaigns',
    'sections',
  ];
  const out: Record<string, number> = {};
  for (const table of tables) {
    const rows = await app.store.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
    const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
    out[table] = Number((list[0] as { n: number }).n);
  }
  return out;
}

describe('help, cancel and language', () => {
  it('help lists what this person can do, in Vietnamese, and only that', async () => {
    const [focal] = await app.chat('focal-a').send('/trogiup');
    expect(focal).toContain('/baocao (/report) — báo cáo kết quả thi đua của đơn vị');
    expect(focal).toContain('/tieuchi (/criteria)');
    expect(focal).not.toContain('/thongbao');
    expect(focal).toContain('Anh/chị: Đầu Mối A — đầu mối báo cáo, UBND xã A.');
    const [stranger] = await app.chat({ stranger: 'x' }).send('/help');
    expect(stranger).not.toContain('/baocao');
    expect(stranger).toContain('xin mã mời từ Phòng Nội vụ huyện Mẫu');
    const [admin] = await app.chat('admin1').send('/trogiup');
    for (const c of ['/thongbao', '/xuat', '/chuanop', '/moi', '/quanly', '/loigui', '/lichsu'])
      expect(admin).toContain(c);
  });

  it('"huỷ" leaves any flow; typing it without a flow says there is nothing to leave', async () => {
    const chat = app.chat('focal-a');
    await chat.send('/baocao');
    await chat.press('Báo cáo sơ kết');
    expect((await chat.send('Huỷ'))[0]).toBe(t('cancel.done'));
    expect((await chat.send('/cancel'))[0]).toBe(t('cancel.nothing'));
    const [row] = await app.store.db.select().from(conversationState);
    expect(row!.flow).toBeNull();
  });

  it('switches language with /ngonngu and keeps it for the person', async () => {
    const chat = app.chat('focal-a');
    await chat.send('/ngonngu');
    expect((await chat.press('English'))[0]).toBe('Switched to English.');
    expect((await chat.send('/help'))[0]).toContain('/baocao (/report) — report your unit’s emulation results');
    expect((await chat.send('/language vi'))[0]).toBe('Đã chuyển sang tiếng Việt.');
  });
});

describe('buttons', () => {
  it('a forged or unknown token gets a polite answer and changes nothing', async () => {
    const chat = app.chat('focal-a');
    await chat.send('/tieuchi');
    const before = await snapshot();
    for (const token of ['aaaaaaaaaa', "'; drop table units; --", 'x'.repeat(64), '']) {
      const [r] = (await chat.sendRaw({ buttonToken: token })).map((m) => m.text);
      expect(r).toBe(t('common.stale_button'));
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a button sent to one chat cannot be pressed from another', async () => {
    const a = app.chat('focal-a');
    await a.send('/tieuchi');
    const token = a.findButton('Danh hiệu thi đua');
    const [r] = (await app.chat('focal-b').sendRaw({ buttonToken: token })).map((m) => m.text);
    expect(r).toBe(t('common.stale_button'));
  });

  it('a step button from an earlier run of a flow is stale once a new run started', async () => {
    const chat = app.chat('focal-a');
    await chat.send('/baocao');
    await chat.press('Báo cáo sơ kết');
    await chat.send('45');
    const oldBack = chat.findButton('Quay lại');
    await chat.send('/huy');
    await chat.send('/baocao');
    await chat.press('Báo cáo sơ kết');
    const [r] = (await chat.sendRaw({ buttonToken: oldBack })).map((m) => m.text);
    expect(r).toBe(t('common.stale_button'));
    // Navigation buttons of the current run still work.
    expect((await chat.press('Quay lại'))[0]).toContain('Mục 1/9');
  });

  it('a repeated delivery of the same update is handled once', async () => {
    const chat = app.chat('focal-a');
    const first = await chat.sendRaw({ text: '/tieuchi lao dong', updateId: 'same-1' });
    const again = await chat.sendRaw({ text: '/tieuchi lao dong', updateId: 'same-1' });
    expect(first).toHaveLength(1);
    expect(again).toEqual([]);
  });
});

describe('bad input', () => {
  const inputs: Array<[string, string]> = [
    ['an unknown command', '/xoadulieu'],
    ['an empty message', '   '],
    ['a 10,000-character message', 'a'.repeat(10_000)],
    ['emoji', '🎉🎉🙏🏽👍'],
    ['control characters', '\u0000\u0007\u001b[31m'],
    ['an SQL fragment', "'); DELETE FROM submissions; --"],
    ['a right-to-left override', '\u202eabc'],
  ];
  for (const [what, text] of inputs) {
    it(`${what}: a short Vietnamese answer pointing to help, nothing stored changes`, async () => {
      for (const who of ['focal-a', { stranger: 'anon' }] as const) {
        const chat = app.chat(who);
        await chat.send('/huy'); // the test driver links the account on its first message
        const before = await snapshot();
        const replies = await chat.send(text);
        expect(replies).toHaveLength(1);
        expect(replies[0]!.length).toBeLessThan(400);
        expect(replies[0]).toMatch(/trogiup/);
        expect(await snapshot()).toEqual(before);
      }
    });
  }

  it('engine.handle never throws on malformed fields from a JSON body (issue 21, finding 7)', async () => {
    await app.chat('focal-a').send('/huy'); // links the test account telegram:focal-a
    const before = await snapshot();
    const base = { channel: 'telegram', accountId: 'focal-a', chatId: 'focal-a', chatType: 'private' };
    const malformed: unknown[] = [
      { ...base, updateId: 'm-1', text: null },
      { ...base, updateId: 'm-2', text: 12345, displayName: { evil: true } },
      { ...base, updateId: { nested: 1 }, text: ['/trogiup'], buttonToken: 42 },
      { ...base, updateId: 'm-4', file: 'not-a-file', text: undefined },
      { ...base, updateId: 'm-5', file: { fileId: null, kind: 'photo' }, chatType: 7 },
      { ...base, accountId: 98765, chatId: null, updateId: 777, text: '/huy' },
    ];
    for (const event of malformed) {
      const result = await app.engine.handle(event as never, TEXT_CAPS);
      expect(Array.isArray(result.replies)).toBe(true);
      for (const r of result.replies) expect(typeof r.text).toBe('string');
    }
    // Nobody to answer: nothing happens, and nothing throws.
    for (const event of [
      null,
      'x',
      {},
      { channel: 'fax', accountId: 'a', chatId: 'a' },
      { channel: 'telegram', accountId: null },
    ]) {
      expect(await app.engine.handle(event as never, TEXT_CAPS)).toEqual({ replies: [] });
    }
    // The person with the numeric account id got the normal /huy answer.
    const r = await app.engine.handle(
      { ...base, accountId: 98765, chatId: 98765, updateId: 778, text: '/huy' } as never,
      TEXT_CAPS,
    );
    expect(r.replies[0]!.text).toContain('Hiện không có việc nào đang làm dở');
    const after = await snapshot();
    expect({ ...after, audit_log: before.audit_log }).toEqual(before);
  });

  it('a 10,000-character answer inside a report is refused and the item keeps its value', async () => {
    const chat = app.chat('focal-a');
    await chat.send('/baocao');
    await chat.press('Báo cáo sơ kết');
    await chat.send('45');
    await chat.press('Quay lại');
    const [r] = await chat.send('9'.repeat(10_000));
    expect(r).toContain('Tin nhắn quá dài');
    const [sub] = await app.store.db.select().from(submissions);
    expect((sub!.answers as Record<string, { v: number }>).so_cbcc!.v).toBe(45);
  });

  it('text in a group is ignored unless it is a command for the bot; unit data is not shown there', async () => {
    const group = app.chat('focal-a', { chatType: 'group', chatId: 'group-42' });
    expect(await group.send('chào cả nhà')).toEqual([]);
    expect((await group.send('/baocao'))[0]).toBe(t('common.private_only'));
    expect((await group.send('/tieuchi giay khen'))[0]).toContain('Giấy khen');
    expect(Number((await app.store.db.select({ n: count() }).from(auditLog))[0]!.n)).toBeGreaterThan(0);
  });
});

describe('either jurisdiction', () => {
  it('serves the new commune of Bình Lư under the current rules from its own data file', async () => {
    await app.close();
    app = await createTestApp({ seed: DATA_BINH_LU });
    const chat = app.chat({ stranger: 'citizen' }, { channel: 'zalo-bot', caps: TEXT_CAPS });
    const [help] = await chat.send('/trogiup');
    expect(help).toContain('Ủy ban nhân dân xã Bình Lư');
    const [hit] = await chat.send('/tieuchi giay khen chu tich ubnd xa');
    expect(hit).toContain('Giấy khen của Chủ tịch UBND cấp xã');
    const [old] = await chat.send('/tieuchi giay khen cap huyen');
    expect(old).toContain('không còn áp dụng');
  });
});
