import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  LEARNER_CANCELLABLE_STATES,
  type LearnerCourse,
  type LearnerEnrollment,
  type LearnerGroup,
  type MyEnrollmentsQuery,
  type RequestEnrollmentBody,
} from '../../../common/contracts/learner';
import type { EnrollmentState } from '../../../common/domain/enrollment-status';
import { ENROLLMENT_UID, GROUP_UID } from '../constants';
import type { PluginConfig } from '../config';
import type { Actor } from '../utils/actor';
import { getService } from '../utils/get-service';
import { pageWindow, paginationOf } from '../utils/pagination';

type LearnerActor = Extract<Actor, { kind: 'learner' }>;

const GROUP_FIELDS = ['id', 'documentId', 'name', 'slug', 'description', 'visibility', 'enrollmentPolicy'];

/** What a learner sees of their groups and enrollments: never other learners, history or manager ids. */
const learnerService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::groups') as PluginConfig;

  const courseSelect = () => {
    const uid = config().courseContentType;
    const titleField = config().courseTitleField;
    const attributes = (strapi.contentType(uid as never) as { attributes: Record<string, unknown> })
      .attributes;
    return { fields: ['id', 'documentId', ...(attributes[titleField] ? [titleField] : [])], titleField };
  };

  const toCourse = (
    row: Record<string, unknown> | null | undefined,
    titleField: string
  ): LearnerCourse | null =>
    row
      ? {
          documentId: String(row.documentId),
          title: typeof row[titleField] === 'string' ? (row[titleField] as string) : null,
        }
      : null;

  const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);

  const toEnrollment = (row: Record<string, any>, titleField: string): LearnerEnrollment => ({
    documentId: row.documentId,
    state: row.state,
    group: row.group ? { documentId: row.group.documentId, name: row.group.name } : null,
    course: toCourse(row.course, titleField),
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

  const findOwn = async (learnerId: number, where: Record<string, unknown>) => {
    const { fields, titleField } = courseSelect();
    const row = await strapi.db.query(ENROLLMENT_UID).findOne({
      where: { ...where, learner: { id: learnerId } },
      populate: {
        group: { select: ['documentId', 'name'] },
        course: { select: fields },
      },
    });
    return row ? toEnrollment(row, titleField) : null;
  };

  return {
    /** The groups a learner can work in: those they belong to, and public groups that take requests. */
    async myGroups(actor: LearnerActor): Promise<LearnerGroup[]> {
      const { fields, titleField } = courseSelect();
      const populate = { courses: { select: fields, orderBy: { id: 'asc' as const } } };
      const [memberOf, open] = await Promise.all([
        strapi.db.query(GROUP_UID).findMany({
          where: { members: { id: actor.userId }, archivedAt: { $null: true } },
          select: GROUP_FIELDS,
          populate,
        }),
        strapi.db.query(GROUP_UID).findMany({
          where: { visibility: 'public', archivedAt: { $null: true }, enrollmentPolicy: { $ne: 'closed' } },
          select: GROUP_FIELDS,
          populate,
        }),
      ]);
      const memberIds = new Set(memberOf.map((group) => group.id));
      const seen = new Set<number>();
      return [...memberOf, ...open]
        .filter((group) => (seen.has(group.id) ? false : (seen.add(group.id), true)))
        .map((group) => ({
          documentId: group.documentId,
          name: group.name,
          slug: group.slug,
          description: group.description ?? null,
          visibility: group.visibility,
          enrollmentPolicy: group.enrollmentPolicy,
          member: memberIds.has(group.id),
          canRequest: group.enrollmentPolicy !== 'closed',
          courses: (group.courses ?? []).map((course: Record<string, unknown>) =>
            toCourse(course, titleField)!
          ),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },

    async myEnrollments(actor: LearnerActor, query: MyEnrollmentsQuery) {
      const { fields, titleField } = courseSelect();
      const where: Record<string, unknown> = { learner: { id: actor.userId } };
      if (query.state) where.state = query.state;
      if (query.group) where.group = { documentId: query.group };
      const [rows, total] = await Promise.all([
        strapi.db.query(ENROLLMENT_UID).findMany({
          where,
          populate: { group: { select: ['documentId', 'name'] }, course: { select: fields } },
          orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
          ...pageWindow(query),
        }),
        strapi.db.query(ENROLLMENT_UID).count({ where }),
      ]);
      return {
        data: rows.map((row) => toEnrollment(row, titleField)),
        meta: { pagination: paginationOf(query, total) },
      };
    },

    /** Asks for a place; the enrollment service applies membership, the course list and the group's policy. */
    async request(actor: LearnerActor, body: RequestEnrollmentBody): Promise<LearnerEnrollment> {
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
