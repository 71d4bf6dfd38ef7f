/**
 * The enrollment service's steps (load and lock, plan, seats, write, outcomes) on an in-memory repository:
 * which rows are written, in which batches, with which history, and what each enrollment answers. The SQL of
 * the repository (locks, bounded UPDATEs) is covered against a real Strapi in tests/api.
 */
import type { HistoryEntry, EnrollmentState } from '../../common/domain/enrollment-status';
import type { ChangeBatch, EnrollmentRow } from '../../server/src/repositories/enrollments';
import access from '../../server/src/services/access';
import enrollment from '../../server/src/services/enrollment';
import { fakeScopeService, fakeStrapi, scopeOf } from './fake-strapi';

interface Stored {
  id: number;
  documentId: string;
  state: EnrollmentState;
  groupId: number;
  learnerId: number;
  courseId: number;
  history: HistoryEntry[];
  decidedBy?: number | null;
  reason?: string | null;
  stamps: Record<string, string>;
}

interface Group {
  id: number;
  name: string;
  seatLimit: number | null;
  members: number[];
  courses: number[];
}

const mockDb = {
  groups: new Map<number, Group>(),
  rows: [] as Stored[],
  calls: [] as string[],
  batches: [] as ChangeBatch[],
};

const rowOf = (stored: Stored): EnrollmentRow => {
  const group = mockDb.groups.get(stored.groupId);
  return {
    id: stored.id,
    documentId: stored.documentId,
    state: stored.state,
    groupId: stored.groupId,
    learnerId: stored.learnerId,
    courseId: stored.courseId,
    courseDocumentId: `course-${stored.courseId}`,
    seatLimit: group?.seatLimit ?? null,
    groupName: group?.name ?? null,
    dueAt: null,
    expiresAt: null,
    completeWithinDays: null,
  };
};

jest.mock('../../server/src/repositories/enrollments', () => ({
  enrollmentRepository: () => ({
    lockWriter: async () => {
      mockDb.calls.push('lockWriter');
    },
    lockGroups: async (_db: unknown, ids: number[]) => {
      if (ids.length) mockDb.calls.push(`lockGroups ${[...new Set(ids)].sort().join(',')}`);
    },
    groupIdsOfDocuments: async (_db: unknown, documentIds: string[]) =>
      mockDb.rows.filter((r) => documentIds.includes(r.documentId)).map((r) => r.groupId),
    loadRows: async (_db: unknown, where: { documentIds: string[] }) => {
      mockDb.calls.push('loadRows');
      return mockDb.rows.filter((r) => where.documentIds.includes(r.documentId)).map(rowOf);
    },
    countSeats: async (_db: unknown, groupIds: number[]) => {
      mockDb.calls.push('countSeats');
      const counts = new Map<number, number>();
      for (const r of mockDb.rows) {
        if (groupIds.includes(r.groupId) && r.state === 'approved') {
          counts.set(r.groupId, (counts.get(r.groupId) ?? 0) + 1);
        }
      }
      return counts;
    },
    placementFactsMany: async () => ({
      group: (id: number | null) =>
        id === null
          ? undefined
          : { archivedAt: null, visibility: 'private', enrollmentPolicy: 'approval' as const },
      isMember: (groupId: number, learnerId: number) =>
        mockDb.groups.get(groupId)?.members.includes(learnerId) ?? false,
      courseInGroup: (groupId: number, courseId: number) =>
        mockDb.groups.get(groupId)?.courses.includes(courseId) ?? false,
      active: mockDb.rows.filter((r) => ['requested', 'waitlisted', 'approved'].includes(r.state)).map(rowOf),
    }),
    applyChanges: async (_db: unknown, batches: ChangeBatch[]) => {
      mockDb.calls.push('applyChanges');
      mockDb.batches.push(...batches);
      for (const batch of batches) {
        for (const stored of mockDb.rows.filter((r) => batch.ids.includes(r.id))) {
          const { state, reason, ...stamps } = batch.set;
          stored.state = state;
          if (reason !== undefined) stored.reason = reason;
          Object.assign(stored.stamps, stamps);
          stored.history.push(batch.entry);
          if (batch.decidedBy !== undefined) stored.decidedBy = batch.decidedBy;
        }
      }
    },
    findDTO: async (where: { documentId: string }) =>
      mockDb.rows.find((r) => r.documentId === where.documentId) ?? null,
  }),
}));

