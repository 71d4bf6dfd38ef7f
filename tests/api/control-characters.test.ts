/**
 * A control character in any text input is a 400 that names the field, and nothing is written: the admin
 * API, the Content API (learners, LMS, invitations), member import files, and the Content Manager's writes,
 * searches and filters of the plugin's own types. On PostgreSQL a NUL used to reach the database and fail the statement (a 500); the
 * same probes run on SQLite, where it used to be stored.
 */
import ExcelJS from 'exceljs';
import type { Test } from 'supertest';
import { CONTROL_CHARACTER_MESSAGE } from '../../common/domain/text';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { PASSWORD, bearer, http, learnerLogin, registerSuperAdmin } from '../helpers/http';
import { buildWorld, type World } from '../helpers/workspace-fixtures';
import { ENROLLMENT, GROUP, GROUP_MANAGER, LEARNER } from '../helpers/uids';

const INVITATION = 'plugin::groups.invitation';
const MEMBER_MESSAGE = 'plugin::groups.member-message';
const CM = '/content-manager/collection-types';

/** NUL, which PostgreSQL refuses in text, and ESC, a control character it would store. */
const CHARACTERS = [
  ['NUL', '\u0000'],
  ['ESC', '\u001b'],
] as const;

interface Probe {
  /** The route, as a person would name it. */
  route: string;
  /** The field as the 400's message names it. */
  field: string;
  send: (text: string) => Test;
}

