/** Content API routes, mounted under /api/groups. One file per resource. */
export default {
  type: 'content-api',
  routes: [] as Array<Record<string, unknown>>,
};
