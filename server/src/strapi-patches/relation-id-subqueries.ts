import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { isPlainObject, membershipForLearnerLists } from '../../../common/domain/scope-filters';
import { ENROLLMENT_UID, GROUP_MANAGER_UID, GROUP_UID, LEARNER_UID } from '../constants';
import { getService } from '../utils/get-service';
import { currentDb, databaseClient, tableIn } from '../utils/tables';
import { expandIdLists } from './id-list-markers';

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
 * Two refinements for a scope that holds most of the site (a manager of a root above every group; see
 * "Sub-groups" in docs/PERFORMANCE.md), where that subquery lists nearly every row:
 * - a count whose filter is one such subquery alone (the Content Manager's total) counts the link rows
 *   instead, `count(DISTINCT owner) FROM link WHERE target IN ids`: the same number, because the link table's
 *   foreign key deletes a link with its owner (Strapi creates it ON DELETE CASCADE and enforces foreign keys on
 *   SQLite too), and DISTINCT keeps it exact even if rows written around Strapi gave an owner two links.
 *   Where the owner column is unique (the enrollment's group link, `one-group-link.ts`), `count(*)`;
 * - on SQLite, a page (findMany) in id order, or first by a column that leads an index (the enrollments'
 *   request and due dates), whose subquery names at least half of the related table's rows (and 100 or more
 *   of them) asks per row instead (`perRowSubquery`): SQLite builds the whole list of an `IN (subquery)`
 *   before it returns the first row, while a page of a dense scope walked in index order finds its rows
 *   within the first few it reads. A sparse scope keeps the list, whose cost follows the scope and not the
 *   site; PostgreSQL plans either form as the same semi-join and keeps the list.
 *
 * And on PostgreSQL, a page in an index's order whose filter is one such subquery alone (a manager's list
 * sorted by request date) is asked as a bounded walk of that index, falling back to sorting the scope's own
 * rows (`walkedFirstSubquery`): PostgreSQL's own plan walks the index until the page is full, however many of
 * the site's rows that takes (a scope whose rows are older than the site's newest), which grows with the site.
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

/** A link table with the table of the rows it points to. */
export interface Link extends LinkMeta {
  targetTable: string;
}

/** What one subquery of the rewrite selects: the owners linked to one of `ids`. */
interface LinkFilter {
  link: Link;
  ids: number[];
}

export const REWRITTEN_MODELS = [ENROLLMENT_UID, GROUP_MANAGER_UID, GROUP_UID, LEARNER_UID] as const;

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
 * objects and leaves the caller's untouched. `operatorFor` says how the row's id meets the subquery: `$in` a
 * list, or `$eq` a scalar subquery asked per row (see `perRowSubquery`).
 */
export const rewriteWhere = (
  where: unknown,
  linkOf: (attribute: string) => LinkMeta | undefined,
  subquery: (link: LinkMeta, ids: number[]) => unknown,
  operatorFor: (link: LinkMeta, ids: number[]) => '$in' | '$eq' = () => '$in'
): unknown => {
  const recurse = (sub: unknown) => rewriteWhere(sub, linkOf, subquery, operatorFor);
  if (Array.isArray(where)) return where.map(recurse);
  if (!isPlainObject(where)) return where;
  const out: Where = {};
  const added: Where[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (key === '$and' || key === '$or') {
      out[key] = recurse(value);
      continue;
    }
    const link = key.startsWith('$') ? undefined : linkOf(key);
    const ids = link ? relationIds(value) : null;
    if (link && ids) added.push({ id: { [operatorFor(link, ids)]: subquery(link, ids) } });
    else out[key] = value;
  }
  if (added.length > 0) out.$and = [...(Array.isArray(out.$and) ? out.$and : []), ...added];
  return out;
};

/**
 * The `$in` value of a `where` that is one id filter `{ id: { $in: value } }` and nothing else, however many
 * single-element `$and` / `$or` wrap it (empty objects in an `$and` add nothing). Null for any other where.
 */
