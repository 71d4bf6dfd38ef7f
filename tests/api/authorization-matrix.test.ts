/**
 * AUTHORIZATION MATRIX: every plugin route and the Content Manager routes of the five scoped types,
 * called as every persona, asserting the status code AND that none of the persona's out-of-scope names,
 * emails or documentIds appears anywhere in the response body (Excel exports are opened and read).
 *
 * Personas, in the order of every expectation string:
 *   SA  Super Admin            mA  manager of A, all rights     rA  read-only manager of A (viewReports)
 *   mB  manager of B           cE  course editor of A           ed  Strapi's built-in Editor
 *   an  anonymous              le  learner JWT (member of A)
 * and two managers of the group tree (sub-groups), which the 8-number strings do not list:
 *   pM  manager of Root, A's parent, all rights with sub-groups: expected to answer as mA (works in A)
 *   cM  manager of Child, a sub-group of A, all rights: expected to answer as mB (nothing of A, of Root or
 *       of Child's sibling reaches them)
 *
 *   Root ── A ─┬─ Child        B (a tree of its own)
 *              └─ Sibling
 *
 * ADDING A PLUGIN ROUTE: add ONE line to PLUGIN_ROUTES, keyed `METHOD /path` exactly as the route is
 * registered, with /groups in front of admin routes and /api/groups in front of content API routes:
 *   'GET /groups/things/:documentId': row(READ_IN_A, (f) => ({ params: { documentId: f.enrollmentA() } })),
 * The first argument is the expected status per persona (see the constants below, or write your own
 * 8-number string); the second builds the request and runs once per persona, so it may create fresh
 * records. The route list comes from strapi.plugin('groups').routes: a registered route without a row
 * fails this test, and so does a row whose route no longer exists.
 */
import type { Core } from '@strapi/strapi';
import ExcelJS from 'exceljs';
import { GROUP_MANAGER_ROLE } from '../../common/domain/roles';
import { adminLogin, bearer, createAdminUser, createLearner, http } from '../helpers/http';
import {
  ALL_RIGHTS,
  leaked,
  linkManager,
  startScopeFixture,
  type Doc,
  type Persona,
  type ScopeFixture,
} from '../helpers/scope-fixture';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import type { TestStrapi } from '../helpers/strapi';
import { COURSE, ENROLLMENT, GROUP, GROUP_MANAGER, LEARNER } from '../helpers/uids';

const PERSONAS: Persona[] = [
  'superAdmin',
  'managerA',
  'readOnlyA',
  'managerB',
  'courseEditorA',
  'strapiEditor',
  'anonymous',
  'learner',
];

/** The group tree's managers: each answers as the persona it mirrors (see the header). */
type TreePersona = 'parentManager' | 'childManager';
type MatrixPersona = Persona | TreePersona;
const MIRRORS: Record<TreePersona, Persona> = { parentManager: 'managerA', childManager: 'managerB' };
const ALL_PERSONAS: MatrixPersona[] = [...PERSONAS, 'parentManager', 'childManager'];

/* Expected statuses, one per persona in the order above. */
const ANY_ADMIN = '200 200 200 200 200 200 401 401';
/** Plugin actions every Group Manager holds; the rights of each link are checked by the service. */
const WORKSPACE_READ = '200 200 200 200 403 403 401 401';
/** A write or a read of group A that needs a right the read-only manager lacks. */
const MANAGE_IN_A = '200 200 403 403 403 403 401 401';
/** A read naming group A: any right there will do. */
const READ_IN_A = '200 200 200 403 403 403 401 401';
const CREATE_IN_A = '201 201 403 403 403 403 401 401';
const SUPER_ADMIN_ONLY = '200 403 403 403 403 403 401 401';
const PUBLIC_BAD_TOKEN = '400 400 400 400 400 400 400 400';
/** Learners' own content API routes: an admin JWT is no users-permissions JWT; the public role has no access. */
const LEARNER_ONLY = '401 401 401 401 401 401 403 200';
/** The LMS back end's route (API token only): no persona here holds one. */
const API_TOKEN_ONLY = '401 401 401 401 401 401 403 403';

interface Call {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  /** Multipart upload: field name, file contents and file name. */
  file?: { field: string; content: Buffer; name: string };
}

interface Row {
  expect: string;
  call: (f: Fixture) => Promise<Call> | Call;
  /** Extra checks on a 2xx answer, for routes that report refusals inside a 200. */
  verify?: (persona: MatrixPersona, res: { status: number; body: Record<string, any> }) => void;
}

const row = (expect: string, call: Row['call'] = () => ({}), verify?: Row['verify']): Row => ({
  expect,
  call,
  verify,
});

interface Fixture extends ScopeFixture {
  strapi: Core.Strapi;
  /** A new learner who is a member of group A. */
  memberOfA: () => Promise<Doc>;
  /** A new enrollment in group A (requested unless told), for a new member of A. */
  enrollmentA: (state?: string) => Promise<string>;
  /** A new course linked to group A. */
  courseOfA: () => Promise<Doc>;
  /** A new requested enrollment of the learner persona (a1) in a new course of group A. */
  learnerEnrollment: () => Promise<string>;
  /** A pending invitation to group A, made by the Super Admin. */
  invitationA: () => Promise<string>;
  /** A new group of no one's, for the Groups screen's writes. */
  setupGroup: () => Promise<Doc>;
  /** A join code of group A, made by the Super Admin. */
  joinCodeA: () => Promise<{ documentId: string; code: string }>;
  seq: () => number;
}

