/**
 * The enrollment rules of SPEC §3 against a real Strapi: through the enrollment service (every caller's
 * way in) and through the Content Manager as a Super Admin (the document service middleware).
 */
import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { createAdminUser, registerSuperAdmin } from '../helpers/http';
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

  beforeAll(async () => {
    app = await bootStrapi();
    strapi = app.strapi;
    service = strapi.plugin('groups').service('enrollment') as EnrollmentService;
    ownerId = (await registerSuperAdmin(strapi)).user.id;
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
});
