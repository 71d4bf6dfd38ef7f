import { adminPolicies } from './policies';

// Fresh objects per route: Strapi writes into each route's config.
const SETUP = () => ({ policies: adminPolicies('groups.manage') });

/**
 * The site owner's Groups screen, under /groups/setup: only the Super Admin and holders of the "Set up
 * groups and their managers" permission. The course sharing notice is read by anyone in the workspace.
 */
export default [
  { method: 'GET', path: '/setup/groups', handler: 'group-setup.list', config: SETUP() },
  { method: 'POST', path: '/setup/groups', handler: 'group-setup.create', config: SETUP() },
  { method: 'GET', path: '/setup/groups/:documentId', handler: 'group-setup.findOne', config: SETUP() },
  { method: 'PUT', path: '/setup/groups/:documentId', handler: 'group-setup.update', config: SETUP() },
  {
    method: 'POST',
    path: '/setup/groups/:documentId/archive',
    handler: 'group-setup.archive',
    config: SETUP(),
  },
  {
    method: 'POST',
    path: '/setup/groups/:documentId/restore',
    handler: 'group-setup.restore',
    config: SETUP(),
  },
  {
    method: 'GET',
    path: '/setup/groups/:documentId/managers',
    handler: 'group-setup.managers',
    config: SETUP(),
  },
  {
    method: 'POST',
    path: '/setup/groups/:documentId/managers',
    handler: 'group-setup.addManager',
    config: SETUP(),
  },
  {
    method: 'PUT',
    path: '/setup/groups/:documentId/managers/:linkId',
    handler: 'group-setup.updateManager',
    config: SETUP(),
  },
  {
    method: 'DELETE',
    path: '/setup/groups/:documentId/managers/:linkId',
    handler: 'group-setup.removeManager',
    config: SETUP(),
  },
  { method: 'GET', path: '/setup/defaults', handler: 'group-setup.defaults', config: SETUP() },
  { method: 'GET', path: '/setup/group-options', handler: 'group-setup.groupOptions', config: SETUP() },
  { method: 'GET', path: '/setup/course-options', handler: 'group-setup.courseOptions', config: SETUP() },
  { method: 'GET', path: '/setup/learner-options', handler: 'group-setup.learnerOptions', config: SETUP() },
  {
    method: 'GET',
    path: '/setup/admin-user-options',
    handler: 'group-setup.adminUserOptions',
    config: SETUP(),
  },
  {
    method: 'GET',
    path: '/courses/:documentId/sharing',
    handler: 'group-setup.courseSharing',
    config: { policies: adminPolicies('workspace.read') },
  },
];
