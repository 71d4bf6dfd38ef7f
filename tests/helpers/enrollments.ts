/**
 * Fixtures for enrollment tests: groups, courses, learners and enrollments written straight through
 * Strapi's document service (no request context, so the plugin sees the system acting).
 */
import type { Core } from '@strapi/strapi';
import type { EnrollmentDTO } from '../../common/contracts/enrollment';
import { createLearner } from './http';

let counter = 0;
const uniq = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

export interface GroupFixture {
  id: number;
  documentId: string;
}

/**
 * A published course (the playground's course type has Draft & Publish). The row returned is the one the
 * enrollment service finds by documentId, so a test comparing an enrollment's course id compares like with
 * like whichever version the database hands out first.
 */
export const createCourse = async (strapi: Core.Strapi, title = uniq('course')) => {
  const uid = 'api::course.course' as never;
  const { documentId } = (await strapi
    .documents(uid)
    .create({ data: { title } as never, status: 'published' })) as unknown as { documentId: string };
  // The lowest row of the document (its draft), the row the enrollment service links a request to.
  return (await strapi.db
    .query(uid)
    .findOne({ where: { documentId }, select: ['id', 'documentId'], orderBy: { id: 'asc' } })) as {
    id: number;
    documentId: string;
  };
};

export const createGroup = async (
  strapi: Core.Strapi,
  options: {
    visibility?: 'private' | 'public';
    enrollmentPolicy?: 'approval' | 'open' | 'closed';
    seatLimit?: number | null;
    members?: number[];
    courses?: number[];
    archivedAt?: string | null;
  } = {}
): Promise<GroupFixture> => {
  const name = uniq('group');
  const created = await strapi.documents('plugin::groups.group').create({
    data: {
      name,
      slug: name,
      visibility: options.visibility ?? 'private',
      enrollmentPolicy: options.enrollmentPolicy ?? 'approval',
      seatLimit: options.seatLimit ?? null,
      archivedAt: options.archivedAt ?? null,
      members: (options.members ?? []).map((id) => ({ id })),
      courses: (options.courses ?? []).map((id) => ({ id })),
    } as never,
  });
  return { id: created.id as number, documentId: created.documentId };
};

export const createLearners = async (strapi: Core.Strapi, count: number, prefix = uniq('learner')) => {
  const learners = [];
  for (let i = 0; i < count; i += 1) learners.push(await createLearner(strapi, `${prefix}-${i}`));
  return learners;
};

/** A requested enrollment, made through the service as the system would. */
export const requestEnrollment = async (
  strapi: Core.Strapi,
  learnerId: number,
  group: GroupFixture,
  course: { documentId: string }
): Promise<EnrollmentDTO> =>
  strapi
    .plugin('groups')
    .service('enrollment')
    .request({
      learnerId,
      groupDocumentId: group.documentId,
      courseDocumentId: course.documentId,
      actor: { kind: 'learner', userId: learnerId },
    });

/**
 * A new learner, made a member of `group`, with an enrollment in `course` there in the given state (and any
 * other fields, e.g. a due date), written as server code would.
 */
export const enrollNewMember = async (
  strapi: Core.Strapi,
  place: { group: string; course: string },
  state = 'approved',
  fields: Record<string, unknown> = {}
) => {
  const learner = await createLearner(strapi, uniq('member'));
  await strapi.documents('plugin::groups.group').update({
    documentId: place.group,
    data: { members: { connect: [learner.id] } } as never,
  });
  const created = await strapi.documents('plugin::groups.enrollment').create({
    data: { learner: learner.id, group: place.group, course: place.course, state, ...fields } as never,
  });
  return { documentId: created.documentId, learner };
};
