import { failure } from '../utils/messages';

/**
 * Passes when the admin's ability allows at least one of `config.actions` (Strapi's own
 * `admin::hasPermissions` needs all of them). Group rights are checked again in the service.
 */
const hasAnyPermission = (
  policyContext: { state: { userAbility?: { can: (action: string) => boolean } } },
  config: { actions: string[] }
) => {
  const ability = policyContext.state.userAbility;
  if (ability && config.actions.some((action) => ability.can(action))) return true;
  // Strapi's bare "Policy Failed" would not say what is missing: name the permissions, which the role shows.
  throw failure('PolicyError', 'server.access.noPermission', {
    permissions: config.actions.map((action) => action.replace(/^plugin::groups\./, '')).join(', '),
  });
};

export default hasAnyPermission;
