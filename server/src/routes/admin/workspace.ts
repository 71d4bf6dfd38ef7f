import { adminPolicies } from './policies';

export default [
  {
    method: 'GET',
    path: '/workspace/overview',
    handler: 'workspace.overview',
    config: { policies: adminPolicies('workspace.read') },
  },
  {
    method: 'GET',
    path: '/workspace/groups/:documentId/members',
    handler: 'workspace.groupMembers',
    config: { policies: adminPolicies('enrollments.manage') },
  },
];