const MANAGER = { kind: 'admin' as const, user: { id: 10 } };
const OTHER_MANAGER = { kind: 'admin' as const, user: { id: 11 } };
const LEARNER = { kind: 'learner' as const, userId: 100 };

const service = (config: Record<string, unknown> = {}) => {
  const strapi = fakeStrapi({
    config,
    services: {
      enrollment: enrollment as never,
      access: access as never,
      scope: fakeScopeService({
        10: scopeOf([[1, ['manageEnrollments']]]),
        11: scopeOf([[2, ['manageEnrollments']]]),
      }) as never,
      // The seat rule reads the live settings (config file, then Settings → Groups).
      settings: (() => ({ current: () => ({ strictSeatLimit: false, ...config }) })) as never,
      // The emails a change sends are the decision-emails service's (tested in tests/api/decision-emails).
      'decision-emails': (() => ({
        enqueue: async (_trx: unknown, moved: unknown[]) => {
          mockDb.calls.push(`emails:${moved.length}`);
        },
      })) as never,
    },
  });
  Object.assign(strapi.db, { transaction: (run: (trx: { trx: object }) => unknown) => run({ trx: {} }) });
  return strapi.plugin().service('enrollment') as ReturnType<typeof enrollment>;
};

let nextId = 1;
const seed = (state: EnrollmentState, groupId = 1, learnerId = 100 + nextId, courseId = 1) => {
  const id = nextId++;
  mockDb.rows.push({
    id,
    documentId: `e${id}`,
    state,
    groupId,
    learnerId,
    courseId,
    history: [],
    stamps: {},
  });
  return `e${id}`;
};
const stored = (documentId: string) => mockDb.rows.find((r) => r.documentId === documentId)!;

beforeEach(() => {
  mockDb.groups = new Map([
    [1, { id: 1, name: 'Group A', seatLimit: 2, members: [100, 101, 102], courses: [1] }],
    [2, { id: 2, name: 'Group B', seatLimit: null, members: [], courses: [1] }],
  ]);
  mockDb.rows = [];
  mockDb.calls = [];
  mockDb.batches = [];
  nextId = 1;
});

describe('bulk approvals and the seat rule', () => {
  it('serves the free seats in the order asked and waitlists the rest, in one batch per change', async () => {
    seed('approved');
    const asked = [seed('requested'), seed('requested'), seed('waitlisted')];
    const outcomes = await service().bulkTransition({ documentIds: asked, to: 'approved', actor: MANAGER });
    expect(outcomes).toEqual([
      { documentId: asked[0], ok: true, state: 'approved' },
      expect.objectContaining({ documentId: asked[1], ok: true, state: 'waitlisted', code: 'WAITLISTED' }),
      expect.objectContaining({ documentId: asked[2], ok: true, state: 'waitlisted', code: 'WAITLISTED' }),
    ]);
    expect(mockDb.batches.map((b) => `${b.entry.from}>${b.set.state} x${b.ids.length}`)).toEqual([
      'requested>approved x1',
      'requested>waitlisted x1',
    ]);
    expect(stored(asked[0])).toMatchObject({ decidedBy: 10, history: [{ by: 'admin:10', to: 'approved' }] });
    // The waitlisted one that stays is not written at all.
    expect(stored(asked[2]).history).toEqual([]);
  });

  it('strict mode refuses what does not fit and writes nothing for it', async () => {
    seed('approved');
    const asked = [seed('requested'), seed('requested')];
    const outcomes = await service({ strictSeatLimit: true }).bulkTransition({
      documentIds: asked,
      to: 'approved',
      actor: MANAGER,
    });
    expect(outcomes[1]).toEqual({
      documentId: asked[1],
      ok: false,
      code: 'SEAT_LIMIT',
      // The refusal names the seats used, so the manager can be asked what to do.
      message: 'The group has no seat left: 2 of 2 seats used.',
      seats: { used: 2, limit: 2 },
      state: 'requested',
    });
    expect(stored(asked[1]).state).toBe('requested');
  });

  it('a cancellation frees a seat for a later approval of another call', async () => {
    const seated = [seed('approved'), seed('approved')];
    const waiting = seed('waitlisted');
    await service().bulkTransition({ documentIds: [seated[0]], to: 'cancelled', actor: MANAGER });
    const [outcome] = await service().bulkTransition({
      documentIds: [waiting],
      to: 'approved',
      actor: MANAGER,
    });
    expect(outcome).toEqual({ documentId: waiting, ok: true, state: 'approved' });
  });

  it('locks the groups before it loads or counts anything; the decision emails follow the write', async () => {
    await service().bulkTransition({ documentIds: [seed('requested')], to: 'approved', actor: MANAGER });
    expect(mockDb.calls).toEqual([
      'lockWriter',
      'lockGroups 1',
      'loadRows',
      'lockGroups 1',
      'countSeats',
      'applyChanges',
      'emails:1',
    ]);
  });
});

