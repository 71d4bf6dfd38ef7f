/**
 * Learners' routes (users-permissions JWT), under /api/groups/my. They show in Users & Permissions as
 * "groups > learner" so a site owner can allow them per role; the plugin enables them for the
 * Authenticated role once, at its first start (see bootstrap).
 */
// A fresh object per route: Strapi writes each route's auth scope into its config object.
const learnerOnly = () => ({ policies: ['plugin::groups.is-learner'] });

export default [
  { method: 'GET', path: '/my/groups', handler: 'learner.myGroups', config: learnerOnly() },
  { method: 'GET', path: '/my/enrollments', handler: 'learner.myEnrollments', config: learnerOnly() },
  { method: 'POST', path: '/my/enrollments', handler: 'learner.requestEnrollment', config: learnerOnly() },
  {
    method: 'POST',
    path: '/my/enrollments/:documentId/cancel',
    handler: 'learner.cancelEnrollment',
    config: learnerOnly(),
  },
  { method: 'POST', path: '/my/join', handler: 'join-codes.join', config: learnerOnly() },
];
