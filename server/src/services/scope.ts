import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  EMPTY_SCOPE,
  RIGHT_ATTRIBUTES,
  RIGHTS,
  buildScope,
  hasRight,
  linkFromRow,
  type Right,
  type Scope,
} from '../../../common/domain/rights';
import { GROUP_MANAGER_UID } from '../constants';

const SUPER_ADMIN_CODE = 'strapi-super-admin';

export interface AdminActor {
  id: number;
  roles?: Array<{ code?: string; id?: number }>;
}

/** Scopes resolved during the current request, so conditions and services share one lookup. */
const requestScopes = new WeakMap<object, Map<number, Promise<Scope>>>();

const scopeService = ({ strapi }: { strapi: Core.Strapi }) => {
  const isSuperAdmin = async (actor: AdminActor): Promise<boolean> => {
    // On /mcp and with some tokens the user carries no roles: read them, never assume.
    let roles = actor.roles;
    if (!roles || roles.length === 0 || roles.some((role) => role.code === undefined)) {
      const user = await strapi.db.query('admin::user').findOne({
        where: { id: actor.id },
        select: ['id'],
        populate: { roles: { select: ['code'] } },
      });
      roles = (user?.roles as AdminActor['roles']) ?? [];
    }
    return (roles ?? []).some((role) => role.code === SUPER_ADMIN_CODE);
  };

  const loadScope = async (actor: AdminActor): Promise<Scope> => {
    if (!actor?.id) return EMPTY_SCOPE;
    if (await isSuperAdmin(actor)) return buildScope([], true);
    const rows = await strapi.db.query(GROUP_MANAGER_UID).findMany({
      where: { user: { id: actor.id }, group: { id: { $notNull: true } } },
      select: ['id', ...RIGHTS.map((right) => RIGHT_ATTRIBUTES[right])],
      populate: { group: { select: ['id'] } },
    });
    const links = rows
      .filter((row: { group?: { id: number } | null }) => row.group?.id)
      .map((row: Record<string, unknown> & { group: { id: number } }) =>
        linkFromRow({ ...row, groupId: row.group.id })
      );
    return buildScope(links, false);
  };

  return {
    /**
     * The groups an admin user manages, with the rights of each link. Read fresh on every request (a
     * GroupManager link added or removed applies at once) but only once per request.
     */
    async getScope(actor: AdminActor): Promise<Scope> {
      const ctx = strapi.requestContext.get() as object | undefined;
      if (!ctx) return loadScope(actor);
      let perUser = requestScopes.get(ctx);
      if (!perUser) {
        perUser = new Map();
        requestScopes.set(ctx, perUser);
      }
      let scope = perUser.get(actor.id);
      if (!scope) {
        scope = loadScope(actor);
        perUser.set(actor.id, scope);
      }
      return scope;
    },

    /** Throws a 403 unless the actor holds `right` in the group. */
    async assertRight(actor: AdminActor, groupId: number, right: Right): Promise<Scope> {
      const scope = await this.getScope(actor);
      if (!hasRight(scope, groupId, right)) {
        throw new errors.ForbiddenError('You do not manage this group with that right.');
      }
      return scope;
    },
  };
};

export type ScopeService = ReturnType<typeof scopeService>;
export default scopeService;
