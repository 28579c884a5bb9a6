import { describe, expect, it } from 'vitest';
import { planReminders, schedule, upcomingFor, type PlannerInput } from '../domain/reminders/planner.js';
import { DEFAULT_POLICY, nextOpening, type WorkCalendar } from '../domain/reminders/policy.js';

const HCM: WorkCalendar = {
  timezone: 'Asia/Ho_Chi_Minh',
  workingDays: [1, 2, 3, 4, 5],
  windowStart: '07:30',
  windowEnd: '17:30',
};
/** Local Hà Nội/HCM wall-clock time as an instant (UTC+7, no daylight saving). */
const vn = (s: string) => new Date(`${s}:00+07:00`);
const iso = (d: Date) => d.toISOString();

function points(due: string, around = due) {
  return schedule(vn(due), DEFAULT_POLICY, HCM, vn(around), 3).map((p) => `${p.offset}@${iso(p.effectiveAt)}`);
}

function input(over: Partial<PlannerInput> & { now: Date }): PlannerInput {
  return {
    deadlines: [{ id: 1, jurisdictionId: 1, dueAt: vn('2026-12-02T17:00'), audience: { all: true }, status: 'open' }],
    units: [
      { id: 10, jurisdictionId: 1, code: 'pnv', kind: 'office', isOffice: true, active: true },
      { id: 11, jurisdictionId: 1, code: 'xa-a', kind: 'commune', isOffice: false, active: true },
      { id: 12, jurisdictionId: 1, code: 'xa-b', kind: 'commune', isOffice: false, active: true },
    ],
    people: [
      { id: 1, unitId: 10, role: 'admin', active: true },
      { id: 2, unitId: 11, role: 'focal', active: true },
      { id: 3, unitId: 11, role: 'head', active: true },
      { id: 4, unitId: 11, role: 'member', active: true },
      { id: 5, unitId: 12, role: 'focal', active: true },
      { id: 6, unitId: 12, role: 'focal', active: false },
    ],
    submissions: [],
    policy: DEFAULT_POLICY,
    calendar: HCM,
    ...over,
  };
}

describe('reminder schedule', () => {
  it('7, 3, 1 days before and the day itself at 08:00, weekends waiting for Monday 07:30', () => {
    // Due Wednesday 2 December 2026; three days before is a Sunday.
    expect(points('2026-12-02T17:00').slice(0, 4)).toEqual([
      '-7d@2026-11-25T01:00:00.000Z',
      '-3d@2026-11-30T00:30:00.000Z',
      '-1d@2026-12-01T01:00:00.000Z',
      'd0@2026-12-02T01:00:00.000Z',
    ]);
  });

  it('across a month end, two reminders pushed onto the same day collapse into the later one', () => {
    // Due Tuesday 1 December: -3d (Saturday 28 Nov) waits for Monday 30 Nov, the day of -1d.
    expect(points('2026-12-01T17:00').slice(0, 3)).toEqual([
      '-7d@2026-11-24T01:00:00.000Z',
      '-1d@2026-11-30T01:00:00.000Z',
      'd0@2026-12-01T01:00:00.000Z',
    ]);
  });

  it('overdue every 2 working days across the year end', () => {
    // Due Thursday 31 December 2026: +2 working days is Monday 4 January 2027.
    const overdue = points('2026-12-31T17:00', '2027-01-05T09:00').filter((p) => p.startsWith('o'));
    expect(overdue).toEqual([
      'o1@2027-01-04T01:00:00.000Z',
      'o2@2027-01-06T01:00:00.000Z',
      'o3@2027-01-08T01:00:00.000Z',
      'o4@2027-01-12T01:00:00.000Z',
    ]);
  });

  it('drops pre-due reminders that a weekend would push past the deadline', () => {
    // Due Sunday 6 December 2026 at 17:00: -1d (Saturday) and d0 (Sunday) would go out Monday.
    const pre = points('2026-12-06T17:00').filter((p) => !p.startsWith('o'));
    expect(pre).toEqual(['-7d@2026-11-30T00:30:00.000Z', '-3d@2026-12-03T01:00:00.000Z']);
  });

  it('uses wall-clock time: +07:00 all year in Asia/Ho_Chi_Minh, and correct across DST elsewhere', () => {
    const june = schedule(vn('2026-06-17T17:00'), DEFAULT_POLICY, HCM, vn('2026-06-17T17:00'));
    expect(iso(june.find((p) => p.offset === 'd0')!.effectiveAt)).toBe('2026-06-17T01:00:00.000Z');
    const berlin: WorkCalendar = { ...HCM, timezone: 'Europe/Berlin' };
    // Summer time ends on 25 October 2026: 08:00 is 06:00Z before and 07:00Z after.
    const s = schedule(new Date('2026-10-28T16:00:00Z'), DEFAULT_POLICY, berlin, new Date('2026-10-28T16:00:00Z'));
    expect(iso(s.find((p) => p.offset === '-7d')!.effectiveAt)).toBe('2026-10-21T06:00:00.000Z');
    expect(iso(s.find((p) => p.offset === '-1d')!.effectiveAt)).toBe('2026-10-27T07:00:00.000Z');
  });

  it('waits for the next opening of the sending window', () => {
    const cal = { ...HCM, windowStart: '09:00', windowEnd: '11:00' };
    expect(iso(nextOpening(vn('2026-11-26T08:00'), cal))).toBe(iso(vn('2026-11-26T09:00')));
    expect(iso(nextOpening(vn('2026-11-26T12:00'), cal))).toBe(iso(vn('2026-11-27T09:00')));
    expect(iso(nextOpening(vn('2026-11-27T12:00'), cal))).toBe(iso(vn('2026-11-30T09:00'))); // Friday → Monday
  });
});

