import type { Core } from '@strapi/strapi';
import { LEARNER_ROLE_UID } from '../constants';

/**
 * The role a new learner account gets: the one Users & Permissions gives to sign-ups (its advanced setting
 * `default_role`), else "authenticated" when that setting is unset or names a role that no longer exists.
 * Accounts the plugin creates get it, and a manager may create learners with this role only. `null` only
 * when even "authenticated" is missing.
 */
export const defaultLearnerRoleId = async (strapi: Core.Strapi): Promise<number | null> => {
  const advanced = (await strapi
    .store({ type: 'plugin', name: 'users-permissions' })
    .get({ key: 'advanced' })) as { default_role?: string } | null;
  const roles = strapi.db.query(LEARNER_ROLE_UID);
  const byType = (type: string) => roles.findOne({ where: { type }, select: ['id'] });
  const role =
    (advanced?.default_role && (await byType(advanced.default_role))) || (await byType('authenticated'));
  return role ? Number(role.id) : null;
};
