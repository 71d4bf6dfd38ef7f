import { dueAtAfter } from '../../common/domain/course-settings';
import {
  NO_SEAT_LEFT,
  approvalDueAt,
  planCreation,
  planReRequest,
  planTransition,
  reactivates,
  seatEffect,
  seatRule,
  type PlacementInput,
  type SeatFacts,
} from '../../common/domain/enrollment-plan';
import { ENROLLMENT_STATES, canTransition, nextStates } from '../../common/domain/enrollment-status';

const NOW = '2026-03-01T10:00:00.000Z';
const ADMIN = { label: 'admin:7', adminId: 7 };
const LEARNER = { label: 'learner:3', adminId: null };

const SEATS: Record<string, SeatFacts | null> = {
  'no limit': null,
  'a free seat': { limit: 2, used: 1, strict: false },
  'full group': { limit: 2, used: 2, strict: false },
  'full group, strict': { limit: 2, used: 2, strict: true },
};

/** planTransition with the admin acting now; the test names only what it is about. */
const transitionOf = (
  request: Partial<Parameters<typeof planTransition>[0]> &
    Pick<Parameters<typeof planTransition>[0], 'from' | 'to'>
) => planTransition({ actor: ADMIN, now: NOW, ...request });

const cases = ENROLLMENT_STATES.flatMap((from) =>
  ENROLLMENT_STATES.flatMap((to) => Object.keys(SEATS).map((seats) => [from, to, seats] as const))
);

describe('planTransition: every state x target x seat situation', () => {
  it.each(cases)('%s -> %s with %s', (from, to, seatCase) => {
    const seats = SEATS[seatCase];
    const plan = planTransition({ from, to, actor: ADMIN, now: NOW, reason: ' why ', seats });
    if (from === to) {
      expect(plan).toEqual({ ok: true, kind: 'unchanged', state: from });
      return;
    }
    if (!canTransition(from, to)) {
      expect(plan).toMatchObject({ ok: false, code: 'INVALID_TRANSITION', state: from });
      return;
    }
    const full = seats !== null && seats.used >= (seats.limit ?? Infinity);
    if (to === 'approved' && full && seats?.strict) {
      expect(plan).toEqual({ ok: false, code: 'SEAT_LIMIT', message: NO_SEAT_LEFT, state: from });
      return;
    }
    if (to === 'approved' && full && from === 'waitlisted') {
      expect(plan).toEqual({ ok: true, kind: 'waitlist-kept', state: 'waitlisted' });
      return;
    }
    const target = to === 'approved' && full ? 'waitlisted' : to;
    if (!plan.ok || plan.kind !== 'move') throw new Error(`expected a move, got ${JSON.stringify(plan)}`);
    expect(plan.state).toBe(target);
    expect(plan.waitlisted).toBe(target !== to);
    const decision = ['approved', 'rejected', 'waitlisted'].includes(target);
    expect(plan.step).toEqual({
      state: target,
      stamps: {
        ...(decision ? { decidedAt: NOW } : {}),
        ...(target === 'requested' ? { requestedAt: NOW } : {}),
        ...(target === 'completed' ? { completedAt: NOW } : {}),
      },
      reason: 'why',
      entry: { at: NOW, by: 'admin:7', from, to: target, reason: 'why' },
      decidedBy: decision ? 7 : undefined,
      startIfMissing: target === 'completed' ? NOW : undefined,
    });
    expect(plan.seat).toBe(target === 'approved' ? 'takes' : from === 'approved' ? 'frees' : 'none');
  });

  it('records no decider when someone other than an admin decides', () => {
    const plan = planTransition({ from: 'requested', to: 'cancelled', actor: LEARNER, now: NOW });
    expect(plan).toMatchObject({ ok: true, step: { decidedBy: undefined, reason: null } });
    const approved = planTransition({ from: 'requested', to: 'approved', actor: LEARNER, now: NOW });
    expect(approved).toMatchObject({ ok: true, step: { decidedBy: null } });
  });
});

const placement = (overrides: Partial<NonNullable<PlacementInput['facts']>> = {}): PlacementInput => ({
  relations: { hasLearner: true, hasGroup: true, hasCourse: true },
  facts: {
    group: { archivedAt: null, visibility: 'private', enrollmentPolicy: 'approval' },
    isMember: true,
    courseInGroup: true,
    otherActive: 0,
    isNewPlacement: true,
    ...overrides,
  },
});

