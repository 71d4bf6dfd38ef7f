import {
  buildScope,
  groupsWithRight,
  hasRight,
  inScope,
  linkFromRow,
  RIGHTS,
} from '../../common/domain/rights';

describe('manager rights', () => {
  const full = Object.fromEntries(
    [
      'canViewReports',
      'canExportReports',
      'canManageEnrollments',
      'canManageMembers',
      'canEditCourses',
      'canMessageMembers',
    ].map((k) => [k, true])
  );
  const readOnly = { canViewReports: true };
  const scope = buildScope(
    [linkFromRow({ groupId: 1, ...full }), linkFromRow({ groupId: 2, ...readOnly })],
    false
  );

  it('applies each link to its own group only', () => {
    expect(hasRight(scope, 1, 'manageEnrollments')).toBe(true);
    expect(hasRight(scope, 2, 'manageEnrollments')).toBe(false);
    expect(hasRight(scope, 2, 'viewReports')).toBe(true);
    expect(hasRight(scope, 3, 'viewReports')).toBe(false);
    expect(groupsWithRight(scope, 'manageEnrollments')).toEqual([1]);
    expect(groupsWithRight(scope, 'viewReports')).toEqual([1, 2]);
  });

  it('gives a manager with no links nothing, and a Super Admin everything', () => {
    const none = buildScope([], false);
    for (const right of RIGHTS) expect(groupsWithRight(none, right)).toEqual([]);
    expect(inScope(none, 1)).toBe(false);
    const all = buildScope([], true);
    expect(groupsWithRight(all, 'editCourses')).toBeNull();
    expect(hasRight(all, 42, 'manageMembers')).toBe(true);
  });
});
