/**
 * The site's LMS back end (a Content API token: full access, or custom with "groups > lms"), under
 * /api/groups/lms. A learner's JWT is refused by the policy even if a role is given the action.
 */
export default [
  {
    method: 'PUT',
    path: '/lms/enrollments/:documentId/progress',
    handler: 'lms.reportProgress',
    config: { policies: ['plugin::groups.is-api-token'] },
  },
];
