/**
 * One table of enrollments with the flags they must carry, read by the unit test of the pure rule and by
 * the SQL equivalence test (which also checks that the SQL selects what the pure rule says for every row
 * at every `now` of the table).
 */
import {
  DAY_MS,
  type EnrollmentFlag,
  type FlagSubject,
  type FlagThresholds,
} from '../../common/domain/enrollment-flags';
import { ENROLLMENT_STATES, type EnrollmentState } from '../../common/domain/enrollment-status';

export interface FlagCase {
  name: string;
  now: string;
  enrollment: FlagSubject;
  expected: EnrollmentFlag[];
  thresholds?: FlagThresholds;
}

export const NOW = '2026-06-15T12:00:00.000Z';
const N = Date.parse(NOW);
/** An ISO instant `ms` milliseconds from NOW. */
export const at = (ms: number) => new Date(N + ms).toISOString();

const approved = (rest: Partial<FlagSubject>): FlagSubject => ({ state: 'approved', ...rest });
// An approved learner who is on track: approved a day ago, started, nearly done.
const onTrack = { decidedAt: at(-DAY_MS), startedAt: at(-DAY_MS), progress: 90 };
// Late and idle: approved 30 days ago, due yesterday, never started.
const lateIdle = { decidedAt: at(-30 * DAY_MS), dueAt: at(-DAY_MS), progress: 0 };

