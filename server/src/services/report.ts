import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import {
  ENROLLMENT_STATES,
  SEATED_STATES,
  type EnrollmentState,
} from '../../../common/domain/enrollment-status';
import { FLAG_FILTERS } from '../../../common/domain/enrollment-flags';
import { topCourses } from '../../../common/domain/report';
import { groupsWithRight, type Right, type Scope } from '../../../common/domain/rights';
import {
  MIX_TOP_COURSES,
  type CourseMix,
  type EnrollmentFilters,
  type EnrollmentRow,
  type ReportQuery,
  type ReportResponse,
  type ReportTotals,
} from '../../../common/contracts/report';
import { courseRepository } from '../repositories/courses';
import {
  enrollmentRowsRepository,
  type CourseTally,
  type PageQuery,
  type RowScope,
} from '../repositories/enrollment-rows';
import { noEnrollmentText } from './access';
import type { AdminActor } from './scope';
import { getService } from '../utils/get-service';
import { paginationOf } from '../utils/pagination';
import { reportUserFields } from '../utils/user-fields';

/** The groups a read covers, as the rows repository takes them, and the caller's scope (over those groups). */
export interface ReadScope extends RowScope {
  scope: Scope;
}

const emptyStateCounts = (): Record<EnrollmentState, number> =>
  Object.fromEntries(ENROLLMENT_STATES.map((s) => [s, 0])) as Record<EnrollmentState, number>;

/** Totals and the status mix per course, summed from the per-course tallies of the filtered rows. */
const summarise = (tallies: CourseTally[]): { totals: ReportTotals; mix: CourseMix[] } => {
  const totals: ReportTotals = {
    total: 0,
    notStarted: 0,
    inProgress: 0,
    completed: 0,
    averageProgress: null,
    averageScore: null,
    byState: emptyStateCounts(),
    flags: Object.fromEntries(FLAG_FILTERS.map((name) => [name, 0])) as ReportTotals['flags'],
  };
  const mix: CourseMix[] = [];
  let progressSum = 0;
  let scoreSum = 0;
  let scored = 0;
  for (const tally of tallies) {
    const entry: CourseMix = { course: tally.course, counts: emptyStateCounts(), total: 0 };
    for (const state of ENROLLMENT_STATES) {
      const n = tally.counts[state];
      totals.byState[state] += n;
      entry.counts[state] = n;
      entry.total += n;
    }
    totals.total += entry.total;
    totals.inProgress += tally.approvedStarted;
    totals.notStarted += tally.counts.approved - tally.approvedStarted;
    for (const name of FLAG_FILTERS) totals.flags[name] += tally.flags[name];
    progressSum += tally.seatedProgress;
    scoreSum += tally.scoreSum;
    scored += tally.scored;
    if (entry.total > 0) mix.push(entry);
  }
  const progressCount = SEATED_STATES.reduce((sum, state) => sum + totals.byState[state], 0);
  totals.completed = totals.byState.completed;
  totals.averageProgress = progressCount ? progressSum / progressCount : null;
  totals.averageScore = scored ? scoreSum / scored : null;
  mix.sort((a, b) => (a.course.title ?? '').localeCompare(b.course.title ?? ''));
  return { totals, mix };
};

/**
 * The report: which groups a read may cover, the filtered rows with totals and the status mix per course.
 * The rows themselves are read by the enrollment-rows repository, which the workspace list and the
 * export share.
 */
const reportService = ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = enrollmentRowsRepository(strapi);
  const courses = courseRepository(strapi);
  const knex = () => strapi.db.connection as unknown as Knex;

  const service = {
    /**
     * Which groups a read may cover (the access service's answer): `rights`, any of them in a group to
     * read it; a group filter naming an unknown group is a 404, one outside those groups a 403. With
     * `subGroups`, the filter's groups and their readable sub-groups.
     */
    async readScope(
      actor: AdminActor,
      rights: Right[],
      groupFilter?: string[],
      subGroups = false
    ): Promise<ReadScope> {
      // With a group filter, the scope over the filter's groups (and their sub-trees): the rows' `canManage`
      // and group paths only ask about those groups and their ancestors (access.readableIn).
      const { groupIds, scope } = await getService(strapi, 'access').readableIn(actor, rights, groupFilter, {
        subGroups,
      });
      // One instant per request: the rows' flags, the flag filter and the totals agree with each other.
      return { groupIds, manageable: groupsWithRight(scope, 'manageEnrollments'), scope, now: new Date() };
    },

    /** A course filter naming a course with no row at all (in any version) is a 404. */
    async assertCoursesExist(documentIds: string[] | undefined) {
      if (!documentIds?.length) return;
      const known = await courses.versions(knex(), documentIds);
      const unknown = documentIds.filter((d) => !known.has(d));
      if (unknown.length) throw new errors.NotFoundError(`No course has the id ${unknown.join(', ')}.`);
    },

    /** One page of rows and the number of rows matching: the workspace's enrollment list. */
    async page(query: PageQuery, read: RowScope) {
      const [total, data] = await Promise.all([rows.count(query, read), rows.page(query, read)]);
      return { rows: data, pagination: paginationOf(query, total) };
    },

    /** Totals and the status mix per course of the filtered rows. */
    async summary(
      filters: EnrollmentFilters,
      read: RowScope
    ): Promise<{ totals: ReportTotals; mix: CourseMix[] }> {
      return summarise(await rows.courseTallies(filters, read));
    },

    async report(query: ReportQuery, actor: AdminActor): Promise<ReportResponse> {
      const read = await service.readScope(actor, ['viewReports'], query.group, query.subGroups);
      await service.assertCoursesExist(query.course);
      // The summary counts the rows: the page needs no count of its own, and reads no course of its own.
      const { rows: data, tallies } = await rows.pageAndTallies(query, read);
      const { totals, mix } = summarise(tallies);
      return {
        data,
        meta: {
          pagination: paginationOf(query, totals.total),
          totals,
          mix: topCourses(mix, MIX_TOP_COURSES),
          userFields: reportUserFields(strapi),
        },
      };
    },

    /** One enrollment's row if the caller may read it: 404 when unknown, 403 when outside scope. */
    async findRow(documentId: string, actor: AdminActor, rights: Right[]): Promise<EnrollmentRow> {
      const scope = await getService(strapi, 'scope').getScope(actor);
      const found = await rows.findByDocumentId(
        documentId,
        groupsWithRight(scope, 'manageEnrollments'),
        scope
      );
      if (!found) throw new errors.NotFoundError(noEnrollmentText(documentId));
      await getService(strapi, 'access').assertRightIn(
        actor,
        { id: found.groupId, name: found.row.group.name },
        rights
      );
      return found.row;
    },
  };
  return service;
};

export type ReportService = ReturnType<typeof reportService>;
export default reportService;
