/**
 * Seeds the benchmark data set with bulk SQL (knex batch inserts), into the tables and link tables that
 * Strapi's own metadata names, producing rows the document service reads back as its own: a document_id,
 * created/updated/published timestamps (the plugin's types have no draft & publish, so published_at is set),
 * link-table order columns. Going through the document service would take hours at 100,000 enrollments.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createId } = require('@paralleldrive/cuid2') as { createId: () => string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bcrypt = require('bcryptjs') as { hashSync: (s: string, rounds: number) => string };

export interface Volumes {
  groups: number;
  courses: number;
  learners: number;
  enrollments: number;
  /** Enrollments of the one large group the report is measured on. */
  bigGroupEnrollments: number;
}

export const FULL: Volumes = {
  groups: 500,
  courses: 2000,
  learners: 20000,
  enrollments: 100000,
  bigGroupEnrollments: 5000,
};

export const QUICK: Volumes = {
  groups: 100,
  courses: 400,
  learners: 2000,
  enrollments: 10000,
  bigGroupEnrollments: 1000,
};

/** Enrollments of an ordinary group at 100k: every scale above keeps it, so a manager's groups keep their size. */
const ORDINARY_GROUP = (FULL.enrollments - FULL.bigGroupEnrollments) / (FULL.groups - 1);

/**
 * 1,000,000 enrollments: groups, courses and learners grow tenfold-ish with the enrollments, while the report
 * group keeps its 5,000 enrollments and every other group its ~190, as at 100k (the managers of 3 and of 50
 * groups therefore see the same data at both scales).
 */
const groupsFor = (enrollments: number) =>
  1 + Math.round((enrollments - FULL.bigGroupEnrollments) / ORDINARY_GROUP);
export const MILLION: Volumes = {
  groups: groupsFor(1_000_000),
  courses: groupsFor(1_000_000) * 4,
  learners: 200_000,
  enrollments: 1_000_000,
  bigGroupEnrollments: FULL.bigGroupEnrollments,
};

/**
 * `--scale`: 10k is the smoke data set (too small to keep the 100k group sizes: its report group has 1,000
 * enrollments and its groups ~90); 100k and 1m keep them.
 */
export const SCALES = { '10k': QUICK, '100k': FULL, '1m': MILLION } as const satisfies Record<
  string,
  Volumes
>;
export type Scale = keyof typeof SCALES;

export const COURSES_PER_GROUP = 4;

export interface Seeded {
  groupIds: number[];
  bigGroupId: number;
  enrollmentCount: number;
  learnerIds: number[];
}

type Row = Record<string, unknown>;

interface LinkInfo {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  orderColumnName?: string;
  inverseOrderColumnName?: string;
}

const meta = (strapi: Core.Strapi, uid: string) =>
  strapi.db.metadata.get(uid) as unknown as {
    tableName: string;
    attributes: Record<string, { columnName?: string; joinTable?: LinkInfo }>;
  };

export const tableOf = (strapi: Core.Strapi, uid: string) => meta(strapi, uid).tableName;

export const linkOf = (strapi: Core.Strapi, uid: string, attribute: string): LinkInfo => {
  const link = meta(strapi, uid).attributes[attribute]?.joinTable;
  if (!link) throw new Error(`${uid}.${attribute} has no link table`);
  return link;
};

/** Column names of scalar attributes (and `id`), so rows are written with Strapi's own naming. */
const columns = <T>(strapi: Core.Strapi, uid: string, row: Record<string, T>): Record<string, T> => {
  const { attributes } = meta(strapi, uid);
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(row)) {
    const column = key === 'id' ? 'id' : attributes[key]?.columnName;
    if (!column) throw new Error(`${uid}.${key} is not a column`);
    out[column] = value;
  }
  return out;
};

const DAY = 24 * 3600 * 1000;

const insert = async (db: Knex, table: string, rows: Row[]) => {
  if (rows.length === 0) return;
  // SQLite caps a multi-row insert at 500 rows (knex writes it as a compound SELECT) and bound variables.
  const perColumn = Math.min(400, Math.floor(20000 / Object.keys(rows[0]).length));
  await db.transaction(async (trx) => {
    for (let i = 0; i < rows.length; i += perColumn) {
      await trx(table).insert(rows.slice(i, i + perColumn));
    }
  });
};

