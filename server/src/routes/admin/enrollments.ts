import { adminPolicies } from './policies';

export default [
  {
    method: 'GET',
    path: '/enrollments',
    handler: 'workspace.listEnrollments',
    config: { policies: adminPolicies('workspace.read') },
  },
  {
    method: 'POST',
    path: '/enrollments',
    handler: 'workspace.register',
    config: { policies: adminPolicies('enrollments.manage') },
  },
  {
    method: 'POST',
    path: '/enrollments/bulk-transition',
    handler: 'workspace.bulkTransition',
    config: { policies: adminPolicies('enrollments.manage') },
  },
  {
    method: 'PUT',
    path: '/enrollments/due-date',
    handler: 'workspace.setDueDates',
    config: { policies: adminPolicies('enrollments.manage') },
  },
  {
    method: 'PUT',
    path: '/enrollments/expiry',
    handler: 'workspace.setExpiry',
    config: { policies: adminPolicies('enrollments.manage') },
  },
  {
    method: 'POST',
    path: '/enrollments/:documentId/transition',
    handler: 'workspace.transition',
    config: { policies: adminPolicies('enrollments.manage') },
  },
  {
    method: 'PUT',
    path: '/enrollments/:documentId/attendance',
    handler: 'workspace.setAttendance',
    config: { policies: adminPolicies('enrollments.manage') },
  },
];
