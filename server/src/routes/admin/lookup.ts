import { adminPolicies } from './policies';

/** The searchable filters' lookups: readable groups and their courses, a bounded few at a time. */
export default [
  {
    method: 'GET',
    path: '/lookup/groups',
    handler: 'lookup.groups',
    config: { policies: adminPolicies('workspace.read') },
  },
  {
    method: 'GET',
    path: '/lookup/courses',
    handler: 'lookup.courses',
    config: { policies: adminPolicies('workspace.read') },
  },
];
