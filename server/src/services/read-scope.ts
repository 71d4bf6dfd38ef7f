import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  LEARNER_GROUPS_ATTRIBUTE,
  MATCH_NOTHING,
  membershipForLearnerLists,
  nestedFilter,
  scopeFilter,
  type ScopeFilter,
} from '../../../common/domain/scope-filters';
import { subjectOf } from '../conditions';
import { expandDeferred } from '../conditions/deferred-rules';
import type { AdminActor } from './scope';
import { getService } from '../utils/get-service';

const READ = 'plugin::content-manager.explorer.read';

type Query = Record<string, unknown>;
type Ability = unknown;
type Attribute = { type?: string; target?: string; component?: string; relation?: string };
/** A relation of a read's result whose related records are checked after the read (`checkRelations`). */
type RelationCheck = { key: string; target: string };

/**
 * The options of a populated relation that leave every related record, whole, in the result, so that removing the
 * unreadable ones afterwards gives what a filter would have: no filter, count, limit or offset of its own.
 */
const CHECKED_AFTER = new Set(['populate', 'sort']);

const isMorph = (attribute: Attribute) => /^morph/i.test(attribute.relation ?? '');

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const and = (left: unknown, right: ScopeFilter | null): unknown => {
  if (!right) return left;
  if (left === undefined || (isObject(left) && Object.keys(left).length === 0)) return right;
  return { $and: [left, right] };
};

/**
 * Narrows the relations a read reaches into: a filter on, or a populate of, a relation to one of the five
 * scoped types only ever meets the related records the actor may read. Without it a manager could learn
 * another group's name by filtering users on `groups.name`, or get it back in a populated relation
 * (the Content Manager populates every relation that a filter or a condition mentions).
 */
