/** The default admin roles the plugin creates at bootstrap. */
export const GROUP_MANAGER_ROLE = {
  code: 'groups-manager',
  name: 'Group Manager',
  description: 'Works inside the groups they are linked to: learners, enrollments, attendance, reports.',
} as const;

export const COURSE_EDITOR_ROLE = {
  code: 'groups-course-editor',
  name: 'Group Course Editor',
  description: 'Edits the courses of the groups they are linked to, and nothing else.',
} as const;
