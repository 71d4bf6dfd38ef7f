import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import {
  ENROLLMENT_STATES,
  type Attendance,
  type EnrollmentState,
} from '../../../common/domain/enrollment-status';
import { groupsWithRight, hasRight, type Right, type Scope } from '../../../common/domain/rights';
import { likeContainsPattern } from '../../../common/domain/text';
import type {
  CourseMix,
  EnrollmentFilters,
  EnrollmentRow,
  ExportQuery,
  ReportQuery,
  ReportResponse,
  ReportTotals,
  SortField,
} from '../../../common/contracts/report';
import type { PluginConfig } from '../config';
import { ENROLLMENT_UID, GROUP_UID, LEARNER_UID } from '../constants';
import type { AdminActor } from './scope';
import { getService } from '../utils/get-service';
import { periodBound } from '../utils/period';
import { paginationOf } from '../utils/pagination';
import { columnOf, linkOf, tableOf, type LinkTable } from '../utils/tables';

/**
 * Reports and the enrollment list read the database with their own SQL: paging the document service
 * through 5,000 enrollments of one group takes seconds, one query takes milliseconds (STRAPI5-NOTES).
 * Table, column and link-table names come from Strapi's metadata, so renamed columns and the site's own
 * course type are followed.
 */

export interface Tables {
  enrollment: string;
  group: string;
  learner: string;
  course: string;
  col: (uid: string, attribute: string) => string;
  links: { group: LinkTable; learner: LinkTable; course: LinkTable };
  courseTitle: string | null;
}

/** The rows the report and the list select, before they are shaped for the API. */
interface RawRow {
  id: number;
  document_id: string;
  state: EnrollmentState;
  attendance: Attendance | null;
  progress: number | string | null;
  score: number | string | null;
  time_spent: number | string | null;
  requested_at: unknown;
  decided_at: unknown;
  started_at: unknown;
  completed_at: unknown;
  reason: string | null;
  group_id: number;
  group_document_id: string;
  group_name: string;
  learner_document_id: string | null;
  learner_username: string | null;
  learner_email: string | null;
  course_document_id: string | null;
  course_title: string | null;
}

const numberOrNull = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

/** SQLite hands datetimes back as epoch milliseconds, PostgreSQL as Date objects. */
/** A datetime as the driver returns it (a Date on PostgreSQL, epoch milliseconds on SQLite). */
export const toDate = (value: unknown): Date | null => {
  if (value === null || value === undefined || value === '') return null;
  let date: Date;
  if (value instanceof Date) date = value;
  else if (typeof value === 'number') date = new Date(value);
  else if (typeof value === 'string' && /^\d+$/.test(value)) date = new Date(Number(value));
  else date = new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date;
};

export const toIso = (value: unknown): string | null => toDate(value)?.toISOString() ?? null;

type DateField = 'requestedAt' | 'decidedAt' | 'startedAt' | 'completedAt';

/** A report row with its datetimes as Date objects: what the export writes into date cells. */
export type ExportRow = Omit<EnrollmentRow, DateField> & Record<DateField, Date | null>;

const emptyStateCounts = (): Record<EnrollmentState, number> =>
  Object.fromEntries(ENROLLMENT_STATES.map((s) => [s, 0])) as Record<EnrollmentState, number>;

/** Dates without a time: `from` starts at midnight UTC, `to` includes its whole day. */

export interface ReadScope {
  /** Group ids the rows are limited to; null when unlimited (Super Admin without a group filter). */
  groupIds: number[] | null;
  /** Groups where the caller may act on enrollments (null: all). */
  manageable: number[] | null;
  scope: Scope;
}

