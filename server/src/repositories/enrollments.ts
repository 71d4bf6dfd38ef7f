/**
 * The SQL behind enrollment changes: row locks, loading many enrollments in one query, and bounded bulk
 * updates with an appended history entry. Business rules live in common/domain; this file only moves rows.
 */
import type { Core } from '@strapi/strapi';
import type { EnrollmentDTO } from '../../../common/contracts/enrollment';
import {
  ACTIVE_STATES,
  ENROLLMENT_STATES,
  SEAT_STATES,
  type EnrollmentState,
  type HistoryEntry,
} from '../../../common/domain/enrollment-status';
import type { GroupFacts } from '../../../common/domain/enrollment-rules';
import { completeWithinDaysOf } from '../../../common/domain/course-settings';
import { ADMIN_USER_UID, ENROLLMENT_UID, GROUP_UID, LEARNER_UID } from '../constants';
import type { PluginConfig } from '../config';
import { chunk, columnOf, databaseClient, linkOf, tableOf, type Db } from '../utils/tables';
import { courseRepository } from './courses';
import { enrollmentFlagSql } from './enrollment-rows';

export interface EnrollmentRow {
  id: number;
  documentId: string;
  state: EnrollmentState;
  groupId: number | null;
  learnerId: number | null;
  /**
   * The lowest row id of the course document, whichever version the enrollment links to: two enrollments
   * of one course always carry the same id (Draft & Publish and i18n keep several rows per course).
   */
  courseId: number | null;
  courseDocumentId: string | null;
  seatLimit: number | null;
  groupName: string | null;
  dueAt: string | null;
  expiresAt: string | null;
  /** The group's "complete within N days" for this enrollment's course, or null. */
  completeWithinDays: number | null;
}

/** One UPDATE's worth of rows that make the same change. */
export interface ChangeBatch {
  ids: number[];
  set: {
    state: EnrollmentState;
    decidedAt?: string;
    requestedAt?: string;
    completedAt?: string;
    /** Written only where the enrollment has no due date yet. */
    dueAt?: string;
    reason?: string | null;
  };
  entry: HistoryEntry;
  /** Admin user id for decidedBy; `null` clears it; `undefined` leaves it. */
  decidedBy?: number | null;
  /** Completion stamps startedAt when the LMS never reported a start. */
  startIfMissing?: string;
}

const toDate = (iso: string | undefined | null) => (iso ? new Date(iso) : iso);

