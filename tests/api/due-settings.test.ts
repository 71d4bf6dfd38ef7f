/**
 * "Complete within N days" per group course and the access window, against a real Strapi: who may set N
 * (the edit-courses right in the group), its bounds, the due date an approval stamps from it (single, bulk,
 * waitlist promotion, a manager's registration), and the access window a manager sets or extends, each
 * change a history entry, through the workspace and the Content Manager. Runs on SQLite, and on PostgreSQL
 * with DATABASE_CLIENT=postgres.
 */
import type { Response } from 'supertest';
import type { OverviewResponse } from '../../common/contracts/workspace';
import { DAY_MS } from '../../common/domain/enrollment-flags';
import type { EnrollmentState, HistoryEntry } from '../../common/domain/enrollment-status';
import { enrollNewMember } from '../helpers/enrollments';
import { bearer, createLearner, http } from '../helpers/http';
import { startScopeFixture, type ScopeFixture } from '../helpers/scope-fixture';
import type { TestStrapi } from '../helpers/strapi';
import { ENROLLMENT, GROUP } from '../helpers/uids';

interface Stored {
  state: EnrollmentState;
  decidedAt: string | null;
  dueAt: string | null;
  expiresAt: string | null;
  history: HistoryEntry[] | null;
}

const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());

describe('complete within N days and access windows (real Strapi)', () => {
  let app: TestStrapi;
  let fx: ScopeFixture;

  const setDays = (token: string | null, body: unknown, group = fx.groups.A.documentId) =>
    http(app.strapi)
      .put(`/groups/workspace/groups/${group}/complete-within`)
      .set(bearer(token ?? ''))
      .send(body as object);

  const setExpiry = (token: string | null, body: unknown) =>
    http(app.strapi)
      .put('/groups/enrollments/expiry')
      .set(bearer(token ?? ''))
      .send(body as object);

  const stored = (documentId: string) =>
    app.strapi.db.query(ENROLLMENT).findOne({ where: { documentId } }) as Promise<Stored>;

  /** The N the overview shows for course A of group A. */
  const daysOfCourseA = async () => {
    const res = await http(app.strapi)
      .get('/groups/workspace/overview')
      .set(bearer(fx.tokens.superAdmin ?? ''));
    const group = (res.body as OverviewResponse).data.find((g) => g.documentId === fx.groups.A.documentId);
    return group?.courses.find((c) => c.documentId === fx.courses.A.documentId)?.completeWithinDays;
  };

  const expect400 = (res: Response, pattern: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(pattern);
  };

  /** Due exactly N days after the approval. */
  const expectDueAfter = (row: Stored, days: number) => {
    expect(row.state).toBe('approved');
    expect(iso(row.dueAt)).toBe(new Date(Date.parse(row.decidedAt as string) + days * DAY_MS).toISOString());
  };

  /** A new member of group A and their enrollment in course A, written as server code would. */
  const enrollmentA = (state = 'requested', fields: Record<string, unknown> = {}) =>
    enrollNewMember(
      app.strapi,
      { group: fx.groups.A.documentId, course: fx.courses.A.documentId },
      state,
      fields
    );

  beforeAll(async () => {
    ({ app, fx } = await startScopeFixture());
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('lets the edit-courses right set N, refuses bad N with a 400 and keeps other groups out', async () => {
    const course = fx.courses.A.documentId;
    expect(await daysOfCourseA()).toBeNull();
    const set = await setDays(fx.tokens.courseEditorA, { course, completeWithinDays: 45 });
    expect(set.status).toBe(200);
    expect(set.body.data).toEqual({ course, completeWithinDays: 45 });
    expect(await daysOfCourseA()).toBe(45);

    const bad: Array<[unknown, RegExp]> = [
      [0, /completeWithinDays.*from 1 to 3650 days/],
      [-5, /completeWithinDays.*from 1 to 3650 days/],
      [3651, /completeWithinDays.*from 1 to 3650 days/],
      [1.5, /completeWithinDays.*whole number/],
      ['30', /completeWithinDays.*whole number of days/],
    ];
    for (const [completeWithinDays, pattern] of bad) {
      expect400(await setDays(fx.tokens.managerA, { course, completeWithinDays }), pattern);
    }
    expect400(await setDays(fx.tokens.managerA, { course, completeWithinDays: 5, extra: 1 }), /extra/);
    expect400(
      await setDays(fx.tokens.managerA, { course: fx.courses.B.documentId, completeWithinDays: 5 }),
      /is not a course of the group/
    );

    const readOnly = await setDays(fx.tokens.readOnlyA, { course, completeWithinDays: 5 });
    expect(readOnly.status).toBe(403);
    const other = await setDays(fx.tokens.managerB, { course, completeWithinDays: 5 });
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain(`Group-A`);
    const notMine = await setDays(
      fx.tokens.managerA,
      { course: fx.courses.B.documentId, completeWithinDays: 5 },
      fx.groups.B.documentId
    );
    expect(notMine.status).toBe(403);
    expect(await daysOfCourseA()).toBe(45);

    // Through the Content Manager: the same bounds, a 400 naming the field.
    const cm = (completeWithin: unknown) =>
      http(app.strapi)
        .put(`/content-manager/collection-types/${GROUP}/${fx.groups.A.documentId}`)
        .set(bearer(fx.tokens.superAdmin ?? ''))
        .send({ completeWithin });
    expect400(await cm({ [course]: 99999 }), /completeWithin/);
    expect(await daysOfCourseA()).toBe(45);

    const cleared = await setDays(fx.tokens.superAdmin, { course, completeWithinDays: null });
    expect(cleared.status).toBe(200);
    expect(await daysOfCourseA()).toBeNull();
  });

  describe('with complete within 30 days', () => {
    beforeAll(async () => {
      const res = await setDays(fx.tokens.managerA, {
        course: fx.courses.A.documentId,
        completeWithinDays: 30,
      });
      expect(res.status).toBe(200);
    });

    it('stamps the due date on a single approval, with the approval entry naming it', async () => {
      const { documentId } = await enrollmentA();
      const res = await http(app.strapi)
        .post(`/groups/enrollments/${documentId}/transition`)
        .set(bearer(fx.tokens.managerA ?? ''))
        .send({ action: 'approve' });
      expect(res.status).toBe(200);
      const row = await stored(documentId);
      expectDueAfter(row, 30);
      expect(row.history?.at(-1)).toMatchObject({ from: 'requested', to: 'approved', dueAt: iso(row.dueAt) });
    });

    it('stamps it on a bulk approval and a waitlist promotion, keeping a due date already set', async () => {
      const plain = await enrollmentA();
      const waitlisted = await enrollmentA('waitlisted');
      const preset = await enrollmentA('requested', { dueAt: '2030-06-30T00:00:00.000Z' });
      const res = await http(app.strapi)
        .post('/groups/enrollments/bulk-transition')
        .set(bearer(fx.tokens.managerA ?? ''))
        .send({
          documentIds: [plain.documentId, waitlisted.documentId, preset.documentId],
          action: 'approve',
        });
      expect(res.status).toBe(200);
      expect(res.body.meta).toEqual({ succeeded: 3, failed: 0 });
      expectDueAfter(await stored(plain.documentId), 30);
      expectDueAfter(await stored(waitlisted.documentId), 30);
      const kept = await stored(preset.documentId);
      expect(iso(kept.dueAt)).toBe('2030-06-30T00:00:00.000Z');
      expect(kept.history?.at(-1)?.dueAt).toBeUndefined();
    });

    it("stamps it on a manager's registration, which lands approved", async () => {
      const learner = await createLearner(app.strapi, `dset-reg-${process.pid}`);
      await app.strapi.documents(GROUP as never).update({
        documentId: fx.groups.A.documentId,
        data: { members: { connect: [learner.id] } } as never,
      });
      const res = await http(app.strapi)
        .post('/groups/enrollments')
        .set(bearer(fx.tokens.managerA ?? ''))
        .send({
          learner: learner.documentId,
          group: fx.groups.A.documentId,
          course: fx.courses.A.documentId,
        });
      expect(res.status).toBe(201);
      expectDueAfter(await stored(res.body.data.documentId), 30);
    });
  });

  it('sets, extends and removes the access window of a selection, with a history entry each', async () => {
    const approved = await enrollmentA('approved');
    const requested = await enrollmentA('requested');
    const ids = [approved.documentId, requested.documentId];
    const set = await setExpiry(fx.tokens.managerA, { documentIds: ids, expiresAt: '2031-03-01' });
    expect(set.status).toBe(200);
    expect(set.body.data).toEqual({ updated: 2, expiresAt: '2031-03-01T00:00:00.000Z' });
    const extended = await setExpiry(fx.tokens.managerA, {
      documentIds: [approved.documentId],
      expiresAt: '2031-06-01',
      reason: 'Extended for illness',
    });
    expect(extended.status).toBe(200);
    const row = await stored(approved.documentId);
    expect(iso(row.expiresAt)).toBe('2031-06-01T00:00:00.000Z');
    expect(row.history?.slice(-2)).toEqual([
      expect.objectContaining({ from: 'approved', to: 'approved', expiresAt: '2031-03-01T00:00:00.000Z' }),
      expect.objectContaining({ expiresAt: '2031-06-01T00:00:00.000Z', reason: 'Extended for illness' }),
    ]);
    const other = await stored(requested.documentId);
    expect(other.history?.at(-1)).toMatchObject({
      from: 'requested',
      to: 'requested',
      expiresAt: '2031-03-01T00:00:00.000Z',
    });

    const removed = await setExpiry(fx.tokens.managerA, {
      documentIds: [approved.documentId],
      expiresAt: null,
    });
    expect(removed.status).toBe(200);
    expect((await stored(approved.documentId)).expiresAt).toBeNull();
    expect((await stored(approved.documentId)).history?.at(-1)).toMatchObject({ expiresAt: null });
  });

  it('refuses bad access windows, finished enrollments and other groups with nothing written', async () => {
    const approved = await enrollmentA('approved');
    const completed = await enrollmentA('approved');
    await app.strapi.documents(ENROLLMENT as never).update({
      documentId: completed.documentId,
      data: { state: 'completed' } as never,
    });
    expect400(
      await setExpiry(fx.tokens.managerA, { documentIds: [approved.documentId], expiresAt: 'soon' }),
      /expiresAt.*must be a date/
    );
    expect400(
      await setExpiry(fx.tokens.managerA, { documentIds: [approved.documentId], expiresAt: '2031-02-30' }),
      /expiresAt.*real date/
    );
    expect400(
      await setExpiry(fx.tokens.managerA, {
        documentIds: [approved.documentId, completed.documentId],
        expiresAt: '2031-01-01',
      }),
      /access window can only be set on a requested, waitlisted or approved enrollment/
    );
    expect(
      (await setExpiry(fx.tokens.readOnlyA, { documentIds: [approved.documentId], expiresAt: '2031-01-01' }))
        .status
    ).toBe(403);
    expect(
      (await setExpiry(fx.tokens.managerB, { documentIds: [approved.documentId], expiresAt: '2031-01-01' }))
        .status
    ).toBe(403);
    expect((await stored(approved.documentId)).expiresAt).toBeNull();
  });

  it('writes a history entry for a due date or access window set through the Content Manager', async () => {
    const { documentId } = await enrollmentA('approved');
    const before = (await stored(documentId)).history?.length ?? 0;
    const res = await http(app.strapi)
      .put(`/content-manager/collection-types/${ENROLLMENT}/${documentId}`)
      .set(bearer(fx.tokens.superAdmin ?? ''))
      .send({ dueAt: '2030-09-01T00:00:00.000Z', expiresAt: '2030-12-01T00:00:00.000Z' });
    expect(res.status).toBe(200);
    const row = await stored(documentId);
    expect(row.history).toHaveLength(before + 1);
    expect(row.history?.at(-1)).toMatchObject({
      from: 'approved',
      to: 'approved',
      dueAt: '2030-09-01T00:00:00.000Z',
      expiresAt: '2030-12-01T00:00:00.000Z',
    });
    // Unchanged dates add nothing.
    await http(app.strapi)
      .put(`/content-manager/collection-types/${ENROLLMENT}/${documentId}`)
      .set(bearer(fx.tokens.superAdmin ?? ''))
      .send({ dueAt: '2030-09-01T00:00:00.000Z' });
    expect((await stored(documentId)).history).toHaveLength(before + 1);
  });
});
