import invitations from './invitations';
import learner from './learner';
import lms from './lms';
import notifications from './notifications';

/** Content API routes, mounted under /api/groups. One file per resource. */
export default {
  type: 'content-api',
  routes: [...learner, ...lms, ...invitations, ...notifications] as Array<Record<string, unknown>>,
};
