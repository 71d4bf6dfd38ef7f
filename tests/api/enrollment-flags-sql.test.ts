/**
 * The SQL flag filters select exactly the rows the pure rule flags. One table of enrollments (the unit
 * test's cases and every boundary combination), stored the way Strapi stores datetimes: epoch milliseconds
 * on SQLite (better-sqlite3), `timestamp(6)` on PostgreSQL (and `timestamptz`, which the filters must read
 * the same). Runs on SQLite always and on PostgreSQL when DATABASE_CLIENT=postgres, in a database of its own.
 * It does not boot Strapi: it checks the query builder on the real database engines.
 */
import createKnex, { type Knex } from 'knex';
import {
  DEFAULT_FLAG_THRESHOLDS,
  ENROLLMENT_FLAGS,
  FLAG_FILTERS,
  enrollmentFlags,
  fallingBehind,
  instantMs,
  type EnrollmentFlag,
  type FlagFilterName,
  type FlagSubject,
  type FlagThresholds,
} from '../../common/domain/enrollment-flags';
import { bitsHold, flagSql, type FlagColumns } from '../../server/src/database/flag-filters';
import { FLAG_CASES, NOW, flagGrid } from '../helpers/flag-cases';
import { createPostgresDatabase, postgresConnection } from '../helpers/postgres';

const TABLE = 'flag_cases';
const COLUMNS: FlagColumns = {
  state: 'e.state',
  decidedAt: 'e.decided_at',
  startedAt: 'e.started_at',
  progress: 'e.progress',
  dueAt: 'e.due_at',
  expiresAt: 'e.expires_at',
};

// Unparsable dates only exist in the pure rule's input; a database column holds an instant or null.
const SUBJECTS: FlagSubject[] = [
  ...FLAG_CASES.map((c) => c.enrollment).filter((subject) =>
    [subject.decidedAt, subject.startedAt, subject.dueAt, subject.expiresAt].every(
      (value) => value == null || instantMs(value) !== null
    )
  ),
  ...flagGrid(),
];

// Every `now` and thresholds of the table, each checked against every row.
const MOMENTS: Array<{ now: string; thresholds: FlagThresholds }> = [
  ...new Map(
    FLAG_CASES.map((c) => {
      const thresholds = c.thresholds ?? DEFAULT_FLAG_THRESHOLDS;
      return [JSON.stringify([c.now, thresholds]), { now: c.now, thresholds }] as const;
    })
  ).values(),
];

const asDate = (value: FlagSubject['decidedAt']) => {
  const ms = instantMs(value);
  return ms === null ? null : new Date(ms);
};

const expectedIds = (
  rows: Array<{ id: number; subject: FlagSubject }>,
  which: FlagFilterName,
  now: string,
  thresholds: FlagThresholds
) =>
  rows
    .filter(({ subject }) => {
      const flags = enrollmentFlags(subject, now, thresholds);
      return which === 'fallingBehind' ? fallingBehind(flags) : flags[which];
    })
    .map(({ id }) => id);

interface Engine {
  name: string;
  open: () => Promise<{ knex: Knex; close: () => Promise<void> }>;
  useTz: boolean;
}

