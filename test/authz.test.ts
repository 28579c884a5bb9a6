/**
 * The access matrix: every kind of actor against every action, on their own unit and on
 * another one, through the real services and the real engine (no role check is mocked).
 */
import { COMMANDS } from '../handlers/commands.js';
import { only } from './helpers/db.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { accounts, people } from '../db/schema.js';
import { findUnitByCode } from '../db/queries/directory.js';
import { getSubmission } from '../db/queries/submissions.js';
import { resolveActor } from '../handlers/actor.js';
import { can, Forbidden, isUnitScoped, PERMISSIONS, type Actor } from '../domain/authz.js';
import { translator } from '../handlers/i18n/index.js';
import { createInvite } from '../handlers/services/invites.js';
import { createDeadline } from '../handlers/services/manage.js';
import { districtProgress } from '../handlers/services/overview.js';
import { changeRole, peopleOfUnit } from '../handlers/services/people.js';
import { deadlinesForUnit, readSubmission, review, saveAnswer, submit } from '../handlers/services/submissions.js';
import type { Scoped } from '../db/scope.js';
import type { DeadlineRow } from '../db/queries/submissions.js';
import { createTestApp, type TestApp } from './helpers/app.js';

const SYSTEM: Actor = { kind: 'system', name: 'test' };
type Who = 'anonymous' | 'deactivated' | 'member' | 'focal' | 'head' | 'admin';
const WHO: Who[] = ['anonymous', 'deactivated', 'member', 'focal', 'head', 'admin'];
const ACCOUNT: Record<Who, string> = {
  anonymous: 'nobody',
  deactivated: 'acc-gone',
  member: 'acc-member-a',
  focal: 'acc-focal-a',
  head: 'acc-head-a',
  admin: 'acc-admin1',
};

let app: TestApp;
let report: DeadlineRow;
let registration: DeadlineRow;
const unitOf: Record<'own' | 'other', Record<Who, number>> = {
  own: {} as Record<Who, number>,
  other: {} as Record<Who, number>,
};
let actors: Record<Who, Actor>;

beforeAll(async () => {
  app = await createTestApp();
  const db = app.store.db;
  const [xaA, xaB, pnv] = await Promise.all(
    ['xa-a', 'xa-b', 'pnv'].map(async (c) => findUnitByCode(await only(db), c)),
  );
  for (const w of WHO) {
    unitOf.own[w] = w === 'admin' ? pnv!.id : xaA!.id;
    unitOf.other[w] = xaB!.id;
  }
  const [gone] = await db
    .insert(people)
    .values({
      jurisdictionId: (await only(db)).jurisdictionId,
      code: 'gone',
      fullName: 'Đã Nghỉ',
      unitId: xaA!.id,
      role: 'focal',
      active: false,
    })
    .returning();
  await db
    .insert(accounts)
    .values({ personId: gone!.id, channel: 'telegram', externalId: 'acc-gone', chatId: 'acc-gone' });
  for (const code of ['member-a', 'focal-a', 'head-a', 'admin1']) {
    await db.insert(accounts).values({
      personId: await app.personId(code),
      channel: 'telegram',
      externalId: `acc-${code}`,
      chatId: `acc-${code}`,
    });
  }
  actors = {} as Record<Who, Actor>;
  for (const w of WHO) actors[w] = (await resolveActor(db, 'telegram', ACCOUNT[w])).actor;
  // Deadlines that apply to the office too, so "own unit" is meaningful for the admin.
  const now = app.clock.now();
  await app.store.tx(async (tx) => {
    const audience = { unitKinds: ['office', 'commune'] };
    report = await createDeadline(await only(tx), SYSTEM, {
      kind: 'report',
      title: 'Báo cáo ma trận',
      dueAt: new Date('2026-12-20T10:00:00Z'),
      audience,
      templateCode: 'so-ket',
      campaignId: null,
      now,
    });
    registration = await createDeadline(await only(tx), SYSTEM, {
      kind: 'registration',
      title: 'Đăng ký ma trận',
      dueAt: new Date('2026-12-20T10:00:00Z'),
      audience,
      templateCode: null,
      campaignId: null,
      now,
    });
    // Every unit has a submitted report, so reading and reviewing have something to act on.
    for (const unitId of [xaA!.id, xaB!.id, pnv!.id]) {
      await saveAnswer(await only(tx), SYSTEM, {
        deadline: report,
        unitId,
        itemCode: 'so_cbcc',
        value: 5,
        expectedRev: 0,
        now,
      });
      await submit(await only(tx), SYSTEM, { deadline: report, unitId, items: [], now });
    }
  });
});
afterAll(async () => app.close());

/** Runs an action in a transaction that is always rolled back: allowed or refused, nothing stays. */
async function attempt(fn: (s: Scoped) => Promise<unknown>): Promise<'allowed' | 'refused'> {
  const ROLLBACK = new Error('rollback');
  try {
    await app.store.tx(async (tx) => {
      await fn(await only(tx));
      throw ROLLBACK;
    });
  } catch (e) {
    if (e === ROLLBACK) return 'allowed';
    if (e instanceof Forbidden) return 'refused';
    throw e;
  }
  return 'allowed';
}

