import type { Knex } from 'knex';
import {
  DEFAULT_FLAG_THRESHOLDS,
  DUE_STATES,
  ENROLLMENT_FLAGS,
  EXPIRABLE_STATES,
  FALLING_BEHIND_FLAGS,
  flagBoundaries,
  type EnrollmentFlag,
  type FlagFilterName,
  type FlagThresholds,
  type Instant,
} from '../../../common/domain/enrollment-flags';

/**
 * The SQL twin of `enrollmentFlags` (common/domain/enrollment-flags.ts, where the rules are written out):
 * each flag as a condition on the enrollment's columns, built from the same state sets, thresholds and
 * boundary instants, so a list filtered on a flag holds exactly the rows whose computed flag is set.
 *
 * The boundary instants are computed once in JavaScript and bound as Dates, the way Strapi writes datetimes:
 * better-sqlite3 stores them as epoch milliseconds, PostgreSQL in `timestamp` columns. Only the at-risk rule
 * needs arithmetic on columns, written per dialect in the division-free form of the pure rule:
 * - SQLite: the columns are integers (ms), so the comparison is exact integer arithmetic.
 * - PostgreSQL: differences of timestamps are intervals, read as seconds with `extract(epoch from ...)`
 *   (numeric, exact to the microsecond). Both sides are differences, so it holds for `timestamp` (what Strapi
 *   creates) and `timestamptz` columns alike.
 * Strapi's `timestamp` columns hold the Node process's local wall time (the pg driver sends a Date in it and
 * the column drops the offset); a bound Date goes through the same conversion, so comparisons agree with the
 * pure rule in any process time zone. Only in a process that does not run in UTC can a window spanning a
 * daylight-saving change be an hour longer or shorter in the at-risk ratio, as it is for Strapi itself.
 */

/** The qualified column names (`e.state`, `e.decided_at`, ...) the conditions read. */
export interface FlagColumns {
  state: string;
  /** The approval instant of an approved enrollment. */
  decidedAt: string;
  startedAt: string;
  progress: string;
  dueAt: string;
  expiresAt: string;
}

interface Fragment {
  sql: string;
  bindings: Knex.RawBinding[];
}

const joined = (word: 'and' | 'or', parts: Fragment[]): Fragment => ({
  sql: parts.map((part) => `(${part.sql})`).join(` ${word} `),
  bindings: parts.flatMap((part) => part.bindings),
});
const all = (...parts: Fragment[]) => joined('and', parts);
const any = (parts: Fragment[]): Fragment =>
  parts.length === 0 ? { sql: '1 = 0', bindings: [] } : joined('or', parts);

const inStates = (column: string, states: readonly string[]): Fragment => ({
  sql: `?? in (${states.map(() => '?').join(', ')})`,
  bindings: [column, ...states],
});

/** A flag's bit in `bits()`: its place in ENROLLMENT_FLAGS. */
export const flagBit = (flag: EnrollmentFlag): number => 1 << ENROLLMENT_FLAGS.indexOf(flag);

/** The bits of `bits()` that stand for `which`: one flag's, or falling behind's flags' together. */
export const flagMask = (which: FlagFilterName): number =>
  which === 'fallingBehind'
    ? FALLING_BEHIND_FLAGS.reduce((mask, flag) => mask | flagBit(flag), 0)
    : flagBit(which);

/** Whether `bits` (a value of `bits()`) holds `which`: one flag, or any of falling behind's. */
export const bitsHold = (bits: number, which: FlagFilterName): boolean => (bits & flagMask(which)) !== 0;

type Dialect = 'sqlite' | 'postgres';

const dialectOf = (knex: Knex): Dialect => {
  const name = (knex.client as { dialect?: string }).dialect;
  if (name === 'sqlite3' || name === 'better-sqlite3') return 'sqlite';
  if (name === 'postgresql' || name === 'postgres') return 'postgres';
  throw new Error(`[groups] Enrollment flag filters support SQLite and PostgreSQL, not "${name}".`);
};

/**
 * The flag conditions at `now`. `condition` is a boolean SQL expression, `filter` the same for
 * `query.where(...)`, `count` the number of matching rows for a select (`coalesce(sum(case ...), 0)`).
 * Each takes a flag, `fallingBehind`, or a list of flags meaning any of them (none: no row).
 */
