import {
  archiveProblem,
  comparePaths,
  descendantsAmong,
  expandLinksOverTree,
  groupPath,
  placementProblem,
  rightsIn,
  treeOrder,
  type TreeLink,
  type TreeRow,
} from '../../common/domain/group-tree';
import { RIGHTS, buildScope, groupsWithRight, hasRight, type Right } from '../../common/domain/rights';

//   1 Amsterdam ─┬─ 2 ICU ── 3 Night shift        9 Rotterdam (another root)
//                └─ 4 Ward ── 5 Day shift
const parentOf = new Map<number, number | null>([
  [1, null],
  [2, 1],
  [3, 2],
  [4, 1],
  [5, 4],
  [9, null],
]);
const NAMES: Record<number, string> = {
  1: 'Amsterdam',
  2: 'ICU',
  3: 'Night shift',
  4: 'Ward',
  5: 'Day shift',
  9: 'Rotterdam',
};

const rights = (...held: Right[]) =>
  Object.fromEntries(RIGHTS.map((right) => [right, held.includes(right)])) as Record<Right, boolean>;
const FULL = rights(...RIGHTS);
const READ = rights('viewReports');
const link = (groupId: number, held: Record<Right, boolean>, includesSubGroups = true): TreeLink => ({
  groupId,
  rights: held,
  includesSubGroups,
});

describe('rights over a group tree', () => {
  // [case, links, group → the rights held there (absent: out of scope)]
  const table: Array<[string, TreeLink[], Record<number, Right[]>]> = [
    [
      'a root link with sub-groups reaches every descendant',
      [link(1, FULL)],
      {
        1: [...RIGHTS],
        2: [...RIGHTS],
        3: [...RIGHTS],
        4: [...RIGHTS],
        5: [...RIGHTS],
      },
    ],
    ['a link without sub-groups keeps its group only', [link(1, FULL, false)], { 1: [...RIGHTS] }],
    ['a child link sees nothing up or sideways', [link(2, FULL)], { 2: [...RIGHTS], 3: [...RIGHTS] }],
    ['a leaf link is the leaf only', [link(3, FULL)], { 3: [...RIGHTS] }],
    [
      'read-only on the parent and full on one child: full in that child (and its sub-groups) only',
      [link(1, READ), link(2, FULL)],
      { 1: ['viewReports'], 2: [...RIGHTS], 3: [...RIGHTS], 4: ['viewReports'], 5: ['viewReports'] },
    ],
    [
      'full on the parent without sub-groups and read-only on a child with them',
      [link(1, FULL, false), link(4, READ)],
      { 1: [...RIGHTS], 4: ['viewReports'], 5: ['viewReports'] },
    ],
    [
      'two partial links add up per group, never past their groups',
      [link(2, rights('manageEnrollments')), link(3, rights('exportReports'), false)],
      { 2: ['manageEnrollments'], 3: ['exportReports', 'manageEnrollments'] },
    ],
    ['a separate root stays separate', [link(9, FULL)], { 9: [...RIGHTS] }],
    ['no links, no groups', [], {}],
  ];

  it.each(table)('%s', (_name, links, expected) => {
    const expanded = expandLinksOverTree(links, parentOf);
    const scope = buildScope(expanded, false);
    expect(scope.groupIds).toEqual(Object.keys(expected).map(Number));
    for (const group of [...parentOf.keys()]) {
      const held = (expected[group] ?? []).sort();
      expect([group, rightsIn(expanded, group).sort()]).toEqual([group, held]);
      for (const right of RIGHTS) expect(hasRight(scope, group, right)).toBe(held.includes(right));
    }
    for (const right of RIGHTS) {
      expect(groupsWithRight(scope, right)).toEqual(
        Object.entries(expected)
          .filter(([, held]) => held.includes(right))
          .map(([group]) => Number(group))
      );
    }
  });

  it('ends on a cycle in stored rows', () => {
    const cyclic = new Map<number, number | null>([
      [1, 2],
      [2, 1],
    ]);
    expect(buildScope(expandLinksOverTree([link(1, READ)], cyclic), false).groupIds).toEqual([1, 2]);
  });
});