const now = () => app.clock.now();
const UNIT_ACTIONS: Record<string, (s: Scoped, a: Actor, unitId: number) => Promise<unknown>> = {
  'read deadlines': (s, a, u) => deadlinesForUnit(s, a, u),
  'read a report': (s, a, u) => readSubmission(s, a, report, u),
  'write a report': (s, a, u) =>
    saveAnswer(s, a, { deadline: report, unitId: u, itemCode: 'so_cbcc', value: 7, expectedRev: 1, now: now() }),
  'write a registration': (s, a, u) =>
    saveAnswer(s, a, {
      deadline: registration,
      unitId: u,
      itemCode: 'staff_count',
      value: 7,
      expectedRev: 0,
      now: now(),
    }),
  'review a report': async (s, a, u) =>
    review(s, a, { submissionId: (await getSubmission(s, report.id, u))!.id, action: 'accept', now: now() }),
  'list people': (s, a, u) => peopleOfUnit(s, a, u),
  'change a role': async (s, a, u) => {
    const [p] = await s.tx.select().from(people).where(eq(people.unitId, u));
    return changeRole(s, a, p!.id, 'member', now());
  },
  'create an invite': (s, a, u) => createInvite(s, a, { unitId: u, role: 'member', ttlDays: 7, now: now() }),
};

const Y = 'allowed';
const N = 'refused';
// [own unit, other unit] per actor: anonymous, deactivated, member, focal, head, admin
const EXPECTED: Record<string, Array<[string, string]>> = {
  'read deadlines': [
    [N, N],
    [N, N],
    [Y, N],
    [Y, N],
    [Y, N],
    [Y, Y],
  ],
  'read a report': [
    [N, N],
    [N, N],
    [N, N],
    [Y, N],
    [Y, N],
    [Y, Y],
  ],
  'write a report': [
    [N, N],
    [N, N],
    [N, N],
    [Y, N],
    [Y, N],
    [Y, N],
  ],
  'write a registration': [
    [N, N],
    [N, N],
    [N, N],
    [Y, N],
    [Y, N],
    [Y, N],
  ],
  'review a report': [
    [N, N],
    [N, N],
    [N, N],
    [N, N],
    [N, N],
    [Y, Y],
  ],
  'list people': [
    [N, N],
    [N, N],
    [N, N],
    [N, N],
    [N, N],
    [Y, Y],
  ],
  'change a role': [
    [N, N],
    [N, N],
    [N, N],
    [N, N],
    [N, N],
    [Y, Y],
  ],
  'create an invite': [
    [N, N],
    [N, N],
    [N, N],
    [N, N],
    [N, N],
    [Y, Y],
  ],
};

describe('access matrix on unit data (services)', () => {
  for (const [action, fn] of Object.entries(UNIT_ACTIONS)) {
    WHO.forEach((who, i) => {
      it(`${who} → ${action}: own unit ${EXPECTED[action]![i]![0]}, other unit ${EXPECTED[action]![i]![1]}`, async () => {
        expect(await attempt((s) => fn(s, actors[who], unitOf.own[who]))).toBe(EXPECTED[action]![i]![0]);
        expect(await attempt((s) => fn(s, actors[who], unitOf.other[who]))).toBe(EXPECTED[action]![i]![1]);
      });
    });
  }

  it('district-wide status is the office’s only', async () => {
    const results = await Promise.all(WHO.map(async (w) => attempt((s) => districtProgress(s, actors[w], now()))));
    expect(results).toEqual([N, N, N, N, N, Y]);
  });
});

// Commands through the engine: refused means one of the three polite refusals, nothing else.
// Every command of the list has a row (checked below), so a new command cannot skip the matrix.
const COMMAND_EXPECTED: Record<string, Who[]> = {
  '/tieuchi lao dong': ['anonymous', 'deactivated', 'member', 'focal', 'head', 'admin'],
  '/hanchot': ['member', 'focal', 'head', 'admin'],
  '/tinhhinh': ['member', 'focal', 'head', 'admin'],
  '/baocao': ['focal', 'head', 'admin'],
  '/dangky': ['focal', 'head', 'admin'],
  '/dienhinh': ['focal', 'head', 'admin'],
  '/duyet': ['admin'],
  '/chuanop': ['admin'],
  '/xuat': ['admin'],
  '/vanban': ['admin'],
  '/bieudo': ['admin'],
  '/thongbao': ['admin'],
  '/quanly': ['admin'],
  '/moi': ['admin'],
  '/nguoidung': ['admin'],
  '/lichsu': ['admin'],
  '/loigui': ['admin'],
};