const nextId = async (db: Knex, table: string): Promise<number> => {
  const row = await db(table).max({ max: 'id' }).first();
  return Number(row?.max ?? 0) + 1;
};

const isPostgres = (db: Knex) => ['postgres', 'pg'].includes(String(db.client.config.client));

/** Explicit ids leave PostgreSQL's sequences behind; later inserts by Strapi would collide. */
const resetSequence = async (db: Knex, table: string) => {
  if (!isPostgres(db)) return;
  await db.raw(`SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT COALESCE(MAX(id), 1) FROM ??))`, [
    table,
    table,
  ]);
};

/**
 * The few expressions SQLite and PostgreSQL spell differently. Datetimes are what Strapi writes through each
 * driver: epoch milliseconds on SQLite, `timestamp` on PostgreSQL.
 */
const dialect = (db: Knex) => {
  const pg = isPostgres(db);
  return {
    /** A datetime plus a number of milliseconds (any integer expression). */
    plusMs: (base: string, ms: string) =>
      pg ? `(${base} + (${ms}) * interval '1 millisecond')` : `(${base} + (${ms}))`,
    /** A datetime as the ISO string `Date#toJSON` writes, as in the history entries Strapi stores. */
    iso: (at: string) =>
      pg
        ? `to_char(${at}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
        : `strftime('%Y-%m-%dT%H:%M:%fZ', (${at}) / 1000.0, 'unixepoch')`,
    pad: (n: string, width: number) =>
      pg ? `lpad((${n})::text, ${width}, '0')` : `printf('%0${width}d', ${n})`,
    json: (text: string) => (pg ? `(${text})::jsonb` : text),
    bool: (value: boolean) => (pg ? String(value).toUpperCase() : value ? '1' : '0'),
    /** A document id of 24 characters, like Strapi's, unique per kind and row id. */
    documentId: (kind: string, id: string) =>
      `'b${kind}' || ${pg ? `lpad((${id})::text, 22, '0')` : `printf('%022d', ${id})`}`,
  };
};

/** Helper tables of the seed, dropped when it ends. */
const NUMBERS = 'bench_seed_numbers';
const NOW = 'bench_seed_now';
const PLAN = 'bench_seed_plan';

/**
 * The integers 0 … count-1, which every set-based INSERT selects from (generate_series on PostgreSQL, a
 * recursive CTE on SQLite), and the seed's "now", written through the driver as Strapi writes a Date.
 */
const createHelpers = async (db: Knex, count: number, now: Date) => {
  await dropHelpers(db);
  if (isPostgres(db)) {
    await db.raw(`CREATE TABLE ${NUMBERS} (i bigint PRIMARY KEY)`);
    await db.raw(`INSERT INTO ${NUMBERS} SELECT generate_series(0, ?::bigint - 1)`, [count]);
    await db.raw(`ANALYZE ${NUMBERS}`);
  } else {
    await db.raw(`CREATE TABLE ${NUMBERS} (i INTEGER PRIMARY KEY)`);
    await db.raw(
      `INSERT INTO ${NUMBERS} WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?) SELECT i FROM n`,
      [count]
    );
  }
  await db.schema.createTable(NOW, (t) => t.datetime('now', { useTz: false, precision: 6 }));
  await db(NOW).insert({ now });
};

const dropHelpers = async (db: Knex) => {
  for (const table of [NUMBERS, NOW, PLAN]) await db.schema.dropTableIfExists(table);
};

/**
 * One `INSERT INTO <table> (<columns>) SELECT <expressions> <from>`: `values` maps each column to its SQL
 * expression (a string, or a knex raw with bindings).
 */
const insertSelect = async (
  db: Knex,
  table: string,
  values: Record<string, string | Knex.Raw>,
  from: string
) => {
  const expressions = Object.values(values).map((v) => (typeof v === 'string' ? db.raw(v) : v));
  await db.raw(`INSERT INTO ?? (??) SELECT ${expressions.map(() => '?').join(', ')} ${from}`, [
    table,
    Object.keys(values),
    ...expressions,
  ]);
};

/**
 * Deterministic pseudo-random integers in SQL, the same on every run and on both databases: `h` scrambles a
 * row id (Knuth's multiplicative hash), and each draw takes it through its own multiplier modulo the prime
 * 2^31 - 1, then to `0 … range-1`. Every product stays under 2^63, so SQLite never turns it into a float.
 */
const HASH = (id: string) => `((${id}) * 2654435761 % 4294967296)`;
const draw = (h: string, k: number, range: number) =>
  `((${h} * ${[48271, 69621, 16807, 39373, 742938285, 950706376][k]} + ${k * 7919}) % 2147483647 % ${range})`;

/** Shares of the states, in per mille: 50 % approved, 20 % completed, 15 % requested, 5 % each of the rest. */
const STATE_SQL = (permille: string) => `CASE WHEN ${permille} < 500 THEN 'approved'
  WHEN ${permille} < 700 THEN 'completed' WHEN ${permille} < 850 THEN 'requested'
  WHEN ${permille} < 900 THEN 'cancelled' WHEN ${permille} < 950 THEN 'rejected' ELSE 'waitlisted' END`;

export const seed = async (
  strapi: Core.Strapi,
  volumes: Volumes,
  log: (message: string) => void
): Promise<Seeded> => {
  const db = strapi.db.connection as unknown as Knex;
  const sql = dialect(db);
  const courseUid = 'api::course.course';
  const groupUid = 'plugin::groups.group';
  const enrollmentUid = 'plugin::groups.enrollment';
  const C = volumes.courses;
  const time = (label: string) => {
    const started = Date.now();
    return (detail: string) => log(`${label}: ${detail} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };

  const perGroup = Array.from({ length: volumes.groups }, (_, i) =>
    i === 0
      ? volumes.bigGroupEnrollments
      : Math.floor((volumes.enrollments - volumes.bigGroupEnrollments) / (volumes.groups - 1)) +
        (i - 1 < (volumes.enrollments - volumes.bigGroupEnrollments) % (volumes.groups - 1) ? 1 : 0)
  );
  const membersOf = (g: number) => Math.ceil(perGroup[g] / COURSES_PER_GROUP);
  await createHelpers(
    db,
    Math.max(2 * C, volumes.learners, volumes.groups, COURSES_PER_GROUP * 2, ...perGroup),
    new Date()
  );
  const stamps = { createdAt: 's.now', updatedAt: 's.now', publishedAt: 's.now' };

  // Courses. The course type has Draft & Publish: each course has a published row (ids first … first+C-1)
  // and a draft row (C further on), and relations from the plugin's types link both, as Strapi links a type
  // without Draft & Publish.
  let done = time('courses');
  const courseTable = tableOf(strapi, courseUid);
  const firstCourse = await nextId(db, courseTable);
  await insertSelect(
    db,
    courseTable,
    columns(strapi, courseUid, {
      id: `${firstCourse} + n.i`,
      ...stamps,
      publishedAt: `CASE WHEN n.i < ${C} THEN s.now ELSE NULL END`,
      documentId: sql.documentId('c', `n.i % ${C}`),
      title: `'Course ' || (n.i % ${C} + 1)`,
      slug: `'course-' || (n.i % ${C} + 1)`,
      summary: `'A benchmark course.'`,
      durationMinutes: `30 + (n.i % ${C} % 8) * 15`,
    }),
    `FROM ${NUMBERS} n CROSS JOIN ${NOW} s WHERE n.i < ${2 * C}`
  );
  await resetSequence(db, courseTable);
  done(`${C}`);

  // Learners, all with one password hash (hashing 20,000 would take minutes)
  done = time('learners');
  const learnerIds = await seedLearners(strapi, volumes.learners, {
    prefix: 'learner',
    password: 'Bench-pass-2026',
  });
  const firstLearner = learnerIds[0];
  done(`${learnerIds.length}`);

  // The plan: one row per group with its id, its enrollments and members, and where both start. Group 1 is
  // the large one; the rest share the remaining enrollments evenly. A group's members are the next learners
  // in turn (wrapping around), and its enrollments every member in each of its courses, until its count.
  done = time('groups');
  const groupTable = tableOf(strapi, groupUid);
  const firstGroup = await nextId(db, groupTable);
  const enrollmentTable = tableOf(strapi, enrollmentUid);
  const firstEnrollment = await nextId(db, enrollmentTable);
  await db.schema.createTable(PLAN, (t) => {
    for (const name of ['g', 'group_id', 'enrollments', 'first_enrollment', 'members', 'member_start'])
      t.bigInteger(name);
  });
  const plan: Row[] = [];
  let enrollmentStart = firstEnrollment;
  let memberStart = 0;
  for (let g = 0; g < volumes.groups; g++) {
    plan.push({
      g,
      group_id: firstGroup + g,
      enrollments: perGroup[g],
      first_enrollment: enrollmentStart,
      members: membersOf(g),
      member_start: memberStart,
    });
    enrollmentStart += perGroup[g];
    memberStart += membersOf(g);
  }
  await insert(db, PLAN, plan);
  if (isPostgres(db)) await db.raw(`ANALYZE ${PLAN}`);
  const fromPlan = `FROM ${PLAN} p CROSS JOIN ${NOW} s`;
  await insertSelect(
    db,
    groupTable,
    columns(strapi, groupUid, {
      id: 'p.group_id',
      ...stamps,
      documentId: sql.documentId('g', 'p.group_id'),
      name: `'Group ' || (p.g + 1)`,
      slug: `'group-' || (p.g + 1)`,
      description: `'A benchmark group.'`,
      visibility: `CASE WHEN p.g % 5 = 0 THEN 'public' ELSE 'private' END`,
      enrollmentPolicy: `'approval'`,
      // No seat limits: bulk approval must approve, not waitlist.
      seatLimit: 'NULL',
    }),
    fromPlan
  );
  await resetSequence(db, groupTable);

  // A group's courses k = 0…3 are courses (4g + k) mod C, each in both versions (order 2k + version + 1).
  const coursesLink = linkOf(strapi, groupUid, 'courses');
  await insertSelect(
    db,
    coursesLink.name,
    {
      [coursesLink.joinColumn.name]: 'p.group_id',
      [coursesLink.inverseJoinColumn.name]:
        `${firstCourse} + (p.g * ${COURSES_PER_GROUP} + n.i / 2) % ${C} + (n.i % 2) * ${C}`,
      [coursesLink.orderColumnName!]: 'n.i + 1',
    },
    `FROM ${PLAN} p JOIN ${NUMBERS} n ON n.i < ${2 * COURSES_PER_GROUP}`
  );
  const membersLink = linkOf(strapi, groupUid, 'members');
  const learnerOf = (member: string) =>
    `${firstLearner} + (p.member_start + ${member}) % ${volumes.learners}`;
  await insertSelect(
    db,
    membersLink.name,
    {
      [membersLink.joinColumn.name]: 'p.group_id',
      [membersLink.inverseJoinColumn.name]: learnerOf('n.i'),
      [membersLink.orderColumnName!]: 'n.i + 1',
    },
    `FROM ${PLAN} p JOIN ${NUMBERS} n ON n.i < p.members`
  );
  done(`${volumes.groups} (memberships: ${memberStart})`);

  // Enrollments: row o (0-based) of group g is its member o / 4 in its course o mod 4.
  done = time('enrollments');
  const rows = `FROM ${PLAN} p JOIN ${NUMBERS} n ON n.i < p.enrollments`;
  const e = `(SELECT b.id, ${STATE_SQL(draw('b.h', 0, 1000))} AS state,
      ${sql.plusMs('s.now', `-${draw('b.h', 1, 365)} * ${DAY} - 3600000`)} AS requested_at,
      ${draw('b.h', 2, 10)} AS start_draw, ${draw('b.h', 3, 100)} AS progress_draw,
      ${draw('b.h', 4, 1001)} AS score_draw, ${draw('b.h', 5, 36000)} AS time_draw, s.now
    FROM (SELECT p.first_enrollment + n.i AS id, ${HASH('p.first_enrollment + n.i')} AS h ${rows}) b
    CROSS JOIN ${NOW} s) e`;
  // Approved learners start 70 % of the time; completed ones always did.
  const started = `(e.state = 'completed' OR (e.state = 'approved' AND e.start_draw < 7))`;
  const decidedAt = sql.plusMs('e.requested_at', `${2 * DAY}`);
  await insertSelect(
    db,
    enrollmentTable,
    columns(strapi, enrollmentUid, {
      id: 'e.id',
      createdAt: 'e.now',
      updatedAt: 'e.now',
      publishedAt: 'e.now',
      documentId: sql.documentId('e', 'e.id'),
      state: 'e.state',
      attendance: `CASE WHEN e.state = 'completed' THEN 'present' ELSE 'unknown' END`,
      progress: `CASE WHEN e.state = 'completed' THEN 100 WHEN ${started} THEN e.progress_draw ELSE 0 END`,
      score: `CASE WHEN e.state = 'completed' THEN e.score_draw / 10.0 ELSE NULL END`,
      timeSpent: `CASE WHEN ${started} THEN e.time_draw ELSE 0 END`,
      requestedAt: 'e.requested_at',
      decidedAt: `CASE WHEN e.state <> 'requested' THEN ${decidedAt} ELSE NULL END`,
      startedAt: `CASE WHEN ${started} THEN ${sql.plusMs('e.requested_at', `${3 * DAY}`)} ELSE NULL END`,
      completedAt: `CASE WHEN e.state = 'completed' THEN ${sql.plusMs('e.requested_at', `${20 * DAY}`)} ELSE NULL END`,
      // A 30-day window from approval: over a year of requests, most approved learners are overdue,
      // some at risk, due soon or not started, so the Falling behind report has rows to find.
      dueAt: `CASE WHEN e.state = 'approved' THEN ${sql.plusMs(decidedAt, `${30 * DAY}`)} ELSE NULL END`,
      expiresAt: 'NULL',
      reason: 'NULL',
      history: sql.json(`CASE WHEN e.state = 'requested' THEN '[]' ELSE
        '[{"at":"' || ${sql.iso(decidedAt)} || '","by":null,"from":"requested","to":"' || e.state || '","reason":null}]' END`),
    }),
    `FROM ${e}`
  );
  await resetSequence(db, enrollmentTable);
  const learnerLink = linkOf(strapi, enrollmentUid, 'learner');
  await insertSelect(
    db,
    learnerLink.name,
    {
      [learnerLink.joinColumn.name]: 'p.first_enrollment + n.i',
      [learnerLink.inverseJoinColumn.name]: learnerOf(`n.i / ${COURSES_PER_GROUP}`),
    },
    rows
  );
  const groupLink = linkOf(strapi, enrollmentUid, 'group');
  await insertSelect(
    db,
    groupLink.name,
    {
      [groupLink.joinColumn.name]: 'p.first_enrollment + n.i',
      [groupLink.inverseJoinColumn.name]: 'p.group_id',
      [groupLink.inverseOrderColumnName!]: 'n.i + 1',
    },
    rows
  );
  const courseLink = linkOf(strapi, enrollmentUid, 'course');
  await insertSelect(
    db,
    courseLink.name,
    {
      [courseLink.joinColumn.name]: 'p.first_enrollment + n.i',
      [courseLink.inverseJoinColumn.name]:
        `${firstCourse} + (p.g * ${COURSES_PER_GROUP} + n.i % ${COURSES_PER_GROUP}) % ${C} + v.i * ${C}`,
    },
    `${rows} JOIN ${NUMBERS} v ON v.i < 2`
  );
  const written = enrollmentStart - firstEnrollment;
  done(`${written}`);
  await dropHelpers(db);
  // A live site's autovacuum keeps statistics and visibility maps current; a bulk load has neither.
  if (isPostgres(db)) await db.raw('VACUUM ANALYZE');

  const groupIds = plan.map((p) => Number(p.group_id));
  return { groupIds, bigGroupId: groupIds[0], enrollmentCount: written, learnerIds };
};

