import {
  AT_RISK_MARGIN,
  DAY_MS,
  DEFAULT_FLAG_THRESHOLDS,
  DUE_SOON_DAYS,
  ENROLLMENT_FLAGS,
  NOT_STARTED_DAYS,
  enrollmentFlags,
  fallingBehind,
  flagBoundaries,
  flagThresholdsProblem,
  hasAnyFlag,
  isFlagThresholds,
  setFlags,
  type EnrollmentFlags,
} from '../../common/domain/enrollment-flags';
import { FLAG_CASES, NOW, at, flagGrid } from '../helpers/flag-cases';

const flagsOf = (list: string[]): EnrollmentFlags =>
  Object.fromEntries(ENROLLMENT_FLAGS.map((flag) => [flag, list.includes(flag)])) as EnrollmentFlags;

describe('enrollmentFlags over the table of cases', () => {
  it.each(FLAG_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(setFlags(enrollmentFlags(c.enrollment, c.now, c.thresholds))).toEqual(c.expected);
  });

  it('reads Dates, epoch milliseconds and ISO strings as the same instants', () => {
    const subject = { state: 'approved' as const, decidedAt: at(-8 * DAY_MS), progress: 0, dueAt: at(-1) };
    const asDates = {
      ...subject,
      decidedAt: new Date(subject.decidedAt),
      dueAt: new Date(subject.dueAt),
    };
    const asNumbers = {
      ...subject,
      decidedAt: Date.parse(subject.decidedAt),
      dueAt: Date.parse(subject.dueAt),
    };
    const expected = flagsOf(['overdue', 'notStarted']);
    expect(enrollmentFlags(subject, NOW)).toEqual(expected);
    expect(enrollmentFlags(asDates, new Date(NOW))).toEqual(expected);
    expect(enrollmentFlags(asNumbers, Date.parse(NOW))).toEqual(expected);
  });

  it('treats a date that does not parse as missing', () => {
    expect(
      enrollmentFlags(
        { state: 'approved', decidedAt: 'last week', dueAt: 'yesterday', expiresAt: 'never', progress: 0 },
        NOW
      )
    ).toEqual(flagsOf([]));
  });

  it('refuses a `now` that is not an instant and thresholds that are not valid', () => {
    expect(() => enrollmentFlags({ state: 'approved' }, 'soon')).toThrow(/"soon" is not an instant/);
    expect(() =>
      enrollmentFlags({ state: 'approved' }, NOW, { ...DEFAULT_FLAG_THRESHOLDS, atRiskMargin: -1 })
    ).toThrow(/atRiskMargin must be a whole number of percentage points from 0 to 100/);
  });

  it('uses the documented defaults', () => {
    expect(DEFAULT_FLAG_THRESHOLDS).toEqual({
      dueSoonDays: DUE_SOON_DAYS,
      notStartedDays: NOT_STARTED_DAYS,
      atRiskMargin: AT_RISK_MARGIN,
    });
    expect([DUE_SOON_DAYS, NOT_STARTED_DAYS, AT_RISK_MARGIN]).toEqual([7, 7, 20]);
  });

  it('follows the thresholds it is given', () => {
    const subject = {
      state: 'approved' as const,
      decidedAt: at(-3 * DAY_MS),
      progress: 0,
      dueAt: at(2 * DAY_MS),
    };
    expect(setFlags(enrollmentFlags(subject, NOW))).toEqual(['dueSoon', 'atRisk']);
    const strict = { dueSoonDays: 1, notStartedDays: 2, atRiskMargin: 100 };
    expect(setFlags(enrollmentFlags(subject, NOW, strict))).toEqual(['notStarted']);
  });
});

