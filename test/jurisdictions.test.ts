/**
 * One deployment for a province and its communes (issue 16): the data/lai-chau/ tree imported
 * as it ships — the province, four communes and the former district — with two communes that
 * use the same unit codes, each running its own cycle, and the province collecting the
 * communes' reports for its own deadline through each commune's office.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { jurisdictions, jurisdictionSuccessors, people, units } from '../db/schema.js';
import { scoped, type Scoped } from '../db/scope.js';
import { findUnitByCode } from '../db/queries/directory.js';
import { findJurisdictionByCode } from '../db/queries/jurisdictions.js';
import { getDeadlineByCode, getSubmission, listOpenDeadlines } from '../db/queries/submissions.js';
import { saveButtonTokens } from '../db/queries/conversation.js';
import { resolveActor } from '../handlers/actor.js';
import { statusActions } from '../handlers/flows/status.actions.js';
import { buildOverview, districtProgress } from '../handlers/services/overview.js';
import { buildCsv } from '../handlers/office/export.js';
import { formItemsOf, review, saveAnswer, submit } from '../handlers/services/submissions.js';
import { importDataFile } from '../handlers/services/data-import.js';
import { loadPlannerInput, planFromStore } from '../jobs/scheduler.js';
import { DEFAULT_POLICY } from '../domain/reminders/policy.js';
import { createTestApp, DATA_LAI_CHAU, TEXT_CAPS, type TestApp } from './helpers/app.js';
import { openTestStore, onPostgres } from './helpers/db.js';
import path from 'node:path';

const SYSTEM = { kind: 'system', name: 'test' } as const;
const CALENDAR = {
  timezone: 'Asia/Ho_Chi_Minh',
  workingDays: [1, 2, 3, 4, 5],
  windowStart: '07:30',
  windowEnd: '17:30',
};

describe(`a province and its communes in one deployment on ${onPostgres ? 'PostgreSQL' : 'PGlite'}`, () => {
  let app: TestApp;
  const j: Record<string, number> = {};
  const at = (code: string): Scoped => scoped(app.store.db, j[code]!);

  beforeAll(async () => {
    app = await createTestApp({ seed: DATA_LAI_CHAU, national: true });
    for (const r of await app.store.db.select().from(jurisdictions)) j[r.code] = r.id;
  }, 120_000);
  afterAll(() => app.close());

  it('imports the tree: the province, its four communes and the former district with its successors', async () => {
    const rows = await app.store.db.select().from(jurisdictions);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect([...byCode.keys()].sort()).toEqual(['ban-bo', 'binh-lu', 'khun-ha', 'lai-chau', 'ta-leng', 'tam-duong']);
    expect(byCode.get('lai-chau')!.parentId).toBeNull();
    for (const c of ['ban-bo', 'binh-lu', 'khun-ha', 'ta-leng']) {
      expect(byCode.get(c)!.parentId).toBe(j['lai-chau']);
      expect(byCode.get(c)!.level).toBe('xa');
    }
    const old = byCode.get('tam-duong')!;
    expect(old).toMatchObject({ level: 'huyen', parentId: j['lai-chau'], activeTo: '2025-06-30' });
    const successors = await app.store.db
      .select()
      .from(jurisdictionSuccessors)
      .where(eq(jurisdictionSuccessors.jurisdictionId, old.id));
    expect(successors.length).toBeGreaterThanOrEqual(4);
    expect(new Set(successors.map((s) => s.successorCode))).toEqual(
      new Set(['ban-bo', 'binh-lu', 'khun-ha', 'ta-leng']),
    );
  });

  it('keeps the units of two communes apart although they use the same codes', async () => {
    const a = await findUnitByCode(at('binh-lu'), 'truong-th');
    const b = await findUnitByCode(at('ban-bo'), 'truong-th');
    expect(a!.name).toContain('Bình Lư');
    expect(b!.name).toContain('Bản Bo');
    expect(a!.id).not.toBe(b!.id);
  });

  it('shows a commune focal point their own commune’s deadlines only', async () => {
    const bb = app.chat('bb-focal-truong-th', { channel: 'shell', caps: TEXT_CAPS });
    const [text] = await bb.send('/hanchot');
    const own = await listOpenDeadlines(at('ban-bo'));
    const other = (await listOpenDeadlines(at('binh-lu'))).filter((d) => !own.some((o) => o.title === d.title));
    expect(own.length).toBeGreaterThan(0);
    expect(other.length).toBeGreaterThan(0);
    expect(own.some((d) => text!.includes(d.title))).toBe(true);
    for (const d of other) expect(text).not.toContain(d.title);
  });

  it('counts only its own units in a commune office’s /tinhhinh, without the province’s roll-up', async () => {
    const admin = app.chat('bb-admin', { channel: 'shell', caps: TEXT_CAPS });
    const texts = await admin.send('/tinhhinh');
    const all = texts.join('\n');
    expect(all).not.toContain('Bình Lư');
    expect(all).not.toContain('thuộc Tỉnh Lai Châu');
    const progress = await districtProgress(at('ban-bo'), SYSTEM, app.clock.now());
    const bbUnits = await app.store.db.select().from(units).where(eq(units.jurisdictionId, j['ban-bo']!));
    for (const c of progress) expect(c.total).toBeLessThanOrEqual(bbUnits.length);
  });

  it('refuses a button naming another commune’s deadline, and names nothing from there', async () => {
    const admin = app.chat('bb-admin', { channel: 'shell', caps: TEXT_CAPS });
    await admin.send('/tinhhinh');
    const theirs = (await getDeadlineByCode(at('binh-lu'), 'thong-ke'))!;
    await saveButtonTokens(
      app.store.db,
      [
        {
          token: 'forged0001',
          channel: 'shell',
          chatId: admin.chatId,
          action: statusActions.deadline({ deadline: theirs.id, group: undefined, page: undefined }),
          jurisdictionId: j['ban-bo'],
        },
      ],
      app.clock.now(),
    );
    const replies = await admin.sendRaw({ buttonToken: 'forged0001' });
    const text = replies.map((r) => r.text).join('\n');
    expect(text).not.toContain(theirs.title);
    expect(text).not.toContain('Bình Lư');
    expect(text.length).toBeGreaterThan(0);
  });

  it('takes a unit code typed from another commune as unknown, naming nothing from there', async () => {
    const admin = app.chat('bb-admin', { channel: 'shell', caps: TEXT_CAPS });
    const text = (await admin.send('/lichsu bchqs')).join('\n');
    expect(text).toContain('Tôi không tìm thấy đơn vị nào khớp với «bchqs»');
    expect(text).not.toContain('Ban Chỉ huy quân sự xã Bình Lư');
    expect(text).not.toContain('Bình Lư');
  });

  it('lets a commune office act for the commune in the province’s cycle, and the province count it', async () => {
    const office = app.chat('demo-admin@binh-lu', { channel: 'shell', caps: TEXT_CAPS });
    const [seats] = await office.send('/donvi');
    expect(seats).toContain('UBND xã Bình Lư — thay mặt xã ở Tỉnh Lai Châu');
    const n = /^(\d+)\. [^\n]*thay mặt xã/m.exec(seats!)![1]!;
    const [switched] = await office.send(n);
    expect(switched).toContain('Từ tin nhắn sau');
    const provincial = (await getDeadlineByCode(at('lai-chau'), 'tong-ket-xa'))!;
    const [due] = await office.send('/hanchot');
    expect(due).toContain(provincial.title);

    // The office files the commune's report to the province (as its focal point there).
    const seat = (await resolveActor(app.store.db, 'shell', office.accountId)).seats.find((s) => s.forCommune)!;
    const { actor } = await resolveActor(app.store.db, 'shell', office.accountId, seat.key);
    expect(actor).toMatchObject({ kind: 'person', jurisdictionId: j['lai-chau'], role: 'focal', forCommune: true });
    const communeUnit = (await findUnitByCode(at('lai-chau'), 'xa-binh-lu'))!;
    const filed = await app.store.tx(async (tx) => {
      const there = scoped(tx, j['lai-chau']!);
      const input = { deadline: provincial, unitId: communeUnit.id, now: app.clock.now() };
      await saveAnswer(there, actor, { ...input, itemCode: 'so_phong_trao', value: 3, expectedRev: 0 });
      return submit(there, actor, { ...input, items: [] });
    });
    expect(filed.ok).toBe(true);
    const counts = (await districtProgress(at('lai-chau'), SYSTEM, app.clock.now())).find(
      (c) => c.deadline.id === provincial.id,
    )!;
    expect(counts).toMatchObject({ total: 4, submitted: 1 });

    // The same office, back in the commune's own seat, opens a reminder the province sent:
    // the button acts where it was made, and says so.
    await office.send('/donvi 1');
    await app.store.tx((tx) =>
      app.engine.prepareOutbound(
        tx,
        { channel: 'shell', chatId: office.chatId, accountId: office.accountId },
        {
          text: 'Nhắc việc',
          buttons: [[{ label: 'Mở báo cáo', action: { f: 'report', op: 'open', deadline: provincial.id } }]],
        },
        TEXT_CAPS,
        'vi',
        j['lai-chau'],
      ),
    );
    const opened = (await office.send('1')).join('\n');
    expect(opened).toContain('Nút này thuộc Tỉnh Lai Châu');
    expect(opened).toContain(provincial.title);

    // The province's office sees its own deadline and, read only, each commune's progress.
    const province = app.chat('lc-admin', { channel: 'shell', caps: TEXT_CAPS });
    const texts = await province.send('/tinhhinh');
    const rollup = texts.find((t) => t.includes('Các xã, phường thuộc'))!;
    expect(rollup).toBeDefined();
    for (const name of ['Bản Bo', 'Bình Lư', 'Khun Há', 'Tả Lèng']) expect(rollup).toContain(name);
    expect(rollup).toMatch(/Tam Đường[^\n]*\(đến 30\/06\/2025\)/);
  });

  it('sends the province’s reminders for a commune to that commune’s office, and no commune’s to another', async () => {
    const input = await loadPlannerInput(app.store);
    const demoAdmin = (
      await app.store.db
        .select()
        .from(people)
        .where(and(eq(people.code, 'demo-admin'), eq(people.jurisdictionId, j['binh-lu']!)))
    )[0]!;
    const communeUnit = (await findUnitByCode(at('lai-chau'), 'xa-binh-lu'))!;
    expect(input.people).toContainEqual(expect.objectContaining({ id: demoAdmin.id, unitId: communeUnit.id }));
    const provincial = (await getDeadlineByCode(at('lai-chau'), 'tong-ket-xa'))!;
    const twoDaysBefore = new Date(provincial.dueAt.getTime() - 2 * 86_400_000);
    const { reminders } = await planFromStore(app.store, twoDaysBefore, CALENDAR, DEFAULT_POLICY);
    const forProvince = reminders.filter((r) => r.deadlineId === provincial.id);
    expect(forProvince.length).toBeGreaterThan(0);
    expect(forProvince.every((r) => r.jurisdictionId === j['lai-chau'])).toBe(true);
    const unitJurisdiction = new Map(input.units.map((u) => [u.id, u.jurisdictionId]));
    const deadlineJurisdiction = new Map(input.deadlines.map((d) => [d.id, d.jurisdictionId]));
    for (const r of reminders) expect(unitJurisdiction.get(r.unitId)).toBe(deadlineJurisdiction.get(r.deadlineId));
  });

  it('refuses /donvi choices that are not the account’s', async () => {
    const bb = app.chat('bb-focal-truong-th', { channel: 'shell', caps: TEXT_CAPS });
    const [one] = await bb.send('/donvi');
    expect(one).toContain('có một nơi làm việc');
    const [bad] = await bb.send('/donvi 7');
    expect(bad).toContain('Không có nơi làm việc');
  });
});

describe(`two communes run a full cycle side by side on ${onPostgres ? 'PostgreSQL' : 'PGlite'}`, () => {
  let app: TestApp;
  const j: Record<string, number> = {};
  const at = (code: string): Scoped => scoped(app.store.db, j[code]!);

  beforeAll(async () => {
    app = await createTestApp({ seed: DATA_LAI_CHAU, national: true });
    for (const r of await app.store.db.select().from(jurisdictions)) j[r.code] = r.id;
  }, 120_000);
  afterAll(() => app.close());

  it('runs a full cycle in two communes side by side, and the province collects both', async () => {
    const now = app.clock.now();
    const opts = { now, timezone: 'Asia/Ho_Chi_Minh', locale: 'vi' as const };
    const seatOf = async (who: string, forCommune = false) => {
      const chat = app.chat(who, { channel: 'shell', caps: TEXT_CAPS });
      await chat.send('/trogiup'); // links the test's account
      const { seats } = await resolveActor(app.store.db, 'shell', chat.accountId);
      const seat = seats.find((s) => s.forCommune === forCommune)!;
      return (await resolveActor(app.store.db, 'shell', chat.accountId, seat.key)).actor;
    };
    for (const [code, focal, admin] of [
      ['binh-lu', 'focal-truong-th@binh-lu', 'demo-admin@binh-lu'],
      ['ban-bo', 'bb-focal-truong-th', 'bb-admin'],
    ] as const) {
      const school = (await findUnitByCode(at(code), 'truong-th'))!;
      const yearEnd = (await getDeadlineByCode(at(code), 'tong-ket'))!;
      const reporter = await seatOf(focal);
      const office = await seatOf(admin);
      // Report: the school answers and submits its year-end review.
      const filed = await app.store.tx(async (tx) => {
        const s = scoped(tx, j[code]!);
        const input = { deadline: yearEnd, unitId: school.id, now };
        const item = (await formItemsOf(s, yearEnd, async () => []))[0]!;
        await saveAnswer(s, reporter, {
          ...input,
          itemCode: item.code,
          value: item.type === 'number' ? 5 : 'Có',
          expectedRev: 0,
        });
        return submit(s, reporter, { ...input, items: [] });
      });
      expect(filed.ok, code).toBe(true);
      // Review: the commune's office accepts it.
      const sub = (await getSubmission(at(code), yearEnd.id, school.id))!;
      await app.store.tx((tx) => review(scoped(tx, j[code]!), office, { submissionId: sub.id, action: 'accept', now }));
      expect((await getSubmission(at(code), yearEnd.id, school.id))!.status).toBe('accepted');
      // Export: the commune's own units only, the school accepted.
      const overview = (await app.store.tx((tx) => buildOverview(scoped(tx, j[code]!), office, yearEnd.id, opts)))!;
      const csv = buildCsv(overview);
      const own = await app.store.db.select().from(units).where(eq(units.jurisdictionId, j[code]!));
      expect(overview.units.every((u) => own.some((o) => o.id === u.unitId))).toBe(true);
      expect(overview.units.find((u) => u.unitId === school.id)!.state).toBe('accepted');
      expect(csv).toContain(school.name);
      expect(csv).not.toContain(code === 'binh-lu' ? 'Bản Bo' : 'Bình Lư');
      // The province: the commune's office files the commune's report there.
      const forCommune = await seatOf(admin, true);
      const provincial = (await getDeadlineByCode(at('lai-chau'), 'tong-ket-xa'))!;
      const communeUnit = (await findUnitByCode(at('lai-chau'), code === 'binh-lu' ? 'xa-binh-lu' : 'xa-ban-bo'))!;
      const toProvince = await app.store.tx(async (tx) => {
        const s = scoped(tx, j['lai-chau']!);
        const input = { deadline: provincial, unitId: communeUnit.id, now };
        const sub = await getSubmission(s, provincial.id, communeUnit.id);
        if (!sub) await saveAnswer(s, forCommune, { ...input, itemCode: 'so_phong_trao', value: 4, expectedRev: 0 });
        return submit(s, forCommune, { ...input, items: [] });
      });
      expect(toProvince.ok, code).toBe(true);
    }
    const provincial = (await getDeadlineByCode(at('lai-chau'), 'tong-ket-xa'))!;
    const counts = (await districtProgress(at('lai-chau'), SYSTEM, now)).find((c) => c.deadline.id === provincial.id)!;
    expect(counts).toMatchObject({ total: 4, submitted: 2 });
    // A commune's office cannot review another commune's report (not found there, so refused).
    const bbOffice = await seatOf('bb-admin');
    const theirs = (await getSubmission(
      at('binh-lu'),
      (await getDeadlineByCode(at('binh-lu'), 'tong-ket'))!.id,
      (await findUnitByCode(at('binh-lu'), 'truong-th'))!.id,
    ))!;
    await expect(
      app.store.tx((tx) =>
        review(scoped(tx, j['ban-bo']!), bbOffice, { submissionId: theirs.id, action: 'return', now }),
      ),
    ).rejects.toThrow();
    expect((await getSubmission(at('binh-lu'), theirs.deadlineId, theirs.unitId))!.status).toBe('accepted');
  });
});

/** Tables whose rows belong to one jurisdiction: no statement may touch them without naming it. */
const LOCAL = [
  'units',
  'people',
  'invites',
  'campaigns',
  'sections',
  'report_templates',
  'deadlines',
  'submissions',
  'exemplars',
  'broadcasts',
  'rule_params',
];
const TOUCHES = new RegExp(`\\b(from|join|update|into)\\s+"(${LOCAL.join('|')})"`, 'i');

