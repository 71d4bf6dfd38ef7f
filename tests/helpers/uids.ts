/** The content types the group scope applies to, as the tests name them. */
export const GROUP = 'plugin::groups.group';
export const ENROLLMENT = 'plugin::groups.enrollment';
export const GROUP_MANAGER = 'plugin::groups.group-manager';
export const LEARNER = 'plugin::users-permissions.user';
export const COURSE = 'api::course.course';
export const TYPES = [GROUP, ENROLLMENT, GROUP_MANAGER, LEARNER, COURSE] as const;