describe('placement inside a plan', () => {
  it.each([
    ['a learner who left the group', { isMember: false }, 'NOT_A_MEMBER'],
    [
      'an archived group',
      { group: { archivedAt: NOW, visibility: 'private', enrollmentPolicy: 'approval' } },
      'GROUP_ARCHIVED',
    ],
    ['another active place', { otherActive: 1 }, 'ALREADY_ACTIVE'],
    ['a course no longer in the group', { courseInGroup: false }, 'COURSE_NOT_IN_GROUP'],
  ] as const)('asking again is refused for %s', (_label, facts, code) => {
    const plan = planTransition({
      from: 'rejected',
      to: 'requested',
      actor: LEARNER,
      now: NOW,
      placement: placement(facts as never),
    });
    expect(plan).toMatchObject({ ok: false, code, state: 'rejected' });
  });

  it('checks the status table before the placement', () => {
    expect(
      transitionOf({ from: 'completed', to: 'requested', placement: placement({ isMember: false }) })
    ).toMatchObject({
      ok: false,
      code: 'INVALID_TRANSITION',
    });
  });

  it('a missing relation is named', () => {
    const relations = { hasLearner: true, hasGroup: true, hasCourse: false };
    expect(
      transitionOf({ from: 'cancelled', to: 'requested', placement: { relations, facts: null } })
    ).toMatchObject({
      ok: false,
      code: 'MISSING_COURSE',
    });
  });

  it('a seated enrollment moved into a full group is refused, a free one moves', () => {
    const full = { limit: 1, used: 1, strict: false };
    const move = (from: 'approved' | 'completed', seats: typeof full) =>
      transitionOf({ from, to: from, seats, movesGroup: true });
    expect(move('approved', full)).toMatchObject({
      ok: false,
      code: 'SEAT_LIMIT',
      message: 'The new group has no seat left.',
    });
    expect(move('approved', { ...full, strict: true })).toMatchObject({
      code: 'SEAT_LIMIT',
      message: NO_SEAT_LEFT,
    });
    expect(move('approved', { ...full, used: 0 })).toEqual({
      ok: true,
      kind: 'unchanged',
      state: 'approved',
    });
    expect(move('completed', full)).toEqual({ ok: true, kind: 'unchanged', state: 'completed' });
  });
});

describe('the seat rule', () => {
  it.each([
    [null, 0, false, 'approve'],
    [3, 2, false, 'approve'],
    [3, 3, false, 'waitlist'],
    [3, 3, true, 'refuse'],
    [0, 0, false, 'waitlist'],
    [2, 5, true, 'refuse'],
  ] as const)('limit %s, used %s, strict %s -> %s', (limit, used, strict, verdict) => {
    expect(seatRule({ limit, used, strict })).toBe(verdict);
  });

  it('no facts: no limit', () => {
    expect(seatRule(null)).toBe('approve');
    expect(seatRule(undefined)).toBe('approve');
  });

  it.each(ENROLLMENT_STATES.flatMap((to) => [null, ...ENROLLMENT_STATES].map((from) => [from, to] as const)))(
    'seat effect of %s -> %s',
    (from, to) => {
      const expected =
        from === to ? 'none' : to === 'approved' ? 'takes' : from === 'approved' ? 'frees' : 'none';
      expect(seatEffect(from, to)).toBe(expected);
    }
  );

  it('of the allowed changes, only asking again makes an enrollment hold a place again', () => {
    const again = ENROLLMENT_STATES.flatMap((from) =>
      nextStates(from)
        .filter((to) => reactivates(from, to))
        .map((to) => `${from}->${to}`)
    );
    expect(again).toEqual(['rejected->requested', 'cancelled->requested']);
  });
});

describe('planCreation', () => {
  it.each(ENROLLMENT_STATES.flatMap((state) => Object.keys(SEATS).map((seats) => [state, seats] as const)))(
    'a new %s enrollment with %s',
    (state, seatCase) => {
      const seats = SEATS[seatCase];
      const plan = planCreation({
        state,
        actor: ADMIN,
        now: NOW,
        reason: ' hi ',
        placement: placement(),
        seats,
      });
      if (!['requested', 'waitlisted', 'approved'].includes(state)) {
        expect(plan).toMatchObject({ ok: false, code: 'INVALID_INITIAL_STATE' });
        return;
      }
      const full = seats !== null && seats.used >= (seats.limit ?? Infinity);
      if (state === 'approved' && full && seats?.strict) {
        expect(plan).toEqual({ ok: false, code: 'SEAT_LIMIT', message: NO_SEAT_LEFT });
        return;
      }
      const final = state === 'approved' && full ? 'waitlisted' : state;
      const decided = final !== 'requested';
      expect(plan).toEqual({
        ok: true,
        kind: 'create',
        state: final,
        waitlisted: final !== state,
        history: [
          { at: NOW, by: 'admin:7', from: null, to: 'requested', reason: 'hi' },
          ...(decided ? [{ at: NOW, by: 'admin:7', from: 'requested', to: final, reason: null }] : []),
        ],
        stamps: { requestedAt: NOW, decidedAt: decided ? NOW : null, completedAt: null },
        decidedBy: decided ? 7 : null,
        reason: 'hi',
        seat: final === 'approved' ? 'takes' : 'none',
      });
    }
  );

  it('checks the initial state, then the placement, then the seats', () => {
    const bad = placement({ isMember: false });
    expect(planCreation({ state: 'completed', actor: ADMIN, now: NOW, placement: bad })).toMatchObject({
      code: 'INVALID_INITIAL_STATE',
    });
    expect(
      planCreation({
        state: 'approved',
        actor: ADMIN,
        now: NOW,
        placement: bad,
        seats: SEATS['full group, strict'],
      })
    ).toMatchObject({ code: 'NOT_A_MEMBER' });
  });

  it('imported records keep what they hold, but only where they may be', () => {
    expect(
      planCreation({ state: 'completed', actor: ADMIN, now: NOW, placement: placement(), imported: true })
    ).toEqual({ ok: true, kind: 'as-written' });
    expect(
      planCreation({
        state: 'completed',
        actor: ADMIN,
        now: NOW,
        placement: placement({ courseInGroup: false }),
        imported: true,
      })
    ).toMatchObject({ ok: false, code: 'COURSE_NOT_IN_GROUP' });
  });
});

