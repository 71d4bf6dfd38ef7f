import { adminPolicies } from './policies';

/** The admin home page widget's data; the widget's own `permissions` only hide it, this route checks scope. */
export default [
  {
    method: 'GET',
    path: '/home/summary',
    handler: 'home.summary',
    config: { policies: adminPolicies('workspace.read') },
  },
];
