import { actionId, type PluginActionUid } from '../../../../common/domain/permissions';

/**
 * Policies of a workspace route: an authenticated admin holding the plugin action. hasPermissions also
 * passes conditional rules, so every service re-checks the record's group against the caller's scope.
 */
export const adminPolicies = (action: PluginActionUid) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions: [actionId(action)] } },
];