describe('placing a group in the tree', () => {
  const parent = (id: number, ancestorIds: number[], archived = false) => ({
    id,
    name: NAMES[id],
    archived,
    ancestorIds,
  });
  const table: Array<[string, Parameters<typeof placementProblem>[0], string | null]> = [
    ['to the top', { groupId: 2, groupName: 'ICU', parent: null, subtreeHeight: 2, maxDepth: 5 }, null],
    [
      'under a sibling',
      { groupId: 2, groupName: 'ICU', parent: parent(4, [1]), subtreeHeight: 2, maxDepth: 5 },
      null,
    ],
    [
      'under itself',
      { groupId: 2, groupName: 'ICU', parent: parent(2, [1]), subtreeHeight: 2, maxDepth: 5 },
      'The group "ICU" cannot be placed under itself or under one of its own sub-groups.',
    ],
    [
      'under its own grandchild',
      { groupId: 1, groupName: 'Amsterdam', parent: parent(3, [2, 1]), subtreeHeight: 3, maxDepth: 5 },
      'The group "Amsterdam" cannot be placed under itself or under one of its own sub-groups.',
    ],
    [
      'under an archived group',
      { groupId: null, groupName: 'New', parent: parent(9, [], true), subtreeHeight: 1, maxDepth: 5 },
      'The group "Rotterdam" is archived: choose an active parent group.',
    ],
    [
      'exactly at the depth limit',
      { groupId: 1, groupName: 'Amsterdam', parent: parent(5, [4, 9]), subtreeHeight: 2, maxDepth: 5 },
      null,
    ],
    [
      'one past the depth limit',
      { groupId: 1, groupName: 'Amsterdam', parent: parent(5, [4, 9]), subtreeHeight: 3, maxDepth: 5 },
      'Groups nest at most 5 levels deep; placing "Amsterdam" under "Day shift" would make 6.',
    ],
    [
      'a new group under a leaf at the limit',
      { groupId: null, groupName: 'New', parent: parent(3, [2, 1]), subtreeHeight: 1, maxDepth: 3 },
      'Groups nest at most 3 levels deep; placing "New" under "Night shift" would make 4.',
    ],
  ];
  it.each(table)('%s', (_name, placement, problem) => {
    expect(placementProblem(placement)).toBe(problem);
  });

  it('archives a parent only once its sub-groups are archived', () => {
    expect(archiveProblem(0)).toBeNull();
    expect(archiveProblem(1)).toBe('This group has 1 active sub-group: archive it first.');
    expect(archiveProblem(3)).toBe('This group has 3 active sub-groups: archive them first.');
  });
});

describe('a group named by its path', () => {
  const path = (group: number, visible: number[]) =>
    groupPath(
      group,
      parentOf,
      (id) => NAMES[id],
      (id) => visible.includes(id)
    );
  it('names the ancestors the reader may see, and stops below the first one they may not', () => {
    expect(path(3, [1, 2, 3, 4, 5])).toBe('Amsterdam › ICU › Night shift');
    expect(path(3, [2, 3])).toBe('ICU › Night shift');
    expect(path(3, [3])).toBe('Night shift');
    expect(path(3, [1, 3])).toBe('Night shift');
    expect(path(9, [9])).toBe('Rotterdam');
  });
});

describe('report and export rows named by their path', () => {
  // What the report shows each persona for the Night shift row, and how the rows sort by path.
  const rowPath = (visible: number[]) =>
    groupPath(
      3,
      parentOf,
      (id) => NAMES[id],
      (id) => visible.includes(id)
    );
  it.each([
    ['the root manager', [1, 2, 3, 4, 5], 'Amsterdam › ICU › Night shift'],
    ['the ICU manager', [2, 3], 'ICU › Night shift'],
    ['the Night shift manager', [3], 'Night shift'],
    ['a manager of the root alone and of the Night shift', [1, 3], 'Night shift'],
  ])('names the row for %s without a hidden ancestor', (_who, visible, expected) => {
    expect(rowPath(visible)).toBe(expected);
  });
  it('sorts paths as a tree: a parent before its sub-groups, siblings by name', () => {
    const paths = [
      'Amsterdam › Ward',
      'Amsterdam › ICU › Night shift',
      'Amsterdam',
      'Amsterdam › ICU',
      'Rotterdam',
    ];
    expect([...paths].sort(comparePaths)).toEqual([
      'Amsterdam',
      'Amsterdam › ICU',
      'Amsterdam › ICU › Night shift',
      'Amsterdam › Ward',
      'Rotterdam',
    ]);
  });
});

describe('the overview in tree order, rolled up', () => {
  const rows: TreeRow[] = [...parentOf].map(([id, parentId]) => ({ id, name: NAMES[id], parentId }));
  it('orders every group of the scope as the tree, so a page cut anywhere keeps the order', () => {
    expect(treeOrder(rows)).toEqual([1, 2, 3, 4, 5, 9]);
  });
  it('starts a tree at a group whose parent the reader may not see', () => {
    expect(treeOrder(rows.filter((row) => row.id !== 1))).toEqual([2, 3, 9, 4, 5]);
  });
  it('keeps groups of the same name each with their own sub-groups', () => {
    const twins: TreeRow[] = [
      { id: 20, name: 'Team', parentId: null },
      { id: 10, name: 'Team', parentId: null },
      { id: 11, name: 'A', parentId: 10 },
      { id: 21, name: 'A', parentId: 20 },
    ];
    expect(treeOrder(twins)).toEqual([10, 11, 20, 21]);
  });
  it('still lists rows caught in a cycle of hand-edited data', () => {
    const cycle: TreeRow[] = [
      { id: 1, name: 'One', parentId: 2 },
      { id: 2, name: 'Two', parentId: 1 },
    ];
    expect(treeOrder(cycle)).toEqual([1, 2]);
    expect(descendantsAmong(1, cycle)).toEqual([2]);
  });
  it('rolls a card up over the sub-groups among the rows the reader may see', () => {
    expect(descendantsAmong(1, rows).sort()).toEqual([2, 3, 4, 5]);
    expect(descendantsAmong(2, rows)).toEqual([3]);
    expect(descendantsAmong(3, rows)).toEqual([]);
    // Ward hidden: its Day shift is not reached through it.
    expect(
      descendantsAmong(
        1,
        rows.filter((row) => row.id !== 4)
      ).sort()
    ).toEqual([2, 3]);
  });
});
