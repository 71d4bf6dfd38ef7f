import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { isPlainObject, membershipForLearnerLists } from '../../../common/domain/scope-filters';
import { ENROLLMENT_UID, GROUP_MANAGER_UID, GROUP_UID, LEARNER_UID } from '../constants';
import { getService } from '../utils/get-service';

/**
 * Strapi patch: the database query engine's SQL for a filter on a relation's id, on the plugin's group,
 * enrollment, group-manager and learner types (a `beforeFindMany` / `beforeCount` / `beforeDeleteMany`
 * lifecycle that rewrites `params.where`).
 * Checked against Strapi 5.54.0 (@strapi/database, dist/query: relation filters become left joins, a count
 * with joins `count(DISTINCT t0.id)`; dist/entity-manager runs the lifecycle before building the query).
 *
 * What it corrects: scope conditions filter on a relation's id (`{ 'group.id': { $in: ids } }`), which
 * Strapi's query engine turns into `LEFT JOIN <link table> LEFT JOIN <target> ... WHERE target.id IN (...)`
 * plus `count(DISTINCT t0.id)`. SQLite cannot start such a query from the link table, so a manager's
 * Content Manager list and its count scan every enrollment: 2.5–4.4× the Super Admin's unscoped list at
 * 100,000 enrollments (docs/PERFORMANCE.md). The same rows are `t0.id IN (SELECT owner FROM link WHERE
 * target IN ids)`, which both databases answer from the link table's index. Before a findMany, count or
 * deleteMany on the plugin's types, relation-id filters are rewritten to that subquery; the conditions
 * themselves keep the dotted form, which the Content Manager also checks in memory against loaded records.
 * Only the SQL changes, never the rows.
 *
 * Tested by tests/unit/relation-id-subqueries.test.ts (the rewrite) and tests/api/relation-id-subqueries.test.ts
 * (the SQL it runs, and the same rows as the joins).
 */

type Where = Record<string, unknown>;

interface LinkMeta {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
}

const REWRITTEN_MODELS = [ENROLLMENT_UID, GROUP_MANAGER_UID, GROUP_UID, LEARNER_UID] as const;

const toId = (raw: unknown): number | null => {
  const id = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
};

/** The ids of `{ $in: [...] }`, `{ $eq: n }` or `n`; null for any other shape. */
const idsOfIdFilter = (filter: unknown): number[] | null => {
  let candidates: unknown[];
  if (isPlainObject(filter)) {
    const operators = Object.keys(filter);
    if (operators.length !== 1) return null;
    if (operators[0] === '$in' && Array.isArray(filter.$in)) candidates = filter.$in;
    else if (operators[0] === '$eq') candidates = [filter.$eq];
    else return null;
  } else {
    candidates = [filter];
  }
  const ids = candidates.map(toId);
  return ids.every((id): id is number => id !== null) ? ids : null;
};

const intersect = (sets: number[][]) => sets.reduce((acc, ids) => acc.filter((id) => ids.includes(id)));

/**
 * The related ids a relation filter accepts when it only speaks of the related record's id: `{ id: ... }`,
 * and `$and` / `$or` of such filters (the Content Manager and the plugin's read scope combine a condition
 * with a user's filter that way). Null for any other filter, which is then left to Strapi's joins.
 */
export const relationIds = (value: unknown): number[] | null => {
  if (!isPlainObject(value)) return null;
  const keys = Object.keys(value);
  if (keys.length === 0) return null;
  const parts: number[][] = [];
  for (const key of keys) {
    let ids: number[] | null = null;
    if (key === 'id') ids = idsOfIdFilter(value.id);
    else if ((key === '$and' || key === '$or') && Array.isArray(value[key]) && value[key].length > 0) {
      const subs = (value[key] as unknown[]).map(relationIds);
      if (subs.every((sub): sub is number[] => sub !== null)) {
        ids = key === '$and' ? intersect(subs) : [...new Set(subs.flat())];
      }
    }
    if (!ids) return null;
    parts.push(ids);
  }
  return [...new Set(intersect(parts))];
};

/**
 * `where` with every relation-id filter replaced by an id subquery, where a row must match it (the root,
 * `$and`, `$or`): never under `$not`, where a row without a relation would change sides. Returns new
 * objects and leaves the caller's untouched.
 */
export const rewriteWhere = (
  where: unknown,
  linkOf: (attribute: string) => LinkMeta | undefined,
  subquery: (link: LinkMeta, ids: number[]) => unknown
): unknown => {
  if (Array.isArray(where)) return where.map((sub) => rewriteWhere(sub, linkOf, subquery));
  if (!isPlainObject(where)) return where;
  const out: Where = {};
  const added: Where[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (key === '$and' || key === '$or') {
      out[key] = rewriteWhere(value, linkOf, subquery);
      continue;
    }
    const link = key.startsWith('$') ? undefined : linkOf(key);
    const ids = link ? relationIds(value) : null;
    if (link && ids) added.push({ id: { $in: subquery(link, ids) } });
    else out[key] = value;
  }
  if (added.length > 0) out.$and = [...(Array.isArray(out.$and) ? out.$and : []), ...added];
  return out;
};

export const registerRelationIdSubqueries = (strapi: Core.Strapi) => {
  const links = new Map<string, Map<string, LinkMeta>>();
  for (const uid of REWRITTEN_MODELS) {
    const meta = strapi.db.metadata.get(uid) as unknown as {
      attributes: Record<string, { type: string; joinTable?: LinkMeta & { on?: unknown } }>;
    };
    const byAttribute = new Map<string, LinkMeta>();
    for (const [attribute, definition] of Object.entries(meta.attributes)) {
      // Link tables with extra join conditions (polymorphic, morph) do not map to a plain subquery.
      if (definition.type === 'relation' && definition.joinTable && !definition.joinTable.on) {
        byAttribute.set(attribute, definition.joinTable);
      }
    }
    links.set(uid, byAttribute);
  }

  const subquery = (link: LinkMeta, ids: number[]) =>
    (strapi.db.getConnection(link.name) as unknown as Knex.QueryBuilder)
      .select(link.joinColumn.name)
      .whereIn(link.inverseJoinColumn.name, ids);

  const rewrite = (event: { model: { uid: string }; params?: { where?: unknown } }) => {
    let where = event.params?.where;
    const modelLinks = links.get(event.model.uid);
    if (!where || !modelLinks) return;
    // A manager's learner list (every member of their groups) becomes the membership it stands for,
    // which the rewrite below then answers from the link table.
    if (event.model.uid === LEARNER_UID) {
      const scope = getService(strapi, 'scope');
      where = membershipForLearnerLists(where, (ids) => scope.groupsOfLearnerList(ids));
    }
    event.params!.where = rewriteWhere(where, (attribute) => modelLinks.get(attribute), subquery);
  };

  strapi.db.lifecycles.subscribe({
    models: [...REWRITTEN_MODELS],
    beforeFindMany: rewrite,
    beforeCount: rewrite,
    beforeDeleteMany: rewrite,
  } as never);
};