const sqlite: Engine = {
  name: 'SQLite (better-sqlite3, epoch milliseconds)',
  useTz: false,
  async open() {
    const knex = createKnex({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    return { knex, close: () => knex.destroy() };
  },
};

const postgres = (useTz: boolean): Engine => ({
  name: `PostgreSQL (${useTz ? 'timestamptz' : 'timestamp(6), as Strapi creates'})`,
  useTz,
  async open() {
    const name = `groups_flags_${process.pid}_${Date.now().toString(36)}_${useTz ? 'tz' : 'ts'}`;
    const drop = await createPostgresDatabase(name);
    const knex = createKnex({ client: 'pg', connection: postgresConnection(name) });
    return {
      knex,
      async close() {
        await knex.destroy();
        await drop();
      },
    };
  },
});

const ENGINES: Engine[] =
  process.env.DATABASE_CLIENT === 'postgres' ? [sqlite, postgres(false), postgres(true)] : [sqlite];

describe.each(ENGINES)('enrollment flag filters on $name', (engine) => {
  let knex: Knex;
  let close: () => Promise<void>;
  let rows: Array<{ id: number; subject: FlagSubject }>;

  beforeAll(async () => {
    ({ knex, close } = await engine.open());
    await knex.schema.createTable(TABLE, (t) => {
      t.increments('id');
      t.string('state').notNullable();
      t.integer('progress');
      for (const column of ['decided_at', 'started_at', 'due_at', 'expires_at']) {
        // Strapi's own column definition for a datetime attribute.
        t.datetime(column, { useTz: engine.useTz, precision: 6 });
      }
    });
    rows = SUBJECTS.map((subject, index) => ({ id: index + 1, subject }));
    // Dates are bound as Date objects, which is how Strapi writes them.
    await knex.batchInsert(
      TABLE,
      rows.map(({ id, subject }) => ({
        id,
        state: subject.state,
        progress: subject.progress ?? null,
        decided_at: asDate(subject.decidedAt),
        started_at: asDate(subject.startedAt),
        due_at: asDate(subject.dueAt),
        expires_at: asDate(subject.expiresAt),
      })),
      400
    );
  });

  afterAll(async () => {
    await close?.();
  });

  const idsWhere = async (where: (builder: Knex.QueryBuilder) => void) =>
    (await knex.from({ e: TABLE }).select('e.id').where(where).orderBy('e.id')).map((row) => Number(row.id));

  it('holds the table of cases, stored as Strapi stores datetimes', async () => {
    expect(rows.length).toBeGreaterThan(4000);
    if (knex.client.dialect === 'sqlite3') {
      const [{ kind }] = await knex(TABLE)
        .whereNotNull('decided_at')
        .select({ kind: knex.raw('typeof(decided_at)') })
        .limit(1);
      expect(kind).toBe('integer');
    }
  });

  it.each(MOMENTS.map((moment) => [moment.now, moment.thresholds] as const))(
    'selects what the pure rule flags at %s with %j',
    async (now, thresholds) => {
      const sql = flagSql(knex, COLUMNS, now, thresholds);
      const mismatches: unknown[] = [];
      for (const which of FLAG_FILTERS) {
        const selected = await idsWhere(sql.filter(which));
        const expected = expectedIds(rows, which, now, thresholds);
        const extra = selected.filter((id) => !expected.includes(id));
        const missing = expected.filter((id) => !selected.includes(id));
        for (const id of [...extra, ...missing]) {
          mismatches.push({ which, sqlSays: extra.includes(id), subject: rows[id - 1].subject });
        }
      }
      expect(mismatches).toEqual([]);
    }
  );

  it('counts per flag in one query, and filters on any of several flags', async () => {
    const sql = flagSql(knex, COLUMNS, NOW);
    const counts = await knex
      .from({ e: TABLE })
      .first(Object.fromEntries(FLAG_FILTERS.map((which) => [which, sql.count(which)])));
    const expected = Object.fromEntries(
      FLAG_FILTERS.map((which) => [which, expectedIds(rows, which, NOW, DEFAULT_FLAG_THRESHOLDS).length])
    );
    expect(Object.fromEntries(Object.entries(counts).map(([key, value]) => [key, Number(value)]))).toEqual(
      expected
    );
    // Every flag is met by some row of the table, so no filter passes this test by selecting nothing.
    for (const flag of ENROLLMENT_FLAGS) expect(expected[flag]).toBeGreaterThan(0);

    const some: EnrollmentFlag[] = ['overdue', 'dueSoon'];
    const expectedSome = rows
      .filter(({ subject }) => {
        const flags = enrollmentFlags(subject, NOW);
        return flags.overdue || flags.dueSoon;
      })
      .map(({ id }) => id);
    expect(await idsWhere(sql.filter(some))).toEqual(expectedSome);
    expect(await idsWhere(sql.filter([]))).toEqual([]);
    expect(await idsWhere(sql.filter(['atRisk', 'notStarted', 'overdue']))).toEqual(
      await idsWhere(sql.filter('fallingBehind'))
    );
  });

  it.each(MOMENTS.map((moment) => [moment.now, moment.thresholds] as const))(
    'gives every row its flags in one value (what the report groups by) at %s with %j',
    async (now, thresholds) => {
      const sql = flagSql(knex, COLUMNS, now, thresholds);
      const read = await knex.from({ e: TABLE }).select('e.id', { bits: sql.bits() }).orderBy('e.id');
      const mismatches: unknown[] = [];
      for (const { id, bits } of read) {
        const flags = enrollmentFlags(rows[Number(id) - 1].subject, now, thresholds);
        for (const which of FLAG_FILTERS) {
          const expected = which === 'fallingBehind' ? fallingBehind(flags) : flags[which];
          if (bitsHold(Number(bits), which) !== expected) {
            mismatches.push({ which, bits: Number(bits), subject: rows[Number(id) - 1].subject });
          }
        }
      }
      expect(mismatches).toEqual([]);
    }
  );
});
