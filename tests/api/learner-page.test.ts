/**
 * The learner page and access windows against a real Strapi: the page holds only the caller's readable
 * groups (a learner of A and B seen by A's manager shows A only; a learner only in B is a 404 like an unknown
 * id), each enrollment's history as a timeline naming who decided; past `expiresAt` the LMS is refused with
 * nothing written and the seat is free for the next approval. Runs on SQLite, and on PostgreSQL with
 * DATABASE_CLIENT=postgres.
 */
import type { LearnerPageResponse } from '../../common/contracts/learner-page';
import { DAY_MS } from '../../common/domain/enrollment-flags';
import type { HistoryEntry } from '../../common/domain/enrollment-status';
import { bearer, createLearner, http } from '../helpers/http';
import { leaked, startScopeFixture, type Doc, type ScopeFixture } from '../helpers/scope-fixture';
import type { TestStrapi } from '../helpers/strapi';
import { ENROLLMENT, GROUP } from '../helpers/uids';

describe('learner page and access windows (real Strapi)', () => {
  let app: TestStrapi;
  let fx: ScopeFixture;
  /** The shared learner's enrollment in group A, approved by manager A. */
  let bothInA: string;

  const page = (token: string | null, documentId: string) =>
    http(app.strapi)
      .get(`/groups/learners/${documentId}`)
      .set(bearer(token ?? ''));

  const docs = (uid: string) => app.strapi.documents(uid as never);

  beforeAll(async () => {
    ({ app, fx } = await startScopeFixture());
    const created = (await docs(ENROLLMENT).create({
      data: {
        learner: fx.learners.both.id,
        group: fx.groups.A.documentId,
        course: fx.courses.A.documentId,
        state: 'requested',
      } as never,
    })) as Doc;
    bothInA = created.documentId;
    const approved = await http(app.strapi)
      .post(`/groups/enrollments/${bothInA}/transition`)
      .set(bearer(fx.tokens.managerA ?? ''))
      .send({ action: 'approve', reason: 'Welcome aboard' });
    expect(approved.status).toBe(200);
  });

  afterAll(async () => {
    await app?.stop();
  });

  describe('scope', () => {
    it("shows manager A only group A's part of a learner of A and B", async () => {
      const res = await page(fx.tokens.managerA, fx.learners.both.documentId);
      expect(res.status).toBe(200);
      const { data } = res.body as LearnerPageResponse;
      expect(data.learner).toEqual({
        documentId: fx.learners.both.documentId,
        username: fx.learners.both.username,
        email: fx.learners.both.email,
      });
      expect(data.groups.map((g) => g.documentId)).toEqual([fx.groups.A.documentId]);
      expect(data.enrollments.map((e) => e.documentId)).toEqual([bothInA]);
      expect(data.enrollments[0]).toMatchObject({
        group: { documentId: fx.groups.A.documentId },
        course: { documentId: fx.courses.A.documentId },
        state: 'approved',
        flags: [],
      });
      expect(leaked(res.body, fx.outOfScopeForA)).toEqual([]);
    });

    it("shows manager B only group B's part of the same learner", async () => {
      const res = await page(fx.tokens.managerB, fx.learners.both.documentId);
      expect(res.status).toBe(200);
      const { data } = res.body as LearnerPageResponse;
      expect(data.enrollments.map((e) => e.documentId)).toEqual([fx.enrollments.bothInB.documentId]);
      expect(leaked(res.body, fx.outOfScopeForB)).toEqual([]);
      expect(JSON.stringify(res.body)).not.toContain(bothInA);
    });

    it('answers a learner only in B with the same 404 as an unknown id', async () => {
      const outside = await page(fx.tokens.managerA, fx.learners.b1.documentId);
      const unknown = await page(fx.tokens.managerA, 'nosuchlearner000000000000');
      expect(outside.status).toBe(404);
      expect(unknown.status).toBe(404);
      const text = (res: typeof outside, id: string) => res.body.error.message.replace(id, '<id>');
      expect(text(outside, fx.learners.b1.documentId)).toBe(text(unknown, 'nosuchlearner000000000000'));
      // The answer repeats the id asked for, and nothing else of group B.
      const markers = fx.outOfScopeForA.filter((marker) => marker !== fx.learners.b1.documentId);
      expect(leaked(outside.body, markers)).toEqual([]);
    });

    it('lets a read-only manager read, and the Super Admin see both groups', async () => {
      const readOnly = await page(fx.tokens.readOnlyA, fx.learners.both.documentId);
      expect(readOnly.status).toBe(200);
      expect(readOnly.body.data.enrollments.map((e: { documentId: string }) => e.documentId)).toEqual([
        bothInA,
      ]);
      const owner = await page(fx.tokens.superAdmin, fx.learners.both.documentId);
      expect(owner.status).toBe(200);
      expect(owner.body.data.enrollments).toHaveLength(2);
    });

    it('shows a member of A without any enrollment, and refuses a bad id with a 400', async () => {
      const res = await page(fx.tokens.managerA, fx.learners.a2.documentId);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        groups: [{ documentId: fx.groups.A.documentId }],
        enrollments: [],
      });
      const bad = await page(fx.tokens.managerA, 'not an id!');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/documentId/);
    });
  });

  describe('timeline', () => {
    it('names the admin who decided, when, from which state to which, and why', async () => {
      const res = await page(fx.tokens.managerA, fx.learners.both.documentId);
      const [enrollment] = (res.body as LearnerPageResponse).data.enrollments;
      const stored = (await app.strapi.db.query(ENROLLMENT).findOne({ where: { documentId: bothInA } })) as {
        history: HistoryEntry[];
      };
      expect(enrollment.timeline).toHaveLength(stored.history.length);
      expect(enrollment.timeline.at(-1)).toEqual({
        at: stored.history.at(-1)?.at,
        by: { kind: 'admin', name: `${fx.admins.managerA.email.split('@')[0]} Test` },
        from: 'requested',
        to: 'approved',
        reason: 'Welcome aboard',
      });
      expect(enrollment.timeline[0]).toMatchObject({ from: null, to: 'requested' });
    });

    it('names the learner when they withdrew their own request', async () => {
      const cancelled = await http(app.strapi)
        .post(`/api/groups/my/enrollments/${fx.enrollments.a1.documentId}/cancel`)
        .set(bearer(fx.tokens.learner ?? ''))
        .send({ reason: 'No time this month' });
      expect(cancelled.status).toBe(200);
      const res = await page(fx.tokens.managerA, fx.learners.a1.documentId);
      const enrollment = (res.body as LearnerPageResponse).data.enrollments.find(
        (e) => e.documentId === fx.enrollments.a1.documentId
      );
      expect(enrollment?.timeline.at(-1)).toMatchObject({
        by: { kind: 'learner', name: fx.learners.a1.username },
        from: 'requested',
        to: 'cancelled',
        reason: 'No time this month',
      });
    });
  });

  describe('access windows', () => {
    let seatGroup: Doc;
    let holder: string;
    let waiting: string;

    const approve = (documentId: string) =>
      http(app.strapi)
        .post(`/groups/enrollments/${documentId}/transition`)
        .set(bearer(fx.tokens.superAdmin ?? ''))
        .send({ action: 'approve' });

    beforeAll(async () => {
      const first = await createLearner(app.strapi, `seat-holder-${process.pid}`);
      const second = await createLearner(app.strapi, `seat-waiter-${process.pid}`);
      seatGroup = (await docs(GROUP).create({
        data: {
          name: `Seat-group-${process.pid}`,
          slug: `seat-group-${process.pid}`,
          seatLimit: 1,
          members: [first.id, second.id],
          courses: [fx.courses.A.documentId],
        } as never,
      })) as Doc;
      const enroll = async (learnerId: number) =>
        (
          (await docs(ENROLLMENT).create({
            data: {
              learner: learnerId,
              group: seatGroup.documentId,
              course: fx.courses.A.documentId,
              state: 'requested',
            } as never,
          })) as Doc
        ).documentId;
      holder = await enroll(first.id);
      waiting = await enroll(second.id);
      expect((await approve(holder)).body.data.state).toBe('approved');
    });

    it('waitlists an approval while the only seat is held', async () => {
      const res = await approve(waiting);
      expect(res.status).toBe(200);
      expect(res.body.data.state).toBe('waitlisted');
    });

    it('frees the seat once the holder expires, reads it as expired, and the approval takes it', async () => {
      await app.strapi.db
        .query(ENROLLMENT)
        .update({ where: { documentId: holder }, data: { expiresAt: new Date(Date.now() - DAY_MS) } });
      const res = await approve(waiting);
      expect(res.status).toBe(200);
      expect(res.body.data.state).toBe('approved');

      const list = await http(app.strapi)
        .get('/groups/enrollments')
        .query({ group: seatGroup.documentId, flag: 'expired' })
        .set(bearer(fx.tokens.superAdmin ?? ''));
      expect(list.body.data.map((row: { documentId: string }) => row.documentId)).toEqual([holder]);
      const overview = await http(app.strapi)
        .get('/groups/workspace/overview')
        .set(bearer(fx.tokens.superAdmin ?? ''));
      const group = overview.body.data.find((g: Doc) => g.documentId === seatGroup.documentId);
      expect(group.seatsUsed).toBe(1);
    });

    it('refuses progress from the LMS on an expired enrollment with a 400 and writes nothing', async () => {
      const token = (
        await app.strapi.service('admin::api-token').create({
          name: `lms-${process.pid}`,
          kind: 'content-api',
          type: 'full-access',
          lifespan: null,
          description: '',
        })
      ).accessKey as string;
      const before = await app.strapi.db.query(ENROLLMENT).findOne({ where: { documentId: holder } });
      const res = await http(app.strapi)
        .put(`/api/groups/lms/enrollments/${holder}/progress`)
        .set(bearer(token))
        .send({ progress: 100, timeSpent: 600 });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/expired on .*access window is closed/);
      const after = await app.strapi.db.query(ENROLLMENT).findOne({ where: { documentId: holder } });
      expect(after).toEqual(before);

      // The same token still reports progress of an enrollment whose window is open.
      const open = await http(app.strapi)
        .put(`/api/groups/lms/enrollments/${waiting}/progress`)
        .set(bearer(token))
        .send({ progress: 40 });
      expect(open.status).toBe(200);
    });
  });
});
