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

/** Column names of scalar attributes, so rows are written with Strapi's own naming. */
const columns = (strapi: Core.Strapi, uid: string, row: Row): Row => {
  const { attributes } = meta(strapi, uid);
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    const column = attributes[key]?.columnName;
    if (!column) throw new Error(`${uid}.${key} is not a column`);
    out[column] = value;
  }
  return out;
};

/** A small deterministic generator: the same data on every run and on both databases. */
const rng = (seed: number) => {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
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

/** Explicit ids leave PostgreSQL's sequences behind; later inserts by Strapi would collide. */
const resetSequence = async (db: Knex, table: string) => {
  if (db.client.config.client !== 'postgres' && db.client.config.client !== 'pg') return;
  await db.raw(`SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT COALESCE(MAX(id), 1) FROM ??))`, [
    table,
    table,
  ]);
};

const STATES: Array<[string, number]> = [
  ['approved', 0.5],
  ['completed', 0.2],
  ['requested', 0.15],
  ['cancelled', 0.05],
  ['rejected', 0.05],
  ['waitlisted', 0.05],
];

const pickState = (r: number) => {
  let acc = 0;
  for (const [state, share] of STATES) {
    acc += share;
    if (r < acc) return state;
  }
  return 'approved';
};

export const seed = async (
  strapi: Core.Strapi,
  volumes: Volumes,
  log: (message: string) => void
): Promise<Seeded> => {
  const db = strapi.db.connection as unknown as Knex;
  const random = rng(20260601);
  const now = new Date();
  const stamps = { createdAt: now, updatedAt: now, publishedAt: now, documentId: '' };
  const courseUid = 'api::course.course';
  const groupUid = 'plugin::groups.group';
  const enrollmentUid = 'plugin::groups.enrollment';

  // Courses
  const courseTable = tableOf(strapi, courseUid);
  const firstCourse = await nextId(db, courseTable);
  const courseIds = Array.from({ length: volumes.courses }, (_, i) => firstCourse + i);
  // The course type has Draft & Publish: each course has a published and a draft row, and relations from
  // the plugin's types link both, as Strapi links a type without Draft & Publish.
  const draftOf = new Map(courseIds.map((id, i) => [id, firstCourse + volumes.courses + i]));
  const courseDocumentIds = courseIds.map(() => createId());
  const courseRow = (id: number, i: number, publishedAt: Date | null) => ({
    id,
    ...columns(strapi, courseUid, {
      ...stamps,
      publishedAt,
      documentId: courseDocumentIds[i],
      title: `Course ${i + 1}`,
      slug: `course-${i + 1}`,
      summary: 'A benchmark course.',
      durationMinutes: 30 + (i % 8) * 15,
    }),
  });
  await insert(db, courseTable, [
    ...courseIds.map((id, i) => courseRow(id, i, now)),
    ...courseIds.map((id, i) => courseRow(draftOf.get(id)!, i, null)),
  ]);
  await resetSequence(db, courseTable);
  log(`courses: ${courseIds.length}`);

  // Learners, all with one password hash (hashing 20,000 would take minutes)
  const learnerIds = await seedLearners(strapi, volumes.learners, {
    prefix: 'learner',
    password: 'Bench-pass-2026',
  });
  log(`learners: ${learnerIds.length}`);

  // Groups: group 1 is the large one; the rest share the remaining enrollments evenly.
  const groupTable = tableOf(strapi, groupUid);
  const firstGroup = await nextId(db, groupTable);
  const groupIds = Array.from({ length: volumes.groups }, (_, i) => firstGroup + i);
  await insert(
    db,
    groupTable,
    groupIds.map((id, i) => ({
      id,
      ...columns(strapi, groupUid, {
        ...stamps,
        documentId: createId(),
        name: `Group ${i + 1}`,
        slug: `group-${i + 1}`,
        description: 'A benchmark group.',
        visibility: i % 5 === 0 ? 'public' : 'private',
        enrollmentPolicy: 'approval',
        // No seat limits: bulk approval must approve, not waitlist.
        seatLimit: null,
      }),
    }))
  );
  await resetSequence(db, groupTable);

  const perGroup = groupIds.map((_, i) =>
    i === 0
      ? volumes.bigGroupEnrollments
      : Math.floor((volumes.enrollments - volumes.bigGroupEnrollments) / (volumes.groups - 1)) +
        (i - 1 < (volumes.enrollments - volumes.bigGroupEnrollments) % (volumes.groups - 1) ? 1 : 0)
  );

  const coursesLink = linkOf(strapi, groupUid, 'courses');
  const membersLink = linkOf(strapi, groupUid, 'members');
  const groupCourses: number[][] = [];
  const groupMembers: number[][] = [];
  const courseRows: Row[] = [];
  const memberRows: Row[] = [];
  let learnerCursor = 0;
  groupIds.forEach((groupId, g) => {
    const courses = Array.from(
      { length: COURSES_PER_GROUP },
      (_, k) => courseIds[(g * COURSES_PER_GROUP + k) % courseIds.length]
    );
    const members = Array.from({ length: Math.ceil(perGroup[g] / COURSES_PER_GROUP) }, () => {
      const id = learnerIds[learnerCursor % learnerIds.length];
      learnerCursor += 1;
      return id;
    });
    groupCourses.push(courses);
    groupMembers.push(members);
    courses.forEach((courseId, k) =>
      [courseId, draftOf.get(courseId)!].forEach((versionId, v) =>
        courseRows.push({
          [coursesLink.joinColumn.name]: groupId,
          [coursesLink.inverseJoinColumn.name]: versionId,
          [coursesLink.orderColumnName!]: 2 * k + v + 1,
        })
      )
    );
    members.forEach((userId, k) =>
      memberRows.push({
        [membersLink.joinColumn.name]: groupId,
        [membersLink.inverseJoinColumn.name]: userId,
        [membersLink.orderColumnName!]: k + 1,
      })
    );
  });
  await insert(db, coursesLink.name, courseRows);
  await insert(db, membersLink.name, memberRows);
  log(`groups: ${groupIds.length} (memberships: ${memberRows.length})`);

  // Enrollments: every member of a group in each of its courses, until the group's count is reached.
  const enrollmentTable = tableOf(strapi, enrollmentUid);
  const learnerLink = linkOf(strapi, enrollmentUid, 'learner');
  const groupLink = linkOf(strapi, enrollmentUid, 'group');
  const courseLink = linkOf(strapi, enrollmentUid, 'course');
  let nextEnrollment = await nextId(db, enrollmentTable);
  const chunk = { rows: [] as Row[], learners: [] as Row[], groups: [] as Row[], courses: [] as Row[] };
  const flush = async () => {
    await insert(db, enrollmentTable, chunk.rows);
    await insert(db, learnerLink.name, chunk.learners);
    await insert(db, groupLink.name, chunk.groups);
    await insert(db, courseLink.name, chunk.courses);
    chunk.rows = [];
    chunk.learners = [];
    chunk.groups = [];
    chunk.courses = [];
  };
  let written = 0;
  for (let g = 0; g < groupIds.length; g++) {
    let ord = 0;
    outer: for (const learnerId of groupMembers[g]) {
      for (const courseId of groupCourses[g]) {
        if (ord >= perGroup[g]) break outer;
        ord += 1;
        const id = nextEnrollment++;
        const state = pickState(random());
        const requestedAt = new Date(now.getTime() - Math.floor(random() * 365) * DAY - 3600000);
        const decided = state !== 'requested';
        const decidedAt = decided ? new Date(requestedAt.getTime() + 2 * DAY) : null;
        const started = state === 'completed' || (state === 'approved' && random() < 0.7);
        const startedAt = started ? new Date(requestedAt.getTime() + 3 * DAY) : null;
        const completedAt = state === 'completed' ? new Date(requestedAt.getTime() + 20 * DAY) : null;
        const progress = state === 'completed' ? 100 : started ? Math.floor(random() * 100) : 0;
        chunk.rows.push({
          id,
          ...columns(strapi, enrollmentUid, {
            ...stamps,
            documentId: createId(),
            state,
            attendance: state === 'completed' ? 'present' : 'unknown',
            progress,
            score: state === 'completed' ? Math.round(random() * 1000) / 10 : null,
            timeSpent: started ? Math.floor(random() * 36000) : 0,
            requestedAt,
            decidedAt,
            startedAt,
            completedAt,
            // A 30-day window from approval: over a year of requests, most approved learners are overdue,
            // some at risk, due soon or not started, so the Falling behind report has rows to find.
            dueAt: state === 'approved' && decidedAt ? new Date(decidedAt.getTime() + 30 * DAY) : null,
            expiresAt: null,
            reason: null,
            history: JSON.stringify(
              decided ? [{ at: decidedAt, by: null, from: 'requested', to: state, reason: null }] : []
            ),
          }),
        });
        chunk.learners.push({
          [learnerLink.joinColumn.name]: id,
          [learnerLink.inverseJoinColumn.name]: learnerId,
        });
        chunk.groups.push({
          [groupLink.joinColumn.name]: id,
          [groupLink.inverseJoinColumn.name]: groupIds[g],
          [groupLink.inverseOrderColumnName!]: ord,
        });
        for (const versionId of [courseId, draftOf.get(courseId)!]) {
          chunk.courses.push({
            [courseLink.joinColumn.name]: id,
            [courseLink.inverseJoinColumn.name]: versionId,
          });
        }
        written += 1;
        if (chunk.rows.length >= 10000) await flush();
      }
    }
  }
  await flush();
  await resetSequence(db, enrollmentTable);
  // A live site's autovacuum keeps statistics and visibility maps current; a bulk load has neither.
  if (db.client.config.client === 'postgres' || db.client.config.client === 'pg')
    await db.raw('VACUUM ANALYZE');
  log(`enrollments: ${written}`);

  return { groupIds, bigGroupId: groupIds[0], enrollmentCount: written, learnerIds };
};

/**
 * `count` confirmed learners (`<prefix>000001`, `<prefix>1@bench.test`, …) with the Authenticated role and
 * one password hash, written in bulk. Returns their ids, in order.
 */
export const seedLearners = async (
  strapi: Core.Strapi,
  count: number,
  { prefix, password }: { prefix: string; password: string }
): Promise<number[]> => {
  const db = strapi.db.connection as unknown as Knex;
  const userUid = 'plugin::users-permissions.user';
  const userTable = tableOf(strapi, userUid);
  const now = new Date();
  const firstUser = await nextId(db, userTable);
  const learnerIds = Array.from({ length: count }, (_, i) => firstUser + i);
  const hash = bcrypt.hashSync(password, 10);
  await insert(
    db,
    userTable,
    learnerIds.map((id, i) => ({
      id,
      ...columns(strapi, userUid, {
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
        documentId: createId(),
        username: `${prefix}${String(i + 1).padStart(6, '0')}`,
        email: `${prefix}${i + 1}@bench.test`,
        provider: 'local',
        password: hash,
        confirmed: true,
        blocked: false,
      }),
    }))
  );
  await resetSequence(db, userTable);
  const authenticated = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' } });
  const roleLink = linkOf(strapi, userUid, 'role');
  await insert(
    db,
    roleLink.name,
    learnerIds.map((id, i) => ({
      [roleLink.joinColumn.name]: id,
      [roleLink.inverseJoinColumn.name]: authenticated.id,
      ...(roleLink.inverseOrderColumnName ? { [roleLink.inverseOrderColumnName]: i + 1 } : {}),
    }))
  );
  return learnerIds;
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