/**
 * `count` confirmed learners (`<prefix>000001`, `<prefix>1@bench.test`, …) with the Authenticated role and
 * one password hash, written in two INSERT … SELECT statements. Returns their ids, in order.
 */
export const seedLearners = async (
  strapi: Core.Strapi,
  count: number,
  { prefix, password }: { prefix: string; password: string }
): Promise<number[]> => {
  const db = strapi.db.connection as unknown as Knex;
  const sql = dialect(db);
  const userUid = 'plugin::users-permissions.user';
  const userTable = tableOf(strapi, userUid);
  const ownHelpers = !(await db.schema.hasTable(NUMBERS));
  if (ownHelpers) await createHelpers(db, count, new Date());
  const firstUser = await nextId(db, userTable);
  const hash = bcrypt.hashSync(password, 10);
  const from = `FROM ${NUMBERS} n CROSS JOIN ${NOW} s WHERE n.i < ${count}`;
  await insertSelect(
    db,
    userTable,
    columns(strapi, userUid, {
      id: `${firstUser} + n.i`,
      createdAt: 's.now',
      updatedAt: 's.now',
      publishedAt: 's.now',
      documentId: sql.documentId('u', `${firstUser} + n.i`),
      username: db.raw(`? || ${sql.pad('n.i + 1', 6)}`, [prefix]),
      email: db.raw(`? || (n.i + 1) || '@bench.test'`, [prefix]),
      provider: `'local'`,
      password: db.raw('?', [hash]),
      confirmed: sql.bool(true),
      blocked: sql.bool(false),
    }),
    from
  );
  await resetSequence(db, userTable);
  const authenticated = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' } });
  const roleLink = linkOf(strapi, userUid, 'role');
  await insertSelect(
    db,
    roleLink.name,
    {
      [roleLink.joinColumn.name]: `${firstUser} + n.i`,
      [roleLink.inverseJoinColumn.name]: String(Number(authenticated.id)),
      ...(roleLink.inverseOrderColumnName ? { [roleLink.inverseOrderColumnName]: 'n.i + 1' } : {}),
    },
    from
  );
  if (ownHelpers) await dropHelpers(db);
  return Array.from({ length: count }, (_, i) => firstUser + i);
};

