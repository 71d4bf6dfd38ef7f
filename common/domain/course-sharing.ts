/**
 * Courses shared by several groups. A manager's edit-courses right is a right in one group, but a course
 * edit shows in every group using the course: the site owner chooses whether the right is needed in every
 * one of those groups (`all-groups`, the default) or in any one of them (`any-group`).
 */
export const COURSE_EDIT_RULES = ['all-groups', 'any-group'] as const;

export type CourseEditRule = (typeof COURSE_EDIT_RULES)[number];

export const DEFAULT_COURSE_EDIT_RULE: CourseEditRule = 'all-groups';

/**
 * Whether a manager may edit a course used by `groupsUsing`, holding the right in `groupsWithRight`.
 * A course no group uses is never a manager's to edit.
 */
export const mayEditCourse = (
  groupsUsing: readonly number[],
  groupsWithRight: ReadonlySet<number>,
  rule: CourseEditRule
): boolean => {
  if (groupsUsing.length === 0) return false;
  return rule === 'any-group'
    ? groupsUsing.some((id) => groupsWithRight.has(id))
    : groupsUsing.every((id) => groupsWithRight.has(id));
};