describe('the flags hold together on every boundary combination', () => {
  const grid = flagGrid();

  it('covers every state and boundary', () => {
    expect(grid.length).toBeGreaterThan(4000);
  });

  it.each([
    ['overdue and due soon exclude each other', (f: EnrollmentFlags) => !(f.overdue && f.dueSoon)],
    ['at risk only before the due date', (f: EnrollmentFlags) => !(f.overdue && f.atRisk)],
    ['expired carries no other flag', (f: EnrollmentFlags) => !f.expired || setFlags(f).join() === 'expired'],
  ])('%s', (_name, holds) => {
    for (const subject of grid)
      expect([subject, holds(enrollmentFlags(subject, NOW))]).toEqual([subject, true]);
  });

  it('sets a due-date flag only on an approved enrollment and expiry only on an active one', () => {
    for (const subject of grid) {
      const flags = enrollmentFlags(subject, NOW);
      if (subject.state !== 'approved') {
        expect([subject, flags.overdue || flags.dueSoon || flags.atRisk || flags.notStarted]).toEqual([
          subject,
          false,
        ]);
      }
      if (['completed', 'rejected', 'cancelled'].includes(subject.state)) {
        expect([subject, flags.expired]).toEqual([subject, false]);
      }
    }
  });
});

describe('falling behind', () => {
  it.each([
    [['overdue'], true],
    [['atRisk'], true],
    [['notStarted'], true],
    [['dueSoon'], false],
    [['expired'], false],
    [[], false],
  ])('%j → %s', (list, expected) => {
    expect(fallingBehind(flagsOf(list))).toBe(expected);
    expect(hasAnyFlag(flagsOf(list))).toBe(expected);
  });

  it('hasAnyFlag takes the flags to look for', () => {
    expect(hasAnyFlag(flagsOf(['dueSoon']), ['dueSoon', 'expired'])).toBe(true);
    expect(hasAnyFlag(flagsOf(['overdue']), [])).toBe(false);
  });
});

describe('flag thresholds', () => {
  it('accepts the defaults and any whole numbers in range', () => {
    expect(flagThresholdsProblem(DEFAULT_FLAG_THRESHOLDS)).toBeNull();
    expect(isFlagThresholds({ dueSoonDays: 1, notStartedDays: 366, atRiskMargin: 0 })).toBe(true);
    expect(isFlagThresholds({ dueSoonDays: 366, notStartedDays: 1, atRiskMargin: 100 })).toBe(true);
  });

  it.each([
    [null, /must be an object/],
    [[7, 7, 20], /must be an object/],
    ['7', /must be an object/],
    [{ dueSoonDays: 7, notStartedDays: 7 }, /atRiskMargin must be a whole number of percentage points/],
    [
      { ...DEFAULT_FLAG_THRESHOLDS, dueSoonDays: 0 },
      /dueSoonDays must be a whole number of days from 1 to 366/,
    ],
    [{ ...DEFAULT_FLAG_THRESHOLDS, notStartedDays: 367 }, /notStartedDays must be .* from 1 to 366/],
    [{ ...DEFAULT_FLAG_THRESHOLDS, notStartedDays: 1.5 }, /notStartedDays must be a whole number/],
    [{ ...DEFAULT_FLAG_THRESHOLDS, atRiskMargin: '20' }, /atRiskMargin must be a whole number/],
    [{ ...DEFAULT_FLAG_THRESHOLDS, atRiskMargin: 101 }, /from 0 to 100/],
    [{ ...DEFAULT_FLAG_THRESHOLDS, atRiskMargin: Number.NaN }, /atRiskMargin/],
    [
      { ...DEFAULT_FLAG_THRESHOLDS, overdueDays: 3 },
      /unknown threshold\(s\) overdueDays; known thresholds are/,
    ],
  ])('%j is refused', (value, message) => {
    expect(flagThresholdsProblem(value)).toMatch(message);
    expect(isFlagThresholds(value)).toBe(false);
  });
});

describe('flagBoundaries', () => {
  it('counts days as 24 hours of elapsed time from now', () => {
    expect(flagBoundaries('2026-03-29T00:00:00+01:00')).toEqual({
      now: Date.parse('2026-03-28T23:00:00Z'),
      dueSoonUntil: Date.parse('2026-04-04T23:00:00Z'),
      notStartedBefore: Date.parse('2026-03-21T23:00:00Z'),
    });
  });
});