const reportService = ({ strapi }: { strapi: Core.Strapi }) => {
  let cached: Tables | null = null;
  const config = () => strapi.config.get('plugin::groups') as PluginConfig;

  const tables = (): Tables => {
    if (cached) return cached;
    const courseUid = config().courseContentType;
    const courseMeta = strapi.db.metadata.get(courseUid as never) as unknown as {
      attributes: Record<string, { columnName?: string }>;
    };
    cached = {
      enrollment: tableOf(strapi, ENROLLMENT_UID),
      group: tableOf(strapi, GROUP_UID),
      learner: tableOf(strapi, LEARNER_UID),
      course: tableOf(strapi, courseUid),
      col: (uid, attribute) => columnOf(strapi, uid, attribute),
      links: {
        group: linkOf(strapi, ENROLLMENT_UID, 'group'),
        learner: linkOf(strapi, ENROLLMENT_UID, 'learner'),
        course: linkOf(strapi, ENROLLMENT_UID, 'course'),
      },
      courseTitle: courseMeta.attributes[config().courseTitleField]?.columnName ?? null,
    };
    return cached;
  };

  const knex = (): Knex => strapi.db.connection as unknown as Knex;

  const periodColumn = (field: EnrollmentFilters['periodField']) =>
    tables().col(
      ENROLLMENT_UID,
      field === 'started' ? 'startedAt' : field === 'completed' ? 'completedAt' : 'requestedAt'
    );

  /**
   * FROM + JOINs + WHERE for the filtered, scoped enrollments; selects nothing yet. The learner and course
   * joins are made only when a filter, the sort or the selected columns need them: over the 5,000 rows of
   * a large group each join is thousands of lookups that counts and sums do not need.
   */
  const filtered = (
    filters: EnrollmentFilters,
    groupIds: number[] | null,
    need: { learner?: boolean; course?: boolean; courseLink?: boolean; group?: boolean } = {
      learner: true,
      course: true,
      group: true,
    }
  ): Knex.QueryBuilder => {
    const t = tables();
    const E = (attribute: string) => `e.${t.col(ENROLLMENT_UID, attribute)}`;
    const { group, learner, course } = t.links;
    const query = knex()
      .from({ e: t.enrollment })
      .join({ eg: group.table }, `eg.${group.ownerColumn}`, 'e.id');
    if (need.group) query.join({ g: t.group }, 'g.id', `eg.${group.targetColumn}`);
    if (need.learner || filters.search) {
      query
        .leftJoin({ el: learner.table }, `el.${learner.ownerColumn}`, 'e.id')
        .leftJoin({ l: t.learner }, 'l.id', `el.${learner.targetColumn}`);
    }
    const courseTable = need.course || Boolean(filters.course?.length);
    if (courseTable || need.courseLink) {
      query.leftJoin({ ec: course.table }, `ec.${course.ownerColumn}`, 'e.id');
    }
    if (courseTable) query.leftJoin({ c: t.course }, 'c.id', `ec.${course.targetColumn}`);
    if (groupIds) query.whereIn(`eg.${group.targetColumn}`, groupIds);
    if (filters.course?.length)
      query.whereIn(`c.${t.col(config().courseContentType, 'documentId')}`, filters.course);
    if (filters.state?.length) query.whereIn(E('state'), filters.state);
    const period = `e.${periodColumn(filters.periodField)}`;
    if (filters.from) query.where(period, '>=', periodBound(filters.from, false, filters.timeZone));
    if (filters.to) query.where(period, '<=', periodBound(filters.to, true, filters.timeZone));
    if (filters.search) {
      const term = likeContainsPattern(filters.search);
      const username = `l.${t.col(LEARNER_UID, 'username')}`;
      const email = `l.${t.col(LEARNER_UID, 'email')}`;
      query.where((w) =>
        w
          .whereRaw(`lower(??) like ? escape '\\'`, [username, term])
          .orWhereRaw(`lower(??) like ? escape '\\'`, [email, term])
      );
    }
    return query;
  };

  const selectRow = (query: Knex.QueryBuilder): Knex.QueryBuilder => {
    const t = tables();
    const E = (attribute: string) => `e.${t.col(ENROLLMENT_UID, attribute)}`;
    const courseUid = config().courseContentType;
    return query.select({
      id: 'e.id',
      document_id: E('documentId'),
      state: E('state'),
      attendance: E('attendance'),
      progress: E('progress'),
      score: E('score'),
      time_spent: E('timeSpent'),
      requested_at: E('requestedAt'),
      decided_at: E('decidedAt'),
      started_at: E('startedAt'),
      completed_at: E('completedAt'),
      reason: E('reason'),
      group_id: 'g.id',
      group_document_id: `g.${t.col(GROUP_UID, 'documentId')}`,
      group_name: `g.${t.col(GROUP_UID, 'name')}`,
      learner_document_id: `l.${t.col(LEARNER_UID, 'documentId')}`,
      learner_username: `l.${t.col(LEARNER_UID, 'username')}`,
      learner_email: `l.${t.col(LEARNER_UID, 'email')}`,
      course_document_id: `c.${t.col(courseUid, 'documentId')}`,
      course_title: t.courseTitle ? `c.${t.courseTitle}` : knex().raw('NULL'),
    });
  };

  const sortColumn = (field: SortField): string => {
    const t = tables();
    const E = (attribute: string) => `e.${t.col(ENROLLMENT_UID, attribute)}`;
    switch (field) {
      case 'learner':
        return `l.${t.col(LEARNER_UID, 'username')}`;
      case 'email':
        return `l.${t.col(LEARNER_UID, 'email')}`;
      case 'group':
        return `g.${t.col(GROUP_UID, 'name')}`;
      case 'course':
        return t.courseTitle ? `c.${t.courseTitle}` : 'c.id';
      default:
        return E(field);
    }
  };

  const applySort = (query: Knex.QueryBuilder, sort: string) => {
    const [field, direction] = sort.split(':') as [SortField, 'asc' | 'desc'];
    // Nulls sort the same way on both databases; the id keeps pages stable.
    const column = sortColumn(field);
    query.orderByRaw(
      `(case when ?? is null then 1 else 0 end), ?? ${direction === 'desc' ? 'desc' : 'asc'}`,
      [column, column]
    );
    query.orderBy('e.id', direction === 'desc' ? 'desc' : 'asc');
    return query;
  };

  /** A row with its datetimes made by `date`: ISO strings for the API, Date objects for the export. */
  const rowOf = <D>(raw: RawRow, manageable: number[] | null, date: (value: unknown) => D) => ({
    documentId: raw.document_id,
    learner: {
      documentId: raw.learner_document_id ?? null,
      username: raw.learner_username ?? null,
      email: raw.learner_email ?? null,
    },
    group: { documentId: raw.group_document_id, name: raw.group_name },
    course: { documentId: raw.course_document_id ?? null, title: raw.course_title ?? null },
    state: raw.state,
    attendance: raw.attendance ?? 'unknown',
    progress: numberOrNull(raw.progress),
    score: numberOrNull(raw.score),
    timeSpent: numberOrNull(raw.time_spent),
    requestedAt: date(raw.requested_at),
    decidedAt: date(raw.decided_at),
    startedAt: date(raw.started_at),
    completedAt: date(raw.completed_at),
    reason: raw.reason ?? null,
    canManage: manageable === null || manageable.includes(Number(raw.group_id)),
  });

  const toRow = (raw: RawRow, manageable: number[] | null): EnrollmentRow => rowOf(raw, manageable, toIso);

  const service = {
    tables,

    /**
     * Which groups a read may cover. `rights`: the caller needs any of them in a group to read it. A
     * group filter naming an unknown group is a 404, one outside those groups a 403.
     */
    async readScope(actor: AdminActor, rights: Right[], groupFilter?: string[]): Promise<ReadScope> {
      const scope = await getService(strapi, 'scope').getScope(actor);
      const union = (list: Array<number[] | null>) =>
        list.some((ids) => ids === null) ? null : [...new Set(list.flat() as number[])];
      const readable = union(rights.map((right) => groupsWithRight(scope, right)));
      const manageable = groupsWithRight(scope, 'manageEnrollments');
      if (!groupFilter?.length) return { groupIds: readable, manageable, scope };
      const ids = await service.groupIdsByDocumentId(groupFilter);
      for (const id of ids) {
        if (readable && !readable.includes(id)) {
          throw new errors.ForbiddenError('You do not manage one of the groups asked for.');
        }
      }
      return { groupIds: ids, manageable, scope };
    },

    async groupIdsByDocumentId(documentIds: string[]): Promise<number[]> {
      const t = tables();
      const docCol = t.col(GROUP_UID, 'documentId');
      const rows: Array<{ id: number; document_id: string }> = await knex()
        .from(t.group)
        .select({ id: 'id', document_id: docCol })
        .whereIn(docCol, documentIds);
      const unknown = documentIds.filter((d) => !rows.some((r) => r.document_id === d));
      if (unknown.length) throw new errors.NotFoundError(`No group has the id ${unknown.join(', ')}.`);
      return [...new Set(rows.map((r) => Number(r.id)))];
    },

    async assertCoursesExist(documentIds: string[] | undefined) {
      if (!documentIds?.length) return;
      const t = tables();
      const docCol = t.col(config().courseContentType, 'documentId');
      const rows: Array<{ document_id: string }> = await knex()
        .from(t.course)
        .distinct({ document_id: docCol })
        .whereIn(docCol, documentIds);
      const unknown = documentIds.filter((d) => !rows.some((r) => r.document_id === d));
      if (unknown.length) throw new errors.NotFoundError(`No course has the id ${unknown.join(', ')}.`);
    },

    /**
     * One page of rows: the page's ids first, joining only what the sort needs, then the full rows of
     * those ids. Joining learners and courses before sorting would look them up for every row of the group.
     */
    async pageRows(
      query: Pick<ReportQuery, keyof EnrollmentFilters | 'page' | 'pageSize' | 'sort'>,
      read: ReadScope
    ): Promise<EnrollmentRow[]> {
      if (read.groupIds && read.groupIds.length === 0) return [];
      const field = query.sort.split(':')[0];
      // One statement: the page's ids in a derived table (which keeps LIMIT legal inside IN everywhere).
      const pageIds = knex()
        .from(
          applySort(
            filtered(query, read.groupIds, {
              learner: field === 'learner' || field === 'email',
              course: field === 'course',
              group: field === 'group',
            }).select('e.id'),
            query.sort
          )
            .limit(query.pageSize)
            .offset((query.page - 1) * query.pageSize)
            .as('page')
        )
        .select('page.id');
      const raw: RawRow[] = await applySort(
        selectRow(filtered({ periodField: query.periodField }, null)),
        query.sort
      ).whereIn('e.id', pageIds);
      return raw.map((r) => toRow(r, read.manageable));
    },

    /** One page of rows and the number of rows matching. */
    async page(
      query: Pick<ReportQuery, keyof EnrollmentFilters | 'page' | 'pageSize' | 'sort'>,
      read: ReadScope
    ) {
      if (read.groupIds && read.groupIds.length === 0) {
        return {
          rows: [] as EnrollmentRow[],
          pagination: paginationOf(query, 0),
        };
      }
      const [[{ n }], rows] = await Promise.all([
        filtered(query, read.groupIds, {}).count({ n: '*' }),
        service.pageRows(query, read),
      ]);
      const total = Number(n);
      return {
        rows,
        pagination: paginationOf(query, total),
      };
    },

    /**
     * Totals and the status mix per course of the filtered rows, from one GROUP BY (course, state): the
     * totals are sums of its groups. One pass over the rows instead of one per figure keeps the report
     * of a 5,000-enrollment group within 2× of the SQL a person would write (docs/PERFORMANCE.md).
     */
    async summary(
      filters: EnrollmentFilters,
      groupIds: number[] | null
    ): Promise<{ totals: ReportTotals; mix: CourseMix[] }> {
      const totals: ReportTotals = {
        total: 0,
        notStarted: 0,
        inProgress: 0,
        completed: 0,
        averageProgress: null,
        averageScore: null,
        byState: emptyStateCounts(),
      };
      if (groupIds && groupIds.length === 0) return { totals, mix: [] };
      const t = tables();
      const E = (attribute: string) => `e.${t.col(ENROLLMENT_UID, attribute)}`;
      const k = knex();
      const courseId = `ec.${t.links.course.targetColumn}`;
      // Grouped by the course link's column: joining the course table for each of thousands of rows
      // only to read back the few courses they share costs a third of the query. Their names come after.
      // The same buckets as common/domain/report.ts progressBucket.
      const grouped: Array<{
        course_id: number | string | null;
        state: EnrollmentState;
        n: number | string;
        started: number | string | null;
        progress_sum: number | string | null;
        score_sum: number | string | null;
        scored: number | string | null;
      }> = await filtered(filters, groupIds, { courseLink: true })
        .select({ course_id: courseId, state: E('state') })
        .count({ n: '*' })
        .select(
          k.raw(`sum(case when coalesce(??, 0) > 0 or ?? is not null then 1 else 0 end) as started`, [
            E('progress'),
            E('startedAt'),
          ]),
          k.raw(`sum(coalesce(??, 0)) as progress_sum`, [E('progress')]),
          k.raw(`sum(??) as score_sum`, [E('score')]),
          k.raw(`count(??) as scored`, [E('score')])
        )
        .groupBy(courseId, E('state'));
      const courseIds = [...new Set(grouped.map((row) => row.course_id).filter((id) => id !== null))];
      const courseUid = config().courseContentType;
      const courses: Array<{ id: number | string; document_id: string; title?: string | null }> =
        courseIds.length === 0
          ? []
          : await k
              .from(t.course)
              .select({ id: 'id', document_id: t.col(courseUid, 'documentId') })
              .select(t.courseTitle ? { title: t.courseTitle } : k.raw('NULL as title'))
              .whereIn('id', courseIds as number[]);
      const courseById = new Map(courses.map((course) => [String(course.id), course]));
      const rows = grouped.map((row) => {
        const course = row.course_id === null ? undefined : courseById.get(String(row.course_id));
        return {
          ...row,
          course_document_id: course?.document_id ?? null,
          course_title: course?.title ?? null,
        };
      });

      const byCourse = new Map<string, CourseMix>();
      let progressSum = 0;
      let progressCount = 0;
      let scoreSum = 0;
      let scored = 0;
      for (const row of rows) {
        const n = Number(row.n);
        totals.byState[row.state] += n;
        totals.total += n;
        if (row.state === 'approved') {
          const started = Number(row.started ?? 0);
          totals.inProgress += started;
          totals.notStarted += n - started;
        }
        if (row.state === 'approved' || row.state === 'completed') {
          progressSum += Number(row.progress_sum ?? 0);
          progressCount += n;
        }
        scoreSum += Number(row.score_sum ?? 0);
        scored += Number(row.scored ?? 0);

        const key = row.course_document_id ?? '';
        let entry = byCourse.get(key);
        if (!entry) {
          entry = {
            course: { documentId: row.course_document_id ?? null, title: row.course_title ?? null },
            counts: emptyStateCounts(),
            total: 0,
          };
          byCourse.set(key, entry);
        }
        entry.counts[row.state] += n;
        entry.total += n;
      }
      totals.completed = totals.byState.completed;
      totals.averageProgress = progressCount ? progressSum / progressCount : null;
      totals.averageScore = scored ? scoreSum / scored : null;
      const mix = [...byCourse.values()].sort((a, b) =>
        (a.course.title ?? '').localeCompare(b.course.title ?? '')
      );
      return { totals, mix };
    },

    /** Totals of the filtered rows, computed by the database. */
    async totals(filters: EnrollmentFilters, groupIds: number[] | null): Promise<ReportTotals> {
      return (await service.summary(filters, groupIds)).totals;
    },

    /** How many enrollments of each state per course. */
    async mix(filters: EnrollmentFilters, groupIds: number[] | null): Promise<CourseMix[]> {
      return (await service.summary(filters, groupIds)).mix;
    },

    async report(query: ReportQuery, actor: AdminActor): Promise<ReportResponse> {
      const read = await service.readScope(actor, ['viewReports'], query.group);
      await service.assertCoursesExist(query.course);
      // The summary counts the rows: the page needs no count of its own.
      const [{ totals, mix }, rows] = await Promise.all([
        service.summary(query, read.groupIds),
        service.pageRows(query, read),
      ]);
      return { data: rows, meta: { pagination: paginationOf(query, totals.total), totals, mix } };
    },

    /**
     * Every filtered row, read in chunks by keyset on the id so that a 100,000-row export never holds
     * more than one chunk in memory.
     */
    async *streamRows(
      filters: ExportQuery,
      read: ReadScope,
      chunkSize = 1000
    ): AsyncGenerator<ExportRow[], void, void> {
      if (read.groupIds && read.groupIds.length === 0) return;
      const { group } = tables().links;
      let lastId = 0;
      for (;;) {
        // The chunk's ids in a subquery of their own, then its rows by id. In one flat query PostgreSQL
        // merge-joins each link table from its first row up to lastId (it does not carry `e.id > lastId`
        // over to the links), which made a 100,000-row export quadratic: 48 s instead of 12 s. The
        // derived table keeps the LIMIT legal inside IN on every database, MySQL included.
        const chunkIds = knex()
          .from(
            filtered(filters, read.groupIds, {})
              .select('e.id')
              .where('e.id', '>', lastId)
              .where(`eg.${group.ownerColumn}`, '>', lastId)
              .orderBy('e.id', 'asc')
              .limit(chunkSize)
              .as('chunk')
          )
          .select('chunk.id');
        const raw: RawRow[] = await selectRow(filtered({ periodField: filters.periodField }, null))
          .whereIn('e.id', chunkIds)
          .orderBy('e.id', 'asc');
        if (raw.length === 0) return;
        lastId = Number(raw[raw.length - 1].id);
        yield raw.map((r): ExportRow => rowOf(r, read.manageable, toDate));
        if (raw.length < chunkSize) return;
      }
    },

    /** One enrollment's row if the caller may read it: 404 when unknown, 403 when outside scope. */
    async findRow(documentId: string, actor: AdminActor, rights: Right[]): Promise<EnrollmentRow> {
      const scope = await getService(strapi, 'scope').getScope(actor);
      const t = tables();
      const raw: RawRow | undefined = await selectRow(filtered({ periodField: 'requested' }, null))
        .where(`e.${t.col(ENROLLMENT_UID, 'documentId')}`, documentId)
        .first();
      if (!raw) throw new errors.NotFoundError(`No enrollment has the id ${documentId}.`);
      if (!rights.some((right) => hasRight(scope, Number(raw.group_id), right))) {
        throw new errors.ForbiddenError('This enrollment belongs to a group you do not manage.');
      }
      return toRow(raw, groupsWithRight(scope, 'manageEnrollments'));
    },
  };
  return service;
};

export type ReportService = ReturnType<typeof reportService>;
export default reportService;