export const soleIdSubquery = (where: unknown): unknown => {
  if (!isPlainObject(where)) return null;
  const keys = Object.keys(where);
  if (keys.length !== 1) return null;
  const [key] = keys;
  const value = where[key];
  if (key === '$and' || key === '$or') {
    if (!Array.isArray(value)) return null;
    const parts =
      key === '$and'
        ? value.filter((part) => !(isPlainObject(part) && Object.keys(part).length === 0))
        : value;
    return parts.length === 1 ? soleIdSubquery(parts[0]) : null;
  }
  if (key !== 'id' || !isPlainObject(value)) return null;
  return Object.keys(value).length === 1 && '$in' in value ? value.$in : null;
};

/**
 * Whether a findMany's `orderBy` reads rows in the order of an index (or in no order): by id, or first by
 * one of the `walkable` attributes, whose column leads an index of the table (the enrollments' request and
 * due dates), or in one of the `walkable` orders (`attribute:direction`, an index in that direction with the
 * id ascending after it, `sort-indexes.ts`) followed by nothing or the id ascending.
 * Those are the pages the per-row form serves by walking the index and stopping after the page.
 * Sorted by any other column, every row is read and sorted anyway, and checking the list built once costs
 * less than a subquery per row.
 */
export const readsInIndexOrder = (orderBy: unknown, walkable: ReadonlySet<string>): boolean => {
  const entries = Array.isArray(orderBy) ? orderBy : [orderBy];
  const first = entries[0];
  if (first === undefined || first === null) return true;
  const attribute =
    typeof first === 'string'
      ? first.split(':')[0].trim()
      : isPlainObject(first)
        ? Object.keys(first)[0]
        : undefined;
  // A nested value (`{ group: { name: 'asc' } }`) sorts by a related table's column: no index of this one.
  const nested = isPlainObject(first) && isPlainObject(first[attribute ?? '']);
  if (nested || attribute === undefined) return false;
  if (attribute === 'id' || walkable.has(attribute)) return true;
  const directionOf = (entry: unknown, key: string) =>
    isPlainObject(entry) && typeof entry[key] === 'string' ? (entry[key] as string).toLowerCase() : 'asc';
  const second = entries[1];
  const thenById =
    entries.length === 1 ||
    (entries.length === 2 &&
      (second === 'id' ||
        (isPlainObject(second) &&
          Object.keys(second).length === 1 &&
          directionOf(second, 'id') === 'asc' &&
          'id' in second)));
  return thenById && walkable.has(`${attribute}:${directionOf(first, attribute)}`);
};

export type OwnOrder = Array<{ column: string; order: 'asc' | 'desc' }>;

/**
 * A findMany's `orderBy` as columns of its own table with their directions, when every entry names one
 * (`'name'`, `{ name: 'desc' }`, arrays of them; `columnOf` maps an attribute to its column or says it has
 * none); null for a nested or any other entry.
 */
export const ownOrder = (
  orderBy: unknown,
  columnOf: (attribute: string) => string | undefined
): OwnOrder | null => {
  const entries = Array.isArray(orderBy) ? orderBy : [orderBy];
  const out: OwnOrder = [];
  for (const entry of entries) {
    let attribute: string | undefined;
    let direction: unknown = 'asc';
    if (typeof entry === 'string') attribute = entry;
    else if (isPlainObject(entry) && Object.keys(entry).length === 1)
      [[attribute, direction]] = Object.entries(entry);
    const column = attribute ? columnOf(attribute) : undefined;
    const order = typeof direction === 'string' ? direction.toLowerCase() : null;
    if (!column || (order !== 'asc' && order !== 'desc')) return null;
    out.push({ column, order });
  }
  return out.length > 0 ? out : null;
};

/** `readsInIndexOrder` with the primary key alone. */
export const readsInIdOrder = (orderBy: unknown): boolean => readsInIndexOrder(orderBy, new Set());

/** A filter on fewer related rows keeps the list, whatever the site's size (the flat managers' form). */
const PER_ROW_AT_LEAST = 100;

/**
 * Whether a filter on `scoped` of the `rows` related rows is dense enough to check per row (see above): at
 * least half of them, and at least `PER_ROW_AT_LEAST`.
 */
