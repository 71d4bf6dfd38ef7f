import type { Core } from '@strapi/strapi';
import { isPlainObject } from '../../../common/domain/scope-filters';

/**
 * Strapi patch, with `relation-id-subqueries.ts`: the scope's id lists carried through Strapi's query
 * pipeline as one value each.
 * Checked against Strapi 5.54.0 (@strapi/core document service: its middlewares run before
 * `transformParamsToQuery`, whose traversal (@strapi/utils `traverse/query-filters`) visits every element
 * of a filter's arrays asynchronously, once per pass; @strapi/database runs `beforeFindMany` / `beforeCount`
 * with the resulting `where`).
 *
 * What it corrects: a Content Manager list of a manager of a 501-group tree carries the rule's 501 group ids
 * in the list's filter and again in its count, and Strapi walks each of them value by value before the SQL
 * (docs/PERFORMANCE.md, fix 20). The read-scope middleware (middlewares/documents/scope-reads.ts) puts, in
 * the filters of a findMany or count, a marker `[<negative id>]` in place of each long id list, remembered
 * for the current request; the query engine's `beforeFindMany` / `beforeCount` puts the list back
 * (`expandIdLists`) before the relation-id rewrite. The SQL is the same; a marker that is not put back names
 * an id no row has, so it matches nothing. Tested by tests/unit/relation-id-subqueries.test.ts.
 */

/** Shorter lists are cheaper walked than remembered. */
const MARK_AT_LEAST = 50;

/** Far below any id a row can have, and apart from the deferred rules' markers; used once each. */
let nextMarker = -2_000_000_000_000;
const registries = new WeakMap<object, Map<number, number[]>>();

const isIdList = (value: unknown): value is number[] =>
  Array.isArray(value) &&
  value.length >= MARK_AT_LEAST &&
  value.every((id) => typeof id === 'number' && Number.isSafeInteger(id));

/**
 * `filters` with each `$in` list of `MARK_AT_LEAST` or more integer ids replaced by a marker of the current
 * request; the filters as they are outside a request. Returns new objects and leaves the caller's untouched.
 */
export const markIdLists = (strapi: Core.Strapi, filters: unknown): unknown => {
  const request = strapi.requestContext.get() as object | undefined;
  if (!request) return filters;
  const mark = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.some((item) => typeof item === 'object') ? node.map(mark) : node;
    if (!isPlainObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$in' && isIdList(value)) {
        let registry = registries.get(request);
        if (!registry) {
          registry = new Map();
          registries.set(request, registry);
        }
        const marker = nextMarker--;
        registry.set(marker, value);
        out[key] = [marker];
      } else {
        out[key] = mark(value);
      }
    }
    return out;
  };
  return mark(filters);
};

/** `where` with the current request's markers replaced by the lists they stand for; others left as they are. */
export const expandIdLists = (strapi: Core.Strapi, where: unknown): unknown => {
  const request = strapi.requestContext.get() as object | undefined;
  const registry = request ? registries.get(request) : undefined;
  if (!registry) return where;
  const expand = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.some((item) => typeof item === 'object') ? node.map(expand) : node;
    if (!isPlainObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const list =
        key === '$in' && Array.isArray(value) && value.length === 1
          ? registry.get(value[0] as number)
          : undefined;
      out[key] = list ?? expand(value);
    }
    return out;
  };
  return expand(where);
};
