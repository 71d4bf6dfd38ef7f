import { adminPolicies } from './policies';

export default [
  {
    method: 'GET',
    path: '/reports',
    handler: 'report.rows',
    config: { policies: adminPolicies('reports.read') },
  },
  {
    method: 'GET',
    path: '/reports/export',
    handler: 'report.export',
    config: { policies: adminPolicies('reports.export') },
  },
];