export const checksPerRow = (scoped: number, rows: number): boolean =>
  scoped >= PER_ROW_AT_LEAST && scoped * 2 >= rows;

/**
 * Above this many ids, a list is written into the SQL as integer literals instead of bound values: SQLite
 * refuses more than 32,766 bound values in one statement (and the outer query binds its own). Safe only
 * because every id went through `toId` (a safe integer).
 */
const BOUND_IDS_AT_MOST = 1000;

/** `column IN (ids)` on `query` (optionally as `+column`, see `perRowSubquery`), bound or as literals. */
export const whereIdIn = <Q extends Knex.QueryBuilder>(
  query: Q,
  column: string,
  ids: readonly number[],
  { unindexed = false } = {}
): Q => {
  if (ids.length === 0) return query.whereRaw('1 = 0') as Q;
  if (!ids.every((id) => Number.isSafeInteger(id))) throw new Error('[groups] ids must be safe integers');
  const bound = ids.length <= BOUND_IDS_AT_MOST;
  const list = bound ? ids.map(() => '?').join(', ') : ids.join(', ');
  return query.whereRaw(`${unindexed ? '+' : ''}?? in (${list})`, [column, ...(bound ? ids : [])]) as Q;
};

/**
 * How many index entries a PostgreSQL page of `take` rows walks before it sorts the scope's own rows instead
 * (`walkedFirstSubquery`): `WALK_PER_SCOPE_ROW` per row the scope holds (counted up to `WALK_COUNT_AT_MOST`)
 * plus `walkBase(take)`. Walking an entry and sorting a scope's row cost about the same (one index probe
 * each), so the walk gives up once it has cost what the sort would, a few times over: never more than a small
 * multiple of the cheaper plan, and bounded by the scope, not the site.
 */
const WALK_PER_SCOPE_ROW = 3;
const WALK_COUNT_AT_MOST = 20_000;
export const walkBase = (take: number): number => Math.max(5000, 50 * take);

/** A page of `table` filtered by its `link` to one of `ids`, as its first `take` rows in `order`. */
export interface WalkedFirst {
  table: string;
  order: OwnOrder;
  link: Link;
  ids: number[];
  take: number;
  /** How many index entries the walk reads at most, for a test; by default it follows the scope (above). */
  window?: number;
}

/**
 * The ids of a PostgreSQL page's first `take` rows in an index's `order`, found by a bounded walk and, when
 * the walk falls short, by sorting the scope's own rows:
 *
 *   WITH walked AS (SELECT w.id FROM ((SELECT id, <order columns> FROM table ORDER BY …)
 *                                     LIMIT (SELECT count(*) * 3 + base FROM (<scope's links> LIMIT 20000))) w
 *                   WHERE EXISTS (<link of w.id to one of ids>) ORDER BY … LIMIT take)
 *   (SELECT id FROM walked) UNION ALL
 *   (SELECT s.id FROM ((SELECT <scope's rows>) OFFSET 0) s WHERE (SELECT count(*) FROM walked) < take
 *    ORDER BY … LIMIT take)
 *
 * Left to itself, PostgreSQL walks the index for every scope until the page is full, expecting the scope's
 * rows spread evenly over the site; a group whose latest rows are older than most of the site's (a quiet
 * group on a busy site) makes it read tens of thousands of rows for ten (the manager of 3's list at
 * 1,000,000 enrollments, 4.1–4.4× its time at 100,000; docs/PERFORMANCE.md). Here the walk (an index-only
 * scan) stops after a number of entries that follows the scope's size (see `WALK_PER_SCOPE_ROW`), so it costs
 * what a dense scope needs and no more; a scope whose page is not within them is sorted from its own rows
 * (`OFFSET 0` keeps PostgreSQL from planning that part as the same walk). The second part runs only when the
 * first found fewer than `take` rows (a one-time filter). Either way the ids are the page's first `take` rows
 * in `order` (the id ascending breaks ties), possibly twice (an IN list reads each once): the page's own query
 * then orders them again and applies its offset and limit.
 */
