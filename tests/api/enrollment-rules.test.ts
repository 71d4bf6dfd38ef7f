/**
 * The enrollment rules (docs/ARCHITECTURE.md, "Where each rule lives") against a real Strapi: through the enrollment service (every caller's
 * way in) and through the Content Manager as a Super Admin (the document service middleware).
 */
import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { recordStatements } from '../helpers/sql';
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

    it('re-checks the placement rules when a rejected or cancelled enrollment is asked for again', async () => {
      const [learner] = await createLearners(strapi, 1);
      const groupForAgain = await createGroup(strapi, { members: [learner.id], courses: [course.id] });
      const first = await requestEnrollment(strapi, learner.id, groupForAgain, course);
      await service.transition({ documentId: first.documentId, to: 'cancelled', actor: SYSTEM });
      // A new active enrollment for the same learner, course and group, made as a server script would.
      await strapi.documents('plugin::groups.enrollment').create({
        data: {
          learner: learner.id,
          group: groupForAgain.id,
          course: course.id,
          state: 'requested',
        } as never,
      });
      await expect(
        service.transition({ documentId: first.documentId, to: 'requested', actor: owner() })
      ).rejects.toMatchObject({
        name: 'ValidationError',
        message: expect.stringContaining('already has an active'),
      });
      const [item] = await service.bulkTransition({
        documentIds: [first.documentId],
        to: 'requested',
        actor: owner(),
      });
      expect(item).toMatchObject({ ok: false, code: 'ALREADY_ACTIVE', state: 'cancelled' });

      const [other] = await createLearners(strapi, 1);
      const archived = await createGroup(strapi, { members: [other.id], courses: [course.id] });
      const mine = await requestEnrollment(strapi, other.id, archived, course);
      await service.transition({ documentId: mine.documentId, to: 'rejected', actor: owner() });
      await strapi.documents('plugin::groups.group').update({
        documentId: archived.documentId,
        data: { archivedAt: new Date().toISOString() } as never,
      });
      await expect(
        service.transition({ documentId: mine.documentId, to: 'requested', actor: owner() })
      ).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('archived') });
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

  describe('bulkTransition()', () => {
    /** Requested enrollments for `learners` × `courses` in one group (one per learner and course). */
    const requestedBatch = async (
      learnerCount: number,
      courseCount: number,
      seatLimit: number | null = null
    ) => {
      const courses = [];
      for (let i = 0; i < courseCount; i += 1) courses.push(await createCourse(strapi));
      const learners = await createLearners(strapi, learnerCount);
      const group = await createGroup(strapi, {
        seatLimit,
        members: learners.map((l) => l.id),
        courses: courses.map((c) => c.id),
      });
      const documentIds: string[] = [];
      for (const course of courses) {
        for (const learner of learners) {
          documentIds.push((await requestEnrollment(strapi, learner.id, group, course)).documentId);
        }
      }
      return { group, documentIds };
    };

    /** Runs `work` and counts the SQL statements Strapi's knex sends meanwhile. */
    const countStatements = async (work: () => Promise<unknown>) =>
      (await recordStatements(strapi, work)).length;

    it('approves 200 rows in as many statements as 20 (no per-row chain)', async () => {
      const small = await requestedBatch(4, 5);
      const large = await requestedBatch(10, 20);
      expect(small.documentIds).toHaveLength(20);
      expect(large.documentIds).toHaveLength(200);
      const approve = (documentIds: string[]) => () =>
        service.bulkTransition({ documentIds, to: 'approved', actor: owner(), reason: 'Batch' });
      const forSmall = await countStatements(approve(small.documentIds));
      const forLarge = await countStatements(approve(large.documentIds));
      // The knex query event does fire inside transactions: a count of zero would prove nothing.
      expect(forSmall).toBeGreaterThan(3);
      expect(forLarge).toBe(forSmall);
      const rows = (await strapi.db.query('plugin::groups.enrollment').findMany({
        where: { documentId: { $in: large.documentIds } },
        select: ['state', 'history', 'reason'],
        populate: { decidedBy: { select: ['id'] } },
      })) as Array<{
        state: string;
        reason: string;
        history: Array<{ to: string; reason: string }>;
        decidedBy: { id: number };
      }>;
      expect(rows).toHaveLength(200);
      for (const row of rows) {
        expect(row).toMatchObject({ state: 'approved', reason: 'Batch', decidedBy: { id: ownerId } });
        expect(row.history.map((h) => h.to)).toEqual(['requested', 'approved']);
        expect(row.history[1].reason).toBe('Batch');
      }
    });

    it('reports each item: unchanged, invalid, unknown, seat-limited; idempotent on a second run', async () => {
      const { group, documentIds } = await requestedBatch(4, 1, 2);
      const [a, b, c, d] = documentIds;
      await service.transition({ documentId: d, to: 'rejected', actor: owner() });
      const first = await service.bulkTransition({
        documentIds: [a, b, c, d, 'missing', a],
        to: 'approved',
        actor: owner(),
      });
      expect(first).toEqual([
        { documentId: a, ok: true, state: 'approved' },
        { documentId: b, ok: true, state: 'approved' },
        expect.objectContaining({ documentId: c, ok: true, state: 'waitlisted', code: 'WAITLISTED' }),
        expect.objectContaining({ documentId: d, ok: false, state: 'rejected', code: 'INVALID_TRANSITION' }),
        expect.objectContaining({ documentId: 'missing', ok: false, code: 'NOT_FOUND' }),
      ]);
      const again = await service.bulkTransition({ documentIds: [a, b], to: 'approved', actor: owner() });
      expect(again).toEqual([
        { documentId: a, ok: true, state: 'approved', code: 'UNCHANGED' },
        { documentId: b, ok: true, state: 'approved', code: 'UNCHANGED' },
      ]);
      const strict = await service.bulkTransition({
        documentIds: [c],
        to: 'approved',
        actor: owner(),
        strict: true,
      });
      expect(strict).toEqual([
        expect.objectContaining({ ok: false, code: 'SEAT_LIMIT', state: 'waitlisted' }),
      ]);
      const stillWaiting = await service.bulkTransition({ documentIds: [c], to: 'approved', actor: owner() });
      expect(stillWaiting).toEqual([
        expect.objectContaining({ ok: true, state: 'waitlisted', code: 'WAITLISTED' }),
      ]);
      const history = await service.transition({ documentId: a, to: 'approved', actor: owner() });
      expect(history.history.map((h) => h.to)).toEqual(['requested', 'approved']);
      const seats = await strapi.db
        .query('plugin::groups.enrollment')
        .count({ where: { group: { id: group.id }, state: 'approved' } });
      expect(seats).toBe(2);
    });

    it('refuses bad input with a 400 sentence', async () => {
      await expect(
        service.bulkTransition({ documentIds: [], to: 'approved', actor: owner() })
      ).rejects.toMatchObject({
        name: 'ValidationError',
        message: expect.stringContaining('at least one'),
      });
      await expect(
        service.bulkTransition({ documentIds: ['x'], to: 'promoted' as never, actor: owner() })
      ).rejects.toMatchObject({ name: 'ValidationError' });
    });
  });

  describe('cancelOpenEnrollmentsOfMember()', () => {
    it('cancels the open enrollments of a removed member in that group only, with history', async () => {
      const courses = [await createCourse(strapi), await createCourse(strapi), await createCourse(strapi)];
      const [learner] = await createLearners(strapi, 1);
      const group = await createGroup(strapi, { members: [learner.id], courses: courses.map((c) => c.id) });
      const other = await createGroup(strapi, { members: [learner.id], courses: [courses[0].id] });
      const open = await requestEnrollment(strapi, learner.id, group, courses[0]);
      const approved = await requestEnrollment(strapi, learner.id, group, courses[1]);
      await service.transition({ documentId: approved.documentId, to: 'approved', actor: owner() });
      const done = await requestEnrollment(strapi, learner.id, group, courses[2]);
      await service.transition({ documentId: done.documentId, to: 'approved', actor: owner() });
      await service.transition({ documentId: done.documentId, to: 'completed', actor: SYSTEM });
      const elsewhere = await requestEnrollment(strapi, learner.id, other, courses[0]);

      const cancelled = await service.cancelOpenEnrollmentsOfMember({
        groupId: group.id,
        learnerId: learner.id,
        actor: owner(),
      });
      expect(cancelled).toBe(2);
      const state = async (documentId: string) =>
        (await strapi.db.query('plugin::groups.enrollment').findOne({ where: { documentId } })).state;
      expect(await state(open.documentId)).toBe('cancelled');
      expect(await state(approved.documentId)).toBe('cancelled');
      expect(await state(done.documentId)).toBe('completed');
      expect(await state(elsewhere.documentId)).toBe('requested');
      const dto = await service.transition({
        documentId: approved.documentId,
        to: 'cancelled',
        actor: owner(),
      });
      expect(dto.history.at(-1)).toMatchObject({ from: 'approved', to: 'cancelled', by: `admin:${ownerId}` });
      expect(
        await service.cancelOpenEnrollmentsOfMember({
          groupId: group.id,
          learnerId: learner.id,
          actor: owner(),
        })
      ).toBe(0);
    });

    it('needs the manageMembers right for a manager', async () => {
      const course = await createCourse(strapi);
      const [learner] = await createLearners(strapi, 1);
      const group = await createGroup(strapi, { members: [learner.id], courses: [course.id] });
      await requestEnrollment(strapi, learner.id, group, course);
      const manager = await createAdminUser(strapi, `members-${process.pid}@test.local`, ['strapi-editor']);
      const link = await strapi.documents('plugin::groups.group-manager').create({
        data: {
          user: manager.id,
          group: group.id,
          canManageMembers: false,
          canManageEnrollments: true,
        } as never,
      });
      const actor: Actor = { kind: 'admin', user: { id: manager.id } };
      await expect(
        service.cancelOpenEnrollmentsOfMember({ groupId: group.id, learnerId: learner.id, actor })
      ).rejects.toMatchObject({ name: 'ForbiddenError' });
      await strapi.documents('plugin::groups.group-manager').update({
        documentId: link.documentId,
        data: { canManageMembers: true } as never,
      });
      expect(
        await service.cancelOpenEnrollmentsOfMember({ groupId: group.id, learnerId: learner.id, actor })
      ).toBe(1);
    });
  });

  describe('the document service as Strapi’s MCP server calls it (user { id } only)', () => {
    // Strapi types run() as void; it returns the callback's promise.
    const inRequest = <T>(store: object, run: () => Promise<T>): Promise<T> =>
      (strapi.requestContext.run as unknown as (store: object, cb: () => Promise<T>) => Promise<T>)(
        store,
        run
      );
    const asMcp = <T>(run: () => Promise<T>) =>
      inRequest({ state: { user: { id: ownerId }, auditSource: 'mcp' } }, run);

    it('follows the table, stamps the MCP admin as decider and never takes history from input', async () => {
      const course = await createCourse(strapi);
      const [learner] = await createLearners(strapi, 1);
      const group = await createGroup(strapi, { members: [learner.id], courses: [course.id] });
      const docs = strapi.documents('plugin::groups.enrollment');
      const created = await asMcp(() =>
        docs.create({
          data: {
            learner: learner.id,
            group: group.id,
            course: course.id,
            history: [{ to: 'completed' }],
          } as never,
        })
      );
      await expect(
        asMcp(() => docs.update({ documentId: created.documentId, data: { state: 'completed' } as never }))
      ).rejects.toMatchObject({
        name: 'ValidationError',
        message: expect.stringContaining('requested can become'),
      });
      await asMcp(() =>
        docs.update({ documentId: created.documentId, data: { state: 'approved', history: [] } as never })
      );
      const stored = await service.transition({
        documentId: created.documentId,
        to: 'approved',
        actor: SYSTEM,
      });
      expect(stored.decidedBy).toEqual({ id: ownerId });
      expect(stored.history.map((h) => [h.by, h.from, h.to])).toEqual([
        [`admin:${ownerId}`, null, 'requested'],
        [`admin:${ownerId}`, 'requested', 'approved'],
      ]);
    });

    it('refuses a write it cannot attribute to anyone', async () => {
      const docs = strapi.documents('plugin::groups.enrollment');
      const someone = (await strapi.db.query('plugin::groups.enrollment').findOne({ where: {} })) as {
        documentId: string;
      };
      await expect(
        inRequest({ state: { auth: { strategy: { name: 'something-else' } } } }, () =>
          docs.update({ documentId: someone.documentId, data: { attendance: 'present' } as never })
        )
      ).rejects.toMatchObject({ name: 'ForbiddenError' });
    });
  });

  describe('server imports (no request: the system acting)', () => {
    it('keep their past state and history but still obey where an enrollment may be', async () => {
      const course = await createCourse(strapi);
      const [member, outsider] = await createLearners(strapi, 2);
      const group = await createGroup(strapi, { members: [member.id], courses: [course.id] });
      const past = [
        { at: '2025-01-01T00:00:00.000Z', by: 'system', from: null, to: 'requested', reason: null },
        { at: '2025-01-02T00:00:00.000Z', by: 'admin:9', from: 'requested', to: 'approved', reason: null },
        { at: '2025-02-01T00:00:00.000Z', by: 'lms', from: 'approved', to: 'completed', reason: null },
      ];
      const imported = await strapi.documents('plugin::groups.enrollment').create({
        data: {
          learner: member.id,
          group: group.id,
          course: course.id,
          state: 'completed',
          history: past,
        } as never,
      });
      expect(imported).toMatchObject({ state: 'completed', history: past });
      await expect(
        strapi.documents('plugin::groups.enrollment').create({
          data: {
            learner: outsider.id,
            group: group.id,
            course: course.id,
            state: 'completed',
            history: past,
          } as never,
        })
      ).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('not a member') });
      // An update never rewrites history, whoever sends it.
      await strapi.documents('plugin::groups.enrollment').update({
        documentId: imported.documentId,
        data: { history: [], attendance: 'present' } as never,
      });
      const stored = await service.transition({
        documentId: imported.documentId,
        to: 'completed',
        actor: SYSTEM,
      });
      expect(stored.history).toEqual(past);
      expect(stored.attendance).toBe('present');
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

    it('cancels the open enrollments of a member taken out of the group, from either side of the relation', async () => {
      const courseForRemoval = await createCourse(strapi);
      const [leaving, leavingToo, staying] = await createLearners(strapi, 3);
      const team = await createGroup(strapi, {
        members: [leaving.id, leavingToo.id, staying.id],
        courses: [courseForRemoval.id],
      });
      const open = await requestEnrollment(strapi, leaving.id, team, courseForRemoval);
      const openToo = await requestEnrollment(strapi, leavingToo.id, team, courseForRemoval);
      const kept = await requestEnrollment(strapi, staying.id, team, courseForRemoval);
      const stateOf = async (documentId: string) =>
        (await strapi.db.query('plugin::groups.enrollment').findOne({ where: { documentId } })).state;

      const viaGroup = await http(strapi)
        .put(`${GROUPS}/${team.documentId}`)
        .set(as())
        .send({ members: { disconnect: [{ documentId: leaving.documentId }] } });
      expect(viaGroup.status).toBe(200);
      expect(await stateOf(open.documentId)).toBe('cancelled');
      expect(await stateOf(kept.documentId)).toBe('requested');
      const dto = await service.transition({ documentId: open.documentId, to: 'cancelled', actor: owner() });
      expect(dto.history.at(-1)).toMatchObject({
        from: 'requested',
        to: 'cancelled',
        by: `admin:${ownerId}`,
        reason: 'Removed from the group.',
      });

      const viaLearner = await http(strapi)
        .put(`${CM}/plugin::users-permissions.user/${leavingToo.documentId}`)
        .set(as())
        .send({ groups: { disconnect: [{ documentId: team.documentId }] } });
      expect(viaLearner.status).toBe(200);
      expect(await stateOf(openToo.documentId)).toBe('cancelled');
      expect(await stateOf(kept.documentId)).toBe('requested');
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