const rows: Array<[string, FlagSubject, EnrollmentFlag[], (Partial<FlagCase> | undefined)?]> = [
  // Due date boundaries: on time up to and including dueAt.
  ['due 1 ms ago', approved({ ...onTrack, dueAt: at(-1) }), ['overdue']],
  ['due exactly now', approved({ ...onTrack, dueAt: at(0) }), ['dueSoon']],
  ['due in 1 ms', approved({ ...onTrack, dueAt: at(1) }), ['dueSoon']],
  ['due in exactly 7 × 24 h', approved({ ...onTrack, dueAt: at(7 * DAY_MS) }), ['dueSoon']],
  ['due in 7 × 24 h + 1 ms', approved({ ...onTrack, dueAt: at(7 * DAY_MS + 1) }), []],
  ['no due date', approved({ ...onTrack }), []],

  // Only an approved enrollment can be late, at risk or not started.
  ['approved, late and idle', approved(lateIdle), ['overdue', 'notStarted']],
  ...ENROLLMENT_STATES.filter((state) => state !== 'approved').map(
    (state): [string, FlagSubject, EnrollmentFlag[]] => [
      `${state}, late and idle`,
      { state, ...lateIdle },
      [],
    ]
  ),

  // Not started: more than 7 × 24 h since approval, no startedAt, progress 0.
  ['approved exactly 7 × 24 h ago, idle', approved({ decidedAt: at(-7 * DAY_MS), progress: 0 }), []],
  [
    'approved 7 × 24 h + 1 ms ago, idle',
    approved({ decidedAt: at(-7 * DAY_MS - 1), progress: 0 }),
    ['notStarted'],
  ],
  [
    'approved long ago, progress unknown',
    approved({ decidedAt: at(-30 * DAY_MS), progress: null }),
    ['notStarted'],
  ],
  ['approved long ago, progress 1', approved({ decidedAt: at(-30 * DAY_MS), progress: 1 }), []],
  [
    'approved long ago, opened the course',
    approved({ decidedAt: at(-30 * DAY_MS), startedAt: at(-DAY_MS), progress: 0 }),
    [],
  ],
  ['no approval date', approved({ progress: 0 }), []],

  // At risk: window of 10 days, 40 % elapsed; with the margin of 20 points progress must reach 20.
  [
    '40 % elapsed, progress 19',
    approved({ decidedAt: at(-4 * DAY_MS), startedAt: at(-4 * DAY_MS), dueAt: at(6 * DAY_MS), progress: 19 }),
    ['dueSoon', 'atRisk'],
  ],
  [
    '40 % elapsed, progress 20 (exactly the margin)',
    approved({ decidedAt: at(-4 * DAY_MS), startedAt: at(-4 * DAY_MS), dueAt: at(6 * DAY_MS), progress: 20 }),
    ['dueSoon'],
  ],
  [
    '40 % elapsed, progress 21',
    approved({ decidedAt: at(-4 * DAY_MS), startedAt: at(-4 * DAY_MS), dueAt: at(6 * DAY_MS), progress: 21 }),
    ['dueSoon'],
  ],
  [
    '40 % elapsed, progress unknown',
    approved({ decidedAt: at(-4 * DAY_MS), dueAt: at(6 * DAY_MS), progress: null }),
    ['dueSoon', 'atRisk'],
  ],
  [
    '40 % elapsed, margin 0, progress 39',
    approved({ decidedAt: at(-4 * DAY_MS), startedAt: at(-DAY_MS), dueAt: at(6 * DAY_MS), progress: 39 }),
    ['dueSoon', 'atRisk'],
    { thresholds: { dueSoonDays: 7, notStartedDays: 7, atRiskMargin: 0 } },
  ],
  [
    '40 % elapsed, margin 0, progress 40',
    approved({ decidedAt: at(-4 * DAY_MS), startedAt: at(-DAY_MS), dueAt: at(6 * DAY_MS), progress: 40 }),
    ['dueSoon'],
    { thresholds: { dueSoonDays: 7, notStartedDays: 7, atRiskMargin: 0 } },
  ],
  [
    '20 days window, 1 ms short of 50 %, progress 30',
    approved({
      decidedAt: at(-10 * DAY_MS + 1),
      startedAt: at(-DAY_MS),
      dueAt: at(10 * DAY_MS + 1),
      progress: 30,
    }),
    [],
  ],
  [
    '20 days window, 1 ms past 50 %, progress 30',
    approved({
      decidedAt: at(-10 * DAY_MS - 1),
      startedAt: at(-DAY_MS),
      dueAt: at(10 * DAY_MS - 1),
      progress: 30,
    }),
    ['atRisk'],
  ],
  [
    'due now, progress 79',
    approved({ decidedAt: at(-10 * DAY_MS), startedAt: at(-DAY_MS), dueAt: at(0), progress: 79 }),
    ['dueSoon', 'atRisk'],
  ],
  [
    'due now, progress 80',
    approved({ decidedAt: at(-10 * DAY_MS), startedAt: at(-DAY_MS), dueAt: at(0), progress: 80 }),
    ['dueSoon'],
  ],
  [
    'past due, progress 10: overdue, not at risk',
    approved({ decidedAt: at(-10 * DAY_MS), startedAt: at(-DAY_MS), dueAt: at(-1), progress: 10 }),
    ['overdue'],
  ],
  [
    'progress 100, not yet completed',
    approved({ decidedAt: at(-9 * DAY_MS), startedAt: at(-DAY_MS), dueAt: at(DAY_MS), progress: 100 }),
    ['dueSoon'],
  ],
  [
    'empty window (approved at its due date)',
    approved({ decidedAt: at(DAY_MS), dueAt: at(DAY_MS), progress: 0 }),
    ['dueSoon'],
  ],
  [
    'reversed window (due before approval)',
    approved({ decidedAt: at(2 * DAY_MS), dueAt: at(DAY_MS), progress: 0 }),
    ['dueSoon'],
  ],
  ['approval in the future', approved({ decidedAt: at(DAY_MS), dueAt: at(30 * DAY_MS), progress: 0 }), []],
  ['no approval date, due soon', approved({ dueAt: at(DAY_MS), progress: 0 }), ['dueSoon']],

  // Expiry: access ends at expiresAt; an expired enrollment carries no other flag.
  ['approved, late and idle, expires now', approved({ ...lateIdle, expiresAt: at(0) }), ['expired']],
  ['approved, late and idle, expired 1 ms ago', approved({ ...lateIdle, expiresAt: at(-1) }), ['expired']],
  [
    'approved, late and idle, expires in 1 ms',
    approved({ ...lateIdle, expiresAt: at(1) }),
    ['overdue', 'notStarted'],
  ],
  ['requested, expired', { state: 'requested', expiresAt: at(-DAY_MS) }, ['expired']],
  ['waitlisted, expired', { state: 'waitlisted', expiresAt: at(-DAY_MS) }, ['expired']],
  ...(['completed', 'rejected', 'cancelled'] as EnrollmentState[]).map(
    (state): [string, FlagSubject, EnrollmentFlag[]] => [
      `${state}, past its expiry`,
      { state, ...lateIdle, expiresAt: at(-DAY_MS) },
      [],
    ]
  ),

  // Instants, not wall clocks. Amsterdam moves to summer time on 29 March 2026 (02:00 → 03:00): noon on
  // the 29th is only 6 days 23 hours after noon on the 22nd.
  [
    'Amsterdam, approved a wall-clock week ago across the spring change',
    approved({ decidedAt: '2026-03-22T12:00:00+01:00', progress: 0 }),
    [],
    { now: '2026-03-29T12:00:00+02:00' },
  ],
  [
    'Amsterdam, exactly 7 × 24 h later (13:00 summer time)',
    approved({ decidedAt: '2026-03-22T12:00:00+01:00', progress: 0 }),
    [],
    { now: '2026-03-29T13:00:00+02:00' },
  ],
  [
    'Amsterdam, 7 × 24 h + 1 ms later',
    approved({ decidedAt: '2026-03-22T12:00:00+01:00', progress: 0 }),
    ['notStarted'],
    { now: '2026-03-29T13:00:00.001+02:00' },
  ],
  // Amsterdam back to winter time on 25 October 2026 (03:00 → 02:00): a wall-clock week is 7 days 1 hour.
  [
    'Amsterdam, due a wall-clock week ahead across the autumn change',
    approved({
      ...onTrack,
      decidedAt: '2026-10-20T09:00:00+02:00',
      startedAt: '2026-10-20T09:00:00+02:00',
      dueAt: '2026-10-28T09:00:00+01:00',
    }),
    [],
    { now: '2026-10-21T09:00:00+02:00' },
  ],
  // New York falls back on 1 November 2026 (02:00 EDT → 01:00 EST).
  [
    'New York, due a wall-clock week ahead across the change (7 × 24 h + 1 h)',
    approved({
      ...onTrack,
      decidedAt: '2026-10-30T09:00:00-04:00',
      startedAt: '2026-10-30T09:00:00-04:00',
      dueAt: '2026-11-07T09:00:00-05:00',
    }),
    [],
    { now: '2026-10-31T09:00:00-04:00' },
  ],
  [
    'New York, exactly 7 × 24 h before the due date',
    approved({
      ...onTrack,
      decidedAt: '2026-10-30T09:00:00-04:00',
      startedAt: '2026-10-30T09:00:00-04:00',
      dueAt: '2026-11-07T09:00:00-05:00',
    }),
    ['dueSoon'],
    { now: '2026-10-31T10:00:00-04:00' },
  ],
  [
    'New York, due at 01:30 EST, now 01:45 EDT (earlier, though the clock reads later)',
    approved({
      ...onTrack,
      decidedAt: '2026-10-30T09:00:00-04:00',
      startedAt: '2026-10-30T09:00:00-04:00',
      progress: 100,
      dueAt: '2026-11-01T01:30:00-05:00',
    }),
    ['dueSoon'],
    { now: '2026-11-01T01:45:00-04:00' },
  ],
  // Kiritimati (UTC+14) is a calendar day ahead of UTC: what counts is the instant, not the date.
  [
    'Kiritimati, due at midnight of 1 December local, 1 ms past (still 30 November in UTC)',
    approved({
      ...onTrack,
      decidedAt: '2026-11-20T10:00:00Z',
      startedAt: '2026-11-20T10:00:00Z',
      progress: 100,
      dueAt: '2026-12-01T00:00:00+14:00',
    }),
    ['overdue'],
    { now: '2026-11-30T10:00:00.001Z' },
  ],
  [
    'Kiritimati, same local date as the due date, hours before it',
    approved({
      ...onTrack,
      decidedAt: '2026-11-20T10:00:00Z',
      startedAt: '2026-11-20T10:00:00Z',
      progress: 100,
      dueAt: '2026-12-01T23:00:00+14:00',
    }),
    ['dueSoon'],
    { now: '2026-12-01T05:00:00+14:00' },
  ],
];

