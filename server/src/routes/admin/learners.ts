import { adminPolicies } from './policies';

/** One learner as a manager may see them; the groups are limited by the service (learner-page). */
export default [
  {
    method: 'GET',
    path: '/learners/:documentId',
    handler: 'learner-page.show',
    config: { policies: adminPolicies('workspace.read') },
  },
];
