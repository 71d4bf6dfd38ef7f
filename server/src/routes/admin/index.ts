import courseSettings from './course-settings';
import enrollments from './enrollments';
import groupSetup from './group-setup';
import health from './health';
import home from './home';
import learners from './learners';
import lookup from './lookup';
import members from './members';
import notifications from './notifications';
import reports from './reports';
import settings from './settings';
import workspace from './workspace';
import membership from './membership';

/** Admin routes, mounted under /groups. One file per resource; the authorization matrix reads this list. */
export default {
  type: 'admin',
  routes: [
    ...health,
    ...workspace,
    ...enrollments,
    ...reports,
    ...members,
    ...home,
    ...notifications,
    ...learners,
    ...settings,
    ...lookup,
    ...groupSetup,
    ...membership,
    ...courseSettings,
  ],
};
