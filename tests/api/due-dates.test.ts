/**
 * Due dates through the workspace API against a real Strapi: a manager sets and clears `dueAt` on one
 * enrollment or a selection (history entry per change, all or nothing), bad input is a 400 with a sentence
 * that changes nothing, and a manager of another group can neither change nor see them. Runs on SQLite, and
 * on PostgreSQL with DATABASE_CLIENT=postgres.
 */
import type { Response } from 'supertest';
import type { HistoryEntry } from '../../common/domain/enrollment-status';
import { bearer, createLearner, http } from '../helpers/http';
import { startScopeFixture, type ScopeFixture } from '../helpers/scope-fixture';
import type { TestStrapi } from '../helpers/strapi';
import { ENROLLMENT, GROUP } from '../helpers/uids';

interface Stored {
  id: number;
  state: string;
  dueAt: string | null;
  history: HistoryEntry[] | null;
}

describe('due dates (real Strapi)', () => {
  let app: TestStrapi;
  let fx: ScopeFixture;

  const put = (token: string | null, body: unknown) =>
    http(app.strapi)
      .put('/groups/enrollments/due-date')
      .set(bearer(token ?? ''))
      .send(body as object);

  const stored = (documentId: string) =>
    app.strapi.db.query(ENROLLMENT).findOne({ where: { documentId } }) as Promise<Stored>;

  const expect400 = (res: Response, pattern: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(pattern);
  };

  let seq = 0;
  /** A new enrollment of a new member of group A, in the given state. */
  const enrollmentA = async (state = 'approved') => {
    seq += 1;
    const learner = await createLearner(app.strapi, `due-${process.pid}-${seq}`);
    await app.strapi.documents(GROUP as never).update({
      documentId: fx.groups.A.documentId,
      data: { members: { connect: [learner.id] } } as never,
    });
    const created = (await app.strapi.documents(ENROLLMENT as never).create({
      data: {
        learner: learner.id,
        group: fx.groups.A.documentId,
        course: fx.courses.A.documentId,
        state,
      } as never,
    })) as { documentId: string };
    return created.documentId;
  };

  beforeAll(async () => {
    ({ app, fx } = await startScopeFixture());
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('sets and clears the due date of one enrollment, with a history entry each time', async () => {
    const documentId = await enrollmentA();
    const before = (await stored(documentId)).history?.length ?? 0;

    const set = await put(fx.tokens.managerA, { documentIds: [documentId], dueAt: '2030-06-30' });
    expect(set.status).toBe(200);
    expect(set.body.data).toEqual({ updated: 1, dueAt: '2030-06-30T00:00:00.000Z' });
    let row = await stored(documentId);
    expect(new Date(row.dueAt as string).toISOString()).toBe('2030-06-30T00:00:00.000Z');
    expect(row.state).toBe('approved');
    expect(row.history).toHaveLength(before + 1);
    expect(row.history?.at(-1)).toMatchObject({
      by: `admin:${fx.admins.managerA.id}`,
      from: 'approved',
      to: 'approved',
      dueAt: '2030-06-30T00:00:00.000Z',
      reason: 'Due date set to 2030-06-30T00:00:00.000Z.',
    });

    const cleared = await put(fx.tokens.managerA, {
      documentIds: [documentId],
      dueAt: null,
      reason: 'Self-paced after all',
    });
    expect(cleared.status).toBe(200);
    row = await stored(documentId);
    expect(row.dueAt).toBeNull();
    expect(row.history).toHaveLength(before + 2);
    expect(row.history?.at(-1)).toMatchObject({ dueAt: null, reason: 'Self-paced after all' });
  });

  it('sets the due date of a selection in one call', async () => {
    const ids = [await enrollmentA(), await enrollmentA(), await enrollmentA()];
    const res = await put(fx.tokens.superAdmin, {
      documentIds: [...ids, ids[0]],
      dueAt: '2031-01-15T17:00:00+01:00',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ updated: 3, dueAt: '2031-01-15T16:00:00.000Z' });
    for (const documentId of ids) {
      const row = await stored(documentId);
      expect(new Date(row.dueAt as string).toISOString()).toBe('2031-01-15T16:00:00.000Z');
      expect(row.history?.filter((entry) => entry.dueAt !== undefined)).toHaveLength(1);
    }
  });

  it('refuses a value that is not a date, an absurd date or a missing one with a 400 and changes nothing', async () => {
    const documentId = await enrollmentA();
    const cases: Array<[unknown, RegExp]> = [
      ['next week', /dueAt.*must be a date/],
      ['2030-02-30', /dueAt.*must be a real date/],
      ['1999-12-31', /dueAt.*from 2000 up to 2100/],
      ['2100-01-01', /dueAt.*from 2000 up to 2100/],
      [42, /dueAt/],
      [undefined, /dueAt/],
    ];
    for (const [dueAt, pattern] of cases) {
      expect400(await put(fx.tokens.managerA, { documentIds: [documentId], dueAt }), pattern);
    }
    expect400(await put(fx.tokens.managerA, { documentIds: [], dueAt: null }), /documentIds/);
    const row = await stored(documentId);
    expect(row.dueAt).toBeNull();
    expect(row.history?.some((entry) => entry.dueAt !== undefined)).toBe(false);
  });

  it('refuses an enrollment without a place with a 400, and the whole selection with it', async () => {
    const approved = await enrollmentA();
    const requested = await enrollmentA('requested');
    const res = await put(fx.tokens.managerA, {
      documentIds: [approved, requested],
      dueAt: '2030-06-30',
    });
    expect400(res, new RegExp(`only be set on an approved enrollment; ${requested} is requested`));
    expect((await stored(approved)).dueAt).toBeNull();
    expect((await stored(requested)).dueAt).toBeNull();
  });

  it("keeps another group's manager and the read-only manager out, changing nothing", async () => {
    const documentId = await enrollmentA();
    const mine = fx.enrollments.b1.documentId;
    const forbidden = await put(fx.tokens.managerB, { documentIds: [documentId], dueAt: '2030-06-30' });
    expect(forbidden.status).toBe(403);
    expect(JSON.stringify(forbidden.body)).not.toContain(fx.groups.A.documentId);
    // One of their own enrollments does not carry another group's along.
    const mixed = await put(fx.tokens.managerB, { documentIds: [mine, documentId], dueAt: '2030-06-30' });
    expect(mixed.status).toBe(403);
    expect((await stored(mine)).dueAt).toBeNull();
    const readOnly = await put(fx.tokens.readOnlyA, { documentIds: [documentId], dueAt: '2030-06-30' });
    expect(readOnly.status).toBe(403);
    const unknown = await put(fx.tokens.managerA, { documentIds: ['nosuchenrollment'], dueAt: null });
    expect(unknown.status).toBe(404);
    expect((await stored(documentId)).dueAt).toBeNull();
  });
});
