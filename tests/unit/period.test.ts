import { isTimeZone, presetOf, presetRange } from '../../common/domain/period';
import { periodBound } from '../../server/src/utils/period';

describe('periodBound', () => {
  it.each([
    [
      'a UTC day when no time zone is given',
      '2026-11-22',
      undefined,
      '2026-11-22T00:00:00.000Z',
      '2026-11-22T23:59:59.999Z',
    ],
    [
      'an Amsterdam day in winter (UTC+1)',
      '2026-11-22',
      'Europe/Amsterdam',
      '2026-11-21T23:00:00.000Z',
      '2026-11-22T22:59:59.999Z',
    ],
    [
      'an Amsterdam day in summer (UTC+2)',
      '2026-07-01',
      'Europe/Amsterdam',
      '2026-06-30T22:00:00.000Z',
      '2026-07-01T21:59:59.999Z',
    ],
    [
      'the day the clocks go back (25 hours)',
      '2026-10-25',
      'Europe/Amsterdam',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T22:59:59.999Z',
    ],
    [
      'a day west of Greenwich',
      '2026-11-22',
      'America/New_York',
      '2026-11-22T05:00:00.000Z',
      '2026-11-23T04:59:59.999Z',
    ],
  ])('takes a bare date as %s', (_label, day, timeZone, start, end) => {
    expect(periodBound(day, false, timeZone).toISOString()).toBe(start);
    expect(periodBound(day, true, timeZone).toISOString()).toBe(end);
  });

  it('takes a date-time as it is, whatever the time zone', () => {
    expect(periodBound('2026-11-22T08:30:00Z', false, 'Europe/Amsterdam').toISOString()).toBe(
      '2026-11-22T08:30:00.000Z'
    );
  });
});

describe('isTimeZone', () => {
  it.each(['UTC', 'Europe/Amsterdam', 'Pacific/Kiritimati'])('knows %s', (zone) => {
    expect(isTimeZone(zone)).toBe(true);
  });
  it.each(['Mars/Base', '', '+01:00; DROP TABLE'])('refuses %j', (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  });
});

describe('periodBound on a value no instant answers', () => {
  it('refuses it as bad input instead of binding an invalid date', () => {
    expect(() => periodBound('2026-11-22', false, 'Etc/Unknown')).toThrow(/not a date/);
  });
});

describe('presetRange', () => {
  // Monday 30 November 2026, 23:30 UTC: already Tuesday 1 December in Amsterdam.
  const now = new Date('2026-11-30T23:30:00.000Z');
  it.each([
    ['today', 'UTC', '2026-11-30', '2026-11-30'],
    ['today', 'Europe/Amsterdam', '2026-12-01', '2026-12-01'],
    ['thisWeek', 'UTC', '2026-11-30', '2026-12-06'],
    ['lastWeek', 'UTC', '2026-11-23', '2026-11-29'],
    ['thisMonth', 'UTC', '2026-11-01', '2026-11-30'],
    ['thisMonth', 'Europe/Amsterdam', '2026-12-01', '2026-12-31'],
    ['lastMonth', 'Europe/Amsterdam', '2026-11-01', '2026-11-30'],
    ['lastMonth', 'America/New_York', '2026-10-01', '2026-10-31'],
    ['thisQuarter', 'UTC', '2026-10-01', '2026-12-31'],
    ['lastQuarter', 'UTC', '2026-07-01', '2026-09-30'],
    ['thisYear', 'UTC', '2026-01-01', '2026-12-31'],
    ['lastYear', 'UTC', '2025-01-01', '2025-12-31'],
  ] as const)('%s in %s is %s to %s', (preset, zone, from, to) => {
    expect(presetRange(preset, now, zone)).toEqual({ from, to });
  });

  it('recognises a preset from its days, and nothing from other days', () => {
    expect(presetOf('2026-10-01', '2026-12-31', now, 'UTC')).toBe('thisQuarter');
    expect(presetOf('2026-10-02', '2026-12-31', now, 'UTC')).toBeUndefined();
    expect(presetOf(undefined, '2026-12-31', now, 'UTC')).toBeUndefined();
  });
});
