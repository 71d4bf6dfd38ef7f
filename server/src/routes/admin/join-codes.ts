import { actionId } from '../../../../common/domain/permissions';

// A fresh object per route: Strapi writes into each route's config. The group's manageMembers right is
// checked per request.
const MANAGE = () => ({
  policies: [
    'admin::isAuthenticatedAdmin',
    { name: 'admin::hasPermissions', config: { actions: [actionId('members.manage')] } },
  ],
});

/** Join codes of one group, shown in the Members page. */
export default [
  { method: 'GET', path: '/groups/:groupId/join-codes', handler: 'join-codes.list', config: MANAGE() },
  { method: 'POST', path: '/groups/:groupId/join-codes', handler: 'join-codes.create', config: MANAGE() },
  {
    method: 'POST',
    path: '/groups/:groupId/join-codes/:codeId/disable',
    handler: 'join-codes.disable',
    config: MANAGE(),
  },
];