export const walkedFirstSubquery = (
  strapi: Core.Strapi,
  { table, order, link, ids, take, window }: WalkedFirst
) => {
  const knex = strapi.db.connection as unknown as Knex;
  const connection = (name: string | Record<string, string>) =>
    strapi.db.getConnection(name as never) as unknown as Knex.QueryBuilder;
  // Each column once (a later entry on the same column sorts nothing more), then the id if absent.
  const total = [...order, { column: 'id', order: 'asc' as const }].filter(
    (entry, index, all) => all.findIndex(({ column }) => column === entry.column) === index
  );
  const orderOf = (alias: string) =>
    total.map(({ column, order: direction }) => ({ column: `${alias}.${column}`, order: direction }));
  const columnsOf = (alias: string) => total.map(({ column }) => `${alias}.${column}`);
  const links = (alias: string) =>
    whereIdIn(
      connection({ [alias]: link.name }).select(knex.raw('1')),
      `${alias}.${link.inverseJoinColumn.name}`,
      ids
    );
  const linked = (alias: string) =>
    links('l').whereRaw('?? = ??', [`l.${link.joinColumn.name}`, `${alias}.id`]);
  const ordered = connection({ w0: table }).select(columnsOf('w0')).orderBy(orderOf('w0'));
  const first =
    window === undefined
      ? knex.raw('(? limit (select count(*) * ? + ? from ? as ??)) as ??', [
          ordered,
          WALK_PER_SCOPE_ROW,
          walkBase(take),
          links('c').limit(WALK_COUNT_AT_MOST),
          'c',
          'w',
        ])
      : ordered.limit(window).as('w');
  const walked = knex.select('w.id').from(first).whereExists(linked('w')).orderBy(orderOf('w')).limit(take);
  const scoped = connection({ e: table }).select(columnsOf('e')).whereExists(linked('e'));
  const sorted = knex
    .select('s.id')
    .from(knex.raw('(? offset 0) as ??', [scoped, 's']))
    .whereRaw('(select count(*) from ??) < ?', ['walked', take])
    .orderBy(orderOf('s'))
    .limit(take);
  return knex.with('walked', walked).select('id').from('walked').unionAll(sorted, true);
};

/** How long a related table's row count is reused: it only chooses between two forms of the same rows. */
const ROW_COUNT_TTL_MS = 60_000;

/**
 * `uniqueOwners`: the link tables whose owner column has a unique index (`one-group-link.ts`), whose count
 * can be `count(*)`. `enrollmentOrders`: the orders an index of the enrollments serves (`sort-indexes.ts`).
 */
