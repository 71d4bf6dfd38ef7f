import { ACTIVE_STATES, SEAT_STATES, type EnrollmentState } from './enrollment-status';

/**
 * Who is falling behind: the flags of one enrollment at one instant. This function is the rule; the SQL
 * filters (server/src/database/flag-filters.ts) are its twin, built from the same thresholds and the same
 * boundary instants (`flagBoundaries`), and a test runs both over one table of cases on SQLite and PostgreSQL.
 *
 * Every comparison is between instants (milliseconds since the epoch, UTC). A day is 24 hours of elapsed
 * time, so "within 7 days" is 7 × 24 h from `now`, whatever the time zone of the learner, the manager or the
 * server, and a daylight-saving change in between neither adds nor removes an hour.
 *
 * The rules, for an enrollment that is not expired:
 * - Only an approved enrollment (a learner with a seat who has not completed) can be `overdue`, `dueSoon`,
 *   `atRisk` or `notStarted`. A request has no due date yet; a completed, rejected or cancelled enrollment
 *   has nothing left to do.
 * - `overdue`: the due date has passed: `dueAt < now`. Exactly at `dueAt` the learner is still on time.
 * - `dueSoon`: due from now to the end of the threshold: `now <= dueAt <= now + dueSoonDays`. It never holds
 *   together with `overdue`.
 * - `atRisk`: before the due date (`now <= dueAt`), progress is behind the elapsed share of the window from
 *   approval (`decidedAt`) to `dueAt` by more than `atRiskMargin` percentage points:
 *   `progress + margin < 100 × (now − decidedAt) / (dueAt − decidedAt)`, computed without division as
 *   `(progress + margin) × (dueAt − decidedAt) < 100 × (now − decidedAt)` (exact in integers; the SQL uses
 *   the same form). A window that is empty or reversed (`dueAt <= decidedAt`) is never at risk; once the
 *   due date has passed the enrollment is `overdue` instead.
 * - `notStarted`: approved more than `notStartedDays` ago (`decidedAt < now − notStartedDays`) and no sign
 *   of activity: no `startedAt` and progress 0 (or none).
 * - `expired`: an active enrollment (requested, waitlisted or approved) whose access window has closed:
 *   `expiresAt <= now` (access ends at that instant). An expired enrollment carries no other flag: the
 *   learner can no longer work on the course, so there is nothing to be late for.
 *
 * Missing dates make the flags that need them false. A date that does not parse counts as missing.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** A due date this close (in days of 24 h) is "due soon". */
export const DUE_SOON_DAYS = 7;
/** An approved learner without any activity this long after approval (days of 24 h) is "not started". */
export const NOT_STARTED_DAYS = 7;
/** Percentage points of progress a learner may lag behind the elapsed share of their window. */
export const AT_RISK_MARGIN = 20;

export interface FlagThresholds {
  dueSoonDays: number;
  notStartedDays: number;
  atRiskMargin: number;
}

export const DEFAULT_FLAG_THRESHOLDS: Readonly<FlagThresholds> = Object.freeze({
  dueSoonDays: DUE_SOON_DAYS,
  notStartedDays: NOT_STARTED_DAYS,
  atRiskMargin: AT_RISK_MARGIN,
});

/** The most days a threshold may span; beyond it a typo (days given as hours or minutes) is more likely. */
export const MAX_THRESHOLD_DAYS = 366;

export const THRESHOLD_LIMITS: Record<keyof FlagThresholds, { min: number; max: number; unit: string }> = {
  dueSoonDays: { min: 1, max: MAX_THRESHOLD_DAYS, unit: 'days' },
  notStartedDays: { min: 1, max: MAX_THRESHOLD_DAYS, unit: 'days' },
  atRiskMargin: { min: 0, max: 100, unit: 'percentage points' },
};

/**
 * Why `value` is not a complete, valid set of thresholds, as one sentence (without a final full stop, so a
 * caller can prefix where it came from); null when it is one. Whole numbers only, which also keeps the
 * at-risk arithmetic exact in JavaScript and in SQL.
 */
export const flagThresholdsProblem = (value: unknown): string | null => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'the thresholds must be an object with dueSoonDays, notStartedDays and atRiskMargin';
  }
  const known = Object.keys(THRESHOLD_LIMITS);
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    return `unknown threshold(s) ${unknown.join(', ')}; known thresholds are ${known.join(', ')}`;
  }
  for (const [key, { min, max, unit }] of Object.entries(THRESHOLD_LIMITS)) {
    const given = (value as Record<string, unknown>)[key];
    if (!Number.isInteger(given) || (given as number) < min || (given as number) > max) {
      return `${key} must be a whole number of ${unit} from ${min} to ${max}`;
    }
  }
  return null;
};

export const isFlagThresholds = (value: unknown): value is FlagThresholds =>
  flagThresholdsProblem(value) === null;

export const ENROLLMENT_FLAGS = ['overdue', 'dueSoon', 'atRisk', 'notStarted', 'expired'] as const;
export type EnrollmentFlag = (typeof ENROLLMENT_FLAGS)[number];
export type EnrollmentFlags = Record<EnrollmentFlag, boolean>;

/** The flags that together mean "falling behind": the learner needs a nudge. */
export const FALLING_BEHIND_FLAGS: readonly EnrollmentFlag[] = ['overdue', 'atRisk', 'notStarted'];

/** What a list can be filtered on: one flag, or `fallingBehind` for any of FALLING_BEHIND_FLAGS. */
export const FLAG_FILTERS = [...ENROLLMENT_FLAGS, 'fallingBehind'] as const;
export type FlagFilterName = (typeof FLAG_FILTERS)[number];