/** Adds learners to a group in bulk, as Group.members links. */
export const seedMembers = async (strapi: Core.Strapi, groupId: number, learnerIds: number[]) => {
  const link = linkOf(strapi, 'plugin::groups.group', 'members');
  await insert(
    strapi.db.connection as unknown as Knex,
    link.name,
    learnerIds.map((id, i) => ({
      [link.joinColumn.name]: groupId,
      [link.inverseJoinColumn.name]: id,
      ...(link.orderColumnName ? { [link.orderColumnName]: i + 1 } : {}),
    }))
  );
};

/**
 * Links an admin user to groups with every right, as the GroupManager rows a site owner would create;
 * `includesSubGroups` for a link that reaches the groups below its own (off otherwise, as links made before
 * sub-groups existed).
 */
export const linkManager = async (
  strapi: Core.Strapi,
  adminUserId: number,
  groupIds: number[],
  { includesSubGroups = false }: { includesSubGroups?: boolean } = {}
) => {
  const db = strapi.db.connection as unknown as Knex;
  const uid = 'plugin::groups.group-manager';
  const table = tableOf(strapi, uid);
  const userLink = linkOf(strapi, uid, 'user');
  const groupLink = linkOf(strapi, uid, 'group');
  const first = await nextId(db, table);
  const now = new Date();
  const ids = groupIds.map((_, i) => first + i);
  await insert(
    db,
    table,
    ids.map((id) => ({
      id,
      ...columns(strapi, uid, {
        documentId: createId(),
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
        canViewReports: true,
        canExportReports: true,
        canManageEnrollments: true,
        canManageMembers: true,
        canEditCourses: false,
        canMessageMembers: true,
        includesSubGroups,
      }),
    }))
  );
  await resetSequence(db, table);
  await insert(
    db,
    userLink.name,
    ids.map((id) => ({ [userLink.joinColumn.name]: id, [userLink.inverseJoinColumn.name]: adminUserId }))
  );
  await insert(
    db,
    groupLink.name,
    ids.map((id, i) => ({
      [groupLink.joinColumn.name]: id,
      [groupLink.inverseJoinColumn.name]: groupIds[i],
      [groupLink.inverseOrderColumnName!]: i + 1,
    }))
  );
};