export const flagSql = (
  knex: Knex,
  columns: FlagColumns,
  now: Instant,
  thresholds: FlagThresholds = DEFAULT_FLAG_THRESHOLDS
) => {
  const bounds = flagBoundaries(now, thresholds);
  const at = (ms: number) => new Date(ms);
  const c = columns;

  const expirable = inStates(c.state, EXPIRABLE_STATES);
  const expired = all(expirable, {
    sql: '?? is not null and ?? <= ?',
    bindings: [c.expiresAt, c.expiresAt, at(bounds.now)],
  });
  const windowOpen: Fragment = {
    sql: '?? is null or ?? > ?',
    bindings: [c.expiresAt, c.expiresAt, at(bounds.now)],
  };
  // A due state that can expire needs only its window open; the state test is then already made. Each
  // condition is evaluated for every row a report sums (thousands), so shorter is faster.
  const dueStatesExpire = DUE_STATES.every((state) => EXPIRABLE_STATES.includes(state));
  const notExpired: Fragment = dueStatesExpire
    ? windowOpen
    : {
        sql: `not (${expirable.sql}) or ${windowOpen.sql}`,
        bindings: [...expirable.bindings, ...windowOpen.bindings],
      };
  /** A due-date rule: its parts, under the test every due-date flag shares (a due state, not expired). */
  const due = (parts: Fragment[]) => all(inStates(c.state, DUE_STATES), notExpired, ...parts);

  // (progress + margin) × (dueAt − decidedAt) < 100 × (now − decidedAt), see the pure rule.
  const dialect = dialectOf(knex);
  const span = (later: string, earlier: string) =>
    dialect === 'sqlite' ? `(${later} - ${earlier})` : `extract(epoch from (${later} - ${earlier}))`;
  const behindSchedule: Fragment = {
    sql: `(coalesce(??, 0) + ?) * ${span('??', '??')} < 100 * ${span('?', '??')}`,
    bindings: [c.progress, thresholds.atRiskMargin, c.dueAt, c.decidedAt, at(bounds.now), c.decidedAt],
  };

  const dueRules: Record<Exclude<EnrollmentFlag, 'expired'>, Fragment[]> = {
    overdue: [{ sql: '?? is not null and ?? < ?', bindings: [c.dueAt, c.dueAt, at(bounds.now)] }],
    dueSoon: [
      {
        sql: '?? is not null and ?? >= ? and ?? <= ?',
        bindings: [c.dueAt, c.dueAt, at(bounds.now), c.dueAt, at(bounds.dueSoonUntil)],
      },
    ],
    atRisk: [
      {
        sql: '?? is not null and ?? is not null and ?? >= ? and ?? < ??',
        bindings: [c.dueAt, c.decidedAt, c.dueAt, at(bounds.now), c.decidedAt, c.dueAt],
      },
      behindSchedule,
    ],
    notStarted: [
      {
        sql: '?? is not null and ?? < ? and ?? is null and coalesce(??, 0) = 0',
        bindings: [c.decidedAt, c.decidedAt, at(bounds.notStartedBefore), c.startedAt, c.progress],
      },
    ],
  };

  const fragment = (which: FlagFilterName | readonly EnrollmentFlag[]): Fragment => {
    const flags = [
      ...new Set(
        which === 'fallingBehind' ? FALLING_BEHIND_FLAGS : typeof which === 'string' ? [which] : which
      ),
    ];
    const dueFlags = flags.filter((flag): flag is keyof typeof dueRules => flag !== 'expired');
    // Due-date flags share their state and window test: made once for all of them, not once per flag.
    const parts: Fragment[] = [];
    if (dueFlags.length === 1) parts.push(due(dueRules[dueFlags[0]]));
    else if (dueFlags.length) parts.push(due([any(dueFlags.map((flag) => all(...dueRules[flag])))]));
    if (flags.includes('expired')) parts.push(expired);
    return parts.length === 1 ? parts[0] : any(parts);
  };

  const condition = (which: FlagFilterName | readonly EnrollmentFlag[]): Knex.Raw => {
    const { sql, bindings } = fragment(which);
    return knex.raw(`(${sql})`, bindings);
  };

  /**
   * Every flag of a row in one integer (`flagBit`): the due-date test is made once and the rules behind
   * it only for rows that pass it, instead of the whole test once per flag. A report that sums thousands
   * of rows groups by this value rather than evaluating each flag's condition (and falling behind's
   * three again) for every row.
   */
  const bits = (): Knex.Raw => {
    const dueTest = due([]);
    const dueFlags = Object.keys(dueRules) as Array<keyof typeof dueRules>;
    const parts = dueFlags.map((flag) => all(...dueRules[flag]));
    return knex.raw(
      `(case when ${dueTest.sql} then ${parts
        .map((part, i) => `(case when ${part.sql} then ${flagBit(dueFlags[i])} else 0 end)`)
        .join(' + ')} when ${expired.sql} then ${flagBit('expired')} else 0 end)`,
      [...dueTest.bindings, ...parts.flatMap((part) => part.bindings), ...expired.bindings]
    );
  };

  return {
    condition,
    bits,
    filter:
      (which: FlagFilterName | readonly EnrollmentFlag[]) =>
      (builder: Knex.QueryBuilder): void => {
        builder.where(condition(which));
      },
    count: (which: FlagFilterName | readonly EnrollmentFlag[]): Knex.Raw => {
      const { sql, bindings } = fragment(which);
      return knex.raw(`coalesce(sum(case when ${sql} then 1 else 0 end), 0)`, bindings);
    },
  };
};

export type FlagSql = ReturnType<typeof flagSql>;
