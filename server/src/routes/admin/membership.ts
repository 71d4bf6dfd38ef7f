import { actionId } from '../../../../common/domain/permissions';

// A fresh object per route: Strapi writes into each route's config. The group's manageMembers right (and,
// for rules, who may edit them at all: Super Admins, or managers when the site allows it) is checked per
// request.
const MANAGE = () => ({
  policies: [
    'admin::isAuthenticatedAdmin',
    { name: 'admin::hasPermissions', config: { actions: [actionId('members.manage')] } },
  ],
});

/** Join codes and the membership rule of one group, both in the Members page. */
export default [
  { method: 'GET', path: '/groups/:groupId/join-codes', handler: 'join-codes.list', config: MANAGE() },
  { method: 'POST', path: '/groups/:groupId/join-codes', handler: 'join-codes.create', config: MANAGE() },
  {
    method: 'POST',
    path: '/groups/:groupId/join-codes/:codeId/disable',
    handler: 'join-codes.disable',
    config: MANAGE(),
  },
  {
    method: 'GET',
    path: '/groups/:groupId/membership-rule',
    handler: 'membership-rules.find',
    config: MANAGE(),
  },
  {
    method: 'POST',
    path: '/groups/:groupId/membership-rule/preview',
    handler: 'membership-rules.preview',
    config: MANAGE(),
  },
  {
    method: 'PUT',
    path: '/groups/:groupId/membership-rule',
    handler: 'membership-rules.save',
    config: MANAGE(),
  },
  {
    method: 'DELETE',
    path: '/groups/:groupId/membership-rule',
    handler: 'membership-rules.remove',
    config: MANAGE(),
  },
];
