import {
  INITIAL_STATES,
  checkCourseInGroup,
  checkInitialState,
  checkMembership,
  checkNotArchived,
  checkOneActive,
  checkPlacement,
  checkRelationsPresent,
  requestOutcome,
  type EnrollmentPolicy,
  type GroupFacts,
  type PlacementFacts,
} from '../../common/domain/enrollment-rules';
import { ENROLLMENT_STATES, type EnrollmentState } from '../../common/domain/enrollment-status';

const GROUP: GroupFacts = { archivedAt: null, visibility: 'private', enrollmentPolicy: 'approval' };

describe('membership', () => {
  it.each([
    ['private', true, true],
    ['private', false, false],
    ['public', true, true],
    ['public', false, true],
  ] as const)('%s group, member=%s -> ok=%s', (visibility, isMember, ok) => {
    const verdict = checkMembership({ visibility }, isMember);
    expect(verdict.ok).toBe(ok);
    if (!verdict.ok) expect(verdict.code).toBe('NOT_A_MEMBER');
  });
});

describe('course in group and archived groups', () => {
  it('refuses a course outside the group', () => {
    expect(checkCourseInGroup(true)).toEqual({ ok: true });
    expect(checkCourseInGroup(false)).toMatchObject({ ok: false, code: 'COURSE_NOT_IN_GROUP' });
  });
  it.each([
    [null, true],
    [undefined, true],
    ['2026-01-01T00:00:00.000Z', false],
    [new Date(), false],
  ])('archivedAt=%s -> ok=%s', (archivedAt, ok) => {
    expect(checkNotArchived({ archivedAt }).ok).toBe(ok);
  });
});

describe('one active enrollment per learner + course + group', () => {
  const rows = ENROLLMENT_STATES.flatMap((state) => [0, 1, 2].map((others) => [state, others] as const));
  it.each(rows)(
    'writing %s with %i other active -> refused only when active and others exist',
    (state, others) => {
      const active = ['requested', 'waitlisted', 'approved'].includes(state);
      const verdict = checkOneActive(state, others);
      expect(verdict.ok).toBe(!(active && others > 0));
      if (!verdict.ok) expect(verdict.code).toBe('ALREADY_ACTIVE');
    }
  );
});

describe('initial states and relations', () => {
  it.each(ENROLLMENT_STATES.map((s) => [s]))(
    'a new enrollment may start as %s?',
    (state: EnrollmentState) => {
      const expected = ['requested', 'waitlisted', 'approved'].includes(state);
      expect(checkInitialState(state).ok).toBe(expected);
      expect(INITIAL_STATES.includes(state)).toBe(expected);
    }
  );
  it.each([
    [{ hasLearner: false, hasGroup: true, hasCourse: true }, 'MISSING_LEARNER'],
    [{ hasLearner: true, hasGroup: false, hasCourse: true }, 'MISSING_GROUP'],
    [{ hasLearner: true, hasGroup: true, hasCourse: false }, 'MISSING_COURSE'],
  ])('%o -> %s', (facts, code) => {
    expect(checkRelationsPresent(facts)).toMatchObject({ ok: false, code });
  });
  it('passes when all three are there', () => {
    expect(checkRelationsPresent({ hasLearner: true, hasGroup: true, hasCourse: true })).toEqual({
      ok: true,
    });
  });
});

describe('checkPlacement', () => {
  const base: PlacementFacts = {
    state: 'requested',
    group: GROUP,
    isMember: true,
    courseInGroup: true,
    otherActive: 0,
    isNewPlacement: true,
  };
  it.each<[string, Partial<PlacementFacts>, string | null]>([
    ['all good', {}, null],
    ['archived, new', { group: { ...GROUP, archivedAt: '2026-01-01' } }, 'GROUP_ARCHIVED'],
    [
      'archived, existing row edited',
      { group: { ...GROUP, archivedAt: '2026-01-01' }, isNewPlacement: false },
      null,
    ],
    ['not a member', { isMember: false }, 'NOT_A_MEMBER'],
    ['not a member of a public group', { isMember: false, group: { ...GROUP, visibility: 'public' } }, null],
    ['course elsewhere', { courseInGroup: false }, 'COURSE_NOT_IN_GROUP'],
    ['duplicate', { otherActive: 1 }, 'ALREADY_ACTIVE'],
    ['duplicate but cancelled', { otherActive: 1, state: 'cancelled' }, null],
    ['first failure wins', { isMember: false, courseInGroup: false, otherActive: 3 }, 'NOT_A_MEMBER'],
  ])('%s', (_name, change, code) => {
    const verdict = checkPlacement({ ...base, ...change });
    if (code === null) expect(verdict).toEqual({ ok: true });
    else expect(verdict).toMatchObject({ ok: false, code, message: expect.any(String) });
  });
});

describe('requestOutcome', () => {
  it.each<[EnrollmentPolicy, boolean, string]>([
    ['approval', false, 'requested'],
    ['open', false, 'approved'],
    ['closed', false, 'GROUP_CLOSED'],
    ['approval', true, 'approved'],
    ['open', true, 'approved'],
    ['closed', true, 'approved'],
  ])('policy %s, by manager %s -> %s', (policy, byManager, expected) => {
    const outcome = requestOutcome(policy, byManager);
    expect(outcome.ok ? outcome.state : outcome.code).toBe(expected);
  });
});
