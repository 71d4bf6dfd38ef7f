/**
 * The enrollment rules of SPEC §3 against a real Strapi: through the enrollment service (every caller's
 * way in) and through the Content Manager as a Super Admin (the document service middleware).
 */
import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { bearer, createAdminUser, http, registerSuperAdmin } from '../helpers/http';
import {
  createCourse,
  createGroup,
  createLearners,
  requestEnrollment,
  type GroupFixture,
} from '../helpers/enrollments';
import type { EnrollmentService } from '../../server/src/services/enrollment';
import type { Actor } from '../../server/src/utils/actor';

const SYSTEM: Actor = { kind: 'system' };

describe('enrollment rules (real Strapi)', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let service: EnrollmentService;
  let ownerId: number;
  let ownerToken: string;

  beforeAll(async () => {
    app = await bootStrapi();
    strapi = app.strapi;
    service = strapi.plugin('groups').service('enrollment') as EnrollmentService;
    const registered = await registerSuperAdmin(strapi);
    ownerId = registered.user.id;
    ownerToken = registered.token;
  });

  afterAll(async () => {
    await app?.stop();
  });

  const owner = (): Actor => ({ kind: 'admin', user: { id: ownerId } });

  describe('request()', () => {
    it('approval policy: a member asks and waits; history starts with the request', async () => {
      const course = await createCourse(strapi);
      const [learner] = await createLearners(strapi, 1);
      const group = await createGroup(strapi, { members: [learner.id], courses: [course.id] });
      const dto = await requestEnrollment(strapi, learner.id, group, course);
      expect(dto).toMatchObject({
        state: 'requested',
        learner: { id: learner.id },
        group: { id: group.id },
        course: { id: course.id },
        decidedAt: null,
      });
      expect(dto.requestedAt).toEqual(expect.any(String));
      expect(dto.history).toEqual([
        expect.objectContaining({ from: null, to: 'requested', by: `learner:${learner.id}` }),
      ]);
    });

    it('open policy approves at once, and waitlists once the seats are gone', async () => {
      const course = await createCourse(strapi);
      const learners = await createLearners(strapi, 3);
      const group = await createGroup(strapi, {
        enrollmentPolicy: 'open',
        seatLimit: 2,
        members: learners.map((l) => l.id),
        courses: [course.id],
      });
      const states = [];
      for (const learner of learners)
        states.push((await requestEnrollment(strapi, learner.id, group, course)).state);
      expect(states).toEqual(['approved', 'approved', 'waitlisted']);
    });

    it('closed policy refuses learners but lets a Super Admin register them', async () => {
      const course = await createCourse(strapi);
      const [learner] = await createLearners(strapi, 1);
      const group = await createGroup(strapi, {
        enrollmentPolicy: 'closed',
        members: [learner.id],
        courses: [course.id],
      });
      await expect(requestEnrollment(strapi, learner.id, group, course)).rejects.toMatchObject({
        name: 'ForbiddenError',
      });
      const dto = await service.request({
        learnerId: learner.id,
        groupDocumentId: group.documentId,
        courseDocumentId: course.documentId,
        actor: owner(),
      });
      expect(dto).toMatchObject({ state: 'approved', decidedBy: { id: ownerId } });
    });

    it('refuses non-members of a private group, and lets anyone ask in a public one', async () => {
      const course = await createCourse(strapi);
      const [learner] = await createLearners(strapi, 1);
      const privateGroup = await createGroup(strapi, { courses: [course.id] });
      await expect(requestEnrollment(strapi, learner.id, privateGroup, course)).rejects.toMatchObject({
        name: 'ForbiddenError',
      });
      const publicGroup = await createGroup(strapi, { visibility: 'public', courses: [course.id] });
      expect((await requestEnrollment(strapi, learner.id, publicGroup, course)).state).toBe('requested');
    });

    it('refuses a course that is not in the group, an archived group, and a second active request', async () => {
      const course = await createCourse(strapi);
      const other = await createCourse(strapi);
      const [learner] = await createLearners(strapi, 1);
      const group = await createGroup(strapi, { members: [learner.id], courses: [course.id] });
      await expect(requestEnrollment(strapi, learner.id, group, other)).rejects.toMatchObject({
        name: 'ValidationError',
        message: expect.stringContaining('not one of the group'),
      });
      await requestEnrollment(strapi, learner.id, group, course);
      await expect(requestEnrollment(strapi, learner.id, group, course)).rejects.toMatchObject({
        name: 'ValidationError',
        message: expect.stringContaining('already has an active'),
      });
      const archived = await createGroup(strapi, {
        members: [learner.id],
        courses: [course.id],
        archivedAt: new Date().toISOString(),
      });
      await expect(requestEnrollment(strapi, learner.id, archived, course)).rejects.toMatchObject({
        name: 'ValidationError',
        message: expect.stringContaining('archived'),
      });
    });

    it('re-requests a rejected enrollment instead of making a second one', async () => {
      const course = await createCourse(strapi);
      const [learner] = await createLearners(strapi, 1);
      const group = await createGroup(strapi, { members: [learner.id], courses: [course.id] });
      const first = await requestEnrollment(strapi, learner.id, group, course);
      await service.transition({
        documentId: first.documentId,
        to: 'rejected',
        actor: owner(),
        reason: 'Full',
      });
      const again = await requestEnrollment(strapi, learner.id, group, course);
      expect(again.documentId).toBe(first.documentId);
      expect(again.state).toBe('requested');
      expect(again.history.map((h) => `${h.from}>${h.to}`)).toEqual([
        'null>requested',
        'requested>rejected',
        'rejected>requested',
      ]);
    });
  });

  describe('transition()', () => {
    let group: GroupFixture;
    let course: { id: number; documentId: string };
    let learnerIds: number[];

    beforeAll(async () => {
      course = await createCourse(strapi);
      const learners = await createLearners(strapi, 6);
      learnerIds = learners.map((l) => l.id);
      group = await createGroup(strapi, { seatLimit: 1, members: learnerIds, courses: [course.id] });
    });

    it('follows the table, stamps the decision and appends history', async () => {
      const dto = await requestEnrollment(strapi, learnerIds[0], group, course);
      const approved = await service.transition({
        documentId: dto.documentId,
        to: 'approved',
        actor: owner(),
        reason: 'Welcome',
      });
      expect(approved).toMatchObject({ state: 'approved', reason: 'Welcome', decidedBy: { id: ownerId } });
      expect(approved.decidedAt).toEqual(expect.any(String));
      expect(approved.history).toHaveLength(2);
      expect(approved.history[1]).toMatchObject({
        from: 'requested',
        to: 'approved',
        by: `admin:${ownerId}`,
        reason: 'Welcome',
      });
      await expect(
        service.transition({ documentId: dto.documentId, to: 'requested', actor: owner() })
      ).rejects.toMatchObject({
        name: 'ValidationError',
        message: expect.stringContaining('approved can become'),
      });
      const completed = await service.transition({
        documentId: dto.documentId,
        to: 'completed',
        actor: SYSTEM,
      });
      expect(completed.completedAt).toEqual(expect.any(String));
      expect(completed.startedAt).toEqual(expect.any(String));
      expect(completed.history.map((h) => h.to)).toEqual(['requested', 'approved', 'completed']);
    });

    it('waitlists past the seat limit, refuses in strict mode, and a cancellation frees the seat', async () => {
      const seated = await requestEnrollment(strapi, learnerIds[1], group, course);
      const waiting = await requestEnrollment(strapi, learnerIds[2], group, course);
      // learnerIds[0] completed above: the seat is free again.
      expect(
        (await service.transition({ documentId: seated.documentId, to: 'approved', actor: owner() })).state
      ).toBe('approved');
      await expect(
        service.transition({ documentId: waiting.documentId, to: 'approved', actor: owner(), strict: true })
      ).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('no seat') });
      expect(
        (await service.transition({ documentId: waiting.documentId, to: 'approved', actor: owner() })).state
      ).toBe('waitlisted');
      await service.transition({ documentId: seated.documentId, to: 'cancelled', actor: owner() });
      expect(
        (await service.transition({ documentId: waiting.documentId, to: 'approved', actor: owner() })).state
      ).toBe('approved');
    });

    it('refuses unknown and anonymous actors, other learners, and unknown ids', async () => {
      const dto = await requestEnrollment(strapi, learnerIds[3], group, course);
      for (const actor of [{ kind: 'unknown' }, { kind: 'anonymous' }] as Actor[]) {
        await expect(
          service.transition({ documentId: dto.documentId, to: 'approved', actor })
        ).rejects.toMatchObject({
          name: 'ForbiddenError',
        });
      }
      await expect(
        service.transition({
          documentId: dto.documentId,
          to: 'cancelled',
          actor: { kind: 'learner', userId: learnerIds[4] },
        })
      ).rejects.toMatchObject({ name: 'ForbiddenError' });
      await expect(
        service.transition({
          documentId: dto.documentId,
          to: 'approved',
          actor: { kind: 'learner', userId: learnerIds[3] },
        })
      ).rejects.toMatchObject({ name: 'ForbiddenError' });
      const cancelled = await service.transition({
        documentId: dto.documentId,
        to: 'cancelled',
        actor: { kind: 'learner', userId: learnerIds[3] },
      });
      expect(cancelled.state).toBe('cancelled');
      await expect(
        service.transition({ documentId: 'nope', to: 'approved', actor: owner() })
      ).rejects.toMatchObject({
        name: 'NotFoundError',
      });
    });

    it('checks the manageEnrollments right of a manager in the enrollment’s group', async () => {
      const readOnly = await createAdminUser(strapi, `readonly-${process.pid}@test.local`, ['strapi-editor']);
      const full = await createAdminUser(strapi, `full-${process.pid}@test.local`, ['strapi-editor']);
      await strapi.documents('plugin::groups.group-manager').create({
        data: { user: readOnly.id, group: group.id, canManageEnrollments: false } as never,
      });
      await strapi.documents('plugin::groups.group-manager').create({
        data: { user: full.id, group: group.id, canManageEnrollments: true } as never,
      });
      const dto = await requestEnrollment(strapi, learnerIds[5], group, course);
      await expect(
        service.transition({
          documentId: dto.documentId,
          to: 'rejected',
          actor: { kind: 'admin', user: { id: readOnly.id } },
        })
      ).rejects.toMatchObject({ name: 'ForbiddenError' });
      const [item] = await service.bulkTransition({
        documentIds: [dto.documentId],
        to: 'rejected',
        actor: { kind: 'admin', user: { id: readOnly.id } },
      });
      expect(item).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      const rejected = await service.transition({
        documentId: dto.documentId,
        to: 'rejected',
        actor: { kind: 'admin', user: { id: full.id } },
      });
      expect(rejected).toMatchObject({ state: 'rejected', decidedBy: { id: full.id } });
    });
  });

  describe('through the Content Manager as a Super Admin (document service middleware)', () => {
    const CM = '/content-manager/collection-types';
    const ENROLLMENTS = `${CM}/plugin::groups.enrollment`;
    const GROUPS = `${CM}/plugin::groups.group`;
    const ref = (entity: { documentId: string }) => ({ connect: [{ documentId: entity.documentId }] });
    const as = () => bearer(ownerToken);

    let group: GroupFixture;
    let course: { id: number; documentId: string };
    let otherCourse: { id: number; documentId: string };
    let members: Array<{ id: number; documentId: string }>;
    let outsider: { id: number; documentId: string };

    beforeAll(async () => {
      course = await createCourse(strapi);
      otherCourse = await createCourse(strapi);
      members = await createLearners(strapi, 4);
      [outsider] = await createLearners(strapi, 1);
      group = await createGroup(strapi, {
        seatLimit: 1,
        members: members.map((m) => m.id),
        courses: [course.id],
      });
    });

    const create = (body: Record<string, unknown>) => http(strapi).post(ENROLLMENTS).set(as()).send(body);
    const update = (documentId: string, body: Record<string, unknown>) =>
      http(strapi).put(`${ENROLLMENTS}/${documentId}`).set(as()).send(body);
    const countRows = () => strapi.db.query('plugin::groups.enrollment').count({});

    it('creates a valid enrollment with a fresh history, ignoring history and stamps in the input', async () => {
      const res = await create({
        learner: ref(members[0]),
        group: ref(group),
        course: ref(course),
        state: 'requested',
        reason: 'Please',
        history: [{ at: '2000-01-01', by: 'forged', from: null, to: 'completed', reason: null }],
        decidedAt: '2000-01-01T00:00:00.000Z',
      });
      expect(res.status).toBe(201);
      const stored = await service.transition({
        documentId: res.body.data.documentId,
        to: 'requested',
        actor: owner(),
      });
      expect(stored.history).toEqual([
        expect.objectContaining({ from: null, to: 'requested', by: `admin:${ownerId}`, reason: 'Please' }),
      ]);
      expect(stored.decidedAt).toBeNull();
      expect(stored.requestedAt).toEqual(expect.any(String));
      expect(res.body.data.history).toHaveLength(1);
    });

    it.each([
      [
        'a learner outside the private group',
        () => ({ learner: ref(outsider), course: ref(course) }),
        'not a member',
      ],
      [
        'a course outside the group',
        () => ({ learner: ref(members[1]), course: ref(otherCourse) }),
        'not one of',
      ],
      [
        'a completed initial state',
        () => ({ learner: ref(members[1]), course: ref(course), state: 'completed' }),
        'starts as',
      ],
      ['no course at all', () => ({ learner: ref(members[1]) }), 'needs a course'],
      [
        'a second active enrollment',
        () => ({ learner: ref(members[0]), course: ref(course) }),
        'already has an active',
      ],
    ])('refuses %s with a 400 and writes nothing', async (_name, body, message) => {
      const before = await countRows();
      const res = await create({ group: ref(group), state: 'requested', ...body() });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
      expect(await countRows()).toBe(before);
    });

    it('changes state only along the table, stamping and appending; history input cannot rewrite it', async () => {
      const made = await create({ learner: ref(members[1]), group: ref(group), course: ref(course) });
      expect(made.status).toBe(201);
      const id = made.body.data.documentId;
      const approved = await update(id, { state: 'approved', reason: 'OK', history: [] });
      expect(approved.status).toBe(200);
      expect(approved.body.data.state).toBe('approved');
      let stored = await service.transition({ documentId: id, to: 'approved', actor: owner() });
      expect(stored).toMatchObject({ decidedBy: { id: ownerId }, reason: 'OK' });
      expect(stored.decidedAt).toEqual(expect.any(String));
      expect(stored.history.map((h) => `${h.from}>${h.to}`)).toEqual([
        'null>requested',
        'requested>approved',
      ]);

      const back = await update(id, { state: 'requested' });
      expect(back.status).toBe(400);
      expect(back.body.error.message).toContain('approved can become');

      const rewrite = await update(id, { history: [{ to: 'completed' }], attendance: 'present' });
      expect(rewrite.status).toBe(200);
      stored = await service.transition({ documentId: id, to: 'approved', actor: owner() });
      expect(stored.attendance).toBe('present');
      expect(stored.history).toHaveLength(2);
    });

    it('waitlists an approval past the seat limit (seat taken above)', async () => {
      const made = await create({ learner: ref(members[2]), group: ref(group), course: ref(course) });
      const res = await update(made.body.data.documentId, { state: 'approved' });
      expect(res.status).toBe(200);
      expect(res.body.data.state).toBe('waitlisted');
      const stored = await service.transition({
        documentId: made.body.data.documentId,
        to: 'waitlisted',
        actor: owner(),
      });
      expect(stored.history.map((h) => h.to)).toEqual(['requested', 'waitlisted']);
    });

    it('re-checks a move to a course outside the group', async () => {
      const made = await create({ learner: ref(members[3]), group: ref(group), course: ref(course) });
      const res = await update(made.body.data.documentId, {
        course: { connect: [{ documentId: otherCourse.documentId }] },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('not one of');
    });

    it('clones with a fresh history and refuses a clone that would duplicate an active enrollment', async () => {
      const source = await strapi.db.query('plugin::groups.enrollment').findOne({
        where: { learner: { id: members[3].id }, state: 'requested' },
      });
      const duplicate = await http(strapi)
        .post(`${CM}/plugin::groups.enrollment/clone/${source.documentId}`)
        .set(as())
        .send({});
      expect(duplicate.status).toBe(400);
      expect(duplicate.body.error.message).toContain('already has an active');

      const [newcomer] = await createLearners(strapi, 1);
      await strapi.documents('plugin::groups.group').update({
        documentId: group.documentId,
        data: { members: { connect: [{ id: newcomer.id }] } } as never,
      });
      const cloned = await http(strapi)
        .post(`${CM}/plugin::groups.enrollment/clone/${source.documentId}`)
        .set(as())
        .send({ learner: ref(newcomer) });
      expect(cloned.status).toBe(200);
      const stored = await service.transition({
        documentId: cloned.body.data.documentId,
        to: 'requested',
        actor: owner(),
      });
      expect(stored.learner?.id).toBe(newcomer.id);
      expect(stored.history).toEqual([
        expect.objectContaining({ from: null, to: 'requested', by: `admin:${ownerId}` }),
      ]);
    });

    it('refuses to delete a group that has enrollments, singly and in bulk, and points to archiving', async () => {
      const single = await http(strapi).delete(`${GROUPS}/${group.documentId}`).set(as());
      expect(single.status).toBe(400);
      expect(single.body.error.message).toContain('archive');
      const empty = await createGroup(strapi);
      const bulk = await http(strapi)
        .post(`${GROUPS}/actions/bulkDelete`)
        .set(as())
        .send({ documentIds: [empty.documentId, group.documentId] });
      expect(bulk.status).toBe(400);
      expect(bulk.body.error.message).toContain('archivedAt');
      // All or nothing: the empty group survived the refused bulk delete.
      expect(await strapi.db.query('plugin::groups.group').count({ where: { id: empty.id } })).toBe(1);
      const alone = await http(strapi).delete(`${GROUPS}/${empty.documentId}`).set(as());
      expect(alone.status).toBe(200);
      expect(await strapi.db.query('plugin::groups.group').count({ where: { id: group.id } })).toBe(1);
    });
  });
});
