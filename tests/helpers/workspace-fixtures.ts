/**
 * A small world for the workspace tests: two groups (A, B) with courses, members and enrollments in every
 * state, and managers with different rights, all made through Strapi's own services.
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ACTIONS, actionId } from '../../common/domain/permissions';
import type { EnrollmentState } from '../../common/domain/enrollment-status';
import { adminLogin, createAdminUser, createLearner } from './http';

export const ENROLLMENT_UID = 'plugin::groups.enrollment';

/** A role holding every plugin action without conditions: the services' scope checks are under test. */
export const createWorkspaceRole = async (strapi: Core.Strapi, name = 'Workspace tester') => {
  const roleService = strapi.service('admin::role');
  const role = await roleService.create({ name, description: 'Every groups workspace action.' });
  await roleService.assignPermissions(
    role.id,
    PLUGIN_ACTIONS.map(({ uid }) => ({
      action: actionId(uid),
      subject: null,
      conditions: [],
      properties: {},
    }))
  );
  return role as { id: number; code: string };
};

export const NO_RIGHTS = {
  canViewReports: false,
  canExportReports: false,
  canManageEnrollments: false,
  canManageMembers: false,
  canEditCourses: false,
  canMessageMembers: false,
};

export const linkManager = (
  strapi: Core.Strapi,
  userId: number,
  groupDocumentId: string,
  rights: Partial<typeof NO_RIGHTS> = {}
) =>
  strapi.documents('plugin::groups.group-manager').create({
    data: { user: userId, group: groupDocumentId, ...rights } as never,
  });

const day = (n: number) => new Date(Date.UTC(2026, 9, 1 + n, 10, 0, 0)).toISOString();

const A_STATES: EnrollmentState[] = [
  'requested',
  'requested',
  'requested',
  'approved',
  'approved',
  'approved',
  'completed',
  'waitlisted',
  'rejected',
  'cancelled',
];

export interface World {
  groupA: { documentId: string; id: number };
  groupB: { documentId: string; id: number };
  courses: Array<{ documentId: string; title: string }>;
  learners: Array<{ id: number; documentId: string; email: string; username: string }>;
  /** documentId -> state, of every enrollment created. */
  enrollments: Array<{
    documentId: string;
    group: 'A' | 'B';
    state: EnrollmentState;
    learner: number;
    course: number;
  }>;
  tokens: { owner: string; fullA: string; readA: string; fullB: string; noLinks: string };
  users: { fullA: number; readA: number; fullB: number };
}

export const COURSE_TITLES = ['Wound care basics', '=HYPERLINK("http://evil.test","click")', 'Fire safety'];

export const buildWorld = async (strapi: Core.Strapi, ownerToken: string): Promise<World> => {
  const courses = [] as World['courses'];
  for (const title of COURSE_TITLES) {
    const c = await strapi
      .documents('api::course.course' as never)
      .create({ data: { title } as never, status: 'published' });
    courses.push({ documentId: (c as { documentId: string }).documentId, title });
  }
  const learners = [] as World['learners'];
  const names = [
    'lotte',
    'daan',
    'sanne',
    'milan',
    'fleur',
    'thijs',
    'noor',
    'ruben',
    'julia',
    'lars',
    'emma',
    '-sem',
  ];
  for (const name of names) learners.push(await createLearner(strapi, name));

  const group = async (name: string, members: number[], courseIdx: number[], seatLimit: number | null) => {
    const g = (await strapi.documents('plugin::groups.group').create({
      data: {
        name,
        slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        seatLimit,
        members: members.map((i) => learners[i].id),
        courses: courseIdx.map((i) => courses[i].documentId),
      } as never,
    })) as unknown as { documentId: string; id: number };
    return { documentId: g.documentId, id: g.id };
  };
  const groupA = await group('Group A', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [0, 1], 20);
  const groupB = await group('Group B', [8, 9, 10, 11], [2], null);

  const enrollments = [] as World['enrollments'];
  const enroll = async (
    g: { documentId: string },
    tag: 'A' | 'B',
    learner: number,
    course: number,
    state: EnrollmentState,
    n: number
  ) => {
    const seated = state === 'approved' || state === 'completed';
    const e = (await strapi.documents(ENROLLMENT_UID).create({
      data: {
        learner: learners[learner].id,
        group: g.documentId,
        course: courses[course].documentId,
        state,
        attendance: 'unknown',
        progress: state === 'completed' ? 100 : seated && n % 2 === 0 ? 40 : 0,
        score: state === 'completed' ? 80 : null,
        timeSpent: seated ? 3600 + n * 60 : 0,
        requestedAt: day(n),
        startedAt: seated && (state === 'completed' || n % 2 === 0) ? day(n + 1) : null,
        completedAt: state === 'completed' ? day(n + 5) : null,
        history: [{ at: day(n), by: 'system', from: null, to: state, reason: null }],
      } as never,
    })) as unknown as { documentId: string };
    enrollments.push({ documentId: e.documentId, group: tag, state, learner, course });
  };
  for (const [i, state] of A_STATES.entries()) await enroll(groupA, 'A', i, 0, state, i);
  await enroll(groupA, 'A', 0, 1, 'approved', 12); // lotte also takes the second course
  await enroll(groupA, 'A', 1, 1, 'requested', 14);
  for (const [i, state] of (
    ['requested', 'approved', 'completed', 'approved'] as EnrollmentState[]
  ).entries()) {
    await enroll(groupB, 'B', 8 + i, 2, state, 20 + i);
  }

  const role = await createWorkspaceRole(strapi);
  const fullA = await createAdminUser(strapi, 'full.a@test.local', [role.code]);
  const readA = await createAdminUser(strapi, 'read.a@test.local', [role.code]);
  const fullB = await createAdminUser(strapi, 'full.b@test.local', [role.code]);
  const noLinks = await createAdminUser(strapi, 'nolinks@test.local', [role.code]);
  await linkManager(strapi, fullA.id, groupA.documentId, {});
  await linkManager(strapi, readA.id, groupA.documentId, { ...NO_RIGHTS, canViewReports: true });
  await linkManager(strapi, fullB.id, groupB.documentId, {});

  return {
    groupA,
    groupB,
    courses,
    learners,
    enrollments,
    tokens: {
      owner: ownerToken,
      fullA: await adminLogin(strapi, fullA.email),
      readA: await adminLogin(strapi, readA.email),
      fullB: await adminLogin(strapi, fullB.email),
      noLinks: await adminLogin(strapi, noLinks.email),
    },
    users: { fullA: fullA.id, readA: readA.id, fullB: fullB.id },
  };
};