const readScopeService = ({ strapi }: { strapi: Core.Strapi }) => {
  const isScoped = (uid: string | undefined) => Boolean(uid && subjectOf(strapi, uid));

  const createRestrictor = (actor: AdminActor, ability: Ability | undefined) => {
    const cache = new Map<string, Promise<ScopeFilter | null>>();

    /**
     * The filter a related record of `uid` must pass; `null` when the actor reads every record. `use`: for
     * the document service's params (filters and populates), or for a query the query engine runs
     * (`checkRelations`), where a deferred rule may hold a subquery (conditions/deferred-rules.ts).
     */
    const targetFilter = (
      uid: string,
      use: 'params' | 'queryEngine' = 'params'
    ): Promise<ScopeFilter | null> => {
      let filter = cache.get(`${use}:${uid}`);
      if (!filter) {
        filter = (async () => {
          if (ability) {
            const manager = strapi
              .service('admin::permission')
              .createPermissionsManager({ ability, action: READ, model: uid });
            const stated = manager.getQuery() as ScopeFilter | null | undefined;
            if (stated === null || stated === undefined) return { ...MATCH_NOTHING };
            const query = (await expandDeferred(strapi, stated, { for: use })) as ScopeFilter;
            if (Object.keys(query).length === 0) return null;
            if (subjectOf(strapi, uid) !== 'learner') return query;
            const scopeService = getService(strapi, 'scope');
            return membershipForLearnerLists(query, (ids) =>
              scopeService.groupsOfLearnerList(ids)
            ) as ScopeFilter;
          }
          // Strapi's MCP server keeps the token's ability to itself: fall back to the plugin's own scope.
          const scopeService = getService(strapi, 'scope');
          const scope = await scopeService.getScope(actor);
          if (scope.all) return null;
          const subject = subjectOf(strapi, uid)!;
          if (subject === 'learner') {
            return scope.groupIds.length
              ? { [LEARNER_GROUPS_ATTRIBUTE]: { id: { $in: [...scope.groupIds] } } }
              : { ...MATCH_NOTHING };
          }
          return nestedFilter(
            scopeFilter(subject, {
              groupIds: scope.groupIds,
              courseDocumentIds:
                subject === 'course' ? ((await scopeService.getCourseDocumentIds(actor)) ?? []) : [],
            })
          );
        })();
        cache.set(`${use}:${uid}`, filter);
      }
      return filter;
    };

    const attributesOf = (uid: string): Record<string, Attribute> =>
      ((strapi.getModel(uid as never) as { attributes?: Record<string, Attribute> } | undefined)
        ?.attributes ?? {}) as Record<string, Attribute>;

    const restrictFilters = async (uid: string, filters: unknown): Promise<unknown> => {
      if (Array.isArray(filters)) return Promise.all(filters.map((f) => restrictFilters(uid, f)));
      if (!isObject(filters)) return filters;
      const attributes = attributesOf(uid);
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(filters)) {
        const attribute = attributes[key];
        if (key === '$and' || key === '$or' || key === '$not') {
          out[key] = await restrictFilters(uid, value);
        } else if (attribute?.type === 'relation' && isScoped(attribute.target)) {
          const inner = isObject(value) ? await restrictFilters(attribute.target!, value) : { id: value };
          out[key] = and(inner, await targetFilter(attribute.target!));
        } else if (attribute?.type === 'component' && attribute.component) {
          out[key] = await restrictFilters(attribute.component, value);
        } else {
          out[key] = value;
        }
      }
      return out;
    };

    const toPopulateObject = (uid: string, populate: unknown): Record<string, unknown> | null => {
      if (isObject(populate)) return populate;
      const attributes = attributesOf(uid);
      const paths =
        populate === '*' || populate === true
          ? Object.keys(attributes).filter((key) =>
              ['relation', 'component', 'media', 'dynamiczone'].includes(attributes[key].type ?? '')
            )
          : typeof populate === 'string'
            ? populate.split(',')
            : Array.isArray(populate)
              ? (populate as string[])
              : null;
      if (!paths) return null;
      const out: Record<string, unknown> = {};
      for (const path of paths) {
        const [head, ...rest] = path.trim().split('.');
        if (!head) continue;
        const current = isObject(out[head]) ? (out[head] as Record<string, unknown>) : {};
        if (rest.length) {
          const nested = toPopulateObject('', rest.join('.'));
          current.populate = { ...(isObject(current.populate) ? current.populate : {}), ...nested };
        }
        out[head] = rest.length ? current : (out[head] ?? true);
      }
      return out;
    };

    /**
     * `populate` with every relation to a scoped type narrowed to the records the actor may read. At the top
     * level (`checks` given), a relation populated whole (`true`, `{}`, or with nothing but nested populates
     * and a sort: what the Content Manager asks for a list's and an entry's relations and their
     * localizations) is not filtered in SQL but recorded in `checks`,
     * and `checkRelations` removes the related records the actor may not read from the result: the same
     * records, without the scope's lists in the read's populate, which Strapi's query pipeline would
     * otherwise walk value by value (docs/PERFORMANCE.md, fix 20).
     */
    const restrictPopulate = async (
      uid: string,
      populate: unknown,
      checks?: RelationCheck[]
    ): Promise<unknown> => {
      const object = toPopulateObject(uid, populate);
      if (!object) return populate;
      const attributes = attributesOf(uid);
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(object)) {
        const attribute = attributes[key];
        const target = attribute?.type === 'relation' ? attribute.target : attribute?.component;
        if (!target || value === false) {
          out[key] = value;
          continue;
        }
        const entry: Query = isObject(value) ? { ...value } : {};
        if (entry.populate !== undefined) entry.populate = await restrictPopulate(target, entry.populate);
        if (
          checks &&
          attribute.type === 'relation' &&
          isScoped(target) &&
          !isMorph(attribute) &&
          Object.keys(entry).every((option) => CHECKED_AFTER.has(option))
        ) {
          checks.push({ key, target });
          out[key] = Object.keys(entry).length ? entry : value;
          continue;
        }
        if (attribute.type === 'relation' && isScoped(target)) {
          const filters =
            entry.filters !== undefined ? await restrictFilters(target, entry.filters) : undefined;
          entry.filters = and(filters, await targetFilter(target));
        }
        out[key] = Object.keys(entry).length ? entry : value;
      }
      return out;
    };

    /** The attribute path of one sort entry: `'groups.name:desc'` or `{ groups: { name: 'desc' } }`. */
    const sortPath = (entry: unknown): string[] => {
      if (typeof entry === 'string') return entry.split(':')[0].trim().split('.');
      if (isObject(entry)) {
        const [key, value] = Object.entries(entry)[0] ?? [];
        return key === undefined ? [] : [key, ...sortPath(value)];
      }
      return [];
    };

    /**
     * Sorting through a to-many relation to a scoped type orders rows by related records the actor may not
     * read (a learner's other groups), which hints at their values: refused. To-one relations (an
     * enrollment's own group or learner) stay sortable, as the Content Manager's columns need them.
     */
    const assertSortable = (uid: string, sort: unknown) => {
      const entries = Array.isArray(sort) ? sort : typeof sort === 'string' ? sort.split(',') : [sort];
      for (const entry of entries) {
        let model = uid;
        for (const part of sortPath(entry).slice(0, -1)) {
          const attribute = attributesOf(model)[part];
          if (attribute?.type !== 'relation' || !attribute.target) break;
          if (isScoped(attribute.target) && /ToMany$|manyWay$/.test(attribute.relation ?? '')) {
            throw new errors.ValidationError(
              `Sorting by "${sortPath(entry).join('.')}" is not available: it goes through a list of related records.`
            );
          }
          model = attribute.target;
        }
      }
    };

    /**
     * The result of a read with the related records `checks` names removed where the actor may not read
     * them: a to-one relation becomes `null`, a to-many one loses them. One query per related type asks which
     * of the result's related ids pass the type's filter; a related record without an id is removed.
     */
    const checkRelations = async (checks: RelationCheck[], result: unknown): Promise<unknown> => {
      const documents = (Array.isArray(result) ? result : [result]).filter(isObject);
      // The relations are independent: on PostgreSQL their queries run side by side.
      const checkOne = async ({ key, target }: RelationCheck) => {
        const filter = await targetFilter(target, 'queryEngine');
        if (filter === null) return;
        const related = (document: Record<string, unknown>): unknown[] => {
          const value = document[key];
          return Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
        };
        const ids = new Set<number>();
        for (const document of documents) {
          for (const record of related(document)) {
            if (isObject(record) && typeof record.id === 'number') ids.add(record.id);
          }
        }
        const readable = new Set<number>();
        if (ids.size > 0) {
          const rows = (await strapi.db.query(target as never).findMany({
            where: { $and: [{ id: { $in: [...ids] } }, filter] },
            select: ['id'],
          })) as Array<{ id: number }>;
          for (const row of rows) readable.add(row.id);
        }
        const mayRead = (record: unknown) =>
          isObject(record) && typeof record.id === 'number' && readable.has(record.id);
        for (const document of documents) {
          const value = document[key];
          if (Array.isArray(value)) document[key] = value.filter(mayRead);
          else if (value !== null && value !== undefined) document[key] = mayRead(value) ? value : null;
        }
      };
      await Promise.all(checks.map(checkOne));
      return result;
    };

    return {
      /**
       * The read's params narrowed to the actor's scope, and what to do with its result: `check` removes the
       * related records the params left to it (see `restrictPopulate`).
       */
      async restrictQuery(
        uid: string,
        params: Query
      ): Promise<{ params: Query; check: (result: unknown) => Promise<unknown> }> {
        const next: Query = { ...params };
        const checks: RelationCheck[] = [];
        if (params.sort !== undefined) assertSortable(uid, params.sort);
        if (params.filters !== undefined) next.filters = await restrictFilters(uid, params.filters);
        if (params.populate !== undefined)
          next.populate = await restrictPopulate(uid, params.populate, checks);
        return {
          params: next,
          check: async (result) => (checks.length > 0 ? checkRelations(checks, result) : result),
        };
      },
    };
  };

  return {
    /** `null` for Super Admins, who read everything. */
    async restrictorFor(actor: AdminActor, ability: Ability | undefined) {
      const scope = await getService(strapi, 'scope').getScope(actor);
      return scope.all ? null : createRestrictor(actor, ability);
    },
  };
};

export type ReadScopeService = ReturnType<typeof readScopeService>;
export default readScopeService;