/** Rights sent by the Groups screen's rows: none, so a link made there opens nothing. */
const SETUP_RIGHTS = {
  viewReports: false,
  exportReports: false,
  manageEnrollments: false,
  manageMembers: false,
  editCourses: false,
  messageMembers: false,
};

/** A rule nobody in the fixture matches: the matrix checks who may write it, not what it does. */
const MATRIX_RULE = {
  match: 'all',
  conditions: [{ attribute: 'department', operator: 'equals', values: ['Finance'] }],
};

const csv = (lines: string[]) => Buffer.from(['email,username', ...lines].join('\r\n'), 'utf8');

const PLUGIN_ROUTES: Record<string, Row> = {
  'GET /groups/health': row(ANY_ADMIN),
  'GET /groups/workspace/overview': row(WORKSPACE_READ),
  // The home page widget: counts of the caller's own groups only (names of other groups would be leaks).
  'GET /groups/home/summary': row(WORKSPACE_READ, undefined, (persona, res) =>
    expect([persona, res.body.data.groups > 0]).toEqual([persona, true])
  ),
  'GET /groups/workspace/groups/:documentId/members': row(MANAGE_IN_A, (f) => ({
    params: { documentId: f.groups.A.documentId },
  })),
  'GET /groups/enrollments': row(WORKSPACE_READ),
  'POST /groups/enrollments': row(CREATE_IN_A, async (f) => ({
    body: {
      learner: (await f.memberOfA()).documentId,
      group: f.groups.A.documentId,
      course: f.courses.A.documentId,
    },
  })),
  // Answers 200 with one outcome per enrollment: those out of the caller's rights fail, none succeed.
  'POST /groups/enrollments/bulk-transition': row(
    WORKSPACE_READ,
    async (f) => ({ body: { documentIds: [await f.enrollmentA()], action: 'approve' } }),
    (persona, res) =>
      expect([persona, res.body.meta?.succeeded]).toEqual([
        persona,
        ['readOnlyA', 'managerB', 'childManager'].includes(persona) ? 0 : 1,
      ])
  ),
  'POST /groups/enrollments/:documentId/transition': row(MANAGE_IN_A, async (f) => ({
    params: { documentId: await f.enrollmentA() },
    body: { action: 'approve' },
  })),
  'PUT /groups/enrollments/:documentId/attendance': row(MANAGE_IN_A, async (f) => ({
    params: { documentId: await f.enrollmentA('approved') },
    body: { attendance: 'present' },
  })),
  'PUT /groups/enrollments/due-date': row(MANAGE_IN_A, async (f) => ({
    body: { documentIds: [await f.enrollmentA('approved')], dueAt: '2030-06-30' },
  })),
  // A member of A: the page of A's managers; to B's manager the same 404 as an unknown id.
  'GET /groups/learners/:documentId': row('200 200 200 404 403 403 401 401', async (f) => ({
    params: { documentId: (await f.memberOfA()).documentId },
  })),
  'PUT /groups/enrollments/expiry': row(MANAGE_IN_A, async (f) => ({
    body: { documentIds: [await f.enrollmentA('approved')], expiresAt: '2030-06-30' },
  })),
  // The group link's edit-courses right, which the course editor of A holds without any plugin action.
  'PUT /groups/workspace/groups/:documentId/complete-within': row('200 200 403 403 200 403 401 401', (f) => ({
    params: { documentId: f.groups.A.documentId },
    body: { course: f.courses.A.documentId, completeWithinDays: null },
  })),
  'GET /groups/reports': row(WORKSPACE_READ),
  'GET /groups/lookup/groups': row(READ_IN_A, (f) => ({ query: `?documentId=${f.groups.A.documentId}` })),
  'GET /groups/lookup/courses': row(READ_IN_A, (f) => ({ query: `?group=${f.groups.A.documentId}` })),
  'GET /groups/reports/export': row(WORKSPACE_READ),
  'GET /groups/groups/:groupId/members': row(MANAGE_IN_A, (f) => ({
    params: { groupId: f.groups.A.documentId },
  })),
  'POST /groups/groups/:groupId/members': row(CREATE_IN_A, async (f) => ({
    params: { groupId: f.groups.A.documentId },
    body: { userId: (await createLearner(f.strapi, `matrix-add-${f.seq()}`)).documentId },
  })),
  'PUT /groups/groups/:groupId/members/:userId': row(MANAGE_IN_A, async (f) => ({
    params: { groupId: f.groups.A.documentId, userId: (await f.memberOfA()).documentId },
    body: { username: `matrix-renamed-${f.seq()}` },
  })),
  'DELETE /groups/groups/:groupId/members/:userId': row(MANAGE_IN_A, async (f) => ({
    params: { groupId: f.groups.A.documentId, userId: (await f.memberOfA()).documentId },
  })),
  'POST /groups/groups/:groupId/members-import/preview': row(MANAGE_IN_A, (f) => ({
    params: { groupId: f.groups.A.documentId },
    file: { field: 'file', content: csv([`matrix-import-${f.seq()}@learners.test,`]), name: 'class.csv' },
  })),
  'POST /groups/groups/:groupId/members-import': row(MANAGE_IN_A, (f) => ({
    params: { groupId: f.groups.A.documentId },
    file: { field: 'file', content: csv([`matrix-import-${f.seq()}@learners.test,`]), name: 'class.csv' },
  })),
  'GET /groups/groups/:groupId/invitations': row(MANAGE_IN_A, (f) => ({
    params: { groupId: f.groups.A.documentId },
  })),
  'POST /groups/groups/:groupId/invitations': row(CREATE_IN_A, (f) => ({
    params: { groupId: f.groups.A.documentId },
    body: { email: `matrix-invite-${f.seq()}@example.test` },
  })),
  'POST /groups/groups/:groupId/invitations/:invitationId/resend': row(MANAGE_IN_A, async (f) => ({
    params: { groupId: f.groups.A.documentId, invitationId: await f.invitationA() },
  })),
  'DELETE /groups/groups/:groupId/invitations/:invitationId': row(MANAGE_IN_A, async (f) => ({
    params: { groupId: f.groups.A.documentId, invitationId: await f.invitationA() },
  })),
  'POST /groups/groups/:groupId/messages': row(MANAGE_IN_A, (f) => ({
    params: { groupId: f.groups.A.documentId },
    body: { subject: 'Matrix', body: 'Hello group', recipients: { kind: 'all' } },
  })),
  'GET /groups/groups/:groupId/member-candidates': row(MANAGE_IN_A, (f) => ({
    params: { groupId: f.groups.A.documentId },
  })),
  'GET /groups/groups/:groupId/messages': row(MANAGE_IN_A, (f) => ({
    params: { groupId: f.groups.A.documentId },
  })),
  // A message of A (to one member) with nothing failed: the retry answers what its emails are, and sends
  // nothing.
  'POST /groups/groups/:groupId/messages/:messageId/retry': row(MANAGE_IN_A, async (f) => {
    const to = { kind: 'selected', userIds: [(await f.memberOfA()).documentId] };
    const sent = await http(f.strapi)
      .post(`/groups/groups/${f.groups.A.documentId}/messages`)
      .set(bearer(f.tokens.superAdmin!))
      .send({ subject: 'Matrix', body: 'Hello group', recipients: to });
    if (sent.status >= 300) throw new Error(`message: ${sent.status} ${JSON.stringify(sent.body)}`);
    return { params: { groupId: f.groups.A.documentId, messageId: sent.body.data.messageId as string } };
  }),
  'POST /groups/groups/:groupId/invitations/:invitationId/link': row(MANAGE_IN_A, async (f) => ({
    params: { groupId: f.groups.A.documentId, invitationId: await f.invitationA() },
  })),
  // Settings → Groups: only holders of settings.manage (the Super Admin here). Saving no override changes nothing.
  'GET /groups/settings': row(SUPER_ADMIN_ONLY),
  'PUT /groups/settings': row(SUPER_ADMIN_ONLY, () => ({ body: { overrides: {} } })),
  'GET /groups/settings/templates': row(SUPER_ADMIN_ONLY),
  'PUT /groups/settings/templates/:kind/:language': row(SUPER_ADMIN_ONLY, () => ({
    params: { kind: 'enrollment-approved', language: 'en' },
    body: { subject: 'Matrix {{courseTitle}}', body: 'Hello {{learnerName}}' },
  })),
  'DELETE /groups/settings/templates/:kind/:language': row(SUPER_ADMIN_ONLY, () => ({
    params: { kind: 'enrollment-approved', language: 'en' },
  })),
  'POST /groups/settings/templates/:kind/:language/preview': row(SUPER_ADMIN_ONLY, () => ({
    params: { kind: 'enrollment-rejected', language: 'nl' },
    body: { subject: 'Matrix', body: 'Hallo {{learnerName}}' },
  })),
  'POST /groups/settings/templates/:kind/:language/test': row(SUPER_ADMIN_ONLY, () => ({
    params: { kind: 'enrollment-rejected', language: 'nl' },
    body: { subject: 'Matrix', body: 'Hallo {{learnerName}}' },
  })),
  // The site owner's Groups screen (tests/api/group-setup.test.ts covers what each answers).
  'GET /groups/setup/groups': row(SUPER_ADMIN_ONLY),
  'POST /groups/setup/groups': row(SUPER_ADMIN_ONLY.replace(/^200/, '201'), (f) => ({
    body: { name: `Matrix setup group ${f.seq()}` },
  })),
  'GET /groups/setup/groups/:documentId': row(SUPER_ADMIN_ONLY, (f) => ({
    params: { documentId: f.groups.A.documentId },
  })),
  'PUT /groups/setup/groups/:documentId': row(SUPER_ADMIN_ONLY, (f) => ({
    params: { documentId: f.groups.A.documentId },
    body: { description: 'Set up by the matrix' },
  })),
  'POST /groups/setup/groups/:documentId/archive': row(SUPER_ADMIN_ONLY, async (f) => ({
    params: { documentId: (await f.setupGroup()).documentId },
  })),
  'POST /groups/setup/groups/:documentId/restore': row(SUPER_ADMIN_ONLY, async (f) => ({
    params: { documentId: (await f.setupGroup()).documentId },
  })),
  'GET /groups/setup/groups/:documentId/managers': row(SUPER_ADMIN_ONLY, (f) => ({
    params: { documentId: f.groups.A.documentId },
  })),
  'POST /groups/setup/groups/:documentId/managers': row(
    SUPER_ADMIN_ONLY.replace(/^200/, '201'),
    async (f) => ({
      params: { documentId: (await f.setupGroup()).documentId },
      body: { userId: f.admins.managerB.id, rights: SETUP_RIGHTS },
    })
  ),
  'PUT /groups/setup/groups/:documentId/managers/:linkId': row(SUPER_ADMIN_ONLY, async (f) => {
    const group = await f.setupGroup();
    const link = await linkManager(f.strapi, f.admins.managerB.id, group, {});
    return {
      params: { documentId: group.documentId, linkId: link.documentId },
      body: { rights: { ...SETUP_RIGHTS, viewReports: true } },
    };
  }),
  'DELETE /groups/setup/groups/:documentId/managers/:linkId': row(SUPER_ADMIN_ONLY, async (f) => {
    const group = await f.setupGroup();
    const link = await linkManager(f.strapi, f.admins.managerB.id, group, {});
    return { params: { documentId: group.documentId, linkId: link.documentId } };
  }),
  'GET /groups/setup/course-options': row(SUPER_ADMIN_ONLY, () => ({ query: '?search=course' })),
  'GET /groups/setup/learner-options': row(SUPER_ADMIN_ONLY, () => ({ query: '?search=learner' })),
  'GET /groups/setup/admin-user-options': row(SUPER_ADMIN_ONLY, () => ({ query: '?search=manager' })),
  'GET /groups/setup/group-options': row(SUPER_ADMIN_ONLY, () => ({ query: '?search=group' })),
  'GET /groups/setup/defaults': row(SUPER_ADMIN_ONLY),
  'GET /groups/courses/:documentId/sharing': row('200 200 200 403 403 403 401 401', (f) => ({
    params: { documentId: f.courses.A.documentId },
  })),
  'GET /groups/groups/:groupId/join-codes': row(MANAGE_IN_A, (f) => ({
    params: { groupId: f.groups.A.documentId },
  })),
  'POST /groups/groups/:groupId/join-codes': row(CREATE_IN_A, (f) => ({
    params: { groupId: f.groups.A.documentId },
    body: { label: `Matrix code ${f.seq()}` },
  })),
  'POST /groups/groups/:groupId/join-codes/:codeId/disable': row(MANAGE_IN_A, async (f) => ({
    params: { groupId: f.groups.A.documentId, codeId: (await f.joinCodeA()).documentId },
  })),
  // Rules are the site owner's unless config/plugins allows managers (managersMayEditRules, off here).
  'GET /groups/groups/:groupId/membership-rule': row(MANAGE_IN_A, (f) => ({
    params: { groupId: f.groups.A.documentId },
  })),
  'POST /groups/groups/:groupId/membership-rule/preview': row(SUPER_ADMIN_ONLY, (f) => ({
    params: { groupId: f.groups.A.documentId },
    body: MATRIX_RULE,
  })),
  'PUT /groups/groups/:groupId/membership-rule': row(SUPER_ADMIN_ONLY, (f) => ({
    params: { groupId: f.groups.A.documentId },
    body: MATRIX_RULE,
  })),
  'DELETE /groups/groups/:groupId/membership-rule': row(SUPER_ADMIN_ONLY, async (f) => {
    const res = await http(f.strapi)
      .put(`/groups/groups/${f.groups.A.documentId}/membership-rule`)
      .set(bearer(f.tokens.superAdmin!))
      .send(MATRIX_RULE);
    if (res.status >= 300) throw new Error(`rule: ${res.status} ${JSON.stringify(res.body)}`);
    return { params: { groupId: f.groups.A.documentId } };
  }),
  // The learner persona is a member of A already: answered 200, and no use of the code is spent.
  'POST /api/groups/my/join': row(LEARNER_ONLY, async (f) => ({
    body: { code: (await f.joinCodeA()).code },
  })),
  'GET /api/groups/my/groups': row(LEARNER_ONLY),
  'GET /api/groups/my/enrollments': row(LEARNER_ONLY),
  'POST /api/groups/my/enrollments': row(LEARNER_ONLY.replace(/200$/, '201'), async (f) => ({
    body: { groupId: f.groups.A.documentId, courseId: (await f.courseOfA()).documentId },
  })),
  'POST /api/groups/my/enrollments/:documentId/cancel': row(LEARNER_ONLY, async (f) => ({
    params: { documentId: await f.learnerEnrollment() },
    body: {},
  })),
  'PUT /api/groups/lms/enrollments/:documentId/progress': row(API_TOKEN_ONLY, async (f) => ({
    params: { documentId: await f.enrollmentA('approved') },
    body: { progress: 50 },
  })),
  'GET /groups/notifications': row(WORKSPACE_READ),
  // A failed email about group A: its managers (any right) may send it again, manager B may not.
  'POST /groups/notifications/:id/resend': row('200 200 200 403 403 403 401 401', async (f) => {
    const outbox = f.strapi.plugin('groups').service('outbox');
    const dedupeKey = `matrix-failed-${f.seq()}`;
    await outbox.enqueue([
      {
        kind: 'test-notice',
        to: `${dedupeKey}@example.test`,
        subject: 'x',
        groupId: f.groups.A.id,
        dedupeKey,
      },
    ]);
    const [message] = await outbox.list({ dedupeKey });
    await f.strapi.db
      .query('plugin::groups.outbox-message')
      .update({ where: { id: message.id }, data: { state: 'failed' } });
    return { params: { id: String(message.id) } };
  }),
  'GET /groups/notifications/preferences': row(WORKSPACE_READ),
  'PUT /groups/notifications/preferences': row(WORKSPACE_READ, () => ({
    body: { newRequests: 'daily', weeklyDigest: false },
  })),
  'GET /api/groups/notifications/opt-out': row(PUBLIC_BAD_TOKEN, () => ({
    query: `?token=${'x'.repeat(40)}`,
  })),
  'POST /api/groups/invitations/check': row(PUBLIC_BAD_TOKEN, () => ({ body: { token: 'x'.repeat(40) } })),
  'POST /api/groups/invitations/accept': row(PUBLIC_BAD_TOKEN, () => ({ body: { token: 'x'.repeat(40) } })),
};

