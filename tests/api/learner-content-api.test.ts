/**
 * The Content API of learners (real users-permissions JWTs) and of the site's LMS back end (real API
 * tokens) against a real Strapi: groups a learner may use, requests under each enrollment policy,
 * cancelling only their own, progress and completion reported by the LMS, and who may call what.
 */
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { bearer, createLearner, http, learnerLogin, registerSuperAdmin } from '../helpers/http';
import { createCourse, createGroup } from '../helpers/enrollments';

const PERMISSION = 'plugin::users-permissions.permission';

describe('learner and LMS Content API (real Strapi)', () => {
  let app: TestStrapi;
  let owner: string;
  let anna: Awaited<ReturnType<typeof createLearner>>;
  let bram: Awaited<ReturnType<typeof createLearner>>;
  let annaJwt: string;
  let bramJwt: string;
  let fullToken: string;
  let courses: Record<'c1' | 'c2' | 'c3' | 'c4' | 'outside', { id: number; documentId: string }>;
  let groups: Record<
    'approval' | 'openPublic' | 'closedPublic' | 'closedMember' | 'other',
    { id: number; documentId: string }
  >;

  const api = () => http(app.strapi);
  const contentToken = async (
    name: string,
    type: 'full-access' | 'read-only' | 'custom',
    permissions?: string[]
  ) =>
    (
      await app.strapi.service('admin::api-token').create({
        name,
        kind: 'content-api',
        type,
        lifespan: null,
        description: '',
        ...(permissions ? { permissions } : {}),
      })
    ).accessKey as string;

  beforeAll(async () => {
    app = await bootStrapi();
    const { strapi } = app;
    owner = (await registerSuperAdmin(strapi)).token;
    anna = await createLearner(strapi, 'anna');
    bram = await createLearner(strapi, 'bram');
    annaJwt = await learnerLogin(strapi, anna.email);
    bramJwt = await learnerLogin(strapi, bram.email);
    courses = {
      c1: await createCourse(strapi, 'Course one'),
      c2: await createCourse(strapi, 'Course two'),
      c3: await createCourse(strapi, 'Course three'),
      c4: await createCourse(strapi, 'Course four'),
      outside: await createCourse(strapi, 'Not in any group'),
    };
    groups = {
      approval: await createGroup(strapi, {
        enrollmentPolicy: 'approval',
        members: [anna.id, bram.id],
        courses: [courses.c1.id, courses.c2.id],
      }),
      openPublic: await createGroup(strapi, {
        visibility: 'public',
        enrollmentPolicy: 'open',
        courses: [courses.c3.id],
      }),
      closedPublic: await createGroup(strapi, {
        visibility: 'public',
        enrollmentPolicy: 'closed',
        courses: [courses.c4.id],
      }),
      closedMember: await createGroup(strapi, {
        enrollmentPolicy: 'closed',
        members: [anna.id],
        courses: [courses.c4.id],
      }),
      other: await createGroup(strapi, {
        enrollmentPolicy: 'open',
        members: [bram.id],
        courses: [courses.c4.id],
      }),
    };
    fullToken = await contentToken('lms-full', 'full-access');
  });

  afterAll(async () => {
    await app?.stop();
  });

  describe('permissions a site owner finds', () => {
    it('allows the learner routes for the Authenticated role once, and never the LMS route', async () => {
      const role = await app.strapi.db
        .query('plugin::users-permissions.role')
        .findOne({ where: { type: 'authenticated' } });
      const granted = await app.strapi.db.query(PERMISSION).findMany({
        where: { role: { id: role.id }, action: { $startsWith: 'plugin::groups.' } },
      });
      expect(granted.map((p: { action: string }) => p.action).sort()).toEqual([
        'plugin::groups.join-codes.join',
        'plugin::groups.learner.cancelEnrollment',
        'plugin::groups.learner.myEnrollments',
        'plugin::groups.learner.myGroups',
        'plugin::groups.learner.requestEnrollment',
      ]);
      // A second start keeps a site owner's later choice.
      expect(await app.strapi.plugin('groups').service('learner-permissions').grantOnce()).toBe(false);
    });

    it('lists the routes in Users & Permissions', async () => {
      const res = await api().get('/users-permissions/permissions').set(bearer(owner));
      expect(res.status).toBe(200);
      const controllers = res.body.permissions['plugin::groups'].controllers;
      expect(Object.keys(controllers.learner).sort()).toEqual([
        'cancelEnrollment',
        'myEnrollments',
        'myGroups',
        'requestEnrollment',
      ]);
      expect(Object.keys(controllers.lms)).toEqual(['reportProgress']);
    });
  });

  describe('my groups', () => {
    it('shows my groups and the public groups I may ask to join, with their courses', async () => {
      const res = await api().get('/api/groups/my/groups').set(bearer(annaJwt));
      expect(res.status).toBe(200);
      const byId = new Map(res.body.data.map((g: { documentId: string }) => [g.documentId, g]));
      expect(byId.get(groups.approval.documentId)).toMatchObject({
        member: true,
        canRequest: true,
        enrollmentPolicy: 'approval',
        courses: [
          { documentId: courses.c1.documentId, title: 'Course one' },
          { documentId: courses.c2.documentId, title: 'Course two' },
        ],
      });
      expect(byId.get(groups.openPublic.documentId)).toMatchObject({ member: false, canRequest: true });
      expect(byId.get(groups.closedMember.documentId)).toMatchObject({ member: true, canRequest: false });
      expect(byId.has(groups.closedPublic.documentId)).toBe(false);
      expect(byId.has(groups.other.documentId)).toBe(false);
      expect(JSON.stringify(res.body)).not.toMatch(/members|bram/);
    });

    it('answers learners only', async () => {
      expect((await api().get('/api/groups/my/groups')).status).toBe(403);
      expect((await api().get('/api/groups/my/groups').set(bearer(fullToken))).status).toBe(403);
      expect((await api().get('/api/groups/my/groups').set(bearer(owner))).status).toBe(401);
    });
  });

  describe('requests under each policy', () => {
    let annaRequest: string;

    it('files a request in an approval group, once', async () => {
      const res = await api()
        .post('/api/groups/my/enrollments')
        .set(bearer(annaJwt))
        .send({ groupId: groups.approval.documentId, courseId: courses.c1.documentId, reason: 'For my job' });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({
        state: 'requested',
        cancellable: true,
        group: { documentId: groups.approval.documentId },
        course: { documentId: courses.c1.documentId, title: 'Course one' },
      });
      expect(res.body.data).not.toHaveProperty('history');
      annaRequest = res.body.data.documentId;
      const again = await api()
        .post('/api/groups/my/enrollments')
        .set(bearer(annaJwt))
        .send({ groupId: groups.approval.documentId, courseId: courses.c1.documentId });
      expect(again.status).toBe(400);
    });

    it('approves at once in an open public group the learner is not a member of', async () => {
      const res = await api()
        .post('/api/groups/my/enrollments')
        .set(bearer(annaJwt))
        .send({ groupId: groups.openPublic.documentId, courseId: courses.c3.documentId });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ state: 'approved', cancellable: false });
    });

    it('refuses closed groups, private groups of others, courses outside the group and bad bodies', async () => {
      const post = (body: object, jwt = annaJwt) =>
        api().post('/api/groups/my/enrollments').set(bearer(jwt)).send(body);
      expect(
        (await post({ groupId: groups.closedMember.documentId, courseId: courses.c4.documentId })).status
      ).toBe(403);
      expect(
        (await post({ groupId: groups.closedPublic.documentId, courseId: courses.c4.documentId })).status
      ).toBe(403);
      expect((await post({ groupId: groups.other.documentId, courseId: courses.c4.documentId })).status).toBe(
        403
      );
      expect(
        (await post({ groupId: groups.approval.documentId, courseId: courses.outside.documentId })).status
      ).toBe(400);
      expect((await post({ groupId: 'nope', courseId: courses.c1.documentId })).status).toBe(404);
      expect((await post({ groupId: groups.approval.documentId })).status).toBe(400);
      expect(
        (
          await post({
            groupId: groups.approval.documentId,
            courseId: courses.c2.documentId,
            learnerId: bram.id,
          })
        ).status
      ).toBe(400);
      expect(
        (
          await post({
            groupId: groups.approval.documentId,
            courseId: courses.c2.documentId,
            state: 'approved',
          })
        ).status
      ).toBe(400);
      const count = await app.strapi.db
        .query('plugin::groups.enrollment')
        .count({ where: { learner: { id: anna.id } } });
      expect(count).toBe(2);
    });

    it('lets a learner see and cancel only their own requests', async () => {
      const mine = await api().get('/api/groups/my/enrollments').set(bearer(annaJwt));
      expect(mine.status).toBe(200);
      expect(mine.body.meta.pagination.total).toBe(2);
      const theirs = await api().get('/api/groups/my/enrollments').set(bearer(bramJwt));
      expect(theirs.body.data).toEqual([]);

      const stolen = await api()
        .post(`/api/groups/my/enrollments/${annaRequest}/cancel`)
        .set(bearer(bramJwt))
        .send({});
      expect(stolen.status).toBe(404);
      const byToken = await api()
        .post(`/api/groups/my/enrollments/${annaRequest}/cancel`)
        .set(bearer(fullToken))
        .send({});
      expect(byToken.status).toBe(403);

      const cancelled = await api()
        .post(`/api/groups/my/enrollments/${annaRequest}/cancel`)
        .set(bearer(annaJwt))
        .send({ reason: 'Changed my mind' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.data).toMatchObject({
        state: 'cancelled',
        cancellable: false,
        reason: 'Changed my mind',
      });
      const stored = await app.strapi.db
        .query('plugin::groups.enrollment')
        .findOne({ where: { documentId: annaRequest } });
      expect(stored.history.at(-1)).toMatchObject({
        from: 'requested',
        to: 'cancelled',
        by: `learner:${anna.id}`,
      });

      const filtered = await api()
        .get('/api/groups/my/enrollments')
        .query({ state: 'approved' })
        .set(bearer(annaJwt));
      expect(filtered.body.data.map((e: { state: string }) => e.state)).toEqual(['approved']);
      expect(
        (await api().get('/api/groups/my/enrollments').query({ state: 'nope' }).set(bearer(annaJwt))).status
      ).toBe(400);

      const approved = filtered.body.data[0].documentId;
      const refused = await api()
        .post(`/api/groups/my/enrollments/${approved}/cancel`)
        .set(bearer(annaJwt))
        .send({});
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/group manager/);

      // The same rule where the row is locked: a place approved after the learner's page was read.
      await expect(
        app.strapi
          .plugin('groups')
          .service('enrollment')
          .transition({
            documentId: approved,
            to: 'cancelled',
            actor: { kind: 'learner', userId: anna.id },
          })
      ).rejects.toThrow(/group manager/);
      const still = await app.strapi.db
        .query('plugin::groups.enrollment')
        .findOne({ where: { documentId: approved } });
      expect(still.state).toBe('approved');
    });

    it('asks again after cancelling', async () => {
      const res = await api()
        .post('/api/groups/my/enrollments')
        .set(bearer(annaJwt))
        .send({ groupId: groups.approval.documentId, courseId: courses.c1.documentId });
      expect(res.status).toBe(201);
      expect(res.body.data.state).toBe('requested');
    });
  });

  describe('LMS progress', () => {
    let enrollment: string;
    const put = (token: string | null, documentId: string, body: object) => {
      const req = api().put(`/api/groups/lms/enrollments/${documentId}/progress`);
      return (token ? req.set(bearer(token)) : req).send(body);
    };

    beforeAll(async () => {
      const res = await api()
        .post('/api/groups/my/enrollments')
        .set(bearer(bramJwt))
        .send({ groupId: groups.other.documentId, courseId: courses.c4.documentId });
      expect(res.body).toMatchObject({ data: { state: 'approved' } });
      enrollment = res.body.data.documentId;
    });

    it('records progress, time spent and score, and stamps the start', async () => {
      const res = await put(fullToken, enrollment, { progress: 40, timeSpent: 600, score: 7.5 });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ state: 'approved', progress: 40, timeSpent: 600, score: 7.5 });
      expect(res.body.data.startedAt).toEqual(expect.any(String));
      const startedAt = res.body.data.startedAt;
      const later = await put(fullToken, enrollment, { progress: 60, timeSpent: 900 });
      expect(later.body.data).toMatchObject({ progress: 60, timeSpent: 900, score: 7.5, startedAt });
    });

    it('refuses bad reports without writing anything', async () => {
      for (const body of [
        {},
        { progress: 101 },
        { progress: 50.5 },
        { progress: '50' },
        { timeSpent: -1 },
        { score: -2 },
        { startedAt: 'yesterday' },
        { state: 'completed' },
        { progress: 70, learner: 1 },
        { startedAt: '2026-05-02T10:00:00Z', completedAt: '2026-05-01T10:00:00Z' },
        { completedAt: '2026-05-01T10:00:00Z' },
      ]) {
        const res = await put(fullToken, enrollment, body);
        expect([body, res.status]).toEqual([body, 400]);
      }
      expect((await put(fullToken, 'no-such-enrollment', { progress: 10 })).status).toBe(404);
      const stored = await app.strapi.db
        .query('plugin::groups.enrollment')
        .findOne({ where: { documentId: enrollment } });
      expect(stored).toMatchObject({ progress: 60, timeSpent: 900, state: 'approved' });
    });

    it('refuses enrollments without a place', async () => {
      const requested = await api()
        .post('/api/groups/my/enrollments')
        .set(bearer(annaJwt))
        .send({ groupId: groups.approval.documentId, courseId: courses.c2.documentId });
      const res = await put(fullToken, requested.body.data.documentId, { progress: 10 });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/requested/);
    });

    it('answers API tokens with the right only, never a learner', async () => {
      expect((await put(null, enrollment, { progress: 61 })).status).toBe(403);
      expect((await put(bramJwt, enrollment, { progress: 61 })).status).toBe(403);
      expect((await put(owner, enrollment, { progress: 61 })).status).toBe(401);
      expect(
        (await put(await contentToken('lms-read', 'read-only'), enrollment, { progress: 61 })).status
      ).toBe(403);
      expect(
        (
          await put(
            await contentToken('lms-none', 'custom', ['plugin::groups.learner.myGroups']),
            enrollment,
            { progress: 61 }
          )
        ).status
      ).toBe(403);

      // A site owner who ticks the LMS action for learners by mistake still does not let them report.
      const role = await app.strapi.db
        .query('plugin::users-permissions.role')
        .findOne({ where: { type: 'authenticated' } });
      await app.strapi.db
        .query(PERMISSION)
        .create({ data: { action: 'plugin::groups.lms.reportProgress', role: role.id } });
      expect((await put(bramJwt, enrollment, { progress: 100 })).status).toBe(403);

      const custom = await contentToken('lms-custom', 'custom', ['plugin::groups.lms.reportProgress']);
      const res = await put(custom, enrollment, { progress: 61 });
      expect(res.status).toBe(200);
      expect(res.body.data.progress).toBe(61);
    });

    it('completes an approved enrollment at 100, with history, and keeps it completed', async () => {
      const res = await put(fullToken, enrollment, {
        progress: 100,
        timeSpent: 1800,
        completedAt: '2026-11-01T09:30:00.000Z',
      });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        state: 'completed',
        progress: 100,
        completedAt: '2026-11-01T09:30:00.000Z',
      });
      const stored = await app.strapi.db
        .query('plugin::groups.enrollment')
        .findOne({ where: { documentId: enrollment } });
      expect(stored.history.at(-1)).toMatchObject({ from: 'approved', to: 'completed', by: 'lms' });

      const score = await put(fullToken, enrollment, { score: 9 });
      expect(score.body.data).toMatchObject({ state: 'completed', score: 9 });
      const mine = await api()
        .get('/api/groups/my/enrollments')
        .query({ state: 'completed' })
        .set(bearer(bramJwt));
      expect(mine.body.data[0]).toMatchObject({ documentId: enrollment, progress: 100, score: 9 });
    });
  });

  describe('a site owner’s choice', () => {
    it('stops answering when a site owner unticks the route in Users & Permissions, and stays so', async () => {
      const role = await app.strapi.db
        .query('plugin::users-permissions.role')
        .findOne({ where: { type: 'authenticated' } });
      const current = await api().get(`/users-permissions/roles/${role.id}`).set(bearer(owner));
      const permissions = current.body.role.permissions;
      permissions['plugin::groups'].controllers.learner.myGroups.enabled = false;
      const saved = await api()
        .put(`/users-permissions/roles/${role.id}`)
        .set(bearer(owner))
        .send({ name: role.name, description: role.description, permissions });
      expect(saved.status).toBe(200);
      expect((await api().get('/api/groups/my/groups').set(bearer(annaJwt))).status).toBe(403);
      expect((await api().get('/api/groups/my/enrollments').set(bearer(annaJwt))).status).toBe(200);
      await app.strapi.plugin('groups').service('learner-permissions').grantOnce();
      expect((await api().get('/api/groups/my/groups').set(bearer(annaJwt))).status).toBe(403);
    });
  });
});
