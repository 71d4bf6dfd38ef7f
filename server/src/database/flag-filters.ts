import type { Knex } from 'knex';
import {
  DEFAULT_FLAG_THRESHOLDS,
  DUE_STATES,
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
  const notExpired = {
    sql: `not (${expirable.sql}) or ?? is null or ?? > ?`,
    bindings: [...expirable.bindings, c.expiresAt, c.expiresAt, at(bounds.now)],
  };
  const due = (...parts: Fragment[]) => all(inStates(c.state, DUE_STATES), notExpired, ...parts);

  // (progress + margin) × (dueAt − decidedAt) < 100 × (now − decidedAt), see the pure rule.
  const dialect = dialectOf(knex);
  const span = (later: string, earlier: string) =>
    dialect === 'sqlite' ? `(${later} - ${earlier})` : `extract(epoch from (${later} - ${earlier}))`;
  const behindSchedule: Fragment = {
    sql: `(coalesce(??, 0) + ?) * ${span('??', '??')} < 100 * ${span('?', '??')}`,
    bindings: [c.progress, thresholds.atRiskMargin, c.dueAt, c.decidedAt, at(bounds.now), c.decidedAt],
  };

  const fragments: Record<EnrollmentFlag, Fragment> = {
    expired,
    overdue: due({ sql: '?? is not null and ?? < ?', bindings: [c.dueAt, c.dueAt, at(bounds.now)] }),
    dueSoon: due({
      sql: '?? is not null and ?? >= ? and ?? <= ?',
      bindings: [c.dueAt, c.dueAt, at(bounds.now), c.dueAt, at(bounds.dueSoonUntil)],
    }),
    atRisk: due(
      {
        sql: '?? is not null and ?? is not null and ?? >= ? and ?? < ??',
        bindings: [c.dueAt, c.decidedAt, c.dueAt, at(bounds.now), c.decidedAt, c.dueAt],
      },
      behindSchedule
    ),
    notStarted: due({
      sql: '?? is not null and ?? < ? and ?? is null and coalesce(??, 0) = 0',
      bindings: [c.decidedAt, c.decidedAt, at(bounds.notStartedBefore), c.startedAt, c.progress],
    }),
  };

  const fragment = (which: FlagFilterName | readonly EnrollmentFlag[]): Fragment => {
    if (which === 'fallingBehind') return any(FALLING_BEHIND_FLAGS.map((flag) => fragments[flag]));
    if (typeof which === 'string') return fragments[which];
    return any([...new Set(which)].map((flag) => fragments[flag]));
  };

  const condition = (which: FlagFilterName | readonly EnrollmentFlag[]): Knex.Raw => {
    const { sql, bindings } = fragment(which);
    return knex.raw(`(${sql})`, bindings);
  };

  return {
    condition,
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