describe('access matrix on commands (engine)', () => {
  const t = translator('vi');
  const refusals = new Set([t('auth.forbidden'), t('auth.unknown_account'), t('auth.deactivated')]);
  for (const [command, allowed] of Object.entries(COMMAND_EXPECTED)) {
    it(`${command}: allowed for ${allowed.join(', ')}`, async () => {
      for (const who of WHO) {
        const chat = app.chat({ stranger: ACCOUNT[who] });
        const [first] = await chat.send(command);
        const refused = refusals.has(first!);
        expect(refused ? `${who}: refused` : `${who}: allowed`).toBe(
          `${who}: ${allowed.includes(who) ? 'allowed' : 'refused'}`,
        );
        await chat.send('/huy');
      }
    });
  }

  it('every permission is covered by the tables above or the pure rules', () => {
    // A new permission must be added to a matrix on purpose.
    expect(PERMISSIONS.sort()).toEqual(
      [
        'audit.read',
        'awards.manage',
        'awards.read',
        'broadcast',
        'campaign.manage',
        'criteria.read',
        'deadline.manage',
        'deadlines.read',
        'escalation.receive',
        'exemplar.manage',
        'exemplar.read',
        'exemplar.write',
        'export',
        'invite.create',
        'missing.list',
        'outbox.read',
        'people.manage',
        'people.read',
        'registration.write',
        'reminder.nudge',
        'report.read',
        'report.review',
        'report.write',
        'status.district',
        'status.rollup',
        'status.unit',
      ].sort(),
    );
    expect(can(actors.admin, 'status.rollup')).toBe(true);
    expect(can(actors.focal, 'status.rollup')).toBe(false);
    expect(can({ kind: 'anonymous' }, 'criteria.read')).toBe(true);
    expect(can(actors.head, 'escalation.receive', unitOf.own.head)).toBe(true);
    expect(can(actors.focal, 'escalation.receive', unitOf.own.focal)).toBe(false);
  });

  it('no role reaches a unit of another jurisdiction, not even the office ("any" is any unit of its own)', () => {
    const admin = actors.admin as Extract<Actor, { kind: 'person' }>;
    const focal = actors.focal as Extract<Actor, { kind: 'person' }>;
    const elsewhere = { id: unitOf.own.focal, jurisdictionId: admin.jurisdictionId + 1000 };
    const here = { id: unitOf.other.admin, jurisdictionId: admin.jurisdictionId };
    for (const perm of PERMISSIONS.filter((p) => isUnitScoped(p))) {
      expect(can(admin, perm, elsewhere), perm).toBe(false);
      expect(can(focal, perm, { id: focal.unitId, jurisdictionId: focal.jurisdictionId + 1000 }), perm).toBe(false);
    }
    expect(can(admin, 'report.review', here)).toBe(true);
    expect(can(focal, 'report.write', { id: focal.unitId, jurisdictionId: focal.jurisdictionId })).toBe(true);
  });

  it('every command that needs a permission has a row in the command matrix', () => {
    const rows = new Set(Object.keys(COMMAND_EXPECTED).map((c) => c.split(' ')[0]!.slice(1)));
    expect(COMMANDS.filter((c) => c.perm && !rows.has(c.vi)).map((c) => `/${c.vi}`)).toEqual([]);
  });
});

// Plain-language questions answer with exactly the rights of /tinhhinh: a guest is told it is
// for invited officials; a unit's people get nothing about another unit; the office sees any.
describe('access matrix on plain-language status questions (engine)', () => {
  const t = translator('vi');
  const guest = new Set([t('auth.unknown_account'), t('auth.deactivated')]);
  const cases: Array<{ q: string; unit: 'own' | 'other'; name: string }> = [
    { q: 'xã A nộp báo cáo chưa', unit: 'own', name: 'UBND xã A' },
    { q: 'xa b nop bao cao chua', unit: 'other', name: 'UBND xã B' },
  ];
  // [own unit, other unit] per actor, as in the tables above
  const EXPECTED_ASK: Record<Who, [string, string]> = {
    anonymous: ['guest', 'guest'],
    deactivated: ['guest', 'guest'],
    member: ['status', 'nothing'],
    focal: ['status', 'nothing'],
    head: ['status', 'nothing'],
    admin: ['status', 'status'],
  };
  for (const who of WHO) {
    it(`${who}: own unit ${EXPECTED_ASK[who][0]}, other unit ${EXPECTED_ASK[who][1]}`, async () => {
      for (const [i, c] of cases.entries()) {
        const chat = app.chat({ stranger: ACCOUNT[who] });
        const replies = await chat.send(c.q);
        const text = replies.join('\n');
        const got = guest.has(replies[0]!) ? 'guest' : text.includes(c.name) ? 'status' : 'nothing';
        expect(`${who} ${c.unit}: ${got}`).toBe(`${who} ${c.unit}: ${EXPECTED_ASK[who][i]}`);
        if (got === 'nothing') {
          expect(text).toBe(t('ask.other_unit', { unit: 'UBND xã A' }));
          expect(text).not.toMatch(/xã B/);
        }
      }
    });
  }
});
