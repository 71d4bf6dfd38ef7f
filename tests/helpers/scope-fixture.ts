/**
 * Two groups side by side, the personas of the authorization matrix, and the strings that must never reach a persona
 * scoped to group A. Built through the document service with no request (the plugin treats that as the
 * system), so the scope guard does not interfere with the setup.
 */
import type { Core } from '@strapi/strapi';
import { COURSE_EDITOR_ROLE, GROUP_MANAGER_ROLE } from '../../common/domain/roles';
import { adminLogin, createAdminUser, createLearner, learnerLogin, registerSuperAdmin } from './http';
import { bootStrapi, type TestStrapi } from './strapi';
import { COURSE, ENROLLMENT, GROUP, GROUP_MANAGER } from './uids';

export { COURSE, ENROLLMENT, GROUP, GROUP_MANAGER, LEARNER, TYPES } from './uids';

export const ALL_RIGHTS = {
  canViewReports: true,
  canExportReports: true,
  canManageEnrollments: true,
  canManageMembers: true,
  canEditCourses: true,
  canMessageMembers: true,
};
export const NO_RIGHTS = Object.fromEntries(Object.keys(ALL_RIGHTS).map((k) => [k, false]));

export type Persona =
  | 'superAdmin'
  | 'managerA'
  | 'readOnlyA'
  | 'managerB'
  | 'courseEditorA'
  | 'strapiEditor'
  | 'anonymous'
  | 'learner';

export interface Doc {
  id: number;
  documentId: string;
}

export interface LearnerDoc extends Doc {
  email: string;
  username: string;
}

export interface ScopeFixture {
  tokens: Record<Persona, string | null>;
  admins: Record<
    'managerA' | 'readOnlyA' | 'managerB' | 'courseEditorA' | 'strapiEditor',
    { id: number; email: string }
  >;
  groups: { A: Doc; B: Doc };
  courses: { A: Doc; B: Doc };
  learners: { a1: LearnerDoc; a2: LearnerDoc; both: LearnerDoc; b1: LearnerDoc; b2: LearnerDoc };
  enrollments: { a1: Doc; b1: Doc; bothInB: Doc };
  links: { managerA: Doc; readOnlyA: Doc; courseEditorA: Doc; managerB: Doc };
  /** Strings (names, emails, documentIds) of group B that nobody scoped to group A may ever receive. */
  outOfScopeForA: string[];
  /** The same for group B's manager: everything that belongs to A only. */
  outOfScopeForB: string[];
}

let counter = 0;

export const linkManager = (
  strapi: Core.Strapi,
  userId: number,
  group: Doc,
  rights: Record<string, boolean>
) =>
  strapi
    .documents(GROUP_MANAGER as never)
    .create({ data: { user: userId, group: group.documentId, ...rights } as never }) as Promise<Doc>;

