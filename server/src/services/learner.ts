import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import {
  LEARNER_CANCELLABLE_STATES,
  type LearnerCourse,
  type LearnerEnrollment,
  type LearnerGroup,
  type MyEnrollmentsQuery,
  type MyGroupsQuery,
  type RequestEnrollmentBody,
} from '../../../common/contracts/learner';
import type { EnrollmentState } from '../../../common/domain/enrollment-status';
import { ENROLLMENT_UID, GROUP_UID } from '../constants';
import { courseRepository, type CourseVersion } from '../repositories/courses';
import type { Actor } from '../utils/actor';
import { getService } from '../utils/get-service';
import { pageWindow, paginationOf } from '../utils/pagination';

type LearnerActor = Extract<Actor, { kind: 'learner' }>;

const GROUP_FIELDS = ['id', 'documentId', 'name', 'slug', 'description', 'visibility', 'enrollmentPolicy'];
const ENROLLMENT_POPULATE = {
  group: { select: ['documentId', 'name'] },
  // Any version the enrollment links to names the course document; its title comes from the chosen one.
  course: { select: ['documentId'] },
};

/**
 * What a learner sees of their groups and enrollments: never other learners, history or manager ids.
 * Courses are shown only in a published version when the course type has Draft & Publish, in the locale
 * asked for (else the default locale); see repositories/courses.ts.
 */
const learnerService = ({ strapi }: { strapi: Core.Strapi }) => {
  const courses = courseRepository(strapi);
  const knex = () => strapi.db.connection as unknown as Knex;
  const published = (documentIds: string[], locale?: string) =>
    courses.versions(knex(), documentIds, { locale, publishedOnly: true });

  const toCourse = (version: CourseVersion): LearnerCourse => ({
    documentId: version.documentId,
    title: version.title,
  });

  const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);

  /** A course that is not published (any more) keeps its id but shows no title. */
  const courseOf = (row: Record<string, any>, versions: Map<string, CourseVersion>): LearnerCourse | null => {
    const documentId = row.course?.documentId as string | undefined;
    if (!documentId) return null;
    const version = versions.get(documentId);
    return version ? toCourse(version) : { documentId, title: null };
  };

  const toEnrollment = (
    row: Record<string, any>,
    versions: Map<string, CourseVersion>
  ): LearnerEnrollment => ({
    documentId: row.documentId,
    state: row.state,
    group: row.group ? { documentId: row.group.documentId, name: row.group.name } : null,
    course: courseOf(row, versions),
    progress: Number(row.progress ?? 0),
    score: row.score === null || row.score === undefined ? null : Number(row.score),
    timeSpent: Number(row.timeSpent ?? 0),
    requestedAt: iso(row.requestedAt),
    decidedAt: iso(row.decidedAt),
    startedAt: iso(row.startedAt),
    completedAt: iso(row.completedAt),
    reason: row.reason ?? null,
    cancellable: LEARNER_CANCELLABLE_STATES.includes(row.state as EnrollmentState),
  });

  const toEnrollments = async (rows: Array<Record<string, any>>, locale?: string) => {
    const versions = await published(
      rows.map((row) => row.course?.documentId).filter((id): id is string => Boolean(id)),
      locale
    );
    return rows.map((row) => toEnrollment(row, versions));
  };

  const findOwn = async (learnerId: number, where: Record<string, unknown>) => {
    const row = await strapi.db.query(ENROLLMENT_UID).findOne({
      where: { ...where, learner: { id: learnerId } },
      populate: ENROLLMENT_POPULATE,
    });
    return row ? (await toEnrollments([row]))[0] : null;
  };

  return {
    /** The groups a learner can work in: those they belong to, and public groups that take requests. */
    async myGroups(actor: LearnerActor, query: MyGroupsQuery = {}): Promise<LearnerGroup[]> {
      const [memberOf, open] = await Promise.all([
        strapi.db.query(GROUP_UID).findMany({
          where: { members: { id: actor.userId }, archivedAt: { $null: true } },
          select: GROUP_FIELDS,
        }),
        strapi.db.query(GROUP_UID).findMany({
          where: { visibility: 'public', archivedAt: { $null: true }, enrollmentPolicy: { $ne: 'closed' } },
          select: GROUP_FIELDS,
        }),
      ]);
      const memberIds = new Set(memberOf.map((group) => group.id));
      const seen = new Set<number>();
      const groups = [...memberOf, ...open].filter((group) =>
        seen.has(group.id) ? false : (seen.add(group.id), true)
      );
      const linked = await courses.documentsOfGroups(
        knex(),
        groups.map((group) => Number(group.id))
      );
      const versions = await published([...linked.values()].flat(), query.locale);
      const offered = (groupId: number) =>
        (linked.get(groupId) ?? []).flatMap((documentId) => {
          const version = versions.get(documentId);
          return version ? [toCourse(version)] : [];
        });
      return groups
        .map((group) => ({
          documentId: group.documentId,
          name: group.name,
          slug: group.slug,
          description: group.description ?? null,
          visibility: group.visibility,
          enrollmentPolicy: group.enrollmentPolicy,
          member: memberIds.has(group.id),
          canRequest: group.enrollmentPolicy !== 'closed',
          courses: offered(Number(group.id)),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },

    async myEnrollments(actor: LearnerActor, query: MyEnrollmentsQuery) {
      const where: Record<string, unknown> = { learner: { id: actor.userId } };
      if (query.state) where.state = query.state;
      if (query.group) where.group = { documentId: query.group };
      const [rows, total] = await Promise.all([
        strapi.db.query(ENROLLMENT_UID).findMany({
          where,
          populate: ENROLLMENT_POPULATE,
          orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
          ...pageWindow(query),
        }),
        strapi.db.query(ENROLLMENT_UID).count({ where }),
      ]);
      return {
        data: await toEnrollments(rows, query.locale),
        meta: { pagination: paginationOf(query, total) },
      };
    },

    /**
     * Asks for a place; the enrollment service applies membership, the course list and the group's policy.
     * A course learners are not offered (not published, with Draft & Publish) is unknown to them.
     */
    async request(actor: LearnerActor, body: RequestEnrollmentBody): Promise<LearnerEnrollment> {
      if (!(await published([body.courseId])).has(body.courseId)) {
        throw new errors.NotFoundError('No published course has this id.');
      }
      const created = await getService(strapi, 'enrollment').applyRequest({
        learnerId: actor.userId,
        groupDocumentId: body.groupId,
        courseDocumentId: body.courseId,
        actor,
        reason: body.reason ?? null,
      });
      return (await findOwn(actor.userId, { id: created.id }))!;
    },

    /** Withdraws the learner's own request. Someone else's enrollment is answered as unknown (404). */
    async cancel(actor: LearnerActor, documentId: string, reason?: string): Promise<LearnerEnrollment> {
      const own = await findOwn(actor.userId, { documentId });
      if (!own) throw new errors.NotFoundError('You have no enrollment with this id.');
      if (!own.cancellable) {
        throw new errors.ValidationError(
          own.state === 'approved'
            ? 'Your place is approved: ask your group manager to cancel it.'
            : `An enrollment that is ${own.state} cannot be cancelled.`
        );
      }
      await getService(strapi, 'enrollment').applyTransition({
        documentId,
        to: 'cancelled',
        actor,
        reason: reason ?? null,
      });
      return (await findOwn(actor.userId, { documentId }))!;
    },
  };
};

export type LearnerService = ReturnType<typeof learnerService>;
export default learnerService;
