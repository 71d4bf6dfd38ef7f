/**
 * Per-group rights of a GroupManager link and the scope they add up to.
 * A manager of several groups has the union of their groups; each link's rights apply to its group only.
 */
export const RIGHTS = [
  'viewReports',
  'exportReports',
  'manageEnrollments',
  'manageMembers',
  'editCourses',
  'messageMembers',
] as const;

export type Right = (typeof RIGHTS)[number];

/** The GroupManager attribute that stores each right. */
export const RIGHT_ATTRIBUTES: Readonly<Record<Right, string>> = {
  viewReports: 'canViewReports',
  exportReports: 'canExportReports',
  manageEnrollments: 'canManageEnrollments',
  manageMembers: 'canManageMembers',
  editCourses: 'canEditCourses',
  messageMembers: 'canMessageMembers',
};

/** Each right as a sentence names it ("You do not have the right \"manage members\" ..."). */
export const RIGHT_LABELS: Readonly<Record<Right, string>> = {
  viewReports: 'view reports',
  exportReports: 'export reports',
  manageEnrollments: 'manage enrollments',
  manageMembers: 'manage members',
  editCourses: 'edit courses',
  messageMembers: 'message members',
};

export interface ManagerLink {
  groupId: number;
  rights: Readonly<Record<Right, boolean>>;
}

export interface Scope {
  /** Super Admins see everything; their scope is not a list of groups. */
  all: boolean;
  /** Every group the actor is linked to, with any right. */
  groupIds: number[];
  links: ManagerLink[];
}

export const EMPTY_SCOPE: Scope = { all: false, groupIds: [], links: [] };

export const linkFromRow = (row: { groupId: number } & Partial<Record<string, unknown>>): ManagerLink => {
  // A plain loop: a tree's scope is hundreds of rows, built on every request.
  const rights = {} as Record<Right, boolean>;
  for (const right of RIGHTS) rights[right] = Boolean(row[RIGHT_ATTRIBUTES[right]]);
  return { groupId: row.groupId, rights };
};

export const buildScope = (links: ManagerLink[], isSuperAdmin: boolean): Scope => ({
  all: isSuperAdmin,
  groupIds: [...new Set(links.map((l) => l.groupId))].sort((a, b) => a - b),
  links,
});

/** The groups where the actor holds `right`. `null` means every group (Super Admin). */
export const groupsWithRight = (scope: Scope, right: Right): number[] | null => {
  if (scope.all) return null;
  return [...new Set(scope.links.filter((l) => l.rights[right]).map((l) => l.groupId))].sort((a, b) => a - b);
};

export const hasRight = (scope: Scope, groupId: number, right: Right): boolean =>
  scope.all || scope.links.some((l) => l.groupId === groupId && l.rights[right]);

export const inScope = (scope: Scope, groupId: number): boolean =>
  scope.all || scope.groupIds.includes(groupId);