describe('what each enrollment answers', () => {
  it('unknown, out of scope, not allowed by the table, unchanged', async () => {
    const theirs = seed('requested', 2);
    const done = seed('completed');
    const already = seed('approved');
    const outcomes = await service().bulkTransition({
      documentIds: ['nope', theirs, done, already],
      to: 'approved',
      actor: MANAGER,
    });
    expect(outcomes).toEqual([
      { documentId: 'nope', ok: false, code: 'NOT_FOUND', message: 'No enrollment has the id nope.' },
      {
        documentId: theirs,
        ok: false,
        code: 'FORBIDDEN',
        // Group B is not this manager's: its name stays out of the answer.
        message: 'You do not have the right "manage enrollments" in this group.',
      },
      expect.objectContaining({
        documentId: done,
        ok: false,
        code: 'INVALID_TRANSITION',
        state: 'completed',
      }),
      { documentId: already, ok: true, state: 'approved', code: 'UNCHANGED' },
    ]);
    expect(mockDb.batches).toEqual([]);
  });

  it('two rows of one batch cannot both hold the same place again', async () => {
    const first = seed('rejected', 1, 100);
    const second = seed('cancelled', 1, 100);
    const outcomes = await service().bulkTransition({
      documentIds: [first, second],
      to: 'requested',
      actor: MANAGER,
    });
    expect(outcomes.map((o) => o.code ?? 'OK')).toEqual(['OK', 'ALREADY_ACTIVE']);
  });

  it('a learner withdraws a request, not an approved place', async () => {
    const request = seed('requested', 1, 100);
    const place = seed('approved', 1, 100, 2);
    const outcomes = await service().bulkTransition({
      documentIds: [request, place],
      to: 'cancelled',
      actor: LEARNER,
    });
    expect(outcomes[0]).toEqual({ documentId: request, ok: true, state: 'cancelled' });
    expect(outcomes[1]).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      message: expect.stringContaining('manager'),
    });
    expect(stored(request).decidedBy).toBeUndefined();
  });

  it('a single change answers 404, 403 and 400 as errors', async () => {
    const theirs = seed('requested', 2);
    await expect(
      service().applyTransition({ documentId: 'nope', to: 'approved', actor: MANAGER })
    ).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(
      service().applyTransition({ documentId: theirs, to: 'approved', actor: MANAGER })
    ).rejects.toMatchObject({
      name: 'ForbiddenError',
    });
    await expect(
      service().applyTransition({ documentId: theirs, to: 'completed', actor: OTHER_MANAGER })
    ).rejects.toMatchObject({ name: 'ValidationError', details: { code: 'INVALID_TRANSITION' } });
  });
});

describe('writes through the document service', () => {
  it('strips the stamps a write tries to set and lets a write no rule reads through without a lock', async () => {
    const data: Record<string, unknown> = {
      progress: 40,
      history: [],
      decidedAt: '2020-01-01',
      decidedBy: 3,
    };
    const next = jest.fn(async () => ({ documentId: 'e1' }));
    await service().documentWrite({ action: 'update', documentId: 'e1', data }, MANAGER, next);
    expect(data).toEqual({ progress: 40 });
    expect(next).toHaveBeenCalledTimes(1);
    expect(mockDb.calls).toEqual([]);
  });

  it('refuses a write nobody can be held to', async () => {
    const next = jest.fn();
    await expect(
      service().documentWrite({ action: 'create', data: {} }, { kind: 'unknown' }, next)
    ).rejects.toMatchObject({ name: 'ForbiddenError' });
    expect(next).not.toHaveBeenCalled();
  });
});