export const FLAG_CASES: FlagCase[] = rows.map(([name, enrollment, expected, extra]) => ({
  name,
  now: NOW,
  enrollment,
  expected,
  ...extra,
}));

/**
 * Every combination of state and of dates at and one millisecond around each boundary, relative to NOW:
 * the SQL test runs it through both the pure rule and the SQL.
 */
export const flagGrid = (): FlagSubject[] => {
  const decided = [null, -7 * DAY_MS - 1, -7 * DAY_MS, -4 * DAY_MS, DAY_MS];
  const due = [null, -1, 0, 1, 6 * DAY_MS, 7 * DAY_MS, 7 * DAY_MS + 1];
  const expires = [null, -1, 0, 1];
  const progress = [null, 0, 19, 20, 100];
  const started = [null, -DAY_MS];
  const grid: FlagSubject[] = [];
  const maybe = (ms: number | null) => (ms === null ? null : at(ms));
  for (const state of ENROLLMENT_STATES)
    for (const d of decided)
      for (const u of due)
        for (const x of expires)
          for (const p of progress)
            for (const s of started)
              grid.push({
                state,
                decidedAt: maybe(d),
                dueAt: maybe(u),
                expiresAt: maybe(x),
                progress: p,
                startedAt: maybe(s),
              });
  return grid;
};