describe('control characters in text input (real Strapi)', () => {
  let app: TestStrapi;
  let world: World;
  let ownerToken: string;
  let learnerJwt: string;
  let lmsToken: string;
  /** A requested enrollment of the learner (lotte) in group A. */
  let request: string;

  const api = () => http(app.strapi);

  /** Everything a probe could have written: row counts, and the text of the rows a probe aims at. */
  const snapshot = async () => {
    const { db } = app.strapi;
    const counts: Record<string, number> = {};
    for (const uid of [ENROLLMENT, GROUP, GROUP_MANAGER, LEARNER, INVITATION, MEMBER_MESSAGE])
      counts[uid] = await db.query(uid as never).count({});
    return {
      counts,
      enrollments: await db.query(ENROLLMENT).findMany({
        select: ['documentId', 'state', 'reason', 'progress', 'startedAt'],
        orderBy: { id: 'asc' },
      }),
      groups: await db.query(GROUP).findMany({
        select: ['documentId', 'name', 'slug', 'description'],
        orderBy: { id: 'asc' },
      }),
      learners: await db.query(LEARNER).findMany({ select: ['username', 'email'], orderBy: { id: 'asc' } }),
    };
  };

  beforeAll(async () => {
    app = await bootStrapi();
    ownerToken = (await registerSuperAdmin(app.strapi)).token;
    world = await buildWorld(app.strapi, ownerToken);
    const lotte = world.learners[0];
    learnerJwt = await learnerLogin(app.strapi, lotte.email);
    request = world.enrollments.find(
      (e) => e.group === 'A' && e.learner === 0 && e.state === 'requested'
    )!.documentId;
    lmsToken = (
      await app.strapi.service('admin::api-token').create({
        name: 'LMS',
        kind: 'content-api',
        type: 'full-access',
        lifespan: null,
        description: '',
      })
    ).accessKey as string;
  });

  afterAll(async () => {
    await app?.stop();
  });

  const A = () => world.groupA.documentId;
  const manager = () => bearer(world.tokens.fullA);
  const owner = () => bearer(ownerToken);
  const learner = () => bearer(learnerJwt);
  const lms = () => bearer(lmsToken);
  const approvedInA = () =>
    world.enrollments.find((e) => e.group === 'A' && e.state === 'approved')!.documentId;

  type Auth = () => Record<string, string>;
  const none: Auth = () => ({});
  /** A request whose query (GET) or body (the other methods) holds the text; `path` may hold it too. */
  const probe = (
    method: 'get' | 'post' | 'put',
    route: string,
    field: string,
    auth: Auth,
    path: (text: string) => string,
    input: (text: string) => object = () => ({})
  ): Probe => ({
    route: `${method.toUpperCase()} ${route}`,
    field,
    send: (text) => {
      const req = api()[method](path(text)).set(auth());
      return method === 'get' ? req.query(input(text)) : req.send(input(text));
    },
  });
  const search = (text: string) => ({ search: `an${text}na` });
  const id = (documentId: string, text: string) => encodeURIComponent(`${documentId}${text}`);
  const members = () => `/groups/groups/${A()}`;
  const message = (subject: string, body: string, recipients: object = { kind: 'all' }) => ({
    subject,
    body,
    recipients,
  });

  const PROBES: Probe[] = [
    // Admin API: the manager workspace, reports and export.
    probe('get', '/groups/enrollments', 'query.search', manager, () => '/groups/enrollments', search),
    probe(
      'get',
      '/groups/enrollments',
      'query.timeZone',
      manager,
      () => '/groups/enrollments',
      (text) => ({
        timeZone: `Europe/Amsterdam${text}`,
      })
    ),
    probe('get', '/groups/reports', 'query.search', manager, () => '/groups/reports', search),
    probe('get', '/groups/reports/export', 'query.search', manager, () => '/groups/reports/export', search),
    probe(
      'get',
      '/groups/workspace/groups/:documentId/members',
      'query.search',
      manager,
      () => `/groups/workspace/groups/${A()}/members`,
      search
    ),
    probe(
      'post',
      '/groups/enrollments/:documentId/transition',
      'body.reason',
      manager,
      () => `/groups/enrollments/${request}/transition`,
      (text) => ({ action: 'reject', reason: `Full${text}` })
    ),
    probe(
      'post',
      '/groups/enrollments/:documentId/transition',
      'params.documentId',
      manager,
      (text) => `/groups/enrollments/${id(request, text)}/transition`,
      () => ({ action: 'approve' })
    ),
    probe(
      'post',
      '/groups/enrollments/bulk-transition',
      'body.reason',
      manager,
      () => '/groups/enrollments/bulk-transition',
      (text) => ({ documentIds: [request], action: 'reject', reason: `Full${text}` })
    ),
    probe(
      'post',
      '/groups/enrollments (register)',
      'body.learner',
      manager,
      () => '/groups/enrollments',
      (text) => ({
        learner: `${world.learners[2].documentId}${text}`,
        group: A(),
        course: world.courses[1].documentId,
      })
    ),
    // Admin API: members.
    probe(
      'get',
      '/groups/groups/:groupId/members',
      'query.search',
      manager,
      () => `${members()}/members`,
      search
    ),
    probe(
      'get',
      '/groups/groups/:groupId/members',
      'params.groupId',
      manager,
      (text) => `/groups/groups/${id(A(), text)}/members`
    ),
    probe(
      'post',
      '/groups/groups/:groupId/members',
      'body.email',
      manager,
      () => `${members()}/members`,
      (text) => ({ email: `emma${text}@learners.test` })
    ),
    probe(
      'post',
      '/groups/groups/:groupId/invitations',
      'body.username',
      manager,
      () => `${members()}/invitations`,
      (text) => ({ email: 'new.person@learners.test', username: `new${text}person` })
    ),
    probe(
      'put',
      '/groups/groups/:groupId/members/:userId',
      'body.username',
      manager,
      () => `${members()}/members/${world.learners[1].documentId}`,
      (text) => ({ username: `daan${text}` })
    ),
    probe(
      'post',
      '/groups/groups/:groupId/messages',
      'body.subject',
      manager,
      () => `${members()}/messages`,
      (text) => message(`Hello${text}`, 'Text')
    ),
    probe(
      'post',
      '/groups/groups/:groupId/messages',
      'body.body',
      manager,
      () => `${members()}/messages`,
      (text) => message('Hello', `Line one${text}`)
    ),
    probe(
      'post',
      '/groups/groups/:groupId/messages',
      'body.recipients.search',
      manager,
      () => `${members()}/messages`,
      (text) => message('Hello', 'Text', { kind: 'filter', ...search(text) })
    ),
    // Content API: learners, the LMS and invitations.
    probe(
      'get',
      '/api/groups/my/enrollments',
      'query.group',
      learner,
      () => '/api/groups/my/enrollments',
      (text) => ({ group: `${A()}${text}` })
    ),
    probe(
      'post',
      '/api/groups/my/enrollments',
      'body.reason',
      learner,
      () => '/api/groups/my/enrollments',
      (text) => ({ groupId: A(), courseId: world.courses[1].documentId, reason: `Please${text}` })
    ),
    probe(
      'post',
      '/api/groups/my/enrollments/:documentId/cancel',
      'body.reason',
      learner,
      () => `/api/groups/my/enrollments/${request}/cancel`,
      (text) => ({ reason: `Moved${text}` })
    ),
    probe(
      'put',
      '/api/groups/lms/enrollments/:documentId/progress',
      'body.startedAt',
      lms,
      () => `/api/groups/lms/enrollments/${approvedInA()}/progress`,
      (text) => ({ progress: 10, startedAt: `2026-10-01T10:00:00Z${text}` })
    ),
    probe(
      'put',
      '/api/groups/lms/enrollments/:documentId/progress',
      'params.documentId',
      lms,
      (text) => `/api/groups/lms/enrollments/${id(approvedInA(), text)}/progress`,
      () => ({ progress: 10 })
    ),
    probe(
      'post',
      '/api/groups/invitations/check',
      'body.token',
      none,
      () => '/api/groups/invitations/check',
      (text) => ({ token: `${'t'.repeat(30)}${text}` })
    ),
    probe(
      'post',
      '/api/groups/invitations/accept',
      'body.password',
      none,
      () => '/api/groups/invitations/accept',
      (text) => ({ token: 't'.repeat(40), password: `${PASSWORD}${text}` })
    ),
    // The Content Manager, for the plugin's own types.
    probe(
      'put',
      'Content Manager group',
      'name',
      owner,
      () => `${CM}/${GROUP}/${A()}`,
      (text) => ({ name: `Group A${text}` })
    ),
    probe(
      'put',
      'Content Manager group',
      'description',
      owner,
      () => `${CM}/${GROUP}/${A()}`,
      (text) => ({ description: `About${text}` })
    ),
    probe(
      'post',
      'Content Manager group',
      'name',
      owner,
      () => `${CM}/${GROUP}`,
      (text) => ({ name: `Group C${text}`, slug: 'group-c' })
    ),
    probe(
      'put',
      'Content Manager enrollment',
      'reason',
      owner,
      () => `${CM}/${ENROLLMENT}/${request}`,
      (text) => ({ reason: `Why${text}` })
    ),
    probe(
      'get',
      'Content Manager group list',
      '_q',
      owner,
      () => `${CM}/${GROUP}`,
      (text) => ({
        _q: `Group${text}`,
      })
    ),
    probe(
      'get',
      'Content Manager enrollment list',
      'filters.$and.0.reason.$contains',
      owner,
      () => `${CM}/${ENROLLMENT}`,
      (text) => ({ filters: { reason: { $contains: `Full${text}` } } })
    ),
    // The Content Manager's lists of the site's types and the relation picker read with the query engine.
    probe(
      'get',
      'Content Manager learner list',
      '_q',
      owner,
      () => `${CM}/plugin::users-permissions.user`,
      (text) => ({ _q: `learner${text}` })
    ),
    probe(
      'get',
      'Content Manager course list',
      'filters[title][$contains]',
      owner,
      () => `${CM}/api::course.course`,
      (text) => ({ filters: { title: { $contains: `Course${text}` } } })
    ),
    probe(
      'get',
      'relation picker',
      '_q',
      owner,
      () => `/content-manager/relations/${ENROLLMENT}/learner`,
      (text) => ({ _q: `learner${text}` })
    ),
  ];

  const cases = PROBES.flatMap((probe) =>
    CHARACTERS.map(([name, character]) => [probe.route, probe.field, name, character, probe] as const)
  );

  it.each(cases)('%s: %s holding %s is a 400 naming the field; nothing is written', async (...args) => {
    const [, field, , character, probe] = args;
    const before = await snapshot();
    const res = await probe.send(character);
    expect([res.status, res.body?.error?.message]).toEqual([400, expect.stringContaining(`${field}: `)]);
    expect(await snapshot()).toEqual(before);
  });

  it('still accepts line breaks and tabs in multi-line text, and refuses them in a single line', async () => {
    const subject = await api()
      .post(`/groups/groups/${A()}/messages`)
      .set(manager())
      .send({ subject: 'Hello\tthere', body: 'Text', recipients: { kind: 'all' } });
    expect([subject.status, subject.body.error?.message]).toEqual([
      400,
      `body.subject: ${CONTROL_CHARACTER_MESSAGE['single-line']}`,
    ]);
    const before = await snapshot();
    const reason = 'Full for now.\r\n\tTry the spring intake.';
    const res = await api()
      .post(`/groups/enrollments/${request}/transition`)
      .set(manager())
      .send({ action: 'reject', reason });
    expect(res.status).toBe(200);
    const stored = await app.strapi.db.query(ENROLLMENT).findOne({ where: { documentId: request } });
    expect(stored).toMatchObject({ state: 'rejected', reason });
    expect((await snapshot()).counts).toEqual(before.counts);
  });

  describe('member import', () => {
    const preview = (file: Buffer, name: string) =>
      api().post(`/groups/groups/${A()}/members-import/preview`).set(manager()).attach('file', file, name);
    const apply = (file: Buffer, name: string) =>
      api().post(`/groups/groups/${A()}/members-import`).set(manager()).attach('file', file, name);

    const csv = Buffer.from(
      [
        'email,username',
        'fine@import.test,fine-one',
        'nul\u0000@import.test,',
        'esc@import.test,esc\u001bone',
      ].join('\r\n'),
      'utf8'
    );
    /** Spreadsheet programs store a control character in a cell as `_xHHHH_`; exceljs reads it back as one. */
    const xlsx = async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Class list');
      sheet.addRow(['Email', 'Username']);
      sheet.addRow(['fine@import.test', 'fine-one']);
      sheet.addRow(['nul_x0000_@import.test', '']);
      sheet.addRow(['esc@import.test', 'esc_x001B_one']);
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };

    it.each([
      ['a CSV file', 'class.csv'],
      ['an .xlsx workbook', 'class.xlsx'],
    ])('reports a control character in %s as an error of its row, and applies nothing', async (_, name) => {
      const file = name.endsWith('.csv') ? csv : await xlsx();
      const before = await snapshot();
      const res = await preview(file, name);
      expect(res.status).toBe(200);
      const rows = res.body.data.rows as Array<{
        row: number;
        outcome: string;
        errors: Array<{ code: string; column: string }>;
      }>;
      expect(rows.map((r) => [r.row, r.outcome, r.errors.map((e) => `${e.column}:${e.code}`)])).toEqual([
        [2, 'invite', []],
        [3, 'error', ['email:control-character']],
        [4, 'error', ['username:control-character']],
      ]);
      const applied = await apply(file, name);
      expect([applied.status, applied.body.error?.message]).toEqual([
        400,
        expect.stringContaining('row 3: The email cell holds the control character U+0000'),
      ]);
      expect(await snapshot()).toEqual(before);
    });
  });
});
