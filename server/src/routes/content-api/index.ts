import invitations from './invitations';

/** Content API routes, mounted under /api/groups. One file per resource. */
export default {
  type: 'content-api',
  routes: [...invitations] as Array<Record<string, unknown>>,
};
