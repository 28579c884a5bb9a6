/**
 * Issue 13, item 9: an invite for a person already on the roster links the account to that
 * person instead of adding a second one. `/moi` offers the unit's people first; a person's card
 * in `/nguoidung` hands out a code for that person.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { accounts, auditLog, people } from '../db/schema.js';
import { createTestApp, TEXT_CAPS, type TestApp } from './helpers/app.js';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());

function numberOf(text: string, label: string): string {
  const line = text.split('\n').find((l) => /^\d+\. /.test(l) && l.includes(label));
  if (!line) throw new Error(`no numbered "${label}" in:\n${text}`);
  return line.split('.')[0]!;
}
const codeIn = (text: string) => /([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(text)![1]!;
const peopleCount = async () => (await app.store.db.select({ n: count() }).from(people))[0]!.n;
const accountsOf = async (personId: number) =>
  app.store.db.select().from(accounts).where(eq(accounts.personId, personId));

/** The admin on the numbered shell, at /moi's "who" list of UBND xã A. */
async function moiForXaA() {
  const admin = app.chat('admin1', { channel: 'shell', caps: TEXT_CAPS });
  const [units] = await admin.send('/moi');
  const [who] = await admin.send(numberOf(units!, 'UBND xã A'));
  return { admin, who: who! };
}

describe('/moi for a person already on the roster (item 9)', () => {
  it('offers the unit’s people first, then a new person (numbered shell)', async () => {
    const { who } = await moiForXaA();
    expect(who).toContain('Mời ai?');
    const lines = who.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines.some((l) => l.includes('Cán Bộ A — cán bộ'))).toBe(true);
    expect(lines.at(-1)).toContain('Người mới');
    expect(who).not.toContain('Quản Trị Viên'); // another unit's person
  });

  it('a code for a roster person joins the account to that person: a welcome, no new person, audited', async () => {
    const { admin, who } = await moiForXaA();
    const [made] = await admin.send(numberOf(who, 'Cán Bộ A'));
    expect(made).toContain('Mã mời cho Cán Bộ A:');
    expect(made).toContain('Đơn vị: UBND xã A');
    expect(made).toContain('không thêm người mới');
    const before = await peopleCount();
    const memberA = await app.personId('member-a');
    const [joined] = await app
      .chat({ stranger: 'zalo-member-a' }, { channel: 'zalo-bot', caps: TEXT_CAPS })
      .send(codeIn(made!));
    expect(joined).toContain('Chào mừng Cán Bộ A');
    expect(await peopleCount()).toBe(before);
    expect((await accountsOf(memberA)).map((a) => a.externalId)).toEqual(['zalo-member-a']);
    const rows = await app.store.db.select().from(auditLog);
    expect(rows.find((r) => r.action === 'invite.create')?.after).toMatchObject({ personId: memberA });
    expect(rows.some((r) => r.action === 'account.link' && r.entityId !== null)).toBe(true);
    expect(rows.some((r) => r.action === 'person.create')).toBe(false);
  });

  it('"a new person" still asks for the role and the name and adds them on joining', async () => {
    const { admin, who } = await moiForXaA();
    const [roles] = await admin.send(numberOf(who, 'Người mới'));
    expect(roles).toContain('Chọn vai trò');
    await admin.send(numberOf(roles!, 'cán bộ'));
    const [made] = await admin.send('Lò Văn Mới');
    expect(made).toContain('Mã mời: ');
    const before = await peopleCount();
    expect((await app.chat({ stranger: 'tg-new' }).send(`/start ${codeIn(made!)}`))[0]).toContain(
      'Chào mừng Lò Văn Mới',
    );
    expect(await peopleCount()).toBe(before + 1);
  });

  it('a unit with nobody on its roster goes straight to the role; text at the list is answered', async () => {
    const admin = app.chat('admin1');
    await admin.send('/moi');
    await admin.press('Phòng Nội vụ');
    // Phòng Nội vụ has the admin: the list is shown, and typing there is not taken as a name.
    expect(admin.buttons()).toContain('Người mới (chưa có trong danh sách)');
    expect((await admin.send('Nguyễn Văn Gõ'))[0]).toContain('chọn một trong các lựa chọn');
    await app.store.db
      .update(people)
      .set({ active: false })
      .where(eq(people.unitId, await unitOf('focal-gd')));
    expect((await admin.send('/moi'))[0]).toContain('Gõ lại /moi'); // the chosen unit counts as input
    await admin.send('/moi');
    const [roles] = await admin.press('Phòng Giáo dục và Đào tạo');
    expect(roles).toContain('Chọn vai trò');
  });
});

async function unitOf(code: string): Promise<number> {
  return (await app.store.db.select().from(people).where(eq(people.code, code)))[0]!.unitId;
}

describe('a person’s card hands out a code for that person (item 9)', () => {
  it('with buttons: the code, redeemed with spaces in lower case, links to the same person', async () => {
    const admin = app.chat('admin1');
    await admin.send('/nguoidung');
    await admin.press('UBND xã A');
    await admin.press(/^Thủ Trưởng A/);
    const [made] = await admin.press('Tạo mã mời cho người này');
    expect(made).toContain('Mã mời cho Thủ Trưởng A:');
    const code = codeIn(made!).replace('-', '');
    const typed = `${code.slice(0, 5)} ${code.slice(5)}`.toLowerCase();
    const before = await peopleCount();
    const [joined] = await app.chat({ stranger: 'tg-head-a' }).send(typed);
    expect(joined).toContain('Chào mừng Thủ Trưởng A');
    expect(await peopleCount()).toBe(before);
    expect((await accountsOf(await app.personId('head-a'))).map((a) => a.externalId)).toEqual(['tg-head-a']);
  });

  it('on the shell: a person who already has an account gets a second one linked', async () => {
    await app.chat('focal-a').send('/trogiup'); // focal-a's Telegram account
    const admin = app.chat('admin1', { channel: 'shell', caps: TEXT_CAPS });
    const [units] = await admin.send('/nguoidung');
    const [list] = await admin.send(numberOf(units!, 'UBND xã A'));
    const [card] = await admin.send(numberOf(list!, 'Đầu Mối A'));
    const [made] = await admin.send(numberOf(card!, 'Tạo mã mời cho người này'));
    const [joined] = await app
      .chat({ stranger: 'zalo-focal-a' }, { channel: 'zalo-bot', caps: TEXT_CAPS })
      .send(codeIn(made!));
    expect(joined).toContain('Đã liên kết tài khoản này với Đầu Mối A');
    expect((await accountsOf(await app.personId('focal-a'))).map((a) => a.channel).sort()).toEqual([
      'telegram',
      'zalo-bot',
    ]);
  });

  it('a deactivated person’s card offers no code, and /moi does not list them', async () => {
    await app.store.db.update(people).set({ active: false }).where(eq(people.code, 'member-a'));
    const admin = app.chat('admin1');
    await admin.send('/nguoidung');
    await admin.press('UBND xã A');
    await admin.press(/^Cán Bộ A/);
    expect(admin.buttons()).not.toContain('Tạo mã mời cho người này');
    await admin.send('/moi');
    await admin.press('UBND xã A');
    expect(admin.buttons().some((b) => b.startsWith('Cán Bộ A'))).toBe(false);
  });
});
