import { actionId } from '../../../../common/domain/permissions';

const can = (uid: Parameters<typeof actionId>[0]) => ({
  name: 'admin::hasPermissions',
  config: { actions: [actionId(uid)] },
});

// Fresh objects per route: Strapi writes into each route's config.
const MANAGE = () => ({ policies: ['admin::isAuthenticatedAdmin', can('members.manage')] });
const MESSAGE = () => ({ policies: ['admin::isAuthenticatedAdmin', can('members.message')] });
const SEE = () => ({
  policies: [
    'admin::isAuthenticatedAdmin',
    {
      name: 'plugin::groups.has-any-permission',
      config: { actions: [actionId('members.manage'), actionId('members.message')] },
    },
  ],
});

/** Members of one group. The group's own rights (manageMembers, messageMembers) are checked per request. */
export default [
  { method: 'GET', path: '/groups/:groupId/members', handler: 'members.list', config: SEE() },
  { method: 'POST', path: '/groups/:groupId/members', handler: 'members.add', config: MANAGE() },
  {
    method: 'GET',
    path: '/groups/:groupId/member-candidates',
    handler: 'members.candidates',
    config: MANAGE(),
  },
  { method: 'PUT', path: '/groups/:groupId/members/:userId', handler: 'members.update', config: MANAGE() },
  { method: 'DELETE', path: '/groups/:groupId/members/:userId', handler: 'members.remove', config: MANAGE() },
  {
    method: 'POST',
    path: '/groups/:groupId/members-import/preview',
    handler: 'members.previewImport',
    config: MANAGE(),
  },
  {
    method: 'POST',
    path: '/groups/:groupId/members-import',
    handler: 'members.applyImport',
    config: MANAGE(),
  },
  {
    method: 'GET',
    path: '/groups/:groupId/invitations',
    handler: 'members.listInvitations',
    config: MANAGE(),
  },
  { method: 'POST', path: '/groups/:groupId/invitations', handler: 'members.invite', config: MANAGE() },
  {
    method: 'POST',
    path: '/groups/:groupId/invitations/:invitationId/resend',
    handler: 'members.resendInvitation',
    config: MANAGE(),
  },
  {
    method: 'POST',
    path: '/groups/:groupId/invitations/:invitationId/link',
    handler: 'members.invitationLink',
    config: MANAGE(),
  },
  {
    method: 'DELETE',
    path: '/groups/:groupId/invitations/:invitationId',
    handler: 'members.revokeInvitation',
    config: MANAGE(),
  },
  { method: 'POST', path: '/groups/:groupId/messages', handler: 'members.message', config: MESSAGE() },
  { method: 'GET', path: '/groups/:groupId/messages', handler: 'members.listMessages', config: MESSAGE() },
  {
    method: 'POST',
    path: '/groups/:groupId/messages/:messageId/retry',
    handler: 'members.retryMessage',
    config: MESSAGE(),
  },
];
