/**
 * Personas for the members tests: an admin role holding the plugin's member actions, and managers linked
 * to groups with chosen rights through GroupManager, as a site owner would set them up.
 */
import type { Core } from '@strapi/strapi';
import { actionId, type PluginActionUid } from '../../common/domain/permissions';
import { adminLogin, createAdminUser } from './http';

export const MEMBER_ROLE_CODE = 'members-test-manager';

export const createManagerRole = async (
  strapi: Core.Strapi,
  actions: PluginActionUid[] = ['workspace.read', 'members.manage', 'members.message']
) => {
  const role = await strapi.service('admin::role').create({
    name: 'Members test manager',
    code: MEMBER_ROLE_CODE,
    description: 'Holds the member actions; the GroupManager links decide the groups.',
  });
  await strapi.service('admin::role').assignPermissions(
    role.id,
    actions.map((uid) => ({ action: actionId(uid), subject: null, conditions: [], properties: {} }))
  );
  return role;
};

export interface LinkRights {
  canManageMembers?: boolean;
  canMessageMembers?: boolean;
  canManageEnrollments?: boolean;
  canViewReports?: boolean;
}

export const createManager = async (
  strapi: Core.Strapi,
  email: string,
  links: Array<{ groupDocumentId: string } & LinkRights>
) => {
  const user = await createAdminUser(strapi, email, [MEMBER_ROLE_CODE]);
  for (const { groupDocumentId, ...rights } of links) {
    await strapi.documents('plugin::groups.group-manager').create({
      data: { user: user.id, group: groupDocumentId, ...rights },
    });
  }
  return { user, token: await adminLogin(strapi, email) };
};

export const createGroup = async (strapi: Core.Strapi, name: string, data: Record<string, unknown> = {}) =>
  strapi.documents('plugin::groups.group').create({
    data: { name, slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), ...data },
  }) as Promise<{ id: number; documentId: string; name: string }>;

export const memberIds = async (strapi: Core.Strapi, groupDocumentId: string): Promise<number[]> => {
  const group = await strapi.documents('plugin::groups.group').findOne({
    documentId: groupDocumentId,
    populate: { members: { fields: ['id'] } },
  });
  return (group?.members ?? []).map((m: { id: number }) => m.id).sort((a: number, b: number) => a - b);
};
