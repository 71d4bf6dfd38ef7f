import type { Core } from '@strapi/strapi';
import { isPlainObject, nestedFilter, type ScopeFilter } from '../../../common/domain/scope-filters';
import { requestPaths } from './learner-checks';

/**
 * A Content Manager request for one type (`/content-manager/collection-types/<uid>…`, `single-types`)
 * checks that type's records against the rules, in SQL and in memory; the rules of the other scoped types
 * reach its records only through the read scope (services/read-scope.ts), which narrows a related type's
 * filter or populate with that type's rules. Every admin request builds the ability for all of them, and
 * for a manager of a large tree that meant the course documentIds (2,000), and 501 group ids copied into
 * each rule, read and compiled for a list of enrollments that never consults them (docs/PERFORMANCE.md,
 * fix 20).
 *
 * On such a path, a condition for another type answers a marker, `{ id: { $in: [<negative id>] } }`, and
 * records how to state the real filter; the read scope expands markers when it asks a related type's
 * rules for their query (`expandDeferred`), and only then is the filter read. A marker no one expanded
 * matches no record, in SQL (no row has a negative id) and in memory: a check this request makes on another
 * type that the read scope does not see refuses, it never lets a record through.
 */
const CONTENT_MANAGER_TYPE_PATH = /^\/content-manager\/(?:collection-types|single-types)\/([^/]+)/;

type Resolve = () => Promise<ScopeFilter | true>;
/** How a rule is stated, for the document service's params or for a query the query engine runs. */
type Resolvers = { params: Resolve; queryEngine?: Resolve };

/** Far below any id a row can have; each marker is used once in the process. */
let nextMarker = -1_000_000_000_000;
const registries = new WeakMap<object, Map<number, Record<keyof Resolvers, Resolve>>>();

/** The type a Content Manager request is about, from its path; `null` on every other path. */
export const contentManagerType = (strapi: Core.Strapi): string | null => {
  const paths = requestPaths(strapi);
  const match = paths ? CONTENT_MANAGER_TYPE_PATH.exec(paths.path) : null;
  return match ? match[1] : null;
};

/**
 * A marker standing for the filter `resolve.params` states, registered on the current request; `null` outside
 * a request (the caller then states the filter itself). `resolve.queryEngine`, when given, states the same
 * records for a query the query engine runs directly (it may hold a subquery in place of a list).
 */
export const deferRule = (strapi: Core.Strapi, resolve: Resolvers): ScopeFilter | null => {
  const request = strapi.requestContext.get() as object | undefined;
  if (!request) return null;
  let registry = registries.get(request);
  if (!registry) {
    registry = new Map();
    registries.set(request, registry);
  }
  const marker = nextMarker--;
  const once = (load: Resolve): Resolve => {
    let resolved: Promise<ScopeFilter | true> | undefined;
    return () => (resolved ??= load());
  };
  const params = once(resolve.params);
  registry.set(marker, { params, queryEngine: resolve.queryEngine ? once(resolve.queryEngine) : params });
  return { id: { $in: [marker] } };
};

/** The marker a filter is, when it is exactly `{ id: { $in: [marker] } }`. */
const markerOf = (filter: Record<string, unknown>): number | null => {
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== 'id' || !isPlainObject(filter.id)) return null;
  const inner = filter.id;
  const list = Object.keys(inner).length === 1 ? inner.$in : undefined;
  return Array.isArray(list) && list.length === 1 && typeof list[0] === 'number' && list[0] < 0
    ? list[0]
    : null;
};

/**
 * `filter` (a rule's query, as Strapi's permissions manager builds it) with each marker of the current
 * request replaced by the filter it stands for (`for`: in the document service's params, or in a query the
 * query engine runs), nested the way the query states dotted keys. A marker of another request, or of none,
 * stays as it is and matches nothing.
 */
export const expandDeferred = async (
  strapi: Core.Strapi,
  filter: unknown,
  { for: use = 'params' }: { for?: keyof Resolvers } = {}
): Promise<unknown> => {
  const request = strapi.requestContext.get() as object | undefined;
  const registry = request ? registries.get(request) : undefined;
  if (!registry) return filter;
  const expand = async (node: unknown): Promise<unknown> => {
    if (Array.isArray(node)) {
      // A list of ids or documentIds holds no marker: left as it is, not walked value by value.
      return node.some((item) => typeof item === 'object' && item !== null)
        ? Promise.all(node.map(expand))
        : node;
    }
    if (!isPlainObject(node)) return node;
    const marker = markerOf(node);
    const resolve = marker === null ? undefined : registry.get(marker)?.[use];
    if (resolve) {
      const resolved = await resolve();
      return resolved === true ? {} : nestedFilter(resolved);
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = await expand(value);
    return out;
  };
  return expand(filter);
};