/*
 * Content Manager routes of the five types. Targets are records of group A (fresh ones for writes), so
 * manager B, the course editor and the Editor are always out of scope. `list` also checks that the count
 * in the pagination meta equals the rows returned.
 */
type CmAction =
  'list' | 'findOne' | 'bulkFind' | 'create' | 'clone' | 'update' | 'delete' | 'bulkDelete' | 'relations';

const CM_EXPECTATIONS: Record<string, Record<CmAction, string>> = {
  [GROUP]: {
    list: '200 200 200 200 403 403 401 401',
    findOne: '200 200 200 403 403 403 401 401',
    bulkFind: '200 200 200 403 403 403 401 401',
    create: '201 403 403 403 403 403 401 401',
    clone: '200 403 403 403 403 403 401 401',
    update: '200 403 403 403 403 403 401 401',
    delete: SUPER_ADMIN_ONLY,
    bulkDelete: SUPER_ADMIN_ONLY,
    relations: '200 200 200 200 403 403 401 401',
  },
  [ENROLLMENT]: {
    list: '200 200 200 200 403 403 401 401',
    findOne: '200 200 200 403 403 403 401 401',
    bulkFind: '200 200 200 403 403 403 401 401',
    create: CREATE_IN_A,
    clone: '200 200 403 403 403 403 401 401',
    update: MANAGE_IN_A,
    delete: SUPER_ADMIN_ONLY,
    bulkDelete: SUPER_ADMIN_ONLY,
    relations: '200 200 200 200 403 403 401 401',
  },
  [GROUP_MANAGER]: {
    list: '200 200 200 200 403 403 401 401',
    findOne: '200 200 200 403 403 403 401 401',
    bulkFind: '200 200 200 403 403 403 401 401',
    create: '201 403 403 403 403 403 401 401',
    clone: '200 403 403 403 403 403 401 401',
    update: SUPER_ADMIN_ONLY,
    delete: SUPER_ADMIN_ONLY,
    bulkDelete: SUPER_ADMIN_ONLY,
    relations: '200 200 200 200 403 403 401 401',
  },
  // users-permissions' own Content Manager controller answers every refused create with a 400.
  [LEARNER]: {
    list: '200 200 200 200 403 403 401 401',
    findOne: '200 200 200 403 403 403 401 401',
    bulkFind: '200 200 200 403 403 403 401 401',
    create: '201 201 400 400 403 403 401 401',
    clone: '200 200 403 403 403 403 401 401',
    update: MANAGE_IN_A,
    delete: SUPER_ADMIN_ONLY,
    bulkDelete: SUPER_ADMIN_ONLY,
    relations: '200 200 200 200 403 403 401 401',
  },
  // The site's Editor keeps its own rights on the site's courses.
  [COURSE]: {
    list: '200 200 200 200 200 200 401 401',
    findOne: '200 200 200 403 200 200 401 401',
    bulkFind: '200 200 200 403 200 200 401 401',
    create: '201 403 403 403 403 201 401 401',
    clone: '200 403 403 403 403 200 401 401',
    // Manager A's link holds the edit-courses right: the Group Manager role alone lets them edit.
    update: '200 200 403 403 200 200 401 401',
    delete: '200 403 403 403 403 200 401 401',
    bulkDelete: '200 403 403 403 403 200 401 401',
    relations: '',
  },
};

