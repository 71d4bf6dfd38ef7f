import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  EMPTY_SCOPE,
  RIGHT_ATTRIBUTES,
  RIGHTS,
  buildScope,
  groupsWithRight,
  hasRight,
  linkFromRow,
  type Right,
  type Scope,
} from '../../../common/domain/rights';
import { LEARNER_GROUPS_ATTRIBUTE } from '../../../common/domain/scope-filters';
import { GROUP_MANAGER_UID, GROUP_UID, LEARNER_UID } from '../constants';

const SUPER_ADMIN_CODE = 'strapi-super-admin';

export interface AdminActor {
  id: number;
  roles?: Array<{ code?: string; id?: number }>;
}

/** Lookups made during the current request, so conditions, guards and services share one query each. */
const requestMemo = new WeakMap<object, Map<string, Promise<unknown>>>();

const scopeService = ({ strapi }: { strapi: Core.Strapi }) => {
  const memo = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    const ctx = strapi.requestContext.get() as object | undefined;
    if (!ctx) return load();
    let perRequest = requestMemo.get(ctx);
    if (!perRequest) {
      perRequest = new Map();
      requestMemo.set(ctx, perRequest);
    }
    let value = perRequest.get(key) as Promise<T> | undefined;
    if (!value) {
      value = load();
      perRequest.set(key, value);
    }
    return value;
  };

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

  const loadCourseDocumentIds = async (groupIds: number[]): Promise<string[]> => {
    if (groupIds.length === 0) return [];
    const groups = await strapi.db.query(GROUP_UID).findMany({
      where: { id: { $in: groupIds } },
      select: ['id'],
      populate: { courses: { select: ['documentId'] } },
    });
    const ids = new Set<string>();
    for (const group of groups as Array<{ courses?: Array<{ documentId: string }> }>) {
      for (const course of group.courses ?? []) ids.add(course.documentId);
    }
    return [...ids].sort();
  };

  const loadLearnerIds = async (groupIds: number[]): Promise<number[]> => {
    if (groupIds.length === 0) return [];
    const rows = (await strapi.db.query(LEARNER_UID).findMany({
      where: { [LEARNER_GROUPS_ATTRIBUTE]: { id: { $in: groupIds } } },
      select: ['id'],
    })) as Array<{ id: number }>;
    return [...new Set(rows.map((row) => row.id))].sort((a, b) => a - b);
  };

  const groupIdsFor = (scope: Scope, right: Right | null) =>
    right ? (groupsWithRight(scope, right) ?? []) : scope.groupIds;

  return {
    /**
     * The groups an admin user manages, with the rights of each link. Read fresh on every request (a
     * GroupManager link added or removed applies at once) but only once per request.
     */
    async getScope(actor: AdminActor): Promise<Scope> {
      return memo(`scope:${actor?.id}`, () => loadScope(actor));
    },

    /**
     * documentIds of the courses linked to the actor's groups — every group, or only those where the link
     * holds `right`. `null` means every course (Super Admin).
     */
    async getCourseDocumentIds(actor: AdminActor, right: Right | null = null): Promise<string[] | null> {
      const scope = await this.getScope(actor);
      if (scope.all) return null;
      return memo(`courses:${actor.id}:${right ?? '*'}`, () =>
        loadCourseDocumentIds(groupIdsFor(scope, right))
      );
    },

    /**
     * Ids of the users who are members of the actor's groups (or of those where the link holds `right`).
     * `null` means every user (Super Admin).
     */
    async getLearnerIds(actor: AdminActor, right: Right | null = null): Promise<number[] | null> {
      const scope = await this.getScope(actor);
      if (scope.all) return null;
      return memo(`learners:${actor.id}:${right ?? '*'}`, () => loadLearnerIds(groupIdsFor(scope, right)));
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
