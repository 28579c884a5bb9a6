import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { only } from './helpers/db.js';
import { accounts, auditLog, invites, people } from '../db/schema.js';
import { findUnitByCode } from '../db/queries/directory.js';
import { createInvite, formatCode, generateCode, lockedUntil, normalizeCode } from '../handlers/services/invites.js';
import { translator } from '../handlers/i18n/index.js';
import { createTestApp, TEXT_CAPS, type TestApp } from './helpers/app.js';

const t = translator('vi');
let app: TestApp;

async function invite(
  unit = 'xa-a',
  role: 'member' | 'focal' | 'head' | 'admin' = 'focal',
  name: string | null = 'Lò Văn Mới',
) {
  const u = await findUnitByCode(await only(app.store.db), unit);
  return app.store.tx(async (tx) =>
    createInvite(
      await only(tx),
      { kind: 'system', name: 'test' },
      { unitId: u!.id, role, fullName: name, ttlDays: 7, now: app.clock.now() },
    ),
  );
}

beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());

describe('invite codes', () => {
  it('are random, at least 40 bits, readable and forgiving when typed', () => {
    const codes = new Set(Array.from({ length: 2000 }, generateCode));
    expect(codes.size).toBe(2000);
    const c = generateCode();
    expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/); // 32 symbols ^ 10 = 50 bits
    expect(normalizeCode(formatCode(c).toLowerCase())).toBe(c);
    expect(normalizeCode('ABCDE-FGHIJ')).toBe('ABCDEFGH1J');
    expect(normalizeCode('too short')).toBeUndefined();
  });

  it('joins a person with /start <code>, binding the account to a new person in the unit and role', async () => {
    const { code } = await invite();
    const chat = app.chat({ stranger: 'tg-new' });
    const [reply] = await chat.send(`/start ${code}`);
    expect(reply).toContain('Chào mừng Lò Văn Mới');
    expect(reply).toContain('đầu mối báo cáo của UBND xã A');
    const [acc] = await app.store.db.select().from(accounts).where(eq(accounts.externalId, 'tg-new'));
    const [p] = await app.store.db.select().from(people).where(eq(people.id, acc!.personId));
    expect(p).toMatchObject({ fullName: 'Lò Văn Mới', role: 'focal' });
    // The new person can use unit features at once.
    expect((await chat.send('/baocao'))[0]).toContain('Các báo cáo của UBND xã A');
  });

  it('also accepts the code typed as a plain message, as on Zalo', async () => {
    const { code } = await invite();
    const [reply] = await app
      .chat({ stranger: 'zalo-1' }, { channel: 'zalo-bot', caps: TEXT_CAPS })
      .send(formatCode(code).toLowerCase());
    expect(reply).toContain('Chào mừng');
  });

  it('accepts the code typed in lower case with spaces instead of the dash (issue 13, item 9)', async () => {
    const { code } = await invite();
    const spaced = `${code.slice(0, 3)} ${code.slice(3, 5)} - ${code.slice(5)}`.toLowerCase();
    const [reply] = await app.chat({ stranger: 'zalo-2' }, { channel: 'zalo-bot', caps: TEXT_CAPS }).send(spaced);
    expect(reply).toContain('Chào mừng');
  });

  it('answers unknown, used and expired codes each in their own words, and changes nothing', async () => {
    const { code } = await invite();
    await app.chat({ stranger: 'first' }).send(`/start ${code}`);
    const before = await app.store.db.select({ n: count() }).from(people);
    const other = app.chat({ stranger: 'second' });
    expect((await other.send(`/start ${code}`))[0]).toBe(t('invite.used'));
    expect((await other.send('/start ZZZZZ-ZZZZZ'))[0]).toBe(t('invite.unknown'));
    const old = await invite();
    app.clock.advance(7 * 86_400_000 + 1000);
    expect((await other.send(`/start ${old.code}`))[0]).toBe(t('invite.expired'));
    expect(await app.store.db.select({ n: count() }).from(people)).toEqual(before);
    expect(await app.store.db.select().from(accounts).where(eq(accounts.externalId, 'second'))).toEqual([]);
  });

  it('locks an account out for 10 minutes after five wrong codes in 10 minutes', async () => {
    const { code } = await invite();
    const chat = app.chat({ stranger: 'guesser' });
    for (let i = 0; i < 5; i++) {
      expect((await chat.send(`/start AAAAA-AAAA${i}`))[0]).toBe(t('invite.unknown'));
      app.clock.advance(60_000);
    }
    // Even the right code is refused while locked, and the code stays unused.
    const [locked] = await chat.send(`/start ${code}`);
    expect(locked).toMatch(
      /^Anh\/chị đã nhập sai mã quá nhiều lần\. Vì an toàn, vui lòng thử lại sau \d\d:\d\d \d\d\/\d\d\/\d{4}\.$/,
    );
    expect((await app.store.db.select().from(invites).where(eq(invites.id, 1)))[0]!.usedAt).toBeNull();
    // Another account is not affected.
    expect((await app.chat({ stranger: 'someone-else' }).send('/start AAAAA-AAAAA'))[0]).toBe(t('invite.unknown'));
    app.clock.advance(10 * 60_000);
    expect((await chat.send(`/start ${code}`))[0]).toContain('Chào mừng');
  });

  it('computes the lock window from the fifth failure', () => {
    const at = (m: number) => new Date(Date.UTC(2026, 10, 26, 2, m));
    expect(lockedUntil([at(0), at(1), at(2), at(3)], at(4))).toBeUndefined();
    expect(lockedUntil([at(0), at(1), at(2), at(3), at(9)], at(10))?.toISOString()).toBe(at(19).toISOString());
    expect(lockedUntil([at(0), at(1), at(2), at(3), at(11)], at(12))).toBeUndefined(); // spread over 11 minutes
    expect(lockedUntil([at(0), at(1), at(2), at(3), at(4)], at(14))).toBeUndefined();
  });

  it('links a second platform account to the same person with a fresh code', async () => {
    const tg = app.chat('focal-a');
    const [reply] = await tg.send('/lienket');
    const code = /([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(reply!)![1]!;
    const zalo = app.chat({ stranger: 'zalo-focal-a' }, { channel: 'zalo-oa', caps: TEXT_CAPS });
    expect((await zalo.send(code))[0]).toContain('Đã liên kết tài khoản này với Đầu Mối A');
    const personId = await app.personId('focal-a');
    expect(
      (await app.store.db.select().from(accounts).where(eq(accounts.personId, personId))).map((a) => a.channel).sort(),
    ).toEqual(['telegram', 'zalo-oa']);
  });

  it('refuses a code in a group chat, and a second person on an account already linked', async () => {
    const { code } = await invite();
    expect(
      (await app.chat({ stranger: 'g1' }, { chatType: 'group', chatId: 'group-1' }).send(`/start ${code}`))[0],
    ).toBe(t('invite.private_only'));
    const { code: c2 } = await invite();
    expect((await app.chat('focal-b').send(`/start ${c2}`))[0]).toBe(t('invite.already_linked'));
  });

  it('writes the invite, the new person and the account link to the audit log', async () => {
    const { code } = await invite();
    await app.chat({ stranger: 'audited' }).send(`/start ${code}`);
    const actions = (await app.store.db.select().from(auditLog))
      .map((r) => r.action)
      .filter((a) => !a.startsWith('import.'));
    expect(actions).toEqual(expect.arrayContaining(['invite.create', 'person.create', 'account.link']));
  });
});

describe('people management', () => {
  it('deactivating a person stops their unit data at once and keeps their history', async () => {
    const focal = app.chat('focal-a');
    expect((await focal.send('/baocao'))[0]).toContain('Các báo cáo');
    const admin = app.chat('admin1');
    await admin.send('/nguoidung');
    await admin.press('UBND xã A');
    await admin.press('Đầu Mối A');
    const [ask] = await admin.press('Ngừng hoạt động');
    expect(ask).toContain('Ngừng hoạt động tài khoản của Đầu Mối A?');
    expect((await focal.send('/baocao'))[0]).toContain('Các báo cáo'); // nothing happened yet
    const [done] = await admin.press('Có, ngừng hoạt động');
    expect(done).toContain('Đã ngừng hoạt động tài khoản của Đầu Mối A');
    expect((await focal.send('/baocao'))[0]).toBe(t('auth.deactivated'));
    expect((await focal.send('/tieuchi lao dong'))[0]).toContain('Lao động tiên tiến');
    await admin.send('/lichsu');
    const [history] = await admin.press('UBND xã A');
    expect(history).toContain('ngừng hoạt động người dùng');
  });

  it('changes a role and moves a person, with audit rows', async () => {
    const admin = app.chat('admin1');
    await admin.send('/nguoidung');
    await admin.press('UBND xã B');
    await admin.press('Đầu Mối B');
    await admin.press('Đổi vai trò');
    expect((await admin.press('thủ trưởng đơn vị'))[0]).toContain('Đổi vai trò của Đầu Mối B từ đầu mối');
    expect((await admin.press('Có, đổi vai trò'))[0]).toBe('Đã đổi vai trò của Đầu Mối B thành thủ trưởng đơn vị.');
    await admin.press('Chuyển đơn vị');
    expect((await admin.press('UBND xã A'))[0]).toContain('Chuyển Đầu Mối B từ UBND xã B sang UBND xã A?');
    expect((await admin.press('Có, chuyển đơn vị'))[0]).toBe('Đã chuyển Đầu Mối B sang UBND xã A.');
    const rows = await app.store.db.select().from(auditLog);
    expect(
      rows
        .filter((r) => r.action === 'person.role' || r.action === 'person.move')
        .map((r) => [r.action, r.before, r.after]),
    ).toEqual([
      ['person.role', { role: 'focal' }, { role: 'head' }],
      ['person.move', { unitId: expect.any(Number) }, { unitId: expect.any(Number) }],
    ]);
  });
});
