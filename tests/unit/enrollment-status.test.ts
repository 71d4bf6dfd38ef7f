import {
  ENROLLMENT_STATES,
  MANAGER_ACTIONS,
  availableActions,
  canTransition,
  creationEntry,
  isActive,
  transition,
  type EnrollmentState,
} from '../../common/domain/enrollment-status';

// The status table as docs/ARCHITECTURE.md gives it, written out, so a change to the code's table fails here.
const ALLOWED: Record<EnrollmentState, EnrollmentState[]> = {
  requested: ['approved', 'rejected', 'waitlisted', 'cancelled'],
  waitlisted: ['approved', 'rejected', 'cancelled'],
  approved: ['completed', 'cancelled'],
  rejected: ['requested'],
  cancelled: ['requested'],
  completed: [],
};

const NOW = '2026-11-22T10:00:00.000Z';

describe('enrollment status table', () => {
  const pairs = ENROLLMENT_STATES.flatMap((from) => ENROLLMENT_STATES.map((to) => [from, to] as const));

  it.each(pairs)('%s -> %s follows the status table', (from, to) => {
    const expected = ALLOWED[from].includes(to);
    expect(canTransition(from, to)).toBe(expected);
    const result = transition({ from, to, now: NOW, by: 'admin:1', reason: 'why' });
    expect(result.ok).toBe(expected);
    if (result.ok) {
      expect(result.changes.state).toBe(to);
      expect(result.entry).toEqual({ at: NOW, by: 'admin:1', from, to, reason: 'why' });
    } else {
      expect(result.code).toBe('INVALID_TRANSITION');
      expect(result.message).toContain(from);
    }
  });

  it.each([
    ['approved', 'decidedAt'],
    ['rejected', 'decidedAt'],
    ['waitlisted', 'decidedAt'],
  ] as const)('stamps %s with %s', (to, field) => {
    const result = transition({ from: 'requested', to, now: NOW, by: 'admin:2' });
    expect(result.ok && result.changes[field]).toBe(NOW);
  });

  it('stamps completion and a new request', () => {
    const done = transition({ from: 'approved', to: 'completed', now: NOW, by: 'lms' });
    expect(done.ok && done.changes.completedAt).toBe(NOW);
    const again = transition({ from: 'rejected', to: 'requested', now: NOW, by: 'learner:3' });
    expect(again.ok && again.changes.requestedAt).toBe(NOW);
    expect(again.ok && again.changes.decidedAt).toBeUndefined();
  });

  it('keeps a blank reason as null', () => {
    const result = transition({ from: 'requested', to: 'rejected', now: NOW, by: null, reason: '   ' });
    expect(result.ok && result.entry.reason).toBeNull();
  });

  it('knows the active states', () => {
    expect(ENROLLMENT_STATES.filter(isActive)).toEqual(['requested', 'waitlisted', 'approved']);
  });

  it.each(ENROLLMENT_STATES)('offers managers only valid actions from %s', (from) => {
    for (const action of availableActions(from)) {
      expect(ALLOWED[from]).toContain(MANAGER_ACTIONS[action]);
    }
    const reachable = ALLOWED[from];
    expect(
      availableActions(from)
        .map((a) => MANAGER_ACTIONS[a])
        .sort()
    ).toEqual([...reachable].sort());
  });

  it('starts history with a creation entry', () => {
    expect(creationEntry('requested', NOW, 'learner:1')).toEqual({
      at: NOW,
      by: 'learner:1',
      from: null,
      to: 'requested',
      reason: null,
    });
  });
});