/** States whose learner is expected to be working on the course: the due-date flags apply to them. */
export const DUE_STATES: readonly EnrollmentState[] = SEAT_STATES;
/** States whose access window can close. */
export const EXPIRABLE_STATES: readonly EnrollmentState[] = ACTIVE_STATES;

/** A point in time as the plugin meets it: an ISO string from the API, a Date, or epoch milliseconds. */
export type Instant = string | number | Date;

/** What the flags read of an enrollment. `decidedAt` is the approval instant of an approved enrollment. */
export interface FlagSubject {
  state: EnrollmentState;
  decidedAt?: Instant | null;
  startedAt?: Instant | null;
  progress?: number | null;
  dueAt?: Instant | null;
  expiresAt?: Instant | null;
}

/** Epoch milliseconds of an instant; null for a missing or unreadable one. */
export const instantMs = (value: Instant | null | undefined): number | null => {
  if (value === null || value === undefined) return null;
  const ms =
    typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : value.getTime();
  return Number.isFinite(ms) ? ms : null;
};

/**
 * The instants the flags compare against at `now`, computed once so the pure rule and the SQL filters bind
 * the very same numbers.
 */
export interface FlagBoundaries {
  /** `now` in epoch milliseconds. */
  now: number;
  /** A due date at or before this instant (and not before `now`) is due soon. */
  dueSoonUntil: number;
  /** An approval before this instant, without activity since, is not started. */
  notStartedBefore: number;
}

export const flagBoundaries = (
  now: Instant,
  thresholds: FlagThresholds = DEFAULT_FLAG_THRESHOLDS
): FlagBoundaries => {
  const problem = flagThresholdsProblem(thresholds);
  if (problem) throw new TypeError(`Invalid flag thresholds: ${problem}.`);
  const nowMs = instantMs(now);
  if (nowMs === null) throw new TypeError(`"${String(now)}" is not an instant the flags can compare with.`);
  return {
    now: nowMs,
    dueSoonUntil: nowMs + thresholds.dueSoonDays * DAY_MS,
    notStartedBefore: nowMs - thresholds.notStartedDays * DAY_MS,
  };
};

/** The flags of `enrollment` at `now`; see the rules at the top of this module. */
export const enrollmentFlags = (
  enrollment: FlagSubject,
  now: Instant,
  thresholds: FlagThresholds = DEFAULT_FLAG_THRESHOLDS
): EnrollmentFlags => {
  const bounds = flagBoundaries(now, thresholds);
  const flags: EnrollmentFlags = {
    overdue: false,
    dueSoon: false,
    atRisk: false,
    notStarted: false,
    expired: false,
  };
  const expiresAt = instantMs(enrollment.expiresAt);
  if (EXPIRABLE_STATES.includes(enrollment.state) && expiresAt !== null && expiresAt <= bounds.now) {
    flags.expired = true;
    return flags;
  }
  if (!DUE_STATES.includes(enrollment.state)) return flags;

  const decidedAt = instantMs(enrollment.decidedAt);
  const dueAt = instantMs(enrollment.dueAt);
  const progress = enrollment.progress ?? 0;
  if (dueAt !== null) {
    flags.overdue = dueAt < bounds.now;
    flags.dueSoon = bounds.now <= dueAt && dueAt <= bounds.dueSoonUntil;
    flags.atRisk =
      decidedAt !== null &&
      bounds.now <= dueAt &&
      decidedAt < dueAt &&
      (progress + thresholds.atRiskMargin) * (dueAt - decidedAt) < 100 * (bounds.now - decidedAt);
  }
  flags.notStarted =
    decidedAt !== null &&
    decidedAt < bounds.notStartedBefore &&
    instantMs(enrollment.startedAt) === null &&
    progress === 0;
  return flags;
};

/** True when any of `which` (by default the falling-behind flags) is set. */
export const hasAnyFlag = (
  flags: EnrollmentFlags,
  which: readonly EnrollmentFlag[] = FALLING_BEHIND_FLAGS
): boolean => which.some((flag) => flags[flag]);

/** Overdue, at risk or not started: the learners a manager should look at first. */
export const fallingBehind = (flags: EnrollmentFlags): boolean => hasAnyFlag(flags, FALLING_BEHIND_FLAGS);

/** The flags that are set, in the order of ENROLLMENT_FLAGS (for badges and export cells). */
export const setFlags = (flags: EnrollmentFlags): EnrollmentFlag[] =>
  ENROLLMENT_FLAGS.filter((flag) => flags[flag]);

/**
 * The state a manager reads: `expired` for an enrollment whose access window has closed (the `expired`
 * flag), its stored state otherwise. The stored state does not change at expiry (no write happens at that
 * instant); every view shows this instead, from the flags the server computed.
 */
export type ShownState = EnrollmentState | 'expired';
export const shownState = (state: EnrollmentState, flags: readonly EnrollmentFlag[]): ShownState =>
  flags.includes('expired') ? 'expired' : state;

/**
 * Whether an enrollment holds one of its group's seats at `now`: a seat state (SEAT_STATES) and not
 * expired. Past `expiresAt` the seat is free for the next approval; the seat count's SQL
 * (server/src/repositories/enrollments.ts, `countSeats`) is this rule with the `expired` flag's SQL twin.
 */
export const holdsSeat = (
  enrollment: Pick<FlagSubject, 'state' | 'expiresAt'>,
  now: Instant,
  thresholds: FlagThresholds = DEFAULT_FLAG_THRESHOLDS
): boolean => SEAT_STATES.includes(enrollment.state) && !enrollmentFlags(enrollment, now, thresholds).expired;
