import type { Core } from '@strapi/strapi';
import { actionId, type PluginActionUid } from '../../../common/domain/permissions';

/**
 * Whether an admin user's roles grant one of the plugin's actions, read from the database on each call so
 * that a role change applies to the next request. Super Admins hold every action (Strapi keeps their role
 * in step with the registered actions).
 */
export const holdsPluginAction = async (
  strapi: Core.Strapi,
  adminId: number,
  uid: PluginActionUid
): Promise<boolean> => {
  const permissions = (await strapi
    .service('admin::permission')
    .findUserPermissions({ id: adminId })) as Array<{
    action: string;
  }>;
  return permissions.some((permission) => permission.action === actionId(uid));
};
