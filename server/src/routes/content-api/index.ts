import invitations from './invitations';
import learner from './learner';
import lms from './lms';

/** Content API routes, mounted under /api/groups. One file per resource. */
export default {
  type: 'content-api',
  routes: [...learner, ...lms, ...invitations] as Array<Record<string, unknown>>,
};
