import type { Core } from '@strapi/strapi';
import { adminLogin, bearer, http } from './http';

interface OwnedPermission {
  action: string;
  subject: string | null;
  properties: Record<string, unknown>;
  conditions: string[];
}

/**
 * An admin token made by its owner through Strapi's own route, asking for every permission the owner holds
 * whose action starts with `actionPrefix` (Strapi caps a token at its owner's rights anyway). The owner's
 * role must allow `admin::admin-tokens.create`. Returns the access key, shown once as on a real site.
 */
export const createAdminToken = async (
  strapi: Core.Strapi,
  ownerEmail: string,
  name: string,
  actionPrefix: string
): Promise<string> => {
  const session = await adminLogin(strapi, ownerEmail);
  const owner = await strapi.db.query('admin::user').findOne({ where: { email: ownerEmail } });
  const owned = (await strapi
    .service('admin::permission')
    .findUserPermissions({ id: owner.id })) as OwnedPermission[];
  const created = await http(strapi)
    .post('/admin/admin-tokens')
    .set(bearer(session))
    .send({
      name,
      adminPermissions: owned
        .filter((permission) => permission.action.startsWith(actionPrefix))
        .map(({ action, subject, properties, conditions }) => ({ action, subject, properties, conditions })),
    });
  expect(created.status).toBe(201);
  return created.body.data.accessKey as string;
};