/** A datetime column as read (a Date on PostgreSQL, a number or text on SQLite), as an ISO string. */
const isoOrNull = (value: unknown): string | null => {
  if (value == null) return null;
  const date = new Date(value as string | number | Date);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

export const enrollmentRepository = (strapi: Core.Strapi) => {
  // Resolved lazily: metadata exists only once Strapi has loaded the models.
  const names = () => {
    const col = (attribute: string) => columnOf(strapi, ENROLLMENT_UID, attribute);
    return {
      enrollments: tableOf(strapi, ENROLLMENT_UID),
      groups: tableOf(strapi, GROUP_UID),
      groupLink: linkOf(strapi, ENROLLMENT_UID, 'group'),
      learnerLink: linkOf(strapi, ENROLLMENT_UID, 'learner'),
      decidedByLink: linkOf(strapi, ENROLLMENT_UID, 'decidedBy'),
      col,
      seatLimit: columnOf(strapi, GROUP_UID, 'seatLimit'),
      groupName: columnOf(strapi, GROUP_UID, 'name'),
      completeWithin: columnOf(strapi, GROUP_UID, 'completeWithin'),
    };
  };

  const client = () => databaseClient(strapi);
  const courses = courseRepository(strapi);

  /** SQL that appends one JSON entry to a JSON array column, treating anything else as an empty array. */
  const appendHistory = (db: Db, column: string, entry: HistoryEntry) => {
    const json = JSON.stringify([entry]);
    switch (client()) {
      case 'postgres':
        return db.raw(
          `(CASE WHEN jsonb_typeof(??::jsonb) = 'array' THEN ??::jsonb ELSE '[]'::jsonb END) || ?::jsonb`,
          [column, column, json]
        );
      case 'mysql':
        return db.raw(
          `JSON_MERGE_PRESERVE(CASE WHEN JSON_TYPE(??) = 'ARRAY' THEN ?? ELSE JSON_ARRAY() END, CAST(? AS JSON))`,
          [column, column, json]
        );
      default:
        return db.raw(
          `json_insert(CASE WHEN json_valid(??) AND json_type(??) = 'array' THEN ?? ELSE '[]' END, '$[#]', json(?))`,
          [column, column, column, JSON.stringify(entry)]
        );
    }
  };

  return {
    /**
     * SQLite has no row locks: the first write of a transaction takes the database's single writer lock,
     * so a seat-changing transaction writes before it reads anything. Other connections (other processes)
     * then wait for the busy timeout instead of counting seats that are about to change; in one process
     * knex holds SQLite to one connection, which serialises transactions already.
     */
    async lockWriter(db: Db) {
      if (client() !== 'sqlite') return;
      const { groups } = names();
      await db(groups)
        .whereRaw('1 = 0')
        .update({ id: db.ref('id') });
    },

    /** Row locks on the groups whose seats are about to be counted, always taken in id order. */
    async lockGroups(db: Db, groupIds: number[]) {
      const ids = [...new Set(groupIds.filter((id) => Number.isInteger(id)))].sort((a, b) => a - b);
      if (ids.length === 0 || client() === 'sqlite') return;
      const { groups } = names();
      const query = db(groups).select('id').whereIn('id', ids).orderBy('id');
      // NO KEY UPDATE: it still queues lockers behind each other, but not behind a transaction that only
      // inserted a row pointing at the group (that takes KEY SHARE), which FOR UPDATE would deadlock with.
      await (client() === 'postgres' ? query.forNoKeyUpdate() : query.forUpdate());
    },

    async groupIdsOfDocuments(db: Db, documentIds: string[]): Promise<number[]> {
      const n = names();
      const rows: Array<{ group_id: number }> = await db(`${n.enrollments} as e`)
        .distinct(`gl.${n.groupLink.targetColumn} as group_id`)
        .join(`${n.groupLink.table} as gl`, `gl.${n.groupLink.ownerColumn}`, 'e.id')
        .whereIn(`e.${n.col('documentId')}`, documentIds);
      return rows.map((r) => Number(r.group_id));
    },

    /** Enrollments with their relations' ids, in one query; `forUpdate` locks them (not on SQLite). */
    async loadRows(
      db: Db,
      where:
        | { documentIds: string[] }
        | { groupId: number; learnerId: number; states: EnrollmentState[] }
        | { groupIds: number[]; learnerIds: number[]; states: EnrollmentState[] },
      forUpdate = false
    ): Promise<EnrollmentRow[]> {
      const n = names();
      const query = db(`${n.enrollments} as e`)
        .select(
          'e.id as id',
          `e.${n.col('documentId')} as document_id`,
          `e.${n.col('state')} as state`,
          `gl.${n.groupLink.targetColumn} as group_id`,
          `ll.${n.learnerLink.targetColumn} as learner_id`,
          `g.${n.seatLimit} as seat_limit`,
          `g.${n.groupName} as group_name`,
          `g.${n.completeWithin} as complete_within`,
          `e.${n.col('dueAt')} as due_at`,
          `e.${n.col('expiresAt')} as expires_at`
        )
        // Scalar subqueries, not a join: the enrollment links each version of its course.
        .select(courses.firstIdOfEnrollmentCourse(db).as('course_id'))
        .select(courses.documentOfEnrollment(db).as('course_document_id'))
        .leftJoin(`${n.groupLink.table} as gl`, `gl.${n.groupLink.ownerColumn}`, 'e.id')
        .leftJoin(`${n.groups} as g`, 'g.id', `gl.${n.groupLink.targetColumn}`)
        .leftJoin(`${n.learnerLink.table} as ll`, `ll.${n.learnerLink.ownerColumn}`, 'e.id');
      if ('documentIds' in where) {
        query.whereIn(`e.${n.col('documentId')}`, where.documentIds);
      } else if ('groupIds' in where) {
        query
          .whereIn(`gl.${n.groupLink.targetColumn}`, where.groupIds)
          .whereIn(`ll.${n.learnerLink.targetColumn}`, where.learnerIds.length ? where.learnerIds : [0])
          .whereIn(`e.${n.col('state')}`, where.states);
      } else {
        query
          .where(`gl.${n.groupLink.targetColumn}`, where.groupId)
          .where(`ll.${n.learnerLink.targetColumn}`, where.learnerId)
          .whereIn(`e.${n.col('state')}`, where.states);
      }
      if (forUpdate && client() !== 'sqlite') query.forUpdate('e');
      const rows: Array<Record<string, unknown>> = await query;
      return rows.map((r) => ({
        id: Number(r.id),
        documentId: String(r.document_id),
        state: r.state as EnrollmentState,
        groupId: r.group_id == null ? null : Number(r.group_id),
        learnerId: r.learner_id == null ? null : Number(r.learner_id),
        courseId: r.course_id == null ? null : Number(r.course_id),
        courseDocumentId: r.course_document_id == null ? null : String(r.course_document_id),
        seatLimit: r.seat_limit == null ? null : Number(r.seat_limit),
        groupName: r.group_name == null ? null : String(r.group_name),
        dueAt: isoOrNull(r.due_at),
        expiresAt: isoOrNull(r.expires_at),
        completeWithinDays: completeWithinDaysOf(
          r.complete_within,
          r.course_document_id == null ? null : String(r.course_document_id)
        ),
      }));
    },

    /**
     * Seats held per group at `now` (one grouped query), optionally not counting some rows: enrollments
     * in a seat state whose access window is still open (`holdsSeat` in common/domain/enrollment-flags.ts,
     * with the `expired` flag's own SQL), so an expired enrollment frees its seat.
     */
    async countSeats(
      db: Db,
      groupIds: number[],
      excludeIds: number[] = [],
      now: Date = new Date()
    ): Promise<Map<number, number>> {
      const counts = new Map<number, number>();
      const ids = [...new Set(groupIds)];
      if (ids.length === 0) return counts;
      const n = names();
      const query = db(`${n.enrollments} as e`)
        .select(`gl.${n.groupLink.targetColumn} as group_id`)
        .count({ used: '*' })
        .join(`${n.groupLink.table} as gl`, `gl.${n.groupLink.ownerColumn}`, 'e.id')
        .whereIn(`gl.${n.groupLink.targetColumn}`, ids)
        .whereIn(`e.${n.col('state')}`, [...SEAT_STATES])
        .whereNot(enrollmentFlagSql(strapi, now).condition('expired'))
        .groupBy(`gl.${n.groupLink.targetColumn}`);
      if (excludeIds.length) query.whereNotIn('e.id', excludeIds);
      const rows = (await query) as unknown as Array<{ group_id: number; used: number | string }>;
      for (const row of rows) counts.set(Number(row.group_id), Number(row.used));
      return counts;
    },

    /**
     * Writes each batch with one UPDATE per 500 rows (the history entry is the same for every row of a
     * batch, so it is appended in SQL rather than row by row), plus two statements per chunk for decidedBy.
     */
    async applyChanges(db: Db, batches: ChangeBatch[], now: string) {
      const n = names();
      const history = n.col('history');
      for (const batch of batches) {
        for (const ids of chunk(batch.ids)) {
          const set: Record<string, unknown> = {
            [n.col('state')]: batch.set.state,
            [n.col('updatedAt')]: new Date(now),
            [history]: appendHistory(db, history, batch.entry),
          };
          if (batch.set.decidedAt) set[n.col('decidedAt')] = toDate(batch.set.decidedAt);
          if (batch.set.requestedAt) set[n.col('requestedAt')] = toDate(batch.set.requestedAt);
          if (batch.set.completedAt) set[n.col('completedAt')] = toDate(batch.set.completedAt);
          if (batch.set.dueAt) {
            const due = n.col('dueAt');
            set[due] = db.raw('COALESCE(??, ?)', [due, new Date(batch.set.dueAt)]);
          }
          if (batch.set.reason !== undefined) set[n.col('reason')] = batch.set.reason;
          if (batch.startIfMissing) {
            const started = n.col('startedAt');
            set[started] = db.raw('COALESCE(??, ?)', [started, new Date(batch.startIfMissing)]);
          }
          await db(n.enrollments).whereIn('id', ids).update(set);
          if (batch.decidedBy !== undefined) {
            const link = n.decidedByLink;
            await db(link.table).whereIn(link.ownerColumn, ids).delete();
            if (batch.decidedBy !== null) {
              const decidedBy = batch.decidedBy;
              await db(link.table).insert(
                ids.map((id) => ({ [link.ownerColumn]: id, [link.targetColumn]: decidedBy }))
              );
            }
          }
        }
      }
    },

    /**
     * Sets (or clears, with null) a date of many enrollments (the due date, the end of the access window):
     * one UPDATE per 500 rows, appending the same history entry to each, like applyChanges.
     */
    async setDate(
      db: Db,
      field: 'dueAt' | 'expiresAt',
      ids: number[],
      value: string | null,
      entry: HistoryEntry,
      now: string
    ) {
      const n = names();
      const history = n.col('history');
      for (const part of chunk(ids)) {
        await db(n.enrollments)
          .whereIn('id', part)
          .update({
            [n.col(field)]: toDate(value),
            [n.col('updatedAt')]: new Date(now),
            [history]: appendHistory(db, history, entry),
          });
      }
    },

    /** Appends one history entry to one enrollment (a date written through the document service). */
    async appendEntry(db: Db, id: number, entry: HistoryEntry) {
      const history = names().col('history');
      await db(names().enrollments)
        .where('id', id)
        .update({ [history]: appendHistory(db, history, entry) });
    },

    /**
     * Writes one enrollment's state, history and stamps as given (for a create or clone, whose history
     * starts fresh). `null` clears a stamp; a missing key leaves it; `decidedBy` likewise.
     */
    async writeRow(
      db: Db,
      id: number,
      fields: {
        state?: EnrollmentState;
        history?: HistoryEntry[];
        stamps?: Partial<
          Record<'requestedAt' | 'decidedAt' | 'completedAt' | 'startedAt' | 'dueAt', string | null>
        >;
        decidedBy?: number | null;
      }
    ) {
      const n = names();
      const set: Record<string, unknown> = {};
      if (fields.state) set[n.col('state')] = fields.state;
      if (fields.history) set[n.col('history')] = JSON.stringify(fields.history);
      for (const [key, value] of Object.entries(fields.stamps ?? {})) {
        if (value !== undefined) set[n.col(key)] = value === null ? null : new Date(value);
      }
      if (Object.keys(set).length) await db(n.enrollments).where('id', id).update(set);
      if (fields.decidedBy !== undefined) {
        const link = n.decidedByLink;
        await db(link.table).where(link.ownerColumn, id).delete();
        if (fields.decidedBy !== null) {
          await db(link.table).insert({ [link.ownerColumn]: id, [link.targetColumn]: fields.decidedBy });
        }
      }
    },

    /** The enrollment as the API returns it. */
    async findDTO(where: { id: number } | { documentId: string }): Promise<EnrollmentDTO | null> {
      const config = strapi.config.get('plugin::groups') as PluginConfig;
      const courseType = strapi.contentType(
        config.courseContentType as Parameters<typeof strapi.contentType>[0]
      ) as { attributes: Record<string, unknown> } | undefined;
      // The title field is the site owner's choice; select it only if their course type has it.
      const courseFields = ['id', 'documentId'].concat(
        courseType?.attributes[config.courseTitleField] ? [config.courseTitleField] : []
      );
      const row = await strapi.db.query(ENROLLMENT_UID).findOne({
        where,
        populate: {
          learner: { select: ['id', 'documentId', 'username', 'email'] },
          group: { select: ['id', 'documentId', 'name', 'slug'] },
          course: { select: courseFields },
          decidedBy: { select: ['id'] },
        },
      });
      if (!row) return null;
      return toDTO(row as Record<string, unknown>);
    },

    /**
     * What the placement rules need to know about a learner, a course and a group. `courseId` may be the
     * id of any version of the course: the group's links and the learner's enrollments are matched by
     * the course document.
     */
    async placementFacts(db: Db, groupId: number, learnerId: number, courseId: number) {
      const members = linkOf(strapi, GROUP_UID, 'members');
      // One after the other: a transaction is one connection, and pg refuses overlapping queries on it.
      const member = await db(members.table)
        .where(members.ownerColumn, groupId)
        .where(members.targetColumn, learnerId)
        .first();
      const courseDocumentId = await courses.documentOfRow(db, courseId);
      const groupCourses = await courses.groupCoursePairs(db, [groupId]);
      const existing = await this.loadRows(db, {
        groupId,
        learnerId,
        states: [...ENROLLMENT_STATES],
      });
      return {
        isMember: Boolean(member),
        courseInGroup: courseDocumentId !== null && groupCourses.has(`${groupId}:${courseDocumentId}`),
        existing: existing.filter(
          (e) => e.courseDocumentId !== null && e.courseDocumentId === courseDocumentId
        ),
      };
    },

    /**
     * Placement facts for many enrollments at once (four queries whatever their number): their groups,
     * which learners are members, which courses are in the groups, and the active enrollments already
     * held by the same learners in the same groups.
     */
    async placementFactsMany(db: Db, rows: EnrollmentRow[]) {
      const n = names();
      const groupIds = [...new Set(rows.map((r) => r.groupId).filter((id): id is number => id !== null))];
      const learnerIds = [...new Set(rows.map((r) => r.learnerId).filter((id): id is number => id !== null))];
      const members = linkOf(strapi, GROUP_UID, 'members');
      const col = (attribute: string) => columnOf(strapi, GROUP_UID, attribute);
      const groups = new Map<number, GroupFacts>();
      const memberPairs = new Set<string>();
      let coursePairs = new Set<string>();
      // Rows name their course by its first id (loadRows); the groups' links are matched by document.
      const documentOfCourse = new Map(rows.map((r) => [r.courseId, r.courseDocumentId]));
      let active: EnrollmentRow[] = [];
      if (groupIds.length) {
        const groupRows: Array<Record<string, unknown>> = await db(n.groups)
          .select(
            'id',
            `${col('archivedAt')} as archived_at`,
            `${col('visibility')} as visibility`,
            `${col('enrollmentPolicy')} as policy`
          )
          .whereIn('id', groupIds);
        for (const g of groupRows) {
          groups.set(Number(g.id), {
            archivedAt: (g.archived_at as string | null) ?? null,
            visibility: g.visibility as GroupFacts['visibility'],
            enrollmentPolicy: g.policy as GroupFacts['enrollmentPolicy'],
          });
        }
        const memberRows: Array<Record<string, unknown>> = await db(members.table)
          .select(`${members.ownerColumn} as g`, `${members.targetColumn} as u`)
          .whereIn(members.ownerColumn, groupIds)
          .whereIn(members.targetColumn, learnerIds.length ? learnerIds : [0]);
        for (const m of memberRows) memberPairs.add(`${m.g}:${m.u}`);
        coursePairs = await courses.groupCoursePairs(db, groupIds);
        active = await this.loadRows(db, { groupIds, learnerIds, states: [...ACTIVE_STATES] });
      }
      return {
        group: (id: number | null) => (id === null ? undefined : groups.get(id)),
        isMember: (groupId: number | null, learnerId: number | null) =>
          memberPairs.has(`${groupId}:${learnerId}`),
        courseInGroup: (groupId: number | null, courseId: number | null) =>
          coursePairs.has(`${groupId}:${documentOfCourse.get(courseId) ?? null}`),
        active,
      };
    },

    /** (group, learner) membership pairs of some groups or of some learners, by document id. */
    async memberPairs(db: Db, of: { groupDocumentId: string } | { learnerDocumentId: string }) {
      const members = linkOf(strapi, GROUP_UID, 'members');
      const query = db(`${members.table} as m`).select(
        `m.${members.ownerColumn} as group_id`,
        `m.${members.targetColumn} as learner_id`
      );
      if ('groupDocumentId' in of) {
        query
          .join(`${names().groups} as g`, 'g.id', `m.${members.ownerColumn}`)
          .where(`g.${columnOf(strapi, GROUP_UID, 'documentId')}`, of.groupDocumentId);
      } else {
        query
          .join(`${tableOf(strapi, LEARNER_UID)} as u`, 'u.id', `m.${members.targetColumn}`)
          .where(`u.${columnOf(strapi, LEARNER_UID, 'documentId')}`, of.learnerDocumentId);
      }
      const rows: Array<Record<string, unknown>> = await query;
      return rows.map((r) => ({ groupId: Number(r.group_id), learnerId: Number(r.learner_id) }));
    },

    async groupFacts(id: number) {
      return (await strapi.db.query(GROUP_UID).findOne({
        where: { id },
        select: ['id', 'archivedAt', 'visibility', 'enrollmentPolicy', 'seatLimit', 'completeWithin'],
      })) as {
        id: number;
        archivedAt: string | null;
        visibility: 'private' | 'public';
        enrollmentPolicy: 'approval' | 'open' | 'closed';
        seatLimit: number | null;
        completeWithin: unknown;
      } | null;
    },

    adminUserExists: async (id: number) =>
      Boolean(await strapi.db.query(ADMIN_USER_UID).findOne({ where: { id }, select: ['id'] })),
  };
};

const toDTO = (row: Record<string, unknown>): EnrollmentDTO => {
  const ref = <T>(value: unknown) => (value ? (value as T) : null);
  return {
    id: row.id as number,
    documentId: row.documentId as string,
    state: row.state as EnrollmentState,
    attendance: (row.attendance as EnrollmentDTO['attendance']) ?? 'unknown',
    progress: (row.progress as number) ?? 0,
    score: row.score == null ? null : Number(row.score),
    timeSpent: (row.timeSpent as number) ?? 0,
    requestedAt: (row.requestedAt as string) ?? null,
    decidedAt: (row.decidedAt as string) ?? null,
    decidedBy: row.decidedBy ? { id: (row.decidedBy as { id: number }).id } : null,
    startedAt: (row.startedAt as string) ?? null,
    completedAt: (row.completedAt as string) ?? null,
    expiresAt: (row.expiresAt as string) ?? null,
    reason: (row.reason as string) ?? null,
    history: Array.isArray(row.history) ? (row.history as HistoryEntry[]) : [],
    learner: ref(row.learner),
    group: ref(row.group),
    course: ref(row.course),
    createdAt: (row.createdAt as string) ?? null,
    updatedAt: (row.updatedAt as string) ?? null,
  };
};

export type EnrollmentRepository = ReturnType<typeof enrollmentRepository>;
