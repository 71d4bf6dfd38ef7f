import courseSettings from './course-settings';
import enrollments from './enrollments';
import health from './health';
import members from './members';
import reports from './reports';
import workspace from './workspace';

/** Admin routes, mounted under /groups. One file per resource; the authorization matrix reads this list. */
export default {
  type: 'admin',
  routes: [...health, ...workspace, ...enrollments, ...reports, ...members, ...courseSettings],
};
