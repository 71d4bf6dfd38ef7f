/** The workspace's input contracts: what the server accepts, and the sentence it answers bad input with. */
import { exportQuerySchema, reportQuerySchema } from '../../common/contracts/report';
import {
  attendanceBodySchema,
  bulkTransitionBodySchema,
  dueDateBodySchema,
  enrollmentListQuerySchema,
  registerBodySchema,
  transitionBodySchema,
} from '../../common/contracts/workspace';

const issues = (result: {
  success: boolean;
  error?: { issues: Array<{ path: (string | number)[]; message: string }> };
}) => (result.success ? [] : result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`));

describe('enrollment list and report queries', () => {
  it('fills the defaults', () => {
    expect(enrollmentListQuerySchema.parse({})).toEqual({
      periodField: 'requested',
      page: 1,
      pageSize: 25,
      sort: 'requestedAt:desc',
    });
  });

  it.each([
    [{ state: 'requested,approved' }, { state: ['requested', 'approved'] }],
    [{ state: ['requested', 'approved'] }, { state: ['requested', 'approved'] }],
    [{ group: 'abc123' }, { group: ['abc123'] }],
    [{ sort: 'learner:ASC' }, { sort: 'learner:asc' }],
    [{ sort: 'REQUESTEDAT:Desc' }, { sort: 'requestedAt:desc' }],
    [
      { page: '3', pageSize: '50' },
      { page: 3, pageSize: 50 },
    ],
    [
      { from: '2026-10-01', to: '2026-10-01' },
      { from: '2026-10-01', to: '2026-10-01' },
    ],
  ])('reads %j', (input, expected) => {
    expect(reportQuerySchema.parse(input)).toMatchObject(expected);
  });

  it.each([
    [{ page: 'two' }, /^page: must be a number/],
    [{ page: 0 }, /^page: must be 1 or more/],
    [{ pageSize: 101 }, /^pageSize: must be at most 100/],
    [{ state: 'done' }, /^state\.0: must be one of requested/],
    [{ sort: 'password:asc' }, /^sort: must be <field>:asc/],
    [{ from: '2026-02-30x' }, /^from: must be a date/],
    [{ from: '2026-10-05', to: '2026-10-01' }, /^to: must not be before "from"/],
    [{ group: "x' OR 1=1" }, /^group\.0: must be a document id/],
    [{ search: 'x'.repeat(101) }, /^search: must be at most 100 characters/],
    [{ groupId: 1 }, /Unrecognized key/],
    [{ state: Array.from({ length: 51 }, () => 'approved') }, /^state: has too many values/],
  ])('refuses %j with a sentence', (input, message) => {
    const found = issues(reportQuerySchema.safeParse(input));
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('; ')).toMatch(message);
  });

  it('does not page an export', () => {
    expect(issues(exportQuerySchema.safeParse({ page: 2 })).join()).toMatch(/Unrecognized key/);
  });
});

describe('manager actions', () => {
  it('requires a reason to reject, one or many', () => {
    expect(issues(transitionBodySchema.safeParse({ action: 'reject' }))).toEqual([
      'reason: is required to reject an enrollment',
    ]);
    expect(issues(transitionBodySchema.safeParse({ action: 'reject', reason: '   ' }))).toEqual([
      'reason: is required to reject an enrollment',
    ]);
    expect(transitionBodySchema.parse({ action: 'reject', reason: ' Full. ' })).toEqual({
      action: 'reject',
      reason: 'Full.',
    });
    expect(issues(bulkTransitionBodySchema.safeParse({ documentIds: ['a'], action: 'reject' }))).toEqual([
      'reason: is required to reject an enrollment',
    ]);
  });

  it.each(['approve', 'reject', 'waitlist', 'unenroll', 'complete'])('knows the action %s', (action) => {
    expect(transitionBodySchema.safeParse({ action, reason: 'r' }).success).toBe(true);
  });

  it('refuses unknown actions, empty and oversized batches, bad attendance and loose registers', () => {
    expect(issues(transitionBodySchema.safeParse({ action: 'delete' })).join()).toMatch(
      /must be one of approve/
    );
    expect(issues(bulkTransitionBodySchema.safeParse({ documentIds: [], action: 'approve' })).join()).toMatch(
      /at least one/
    );
    expect(
      issues(
        bulkTransitionBodySchema.safeParse({
          documentIds: Array.from({ length: 5001 }, (_, i) => `d${i}`),
          action: 'approve',
        })
      ).join()
    ).toMatch(/at most 5000/);
    expect(issues(attendanceBodySchema.safeParse({ attendance: 'maybe' })).join()).toMatch(
      /must be one of unknown, present, absent/
    );
    expect(issues(registerBodySchema.safeParse({ learner: 'a', group: 'b' })).join()).toMatch(/course/);
    expect(
      issues(registerBodySchema.safeParse({ learner: 'a', group: 'b', course: 'c', extra: 1 })).join()
    ).toMatch(/Unrecognized key/);
  });
});

describe('due dates', () => {
  it.each([
    ['2026-12-31', '2026-12-31T00:00:00.000Z'],
    ['2026-12-31T17:00:00+01:00', '2026-12-31T16:00:00.000Z'],
    ['2000-01-01T00:00Z', '2000-01-01T00:00:00.000Z'],
    [null, null],
  ])('reads %j', (dueAt, expected) => {
    expect(dueDateBodySchema.parse({ documentIds: ['a'], dueAt })).toEqual({
      documentIds: ['a'],
      dueAt: expected,
    });
  });

  it.each([
    ['soon', /^dueAt: must be a date such as 2026-12-31/],
    ['2026-02-30', /^dueAt: must be a real date$/],
    ['1999-12-31T23:00:00Z', /^dueAt: must be from 2000 up to 2100$/],
    ['2100-01-01', /^dueAt: must be from 2000 up to 2100$/],
    [12, /^dueAt: Expected string/],
    [undefined, /^dueAt: Required/],
  ])('refuses %j with one sentence', (dueAt, message) => {
    const found = issues(dueDateBodySchema.safeParse({ documentIds: ['a'], dueAt }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it('reads a flag filter, one or a list, and refuses an unknown one', () => {
    expect(reportQuerySchema.parse({ flag: 'overdue,fallingBehind' }).flag).toEqual([
      'overdue',
      'fallingBehind',
    ]);
    expect(issues(reportQuerySchema.safeParse({ flag: 'late' })).join()).toMatch(
      /^flag\.0: must be one of overdue/
    );
    expect(reportQuerySchema.parse({ sort: 'dueAt:asc' }).sort).toBe('dueAt:asc');
  });
});