export const registerRelationIdSubqueries = (
  strapi: Core.Strapi,
  uniqueOwners: ReadonlySet<string> = new Set(),
  enrollmentOrders: ReadonlySet<string> = new Set()
) => {
  const links = new Map<string, Map<string, Link>>();
  /** Per model, the scalar attributes whose column leads one of its table's indexes. */
  const walkable = new Map<string, Set<string>>();
  for (const uid of REWRITTEN_MODELS) {
    const meta = strapi.db.metadata.get(uid) as unknown as {
      attributes: Record<
        string,
        { type: string; target?: string; columnName?: string; joinTable?: LinkMeta & { on?: unknown } }
      >;
      indexes?: Array<{ columns?: string[] }>;
    };
    const leading = new Set((meta.indexes ?? []).map((index) => index.columns?.[0]));
    walkable.set(
      uid,
      new Set(
        Object.entries(meta.attributes)
          .filter(([name, a]) => a.type !== 'relation' && leading.has(a.columnName ?? name))
          .map(([name]) => name)
          .concat(uid === ENROLLMENT_UID ? [...enrollmentOrders] : [])
      )
    );
    const byAttribute = new Map<string, Link>();
    for (const [attribute, definition] of Object.entries(meta.attributes)) {
      // Link tables with extra join conditions (polymorphic, morph) do not map to a plain subquery.
      if (
        definition.type === 'relation' &&
        definition.joinTable &&
        !definition.joinTable.on &&
        definition.target
      ) {
        const targetTable = (
          strapi.db.metadata.get(definition.target as never) as unknown as { tableName: string }
        ).tableName;
        byAttribute.set(attribute, { ...definition.joinTable, targetTable });
      }
    }
    links.set(uid, byAttribute);
  }

  const isSqlite = databaseClient(strapi) === 'sqlite';
  const isPostgres = databaseClient(strapi) === 'postgres';
  const connection = (table: string | Record<string, string>) =>
    strapi.db.getConnection(table as never) as unknown as Knex.QueryBuilder;

  /** Each subquery the rewrite made, with what it selects: a count on it alone can count link rows. */
  const filters = new WeakMap<object, LinkFilter>();
  const subquery = (link: Link, ids: number[]) => {
    const query = whereIdIn(
      connection(link.name).select(link.joinColumn.name),
      link.inverseJoinColumn.name,
      ids
    );
    filters.set(query, { link, ids });
    return query;
  };
  /**
   * The same rows asked per row of the page's query (its root alias is `t0`), as a scalar subquery the row's
   * id must equal: `t0.id = (SELECT l.owner … WHERE l.owner = t0.id AND +l.target IN ids LIMIT 1)`, which is
   * NULL, never equal, for a row without such a link. SQLite answers it with one probe of the link table's
   * (owner, target) index per row (a correlated `IN` would build a list per row). The unary `+` keeps SQLite
   * from probing that index once per id of the list: one probe by owner, then the target is looked up in the list.
   */
  const perRowSubquery = (link: Link, ids: number[], outerId = 't0.id') =>
    whereIdIn(
      connection({ l: link.name })
        .select(`l.${link.joinColumn.name}`)
        .whereRaw('?? = ??', [`l.${link.joinColumn.name}`, outerId]),
      `l.${link.inverseJoinColumn.name}`,
      ids,
      { unindexed: true }
    ).limit(1);

  /**
   * The ids of a page's first `take` rows in `order`, sorted first and checked after: `SELECT s.id FROM
   * (SELECT id FROM table ORDER BY … LIMIT -1) s WHERE <per-row check of s.id> LIMIT take`. For a SQLite page
   * of a dense scope sorted by a column no index leads (`updatedAt`), where the list form builds the scope's
   * whole list and then sorts every row anyway: sorted first, the check stops after `take` rows. The page's
   * own query then orders these rows again and applies its offset and limit.
   */
  const sortedFirstSubquery = (table: string, order: OwnOrder, link: Link, ids: number[], take: number) => {
    const knex = strapi.db.connection as unknown as Knex;
    // LIMIT -1 (no limit) keeps SQLite from merging the sorted subquery into the outer one, which then reads
    // it as a co-routine, in its order (tests/api/relation-id-subqueries.test.ts compares every sort's page
    // with the joins'). Were the order ever lost, the page would miss rows of the scope, never add others.
    const sorted = connection({ e: table })
      .select('e.id')
      .orderBy(order.map(({ column, order: direction }) => ({ column: `e.${column}`, order: direction })))
      .limit(-1 as number, { skipBinding: true } as never);
    return knex
      .select('s.id')
      .from(sorted.as('s'))
      .where('s.id', '=', perRowSubquery(link, ids, 's.id'))
      .limit(take);
  };

  const rowCounts = new Map<string, { rows: number; at: number }>();
  const rowsOf = async (table: string): Promise<number> => {
    const cached = rowCounts.get(table);
    if (cached && Date.now() - cached.at < ROW_COUNT_TTL_MS) return cached.rows;
    const row = (await tableIn(strapi, await currentDb(strapi), table)
      .count({ n: '*' })
      .first()) as { n: number | string } | undefined;
    const rows = Number(row?.n ?? 0);
    rowCounts.set(table, { rows, at: Date.now() });
    return rows;
  };

  const rewrite = async (event: {
    action: string;
    model: { uid: string };
    params?: { where?: unknown; orderBy?: unknown };
  }) => {
    if (!event.params?.where) return;
    // The lists the read-scope middleware carried as markers (id-list-markers.ts) are put back first.
    let where = expandIdLists(strapi, event.params.where);
    event.params.where = where;
    const modelLinks = links.get(event.model.uid);
    if (!where || !modelLinks) return;
    // A manager's learner list (every member of their groups) becomes the membership it stands for,
    // which the rewrite below then answers from the link table.
    if (event.model.uid === LEARNER_UID) {
      const scope = getService(strapi, 'scope');
      where = membershipForLearnerLists(where, (ids) => scope.groupsOfLearnerList(ids));
    }
    const linkOf = (attribute: string) => modelLinks.get(attribute);
    let perRow: (link: Link, ids: number[]) => boolean = () => false;
    if (
      isSqlite &&
      event.action === 'beforeFindMany' &&
      readsInIndexOrder(event.params?.orderBy, walkable.get(event.model.uid) ?? new Set())
    ) {
      const found: LinkFilter[] = [];
      rewriteWhere(where, linkOf, (link, ids) => found.push({ link: link as Link, ids }));
      const rows = new Map<string, number>();
      for (const { link } of found) rows.set(link.targetTable, await rowsOf(link.targetTable));
      perRow = (link, ids) => checksPerRow(ids.length, rows.get(link.targetTable) ?? 0);
    }
    event.params!.where = rewriteWhere(
      where,
      linkOf,
      (link, ids) =>
        perRow(link as Link, ids) ? perRowSubquery(link as Link, ids) : subquery(link as Link, ids),
      (link, ids) => (perRow(link as Link, ids) ? '$eq' : '$in')
    );
    if (event.action === 'beforeFindMany') {
      const first = isSqlite
        ? await sortedFirstWhere(event.model.uid, event.params!)
        : isPostgres
          ? walkedFirstWhere(event.model.uid, event.params!)
          : null;
      if (first) event.params!.where = first;
    }
  };

  /** A page's limit and offset as its first `take` rows, or null when it has no limit. */
  const takeOf = (params: { limit?: unknown; offset?: unknown }): number | null => {
    const limit = Number(params.limit);
    const offset = Number(params.offset ?? 0);
    if (!Number.isSafeInteger(limit) || limit <= 0 || !Number.isSafeInteger(offset) || offset < 0)
      return null;
    return offset + limit;
  };

  /** A findMany's `orderBy` as its own table's columns (`ownOrder`), with that table's name. */
  const ownOrderOf = (uid: string, orderBy: unknown) => {
    const meta = strapi.db.metadata.get(uid as never) as unknown as {
      tableName: string;
      attributes: Record<string, { type: string; columnName?: string }>;
    };
    const order = ownOrder(orderBy, (attribute) => {
      const definition = meta.attributes[attribute];
      return definition && definition.type !== 'relation' ? (definition.columnName ?? attribute) : undefined;
    });
    return order ? { table: meta.tableName, order } : null;
  };

  /** The relation-id subquery a where consists of alone, as the rewrite made it; else undefined. */
  const soleFilter = (where: unknown): LinkFilter | undefined => {
    const list = soleIdSubquery(where);
    return list && typeof list === 'object' ? filters.get(list) : undefined;
  };

  /**
   * The where of a PostgreSQL page to ask by a bounded walk (`walkedFirstSubquery`): its filter, once
   * rewritten, is one relation-id list alone, it is sorted in an index's order by columns of its own table,
   * and it has a limit. Null for any other page.
   */
  const walkedFirstWhere = (
    uid: string,
    params: { where?: unknown; orderBy?: unknown; limit?: unknown; offset?: unknown }
  ): Where | null => {
    const take = takeOf(params);
    if (take === null || !readsInIndexOrder(params.orderBy, walkable.get(uid) ?? new Set())) return null;
    const sole = soleFilter(params.where);
    const own = sole && ownOrderOf(uid, params.orderBy);
    if (!sole || !own) return null;
    return {
      id: {
        $in: walkedFirstSubquery(strapi, {
          table: own.table,
          order: own.order,
          link: sole.link,
          ids: sole.ids,
          take,
        }),
      },
    };
  };

  /**
   * The where of a SQLite page to ask sorted first (`sortedFirstSubquery`): its filter, once rewritten, is
   * one relation-id list alone, on at least half of the related rows (`checksPerRow`), it is sorted by
   * columns of its own table and not in an index's order, and it has a limit. Null for any other page.
   */
  const sortedFirstWhere = async (
    uid: string,
    params: { where?: unknown; orderBy?: unknown; limit?: unknown; offset?: unknown }
  ): Promise<Where | null> => {
    const take = takeOf(params);
    if (take === null || readsInIndexOrder(params.orderBy, walkable.get(uid) ?? new Set())) return null;
    const sole = soleFilter(params.where);
    if (!sole || !checksPerRow(sole.ids.length, await rowsOf(sole.link.targetTable))) return null;
    const own = ownOrderOf(uid, params.orderBy);
    if (!own) return null;
    return { id: { $in: sortedFirstSubquery(own.table, own.order, sole.link, sole.ids, take) } };
  };

  strapi.db.lifecycles.subscribe({
    models: [...REWRITTEN_MODELS],
    beforeFindMany: rewrite,
    beforeCount: rewrite,
    beforeDeleteMany: rewrite,
  } as never);

  countOnLinkTables(
    strapi,
    (where) => {
      const value = soleIdSubquery(where);
      return value && typeof value === 'object' ? (filters.get(value) ?? null) : null;
    },
    uniqueOwners
  );
};