describe('reminder planner', () => {
  it('sends the due reminder to the focal points only, not members, admins, the office or inactive people', () => {
    const r = planReminders(input({ now: vn('2026-11-26T09:00') }));
    expect(r.map((x) => [x.personId, x.offset, x.escalation])).toEqual([
      [2, '-7d', false],
      [5, '-7d', false],
    ]);
    expect(r[0]!.key).toBe(`rem:1:${Math.floor(vn('2026-12-02T17:00').getTime() / 60000)}:11:2:-7d`);
  });

  it('plans the same keys on every tick until the next point, so the outbox can refuse duplicates', () => {
    const a = planReminders(input({ now: vn('2026-11-26T09:00') })).map((x) => x.key);
    const b = planReminders(input({ now: vn('2026-11-27T15:00') })).map((x) => x.key);
    expect(b).toEqual(a);
    const c = planReminders(input({ now: vn('2026-11-30T07:31') })).map((x) => x.offset);
    expect(c).toEqual(['-3d', '-3d']);
  });

  it('sends nothing more to a unit that has done what the deadline asks', () => {
    const r = planReminders(
      input({ now: vn('2026-12-01T09:00'), submissions: [{ deadlineId: 1, unitId: 11, status: 'submitted' }] }),
    );
    expect(r.map((x) => x.unitId)).toEqual([12]);
    const draft = planReminders(
      input({ now: vn('2026-12-01T09:00'), submissions: [{ deadlineId: 1, unitId: 11, status: 'draft' }] }),
    );
    expect(draft.map((x) => x.unitId)).toEqual([11, 12]);
  });

  it('escalates to the unit head once overdue', () => {
    // Due Wed 2 Dec; +2 working days = Fri 4 Dec 08:00.
    const r = planReminders(input({ now: vn('2026-12-04T08:05') }));
    expect(r.filter((x) => x.unitId === 11).map((x) => [x.personId, x.offset, x.escalation])).toEqual([
      [2, 'o1', false],
      [3, 'o1', true],
    ]);
    // Between due and the first overdue point, the last pre-due reminder stays the latest.
    expect(planReminders(input({ now: vn('2026-12-03T10:00') }))[0]!.offset).toBe('d0');
  });

  it('after a Tết-length downtime sends only the most recent reminder, never a backlog', () => {
    const deadlines = [
      { id: 1, jurisdictionId: 1, dueAt: vn('2027-02-10T17:00'), audience: { units: ['xa-a'] }, status: 'open' },
    ];
    // Down from 5 to 22 February 2027: -3d, -1d, d0, o1, o2, o3 all passed unsent.
    const r = planReminders(input({ now: vn('2027-02-22T09:00'), deadlines }));
    expect(r.map((x) => [x.personId, x.offset])).toEqual([
      [2, 'o4'],
      [3, 'o4'],
    ]);
  });

  it('re-plans a deadline edited after reminders went out, without repeating them', () => {
    const now = vn('2026-11-30T09:00');
    const sent = planReminders(input({ now }));
    expect(sent.map((x) => x.offset)).toEqual(['-3d', '-3d']);
    // Moved a week later: nothing is due now (-7d of the new date is Wed 2 Dec).
    const later = [
      { id: 1, jurisdictionId: 1, dueAt: vn('2026-12-09T17:00'), audience: { all: true }, status: 'open' },
    ];
    expect(planReminders(input({ now, deadlines: later }))).toEqual([]);
    const onNewDate = planReminders(input({ now: vn('2026-12-02T09:00'), deadlines: later }));
    expect(onNewDate.map((x) => x.offset)).toEqual(['-7d', '-7d']);
    expect(onNewDate.map((x) => x.key).some((k) => sent.some((s) => s.key === k))).toBe(false);
    // Moved a day earlier: the "-1d" point of the new date is due at once, under a new key.
    const earlier = [
      { id: 1, jurisdictionId: 1, dueAt: vn('2026-12-01T17:00'), audience: { all: true }, status: 'open' },
    ];
    const now2 = planReminders(input({ now, deadlines: earlier }));
    expect(now2.map((x) => x.offset)).toEqual(['-1d', '-1d']);
  });

  it('ignores closed deadlines and respects a per-deadline policy', () => {
    expect(
      planReminders(
        input({
          now: vn('2026-11-26T09:00'),
          deadlines: [
            { id: 1, jurisdictionId: 1, dueAt: vn('2026-12-02T17:00'), audience: { all: true }, status: 'closed' },
          ],
        }),
      ),
    ).toEqual([]);
    const custom = [
      {
        id: 1,
        jurisdictionId: 1,
        dueAt: vn('2026-12-02T17:00'),
        audience: { all: true },
        status: 'open',
        reminderPolicy: { before_days: [10] },
      },
    ];
    expect(planReminders(input({ now: vn('2026-11-26T09:00'), deadlines: custom }))[0]!.offset).toBe('-10d');
  });

  it('keeps a deadline to the units of its own jurisdiction, even where two communes share unit codes', () => {
    const twoCommunes = input({
      now: vn('2026-12-02T08:00'),
      deadlines: [
        { id: 1, jurisdictionId: 2, dueAt: vn('2026-12-02T17:00'), audience: { units: ['xa-a'] }, status: 'open' },
      ],
      units: [
        { id: 11, jurisdictionId: 1, code: 'xa-a', kind: 'commune', isOffice: false, active: true },
        { id: 21, jurisdictionId: 2, code: 'xa-a', kind: 'commune', isOffice: false, active: true },
      ],
      people: [
        { id: 2, unitId: 11, role: 'focal', active: true },
        { id: 7, unitId: 21, role: 'focal', active: true },
      ],
    });
    const planned = planReminders(twoCommunes);
    expect(planned.map((r) => [r.personId, r.unitId, r.jurisdictionId])).toEqual([[7, 21, 2]]);
  });

  it('lists what a person will still get, for /hanchot', () => {
    const d = { id: 1, jurisdictionId: 1, dueAt: vn('2026-12-02T17:00'), audience: { all: true }, status: 'open' };
    expect(upcomingFor(d, 'focal', DEFAULT_POLICY, HCM, vn('2026-11-26T09:00')).map((p) => p.offset)).toEqual([
      '-3d',
      '-1d',
      'd0',
      'o1',
    ]);
    expect(upcomingFor(d, 'head', DEFAULT_POLICY, HCM, vn('2026-11-26T09:00')).map((p) => p.offset)).toEqual([
      'o1',
      'o2',
      'o3',
      'o4',
    ]);
  });
});