describe('every statement on local data names its jurisdiction', () => {
  it('through a cycle of two communes and the province: status, deadlines, review, export, history, invites', async () => {
    const seen: string[] = [];
    let recording = false;
    const app = await createTestApp({
      seed: DATA_LAI_CHAU,
      national: true,
      onQuery: (q) => {
        if (recording) seen.push(q);
      },
    });
    try {
      const shell = { channel: 'shell' as const, caps: TEXT_CAPS };
      const focal = app.chat('bb-focal-truong-th', shell);
      const admins = ['bb-admin', 'demo-admin@binh-lu', 'lc-admin'].map((who) => app.chat(who, shell));
      // Linking the test's chats is the test driver's own (installation-wide) lookup: before recording.
      for (const chat of [focal, ...admins]) await chat.send('/trogiup');
      recording = true;
      await focal.send('/hanchot');
      await focal.send('/tinhhinh');
      await focal.send('/baocao');
      await focal.send('/huy');
      for (const admin of admins) {
        for (const cmd of ['/tinhhinh', '/hanchot', '/duyet', '/chuanop', '/xuat', '/lichsu', '/nguoidung', '/moi']) {
          await admin.send(cmd);
          await admin.send('1');
          await admin.send('/huy');
        }
      }
      await app.chat({ stranger: 'nobody' }, shell).send('/tieuchi lao động tiên tiến');
      recording = false;
      const local = seen.filter((q) => TOUCHES.test(q));
      expect(local.length).toBeGreaterThan(50);
      // Inserts carry the column (it is NOT NULL); every read, update and delete filters on it.
      // (A select lists every column, jurisdiction_id among them: only the WHERE counts.)
      const filtered = (q: string) => /\bwhere\b[\s\S]*jurisdiction_id/i.test(q);
      const unscoped = local.filter((q) => !/^\s*insert\b/i.test(q) && !filtered(q));
      expect(unscoped).toEqual([]);
    } finally {
      await app.close();
    }
  }, 180_000);
});

describe('importing a commune before its province', () => {
  it('links the commune when the province arrives', async () => {
    const store = await openTestStore();
    try {
      const opts = {
        timezone: 'Asia/Ho_Chi_Minh',
        now: new Date('2026-11-26T02:00:00Z'),
        actor: { personId: null, account: 'test' },
      };
      const first = await importDataFile(store, path.join(DATA_LAI_CHAU, 'ban-bo.yaml'), opts);
      expect(first.jurisdiction).toMatchObject({ code: 'ban-bo', parentCode: 'lai-chau', parentLinked: false });
      await importDataFile(store, path.join(DATA_LAI_CHAU, 'lai-chau.yaml'), opts);
      const commune = (await findJurisdictionByCode(store.db, 'ban-bo'))!;
      const province = (await findJurisdictionByCode(store.db, 'lai-chau'))!;
      expect(commune.parentId).toBe(province.id);
      const again = await importDataFile(store, path.join(DATA_LAI_CHAU, 'ban-bo.yaml'), opts);
      expect(again.inserted + again.updated).toBe(0);
    } finally {
      await store.close();
    }
  }, 60_000);
});