describe('planReRequest', () => {
  const created = (state: 'requested' | 'approved') => {
    const plan = planCreation({ state, actor: ADMIN, now: NOW, reason: 'again', placement: placement() });
    if (!plan.ok || plan.kind !== 'create') throw new Error('expected a creation plan');
    return plan;
  };

  it('a re-request clears the decider and writes the request', () => {
    expect(planReRequest('rejected', created('requested'), ADMIN, NOW)).toEqual([
      {
        state: 'requested',
        stamps: { requestedAt: NOW },
        reason: 'again',
        entry: { at: NOW, by: 'admin:7', from: 'rejected', to: 'requested', reason: 'again' },
        decidedBy: null,
      },
    ]);
  });

  it('a registration decided at once adds the decision of the same moment', () => {
    const steps = planReRequest('cancelled', created('approved'), ADMIN, NOW);
    expect(Array.isArray(steps) && steps[1]).toEqual({
      state: 'approved',
      stamps: { decidedAt: NOW },
      reason: 'again',
      entry: { at: NOW, by: 'admin:7', from: 'requested', to: 'approved', reason: null },
      decidedBy: 7,
    });
  });

  it('a completed enrollment cannot ask again', () => {
    expect(planReRequest('completed', created('requested'), ADMIN, NOW)).toMatchObject({
      ok: false,
      code: 'INVALID_TRANSITION',
    });
  });
});

const THIRTY = { dueAt: null, completeWithinDays: 30 };

describe('the due date an approval stamps', () => {
  it('is approval + N days, only for an approval and only without a due date', () => {
    expect(approvalDueAt('approved', NOW, THIRTY)).toBe(dueAtAfter(NOW, 30));
    expect(approvalDueAt('waitlisted', NOW, THIRTY)).toBeUndefined();
    expect(
      approvalDueAt('approved', NOW, { dueAt: '2030-01-01T00:00:00.000Z', completeWithinDays: 30 })
    ).toBeUndefined();
    expect(approvalDueAt('approved', NOW, { dueAt: null, completeWithinDays: null })).toBeUndefined();
    expect(approvalDueAt('approved', NOW, null)).toBeUndefined();
  });

  it('is stamped by a transition to approved, and named in its history entry', () => {
    const plan = transitionOf({ from: 'requested', to: 'approved', due: THIRTY });
    expect(plan).toMatchObject({
      kind: 'move',
      step: { stamps: { dueAt: dueAtAfter(NOW, 30) }, entry: { to: 'approved', dueAt: dueAtAfter(NOW, 30) } },
    });
    // Full group: waitlisted, no due date yet.
    const full = transitionOf({
      from: 'requested',
      to: 'approved',
      due: THIRTY,
      seats: { limit: 1, used: 1, strict: false },
    });
    expect(full).toMatchObject({ kind: 'move', state: 'waitlisted' });
    expect(full.ok && full.kind === 'move' && full.step.stamps.dueAt).toBeFalsy();
  });

  it('is stamped by a creation that is approved at once, and kept on a re-request of a dated enrollment', () => {
    const created = planCreation({
      state: 'approved',
      actor: ADMIN,
      now: NOW,
      placement: placement(),
      due: THIRTY,
    });
    if (!created.ok || created.kind !== 'create') throw new Error('expected a creation');
    expect(created.stamps.dueAt).toBe(dueAtAfter(NOW, 30));
    expect(created.history.at(-1)).toMatchObject({ to: 'approved', dueAt: dueAtAfter(NOW, 30) });
    const again = planReRequest('cancelled', created, ADMIN, NOW);
    expect(Array.isArray(again) && again[1].stamps.dueAt).toBe(dueAtAfter(NOW, 30));
    const kept = planReRequest('cancelled', created, ADMIN, NOW, '2030-01-01T00:00:00.000Z');
    expect(Array.isArray(kept) && kept[1]).toMatchObject({ stamps: { decidedAt: NOW } });
    expect(Array.isArray(kept) && kept[1].stamps.dueAt).toBeUndefined();
    expect(Array.isArray(kept) && kept[1].entry.dueAt).toBeUndefined();
  });
});
