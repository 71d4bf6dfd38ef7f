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

  const PROBES: Probe[] = [
    // Admin API: the manager workspace, reports and export.
    {
      route: 'GET /groups/enrollments',
      field: 'query.search',
      send: (text) =>
        api()
          .get('/groups/enrollments')
          .query({ search: `an${text}na` })
          .set(manager()),
    },
    {
      route: 'GET /groups/enrollments',
      field: 'query.timeZone',
      send: (text) =>
        api()
          .get('/groups/enrollments')
          .query({ timeZone: `Europe/Amsterdam${text}` })
          .set(manager()),
    },
    {
      route: 'GET /groups/reports',
      field: 'query.search',
      send: (text) =>
        api()
          .get('/groups/reports')
          .query({ search: `an${text}na` })
          .set(manager()),
    },
    {
      route: 'GET /groups/reports/export',
      field: 'query.search',
      send: (text) =>
        api()
          .get('/groups/reports/export')
          .query({ search: `an${text}na` })
          .set(manager()),
    },
    {
      route: 'GET /groups/workspace/groups/:documentId/members',
      field: 'query.search',
      send: (text) =>
        api()
          .get(`/groups/workspace/groups/${A()}/members`)
          .query({ search: `an${text}na` })
          .set(manager()),
    },
    {
      route: 'POST /groups/enrollments/:documentId/transition',
      field: 'body.reason',
      send: (text) =>
        api()
          .post(`/groups/enrollments/${request}/transition`)
          .set(manager())
          .send({ action: 'reject', reason: `Full${text}` }),
    },
    {
      route: 'POST /groups/enrollments/:documentId/transition',
      field: 'params.documentId',
      send: (text) =>
        api()
          .post(`/groups/enrollments/${encodeURIComponent(`${request}${text}`)}/transition`)
          .set(manager())
          .send({ action: 'approve' }),
    },
    {
      route: 'POST /groups/enrollments/bulk-transition',
      field: 'body.reason',
      send: (text) =>
        api()
          .post('/groups/enrollments/bulk-transition')
          .set(manager())
          .send({ documentIds: [request], action: 'reject', reason: `Full${text}` }),
    },
    {
      route: 'POST /groups/enrollments (register)',
      field: 'body.learner',
      send: (text) =>
        api()
          .post('/groups/enrollments')
          .set(manager())
          .send({
            learner: `${world.learners[2].documentId}${text}`,
            group: A(),
            course: world.courses[1].documentId,
          }),
    },
    // Admin API: members.
    {
      route: 'GET /groups/groups/:groupId/members',
      field: 'query.search',
      send: (text) =>
        api()
          .get(`/groups/groups/${A()}/members`)
          .query({ search: `an${text}na` })
          .set(manager()),
    },
    {
      route: 'GET /groups/groups/:groupId/members',
      field: 'params.groupId',
      send: (text) =>
        api()
          .get(`/groups/groups/${encodeURIComponent(`${A()}${text}`)}/members`)
          .set(manager()),
    },
    {
      route: 'POST /groups/groups/:groupId/members',
      field: 'body.email',
      send: (text) =>
        api()
          .post(`/groups/groups/${A()}/members`)
          .set(manager())
          .send({ email: `emma${text}@learners.test` }),
    },
    {
      route: 'POST /groups/groups/:groupId/invitations',
      field: 'body.username',
      send: (text) =>
        api()
          .post(`/groups/groups/${A()}/invitations`)
          .set(manager())
          .send({ email: 'new.person@learners.test', username: `new${text}person` }),
    },
    {
      route: 'PUT /groups/groups/:groupId/members/:userId',
      field: 'body.username',
      send: (text) =>
        api()
          .put(`/groups/groups/${A()}/members/${world.learners[1].documentId}`)
          .set(manager())
          .send({ username: `daan${text}` }),
    },
    {
      route: 'POST /groups/groups/:groupId/messages',
      field: 'body.subject',
      send: (text) =>
        api()
          .post(`/groups/groups/${A()}/messages`)
          .set(manager())
          .send({ subject: `Hello${text}`, body: 'Text', recipients: { kind: 'all' } }),
    },
    {
      route: 'POST /groups/groups/:groupId/messages',
      field: 'body.body',
      send: (text) =>
        api()
          .post(`/groups/groups/${A()}/messages`)
          .set(manager())
          .send({ subject: 'Hello', body: `Line one${text}`, recipients: { kind: 'all' } }),
    },
    {
      route: 'POST /groups/groups/:groupId/messages',
      field: 'body.recipients.search',
      send: (text) =>
        api()
          .post(`/groups/groups/${A()}/messages`)
          .set(manager())
          .send({ subject: 'Hello', body: 'Text', recipients: { kind: 'filter', search: `an${text}na` } }),
    },
    // Content API: learners, the LMS and invitations.
    {
      route: 'GET /api/groups/my/enrollments',
      field: 'query.group',
      send: (text) =>
        api()
          .get('/api/groups/my/enrollments')
          .query({ group: `${A()}${text}` })
          .set(learner()),
    },
    {
      route: 'POST /api/groups/my/enrollments',
      field: 'body.reason',
      send: (text) =>
        api()
          .post('/api/groups/my/enrollments')
          .set(learner())
          .send({ groupId: A(), courseId: world.courses[1].documentId, reason: `Please${text}` }),
    },
    {
      route: 'POST /api/groups/my/enrollments/:documentId/cancel',
      field: 'body.reason',
      send: (text) =>
        api()
          .post(`/api/groups/my/enrollments/${request}/cancel`)
          .set(learner())
          .send({ reason: `Moved${text}` }),
    },
    {
      route: 'PUT /api/groups/lms/enrollments/:documentId/progress',
      field: 'body.startedAt',
      send: (text) =>
        api()
          .put(`/api/groups/lms/enrollments/${approvedInA()}/progress`)
          .set(lms())
          .send({ progress: 10, startedAt: `2026-10-01T10:00:00Z${text}` }),
    },
    {
      route: 'PUT /api/groups/lms/enrollments/:documentId/progress',
      field: 'params.documentId',
      send: (text) =>
        api()
          .put(`/api/groups/lms/enrollments/${encodeURIComponent(`${approvedInA()}${text}`)}/progress`)
          .set(lms())
          .send({ progress: 10 }),
    },
    {
      route: 'POST /api/groups/invitations/check',
      field: 'body.token',
      send: (text) =>
        api()
          .post('/api/groups/invitations/check')
          .send({ token: `${'t'.repeat(30)}${text}` }),
    },
    {
      route: 'POST /api/groups/invitations/accept',
      field: 'body.password',
      send: (text) =>
        api()
          .post('/api/groups/invitations/accept')
          .send({ token: 't'.repeat(40), password: `${PASSWORD}${text}` }),
    },
    // The Content Manager, for the plugin's own types.
    {
      route: 'PUT Content Manager group',
      field: 'name',
      send: (text) =>
        api()
          .put(`${CM}/${GROUP}/${A()}`)
          .set(owner())
          .send({ name: `Group A${text}` }),
    },
    {
      route: 'PUT Content Manager group',
      field: 'description',
      send: (text) =>
        api()
          .put(`${CM}/${GROUP}/${A()}`)
          .set(owner())
          .send({ description: `About${text}` }),
    },
    {
      route: 'POST Content Manager group',
      field: 'name',
      send: (text) =>
        api()
          .post(`${CM}/${GROUP}`)
          .set(owner())
          .send({ name: `Group C${text}`, slug: 'group-c' }),
    },
    {
      route: 'PUT Content Manager enrollment',
      field: 'reason',
      send: (text) =>
        api()
          .put(`${CM}/${ENROLLMENT}/${request}`)
          .set(owner())
          .send({ reason: `Why${text}` }),
    },
    {
      route: 'GET Content Manager group list',
      field: '_q',
      send: (text) =>
        api()
          .get(`${CM}/${GROUP}`)
          .query({ _q: `Group${text}` })
          .set(owner()),
    },
    {
      route: 'GET Content Manager enrollment list',
      field: 'filters.$and.0.reason.$contains',
      send: (text) =>
        api()
          .get(`${CM}/${ENROLLMENT}`)
          .query({ filters: { reason: { $contains: `Full${text}` } } })
          .set(owner()),
    },
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
