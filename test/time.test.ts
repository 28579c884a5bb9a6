/**
 * Local wall-clock time in a named zone. The fast path (an offset cached per quarter hour)
 * must agree with Intl everywhere, including across daylight-saving changes in zones that
 * shift by an hour, by half an hour, or sit at a quarter-hour offset.
 */
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../domain/format.js';
import { addLocalDays, intlParts, localParts, weekdayOf, zonedTime } from '../domain/time.js';
import { addWorkingDays, localDate, workingDaysBetween, type LocalDate } from '../domain/reminders/policy.js';

const ZONES = [
  'Asia/Ho_Chi_Minh',
  'Europe/London',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Pacific/Chatham',
];

/** Deterministic pseudo-random instants between 2000 and 2040. */
function* instants(n: number): Generator<Date> {
  let x = 0x2f6b3a1d;
  const from = Date.UTC(2000, 0, 1);
  const span = Date.UTC(2040, 0, 1) - from;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    yield new Date(from + Math.floor((x / 2 ** 32) * span));
  }
}

describe('local time', () => {
  it('agrees with Intl at random instants in every kind of zone', () => {
    for (const tz of ZONES) {
      for (const d of instants(2000)) expect(localParts(d, tz), `${tz} ${d.toISOString()}`).toEqual(intlParts(d, tz));
    }
  });

  it('agrees with Intl minute by minute across daylight-saving changes', () => {
    const around = [
      ['Europe/London', '2026-03-29T00:30:00Z'],
      ['Europe/London', '2026-10-25T00:30:00Z'],
      ['America/New_York', '2026-03-08T06:30:00Z'],
      ['America/New_York', '2026-11-01T05:30:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T14:30:00Z'],
      ['Australia/Lord_Howe', '2026-10-03T15:00:00Z'],
      ['Pacific/Chatham', '2026-04-04T13:30:00Z'],
    ] as const;
    for (const [tz, iso] of around) {
      const start = Date.parse(iso);
      for (let m = 0; m <= 120; m++) {
        const d = new Date(start + m * 60_000 + 17_000);
        expect(localParts(d, tz), `${tz} ${d.toISOString()}`).toEqual(intlParts(d, tz));
      }
    }
  });

  it('finds the instant for a local time, and formats it back the Vietnamese way', () => {
    const due = zonedTime(2026, 12, 10, 17, 0, 'Asia/Ho_Chi_Minh');
    expect(due.toISOString()).toBe('2026-12-10T10:00:00.000Z');
    expect(formatDateTime(due, 'Asia/Ho_Chi_Minh')).toBe('17:00 10/12/2026');
    // 01:30 on the night London's clocks go forward does not exist; it lands an hour on.
    expect(zonedTime(2026, 3, 29, 1, 30, 'Europe/London').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedTime(2026, 7, 1, 8, 0, 'Europe/London').toISOString()).toBe('2026-07-01T07:00:00.000Z');
  });
});

describe('working days', () => {
  const calendars = [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6], [3], [1, 2, 3, 4, 5, 6, 7], [6, 7]].map((workingDays) => ({
    timezone: 'Asia/Ho_Chi_Minh',
    workingDays,
    windowStart: '07:30',
    windowEnd: '17:00',
  }));
  const isWorking = (d: LocalDate, days: number[]) => days.includes(weekdayOf(d));
  /** The obvious day-by-day walks, as the reference. */
  function slowAdd(date: LocalDate, n: number, days: number[]): LocalDate {
    let d = date;
    for (let left = n; left > 0;) {
      d = addLocalDays(d, 1);
      if (isWorking(d, days)) left--;
    }
    return d;
  }
  function slowBetween(from: LocalDate, to: LocalDate, days: number[]): number {
    let n = 0;
    for (
      let d = addLocalDays(from, 1);
      Date.UTC(d.year, d.month - 1, d.day) <= Date.UTC(to.year, to.month - 1, to.day);
      d = addLocalDays(d, 1)
    ) {
      if (isWorking(d, days)) n++;
    }
    return n;
  }

  it('counts and adds working days exactly as a day-by-day walk would', () => {
    let i = 0;
    for (const d of instants(300)) {
      const cal = calendars[i++ % calendars.length]!;
      const from = localDate(d, cal.timezone);
      const n = 1 + ((i * 37) % 400);
      expect(addWorkingDays(from, n, cal), `${JSON.stringify(from)} + ${n} on ${cal.workingDays.join(',')}`).toEqual(
        slowAdd(from, n, cal.workingDays),
      );
      const to = addLocalDays(from, ((i * 53) % 900) - 100);
      expect(workingDaysBetween(from, to, cal), `${JSON.stringify(from)} → ${JSON.stringify(to)}`).toBe(
        slowBetween(from, to, cal.workingDays),
      );
    }
  });
});