/** One relation field per type for the relation picker (`relations` action). */
const PICKER_FIELD: Record<string, string | null> = {
  [GROUP]: 'members',
  [ENROLLMENT]: 'learner',
  [GROUP_MANAGER]: 'group',
  [LEARNER]: 'groups',
  [COURSE]: null,
};

/** The status expected of every persona of ALL_PERSONAS: the tree's managers answer as those they mirror. */
const parseExpect = (spec: string): number[] => {
  const codes = spec.trim().split(/\s+/).map(Number);
  if (codes.length !== PERSONAS.length || codes.some((c) => !Number.isInteger(c))) {
    throw new Error(`An expectation needs ${PERSONAS.length} status codes: "${spec}"`);
  }
  return ALL_PERSONAS.map((persona) =>
    persona in MIRRORS
      ? codes[PERSONAS.indexOf(MIRRORS[persona as TreePersona])]
      : codes[PERSONAS.indexOf(persona as Persona)]
  );
};

/** Keeps a binary response (an Excel export) as a Buffer. */
const binaryParser = (res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * The group tree around A: Root above it, Child and Sibling below, each with a learner and an enrollment,
 * and a manager of Root (all rights, sub-groups included) and one of Child. Returns what each part's
 * managers must never read of the others.
 */
const buildTree = async (strapi: Core.Strapi, base: ScopeFixture) => {
  const tag = base.groups.A.documentId.slice(0, 8);
  const docs = (uid: string) => strapi.documents(uid as never);
  const part = async (key: string, parent: Doc | null, course: Doc) => {
    const learner = await createLearner(strapi, `tree${key}1-${tag}`);
    const group = (await docs(GROUP).create({
      data: {
        name: `Tree-${key}-${tag}`,
        slug: `tree-${key}-${tag}`,
        members: [learner.id],
        courses: [course.documentId],
        ...(parent ? { parent: parent.documentId } : {}),
      } as never,
    })) as Doc;
    const enrollment = (await docs(ENROLLMENT).create({
      data: { learner: learner.id, group: group.documentId, course: course.documentId } as never,
    })) as Doc;
    return {
      group,
      markers: [
        group.documentId,
        `Tree-${key}-${tag}`,
        learner.email,
        learner.documentId,
        enrollment.documentId,
      ],
    };
  };
  // Root has a course of its own: a course shared with A's parent would fall under the shared-course rule.
  const rootCourse = (await docs(COURSE).create({
    data: { title: `Tree-Course-Root-${tag}` } as never,
    status: 'published',
  })) as Doc;
  const root = await part('Root', null, rootCourse);
  await docs(GROUP).update({
    documentId: base.groups.A.documentId,
    data: { parent: root.group.documentId } as never,
  });
  const childCourse = (await docs(COURSE).create({
    data: { title: `Tree-Course-Child-${tag}` } as never,
    status: 'published',
  })) as Doc;
  const child = await part('Child', base.groups.A, childCourse);
  const sibling = await part('Sibling', base.groups.A, base.courses.A);
  const admins = {
    parentManager: await createAdminUser(strapi, `tree-parent-manager-${tag}@test.local`, [
      GROUP_MANAGER_ROLE.code,
    ]),
    childManager: await createAdminUser(strapi, `tree-child-manager-${tag}@test.local`, [
      GROUP_MANAGER_ROLE.code,
    ]),
  };
  const parentLink = await linkManager(strapi, admins.parentManager.id, root.group, ALL_RIGHTS);
  await linkManager(strapi, admins.childManager.id, child.group, ALL_RIGHTS);
  return {
    admins,
    markers: {
      // Not the parent manager's email: A's managers may read who changed an entry of A (the parent manager may).
      root: [...root.markers, rootCourse.documentId, `Tree-Course-Root-${tag}`, parentLink.documentId],
      child: [
        ...child.markers,
        childCourse.documentId,
        `Tree-Course-Child-${tag}`,
        admins.childManager.email,
      ],
      sibling: sibling.markers,
    },
  };
};

describe('authorization matrix (real Strapi)', () => {
  let app: TestStrapi;
  let smtp: TestSmtp;
  let f: Fixture;
  let markers: Record<MatrixPersona, string[]>;
  const treeTokens = {} as Record<TreePersona, string>;

  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.SMTP_PORT = String(smtp.port);
    const started = await startScopeFixture();
    app = started.app;
    const { strapi } = app;
    const base = started.fx;
    let counter = 0;
    const seq = () => ++counter;
    const memberOfA = async () => {
      const learner = await createLearner(strapi, `matrix-member-${seq()}`);
      await strapi.documents(GROUP as never).update({
        documentId: base.groups.A.documentId,
        data: { members: { connect: [learner.id] } } as never,
      });
      return learner;
    };
    const courseOfA = async () => {
      const course = (await strapi.documents(COURSE as never).create({
        data: { title: `Matrix course ${seq()}` } as never,
        status: 'published',
      })) as Doc;
      await strapi.documents(GROUP as never).update({
        documentId: base.groups.A.documentId,
        data: { courses: { connect: [course.documentId] } } as never,
      });
      return course;
    };
    f = {
      ...base,
      strapi,
      seq,
      memberOfA,
      enrollmentA: async (state = 'requested') => {
        const learner = await memberOfA();
        const enrollment = (await strapi.documents(ENROLLMENT as never).create({
          data: {
            learner: learner.id,
            group: base.groups.A.documentId,
            course: base.courses.A.documentId,
          } as never,
        })) as Doc;
        // Straight to the wanted state: the fixture is not what the matrix tests.
        if (state !== 'requested') {
          await strapi.db.query(ENROLLMENT).update({ where: { id: enrollment.id }, data: { state } });
        }
        return enrollment.documentId;
      },
      courseOfA,
      learnerEnrollment: async () => {
        const course = await courseOfA();
        const enrollment = (await strapi.documents(ENROLLMENT as never).create({
          data: {
            learner: base.learners.a1.id,
            group: base.groups.A.documentId,
            course: course.documentId,
          } as never,
        })) as Doc;
        return enrollment.documentId;
      },
      setupGroup: async () =>
        (await strapi.documents(GROUP as never).create({
          data: { name: `Matrix setup ${seq()}`, slug: `matrix-setup-${seq()}` } as never,
        })) as Doc,
      invitationA: async () => {
        const res = await http(strapi)
          .post(`/groups/groups/${base.groups.A.documentId}/invitations`)
          .set(bearer(base.tokens.superAdmin!))
          .send({ email: `matrix-invitation-${seq()}@example.test` });
        if (res.status >= 300) throw new Error(`invitation: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body.data.invitation.documentId as string;
      },
      joinCodeA: async () => {
        const res = await http(strapi)
          .post(`/groups/groups/${base.groups.A.documentId}/join-codes`)
          .set(bearer(base.tokens.superAdmin!))
          .send({});
        if (res.status >= 300) throw new Error(`join code: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body.data as { documentId: string; code: string };
      },
    } as Fixture;
    const a = base.outOfScopeForB; // everything of A only
    const b = base.outOfScopeForA; // everything of B only
    const learnerDataOfA = [
      base.learners.a1.email,
      base.learners.a2.email,
      base.learners.both.email,
      base.enrollments.a1.documentId,
    ];
    const noGroupData = [...a, ...b].filter(
      (m) => ![base.courses.A.documentId, base.courses.B.documentId].includes(m) && !/Course-/.test(m)
    );
    const tree = await buildTree(strapi, base);
    for (const persona of ['parentManager', 'childManager'] as const) {
      treeTokens[persona] = await adminLogin(strapi, tree.admins[persona].email);
    }
    markers = {
      superAdmin: [],
      // A's managers see nothing up the tree (Root) — their links include A's sub-groups, so those are theirs.
      managerA: [...b, ...tree.markers.root],
      readOnlyA: [...b, ...tree.markers.root],
      managerB: [...a, ...tree.markers.root, ...tree.markers.child, ...tree.markers.sibling],
      courseEditorA: [...b, ...learnerDataOfA],
      strapiEditor: noGroupData,
      anonymous: [...a, ...b],
      learner: [...b, base.learners.a2.email, base.learners.both.email],
      parentManager: b,
      childManager: [...a, ...b, ...tree.markers.root, ...tree.markers.sibling],
    };
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  /** Every response body as text, Excel files included. */
  const bodyText = async (res: { headers: Record<string, string>; body: unknown; text?: string }) => {
    const type = res.headers['content-type'] ?? '';
    if (type.includes('spreadsheetml') && Buffer.isBuffer(res.body)) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.body as never);
      const cells: string[] = [];
      workbook.eachSheet((sheet) =>
        sheet.eachRow((r) => r.eachCell((cell) => cells.push(String(cell.text ?? cell.value ?? ''))))
      );
      return cells.join('\n');
    }
    return typeof res.body === 'object' && res.body && Object.keys(res.body).length
      ? JSON.stringify(res.body)
      : (res.text ?? '');
  };

  const tokenOf = (persona: MatrixPersona) =>
    persona in MIRRORS ? treeTokens[persona as TreePersona] : f.tokens[persona as Persona];

  const send = async (method: string, path: string, persona: MatrixPersona, call: Call) => {
    const url = path.replace(/\/:(\w+)/g, (_m, name: string) => {
      const value = call.params?.[name];
      if (value === undefined) throw new Error(`No value for :${name} in ${path}`);
      return `/${encodeURIComponent(value)}`;
    });
    let req = http(app.strapi)[method.toLowerCase() as 'get'](url + (call.query ?? ''));
    const token = tokenOf(persona);
    if (token) req = req.set(bearer(token));
    if (path.endsWith('/export')) req = req.buffer(true).parse(binaryParser as never);
    if (call.file) return req.attach(call.file.field, call.file.content, call.file.name);
    return call.body !== undefined ? req.send(call.body as object) : req;
  };

  it('has a row for every plugin route, and no row for a route that is gone', () => {
    const routes = app.strapi.plugin('groups').routes as unknown as Record<
      string,
      { type: string; routes: Array<{ method: string; path: string }> }
    >;
    const registered = Object.values(routes).flatMap((router) =>
      router.routes.map((r) => `${r.method} ${router.type === 'admin' ? '/groups' : '/api/groups'}${r.path}`)
    );
    expect(registered.filter((key) => !(key in PLUGIN_ROUTES))).toEqual([]);
    expect(Object.keys(PLUGIN_ROUTES).filter((key) => !registered.includes(key))).toEqual([]);
  });

  it.each(Object.keys(PLUGIN_ROUTES))('%s', async (key) => {
    const [method, path] = key.split(' ');
    const expected = parseExpect(PLUGIN_ROUTES[key].expect);
    const seen: Array<[MatrixPersona, number]> = [];
    const leaks: Array<[MatrixPersona, string[]]> = [];
    for (const persona of ALL_PERSONAS) {
      const res = await send(method, path, persona, await PLUGIN_ROUTES[key].call(f));
      seen.push([persona, res.status]);
      if (res.status < 300) PLUGIN_ROUTES[key].verify?.(persona, res);
      const found = leaked(await bodyText(res as never), markers[persona]);
      if (found.length) leaks.push([persona, found]);
    }
    expect(seen).toEqual(ALL_PERSONAS.map((persona, i) => [persona, expected[i]]));
    expect(leaks).toEqual([]);
  });

  const cmCases = Object.entries(CM_EXPECTATIONS).flatMap(([uid, actions]) =>
    (Object.keys(actions) as CmAction[])
      .filter((action) => actions[action])
      .map((action) => [uid, action] as const)
  );

  /** A new admin with the Group Manager role: an admin has one link per group. */
  const matrixAdmin = async (): Promise<{ id: number }> => {
    const { strapi } = app;
    const n = f.seq();
    return strapi.service('admin::user').create({
      email: `matrix-admin-${n}@test.local`,
      firstname: 'Matrix',
      lastname: 'Admin',
      isActive: true,
      roles: [
        (await strapi.db.query('admin::role').findOne({ where: { code: GROUP_MANAGER_ROLE.code } })).id,
      ],
    });
  };

  /** Fresh records of group A for the Content Manager writes. */
  const freshTarget = async (uid: string): Promise<Doc> => {
    const { strapi } = app;
    const n = f.seq();
    switch (uid) {
      case GROUP:
        return (await strapi.documents(GROUP as never).create({
          data: { name: `Matrix group ${n}`, slug: `matrix-group-${n}` } as never,
        })) as Doc;
      case ENROLLMENT: {
        const documentId = await f.enrollmentA();
        return (await strapi.db.query(ENROLLMENT).findOne({ where: { documentId } })) as Doc;
      }
      case GROUP_MANAGER:
        return linkManager(strapi, (await matrixAdmin()).id, f.groups.A, { canViewReports: true });
      case LEARNER:
        return f.memberOfA();
      default:
        return f.courseOfA();
    }
  };

  const connect = (doc: { id: number }) => ({ connect: [{ id: doc.id }] });

  /** A valid new entry of `uid` in group A. */
  const createBody = async (uid: string): Promise<Record<string, unknown>> => {
    const n = f.seq();
    switch (uid) {
      case GROUP:
        return { name: `Matrix new group ${n}`, slug: `matrix-new-group-${n}` };
      case ENROLLMENT:
        return {
          learner: connect(await f.memberOfA()),
          group: connect(f.groups.A),
          course: connect(f.courses.A),
        };
      case GROUP_MANAGER:
        return { user: connect(await matrixAdmin()), group: connect(f.groups.A) };
      case LEARNER: {
        const role = await app.strapi.db
          .query('plugin::users-permissions.role')
          .findOne({ where: { type: 'authenticated' } });
        return {
          username: `matrix-new-${n}`,
          email: `matrix-new-${n}@learners.test`,
          password: 'Matrix-pass-1',
          confirmed: true,
          role: connect(role),
          groups: connect(f.groups.A),
        };
      }
      default:
        return { title: `Matrix new course ${n}` };
    }
  };

  const cloneBody = async (uid: string): Promise<Record<string, unknown>> => {
    const n = f.seq();
    switch (uid) {
      case GROUP:
        return { name: `Matrix copy ${n}`, slug: `matrix-copy-${n}` };
      case ENROLLMENT:
        return { learner: connect(await f.memberOfA()) };
      case GROUP_MANAGER:
        return { user: connect(await matrixAdmin()) };
      case LEARNER:
        return { username: `matrix-copy-${n}`, email: `matrix-copy-${n}@learners.test` };
      default:
        return { title: `Matrix course copy ${n}` };
    }
  };

  /** A harmless change of a record of group A. */
  const updateBody = (uid: string, target: Doc & Record<string, unknown>): Record<string, unknown> => {
    switch (uid) {
      case GROUP:
        return { description: 'Edited by the matrix' };
      case ENROLLMENT:
        return { attendance: 'present' };
      case GROUP_MANAGER:
        return { canViewReports: false };
      case LEARNER:
        return { username: `${target.username}-x` };
      default:
        return { summary: 'Edited by the matrix' };
    }
  };

  const cm = (uid: string) => `/content-manager/collection-types/${uid}`;

  it.each(cmCases)('Content Manager %s %s', async (uid, action) => {
    const expected = parseExpect(CM_EXPECTATIONS[uid][action]);
    const readTarget: Record<string, Doc> = {
      [GROUP]: f.groups.A,
      [ENROLLMENT]: f.enrollments.a1,
      [GROUP_MANAGER]: f.links.managerA,
      [LEARNER]: f.learners.a2,
      [COURSE]: f.courses.A,
    };
    const seen: Array<[MatrixPersona, number]> = [];
    const leaks: Array<[MatrixPersona, string[]]> = [];
    const miscounted: MatrixPersona[] = [];
    for (const persona of ALL_PERSONAS) {
      let method = 'GET';
      let path = cm(uid);
      let call: Call = {};
      switch (action) {
        case 'list':
          call = { query: '?pageSize=100' };
          break;
        case 'findOne':
          path = `${cm(uid)}/${readTarget[uid].documentId}`;
          break;
        case 'bulkFind':
          method = 'POST';
          path = `${cm(uid)}/actions/bulkFindForValidation`;
          call = { body: { documentIds: [readTarget[uid].documentId] } };
          break;
        case 'create':
          method = 'POST';
          call = { body: await createBody(uid) };
          break;
        case 'clone':
          method = 'POST';
          path = `${cm(uid)}/clone/${(await freshTarget(uid)).documentId}`;
          call = { body: await cloneBody(uid) };
          break;
        case 'update': {
          const target = (await freshTarget(uid)) as Doc & Record<string, unknown>;
          method = 'PUT';
          path = `${cm(uid)}/${target.documentId}`;
          call = { body: updateBody(uid, target) };
          break;
        }
        case 'delete':
          method = 'DELETE';
          path = `${cm(uid)}/${(await freshTarget(uid)).documentId}`;
          break;
        case 'bulkDelete':
          method = 'POST';
          path = `${cm(uid)}/actions/bulkDelete`;
          call = { body: { documentIds: [(await freshTarget(uid)).documentId] } };
          break;
        case 'relations':
          path = `/content-manager/relations/${uid}/${PICKER_FIELD[uid]}`;
          call = { query: '?pageSize=100' };
          break;
      }
      const res = await send(method, path, persona, call);
      seen.push([persona, res.status]);
      const found = leaked(await bodyText(res as never), markers[persona]);
      if (found.length) leaks.push([persona, found]);
      const { pagination, results } = res.body ?? {};
      if (action === 'list' && res.status === 200 && Math.min(pagination.total, 100) !== results.length) {
        miscounted.push(persona);
      }
    }
    expect(seen).toEqual(ALL_PERSONAS.map((persona, i) => [persona, expected[i]]));
    expect(leaks).toEqual([]);
    expect(miscounted).toEqual([]);
  });
});
