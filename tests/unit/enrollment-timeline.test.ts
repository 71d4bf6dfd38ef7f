import {
  DAY_MS,
  holdsSeat,
  shownState,
  enrollmentFlags,
  setFlags,
} from '../../common/domain/enrollment-flags';
import {
  historyAdminIds,
  historyTokenIds,
  parseHistoryActor,
  timelineOf,
} from '../../common/domain/enrollment-timeline';

describe('history actors', () => {
  it.each([
    ['admin:7', { kind: 'admin', id: 7, tokenId: null }],
    ['admin:7/token:4', { kind: 'admin', id: 7, tokenId: 4 }],
    ['learner:12', { kind: 'learner', id: 12, tokenId: null }],
    ['lms', { kind: 'lms', id: null, tokenId: null }],
    ['learner', { kind: 'learner', id: null, tokenId: null }],
    ['system', { kind: 'system', id: null, tokenId: null }],
    [null, { kind: 'unknown', id: null, tokenId: null }],
    ['admin:', { kind: 'unknown', id: null, tokenId: null }],
    ['admin:7/token:', { kind: 'unknown', id: null, tokenId: null }],
    ['learner:7/token:4', { kind: 'unknown', id: null, tokenId: null }],
    ['root:1', { kind: 'unknown', id: null, tokenId: null }],
    [42, { kind: 'unknown', id: null, tokenId: null }],
  ])('%p is %p', (by, expected) => {
    expect(parseHistoryActor(by)).toEqual(expected);
  });
});

describe('entries made through an admin token', () => {
  const history = [
    {
      at: '2026-03-02T10:00:00.000Z',
      by: 'admin:3/token:9',
      from: 'requested',
      to: 'approved',
      reason: null,
    },
    {
      at: '2026-03-03T10:00:00.000Z',
      by: 'admin:3/token:10',
      from: 'approved',
      to: 'cancelled',
      reason: null,
    },
  ];
  const names = {
    adminName: (id: number) => (id === 3 ? 'Ada Admin' : null),
    tokenName: (id: number) => (id === 9 ? 'Ada’s agent' : null),
    learnerId: 5,
    learnerName: 'lea',
  };

  it('names the admin and the token, and a deleted token by its id', () => {
    expect(historyAdminIds([history])).toEqual([3]);
    expect(historyTokenIds([history, null])).toEqual([9, 10]);
    expect(timelineOf(history, names).map((entry) => entry.by)).toEqual([
      { kind: 'admin', name: 'Ada Admin', token: 'Ada’s agent' },
      { kind: 'admin', name: 'Ada Admin', token: '#10' },
    ]);
  });
});

describe('timelineOf', () => {
  const history = [
    { at: '2026-03-02T10:00:00.000Z', by: 'admin:3', from: 'requested', to: 'approved', reason: null },
    { at: '2026-03-01T09:00:00.000Z', by: 'learner:5', from: null, to: 'requested', reason: 'Please' },
    'not an entry',
    {
      at: '2026-03-03T08:00:00.000Z',
      by: 'learner:6',
      from: 'approved',
      to: 'approved',
      reason: null,
      dueAt: null,
    },
    { at: '2026-03-04T08:00:00.000Z', by: 'lms', from: 'approved', to: 'completed', reason: 'Done' },
  ];
  const names = {
    adminName: (id: number) => (id === 3 ? 'Ada Admin' : null),
    learnerId: 5,
    learnerName: 'lea',
  };

  it('orders the entries oldest first and names the admin and the learner', () => {
    expect(timelineOf(history, names)).toEqual([
      {
        at: '2026-03-01T09:00:00.000Z',
        by: { kind: 'learner', name: 'lea' },
        from: null,
        to: 'requested',
        reason: 'Please',
      },
      {
        at: '2026-03-02T10:00:00.000Z',
        by: { kind: 'admin', name: 'Ada Admin' },
        from: 'requested',
        to: 'approved',
        reason: null,
      },
      // Another learner's id is never named on this learner's page.
      {
        at: '2026-03-03T08:00:00.000Z',
        by: { kind: 'learner', name: null },
        from: 'approved',
        to: 'approved',
        reason: null,
        dueAt: null,
      },
      {
        at: '2026-03-04T08:00:00.000Z',
        by: { kind: 'lms', name: null },
        from: 'approved',
        to: 'completed',
        reason: 'Done',
      },
    ]);
  });

  it('reads anything but an array as no history, and collects the admin ids to name', () => {
    expect(timelineOf(null, names)).toEqual([]);
    expect(timelineOf('[]', names)).toEqual([]);
    expect(historyAdminIds([history, null, [{ at: 'x', to: 'approved', by: 'admin:9' }]])).toEqual([3, 9]);
  });
});

describe('expiry: shown state and seats', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  const past = new Date(now - DAY_MS);
  const future = new Date(now + DAY_MS);

  it.each([
    ['approved', null, true],
    ['approved', future, true],
    ['approved', past, false],
    ['approved', new Date(now), false],
    ['requested', null, false],
    ['waitlisted', null, false],
    ['completed', past, false],
  ] as const)('%s expiring %p holds a seat: %p', (state, expiresAt, expected) => {
    expect(holdsSeat({ state, expiresAt }, now)).toBe(expected);
  });

  it('shows an expired enrollment as expired and any other as its state', () => {
    const flags = (expiresAt: Date | null) =>
      setFlags(enrollmentFlags({ state: 'approved', expiresAt }, now));
    expect(shownState('approved', flags(past))).toBe('expired');
    expect(shownState('approved', flags(future))).toBe('approved');
    expect(shownState('completed', [])).toBe('completed');
  });
});