export const buildScopeFixture = async (strapi: Core.Strapi): Promise<ScopeFixture> => {
  const tag = `${process.pid}x${counter++}`;
  const owner = await registerSuperAdmin(strapi, `owner-${tag}@test.local`);
  const docs = (uid: string) => strapi.documents(uid as never);

  const courseA = (await docs(COURSE).create({
    data: { title: `Course-A-${tag}` } as never,
    status: 'published',
  })) as Doc;
  const courseB = (await docs(COURSE).create({
    data: { title: `Secret-Course-B-${tag}` } as never,
    status: 'published',
  })) as Doc;

  const a1 = await createLearner(strapi, `alearner1-${tag}`);
  const a2 = await createLearner(strapi, `alearner2-${tag}`);
  const both = await createLearner(strapi, `bothlearner-${tag}`);
  const b1 = await createLearner(strapi, `secretb1-${tag}`);
  const b2 = await createLearner(strapi, `secretb2-${tag}`);

  const groupA = (await docs(GROUP).create({
    data: {
      name: `Group-A-${tag}`,
      slug: `group-a-${tag}`,
      members: [a1.id, a2.id, both.id],
      courses: [courseA.documentId],
    } as never,
  })) as Doc;
  const groupB = (await docs(GROUP).create({
    data: {
      name: `Secret-Group-B-${tag}`,
      slug: `secret-group-b-${tag}`,
      description: `Secret-description-B-${tag}`,
      members: [b1.id, b2.id, both.id],
      courses: [courseB.documentId],
    } as never,
  })) as Doc;

  const enroll = (learner: Doc, group: Doc, course: Doc, state = 'requested') =>
    docs(ENROLLMENT).create({
      data: { learner: learner.id, group: group.documentId, course: course.documentId, state } as never,
    }) as Promise<Doc>;
  const enrollA1 = await enroll(a1, groupA, courseA);
  const enrollB1 = await enroll(b1, groupB, courseB, 'approved');
  const enrollBothInB = await enroll(both, groupB, courseB);

  const managerA = await createAdminUser(strapi, `manager-a-${tag}@test.local`, [GROUP_MANAGER_ROLE.code]);
  const readOnlyA = await createAdminUser(strapi, `readonly-a-${tag}@test.local`, [GROUP_MANAGER_ROLE.code]);
  const managerB = await createAdminUser(strapi, `secret-manager-b-${tag}@test.local`, [
    GROUP_MANAGER_ROLE.code,
  ]);
  const courseEditorA = await createAdminUser(strapi, `course-editor-a-${tag}@test.local`, [
    COURSE_EDITOR_ROLE.code,
  ]);
  const strapiEditor = await createAdminUser(strapi, `editor-${tag}@test.local`, ['strapi-editor']);

  const links = {
    managerA: await linkManager(strapi, managerA.id, groupA, ALL_RIGHTS),
    readOnlyA: await linkManager(strapi, readOnlyA.id, groupA, { ...NO_RIGHTS, canViewReports: true }),
    courseEditorA: await linkManager(strapi, courseEditorA.id, groupA, {
      ...NO_RIGHTS,
      canEditCourses: true,
    }),
    managerB: await linkManager(strapi, managerB.id, groupB, ALL_RIGHTS),
  };

  const tokens: Record<Persona, string | null> = {
    superAdmin: owner.token,
    managerA: await adminLogin(strapi, managerA.email),
    readOnlyA: await adminLogin(strapi, readOnlyA.email),
    managerB: await adminLogin(strapi, managerB.email),
    courseEditorA: await adminLogin(strapi, courseEditorA.email),
    strapiEditor: await adminLogin(strapi, strapiEditor.email),
    anonymous: null,
    learner: await learnerLogin(strapi, a1.email),
  };

  const outOfScopeForA = [
    groupB.documentId,
    `Secret-Group-B-${tag}`,
    `secret-group-b-${tag}`,
    `Secret-description-B-${tag}`,
    courseB.documentId,
    `Secret-Course-B-${tag}`,
    b1.documentId,
    b1.email,
    b2.documentId,
    b2.email,
    enrollB1.documentId,
    enrollBothInB.documentId,
    links.managerB.documentId,
    managerB.email,
  ];
  const outOfScopeForB = [
    groupA.documentId,
    `Group-A-${tag}`,
    courseA.documentId,
    `Course-A-${tag}`,
    a1.documentId,
    a1.email,
    a2.documentId,
    a2.email,
    enrollA1.documentId,
    links.managerA.documentId,
    links.readOnlyA.documentId,
    links.courseEditorA.documentId,
    managerA.email,
  ];

  return {
    tokens,
    admins: { managerA, readOnlyA, managerB, courseEditorA, strapiEditor },
    groups: { A: groupA, B: groupB },
    courses: { A: courseA, B: courseB },
    learners: { a1, a2, both, b1, b2 },
    enrollments: { a1: enrollA1, b1: enrollB1, bothInB: enrollBothInB },
    links,
    outOfScopeForA,
    outOfScopeForB,
  };
};

/** Boots the playground's Strapi and builds the fixture in it; the caller stops `app` after its tests. */
export const startScopeFixture = async (): Promise<{ app: TestStrapi; fx: ScopeFixture }> => {
  const app = await bootStrapi();
  try {
    return { app, fx: await buildScopeFixture(app.strapi) };
  } catch (error) {
    await app.stop();
    throw error;
  }
};

/** The markers of `markers` found anywhere in a response body. */
export const leaked = (body: unknown, markers: readonly string[]): string[] => {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  return markers.filter((marker) => text.includes(marker));
};