/**
 * Strapi's `entityManager.count` (the lifecycles around one count query), except that a count of the plugin's
 * types whose filter, once the `beforeCount` hooks have run, is one relation-id subquery alone counts that
 * subquery's link rows (see the header). Any other count runs Strapi's own query.
 */
const countOnLinkTables = (
  strapi: Core.Strapi,
  soleFilter: (where: unknown) => LinkFilter | null,
  uniqueOwners: ReadonlySet<string>
) => {
  type Params = { where?: unknown; filters?: unknown; _q?: unknown };
  const db = strapi.db as unknown as {
    lifecycles: {
      run: (action: string, uid: string, properties: object, states?: unknown) => Promise<unknown>;
    };
    entityManager: {
      count: (uid: string, params?: Params) => Promise<number>;
      createQueryBuilder: (uid: string) => {
        init: (params: Params) => {
          count: () => { first: () => { execute: () => Promise<{ count: unknown }> } };
        };
      };
    };
  };
  const { entityManager } = db;
  const strapiCount = entityManager.count;
  /**
   * Whether `filters` adds to the where: the document service passes a function there on every query (its
   * publication filter, which adds nothing on a type without Draft & Publish); the query builder calls it
   * with these arguments.
   */
  const addsFilters = (uid: string, filters: unknown): boolean => {
    if (filters === undefined || filters === null) return false;
    const added =
      typeof filters === 'function'
        ? (filters as (context: object) => unknown)({
            qb: entityManager.createQueryBuilder(uid),
            uid,
            meta: strapi.db.metadata.get(uid as never),
            db: strapi.db,
          })
        : filters;
    return !(
      added === undefined ||
      added === null ||
      (isPlainObject(added) && Object.keys(added).length === 0)
    );
  };
  const rewritten = new Set<string>(REWRITTEN_MODELS);
  entityManager.count = async function count(uid, params = {}) {
    if (!rewritten.has(uid)) return strapiCount.call(this, uid, params);
    const states = await db.lifecycles.run('beforeCount', uid, { params });
    const sole = params._q || addsFilters(uid, params.filters) ? null : soleFilter(params.where);
    let result: number;
    if (sole) {
      const { link, ids } = sole;
      const rows = tableIn(strapi, await currentDb(strapi), link.name);
      const row = (await whereIdIn(
        uniqueOwners.has(link.name)
          ? rows.count({ count: '*' })
          : rows.countDistinct({ count: link.joinColumn.name }),
        link.inverseJoinColumn.name,
        ids
      ).first()) as { count: unknown } | undefined;
      result = Number(row?.count ?? 0);
    } else {
      const { _q, where, filters } = params;
      const res = await entityManager
        .createQueryBuilder(uid)
        .init({ _q, where, filters })
        .count()
        .first()
        .execute();
      result = Number(res.count);
    }
    await db.lifecycles.run('afterCount', uid, { params, result }, states);
    return result;
  };
};
