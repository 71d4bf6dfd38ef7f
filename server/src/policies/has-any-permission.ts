/**
 * Passes when the admin's ability allows at least one of `config.actions` (Strapi's own
 * `admin::hasPermissions` needs all of them). Group rights are checked again in the service.
 */
const hasAnyPermission = (
  policyContext: { state: { userAbility?: { can: (action: string) => boolean } } },
  config: { actions: string[] }
) => {
  const ability = policyContext.state.userAbility;
  return Boolean(ability && config.actions.some((action) => ability.can(action)));
};

export default hasAnyPermission;
