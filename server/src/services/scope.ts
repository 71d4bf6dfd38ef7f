import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { whereIdIn } from '../strapi-patches/relation-id-subqueries';
import {
  EMPTY_SCOPE,
  RIGHT_ATTRIBUTES,
  RIGHTS,
  buildScope,
  groupsWithRight,
  linkFromRow,
  type Right,
  type Scope,
} from '../../../common/domain/rights';
import { mayEditCourse } from '../../../common/domain/course-sharing';
import { GROUP_MANAGER_UID, GROUP_UID, PLUGIN_ID } from '../constants';
import type { PluginConfig } from '../config';
import { getService } from '../utils/get-service';
import { rowsOf } from '../repositories/group-tree';
import { columnOf, currentDb, linkOf, tableIn, tableOf } from '../utils/tables';

const SUPER_ADMIN_CODE = 'strapi-super-admin';

export interface AdminActor {
  id: number;
  roles?: Array<{ code?: string; id?: number }>;
}

/** Lookups made during the current request, so conditions, guards and services share one query each. */
const requestMemo = new WeakMap<object, Map<string, Promise<unknown>>>();

/** The learner lists read during the current request, each with the groups whose members it lists. */
interface LearnerList {
  ids: readonly number[];
  members: ReadonlySet<number>;
  groupIds: readonly number[];
}
const requestLearnerLists = new WeakMap<object, LearnerList[]>();

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

  /** What the current request already read under `key`, if it did. */
  const memoised = <T>(key: string): Promise<T> | undefined => {
    const ctx = strapi.requestContext.get() as object | undefined;
    return ctx ? (requestMemo.get(ctx)?.get(key) as Promise<T> | undefined) : undefined;
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

  // The lookups below run on every admin request (the conditions need them): one plain SQL statement each,
  // on the link tables Strapi built, without the query engine's joins and row hydration.
  // Inside a transaction they must run on it (currentDb).
  const sql = async (): Promise<{ from: (table: string) => Knex.QueryBuilder }> => {
    const db = await currentDb(strapi);
    return { from: (table) => tableIn(strapi, db, table) };
  };

  /**
   * The manager's links spread over the group tree, in one statement: a recursive CTE starts from the
   * groups the admin is linked to and walks down the parent links of each link that includes sub-groups.
   * Each reached group keeps the rights of the link that reached it, so `buildScope` unions rights per
   * group exactly as for direct links (`expandLinksOverTree` in common/domain/group-tree.ts is the rule).
   * UNION (not UNION ALL) ends the walk on a cycle in hand-edited rows.
   *
   * With `over`, the same walk within a part of the tree only (`scopeOver`): the named groups, every
   * ancestor of theirs (`up`, the parent links followed to the top: a few rows, the tree's depth) and, with
   * `subGroups`, every group below them (`down`). Only the links on those groups start, and a walk goes down
   * only into them. The part holds every ancestor of each of its groups, so a link that reaches one of them
   * in the whole tree starts inside the part and reaches it through the part: the answer for each group of
   * the part is the full scope's, and groups outside the part are not read.
   */
  const loadScope = async (
    actor: AdminActor,
    over?: { groupIds: readonly number[]; subGroups: boolean }
  ): Promise<Scope> => {
    if (!actor?.id) return EMPTY_SCOPE;
    if (await isSuperAdmin(actor)) return buildScope([], true);
    if (over && over.groupIds.length === 0) return EMPTY_SCOPE;
    const schema = strapi.db.getSchemaName();
    const named = (table: string) => (schema ? `${schema}.${table}` : table);
    const userLink = linkOf(strapi, GROUP_MANAGER_UID, 'user');
    const groupLink = linkOf(strapi, GROUP_MANAGER_UID, 'group');
    const parentLink = linkOf(strapi, GROUP_UID, 'parent');
    const managers = named(tableOf(strapi, GROUP_MANAGER_UID));
    const parents = named(parentLink.table);
    const rightColumns = RIGHTS.map((right) => RIGHT_ATTRIBUTES[right]);

    // The part of the tree the walk stays in (`over`): CTEs before `managed`, and a condition on each of
    // its two steps.
    const part: { sql: string; bindings: unknown[] } = { sql: '', bindings: [] };
    const inPart = (column: string) => (over ? ` and ${column} in (select id from part_ids)` : '');
    if (over) {
      const ids = [...new Set(over.groupIds)];
      const start = `select g.id from ?? g where g.id in (${ids.map(() => '?').join(', ')})`;
      const starting = [named(tableOf(strapi, GROUP_UID)), ...ids];
      const up = `up(id) as (${start} union select l.?? from up join ?? l on l.?? = up.id)`;
      const down = `down(id) as (${start} union select l.?? from down join ?? l on l.?? = down.id)`;
      const upBindings = [...starting, parentLink.targetColumn, parents, parentLink.ownerColumn];
      const downBindings = [...starting, parentLink.ownerColumn, parents, parentLink.targetColumn];
      part.sql = over.subGroups
        ? `${up}, ${down}, part_ids(id) as (select id from up union select id from down), `
        : `${up}, part_ids(id) as (select id from up), `;
      part.bindings = over.subGroups ? [...upBindings, ...downBindings] : upBindings;
    }

    const db = await currentDb(strapi);
    const result = await db.raw(
      `with recursive ${part.sql}managed(group_id, link_id) as (
         select g.??, m.id from ?? m
           join ?? u on u.?? = m.id
           join ?? g on g.?? = m.id
          where u.?? = ? and g.?? is not null${inPart('g.??')}
         union
         select p.??, managed.link_id from managed
           join ?? m on m.id = managed.link_id
           join ?? p on p.?? = managed.group_id
          where m.??${inPart('p.??')}
       )
       select managed.group_id as ??, ${rightColumns.map(() => 'm.?? as ??').join(', ')}
         from managed join ?? m on m.id = managed.link_id`,
      [
        ...part.bindings,
        groupLink.targetColumn,
        managers,
        named(userLink.table),
        userLink.ownerColumn,
        named(groupLink.table),
        groupLink.ownerColumn,
        userLink.targetColumn,
        actor.id,
        groupLink.targetColumn,
        ...(over ? [groupLink.targetColumn] : []),
        parentLink.ownerColumn,
        managers,
        parents,
        parentLink.targetColumn,
        columnOf(strapi, GROUP_MANAGER_UID, 'includesSubGroups'),
        ...(over ? [parentLink.ownerColumn] : []),
        'groupId',
        ...rightColumns.flatMap((attribute) => [columnOf(strapi, GROUP_MANAGER_UID, attribute), attribute]),
        managers,
      ]
    );
    return buildScope(
      rowsOf<Record<string, unknown>>(result).map((row) =>
        linkFromRow({ ...row, groupId: Number(row.groupId) })
      ),
      false
    );
  };

  const loadCourseDocumentIds = async (groupIds: readonly number[]): Promise<string[]> => {
    if (groupIds.length === 0) return [];
    const courseUid = (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).courseContentType;
    const link = linkOf(strapi, GROUP_UID, 'courses');
    const { from } = await sql();
    const rows = (await from(`${link.table} as l`)
      .join(`${tableOf(strapi, courseUid)} as c`, 'c.id', `l.${link.targetColumn}`)
      .whereIn(`l.${link.ownerColumn}`, [...groupIds])
      .distinct(`c.${columnOf(strapi, courseUid, 'documentId')} as documentId`)) as Array<{
      documentId: string;
    }>;
    return rows.map((row) => row.documentId).sort();
  };

  const courseColumns = () => {
    const courseUid = (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).courseContentType;
    return {
      link: linkOf(strapi, GROUP_UID, 'courses'),
      table: tableOf(strapi, courseUid),
      documentId: columnOf(strapi, courseUid, 'documentId'),
    };
  };

  /**
   * Every group using each of the courses (documentIds, or a query selecting them), by course documentId;
   * every version of a course with Draft & Publish counts as the one course.
   */
  const loadGroupsOfCourses = async (
    courseDocumentIds: readonly string[] | Knex.QueryBuilder
  ): Promise<Map<string, number[]>> => {
    const { link, table, documentId } = courseColumns();
    const { from } = await sql();
    const rows = (await from(`${link.table} as l`)
      .join(`${table} as c`, 'c.id', `l.${link.targetColumn}`)
      .whereIn(
        `c.${documentId}`,
        Array.isArray(courseDocumentIds) ? [...courseDocumentIds] : (courseDocumentIds as Knex.QueryBuilder)
      )
      .distinct(`c.${documentId} as documentId`, `l.${link.ownerColumn} as groupId`)) as Array<{
      documentId: string;
      groupId: number;
    }>;
    const courses = new Map<string, number[]>();
    for (const row of rows)
      courses.set(row.documentId, [...(courses.get(row.documentId) ?? []), Number(row.groupId)]);
    return courses;
  };

  /** The groups using each course that one of `groupIds` uses. */
  const loadCourseGroups = async (groupIds: readonly number[]): Promise<Map<string, number[]>> => {
    if (groupIds.length === 0) return new Map();
    const { link, table, documentId } = courseColumns();
    const { from } = await sql();
    return loadGroupsOfCourses(
      from(`${link.table} as l2`)
        .join(`${table} as c2`, 'c2.id', `l2.${link.targetColumn}`)
        .whereIn(`l2.${link.ownerColumn}`, [...groupIds])
        .select(`c2.${documentId}`)
    );
  };

  /**
   * Of `courses` (each with every group using it), those the groups `withRight` holding `right` cover: for the
   * edit-courses right under the site's rule for courses shared by several groups, for any other right
   * those one of them uses.
   */
  const coursesWithRight = (
    courses: ReadonlyMap<string, number[]>,
    withRight: ReadonlySet<number>,
    right: Right
  ): string[] => {
    const rule =
      right === 'editCourses' ? getService(strapi, 'settings').current().courseEditRule : 'any-group';
    return [...courses.entries()]
      .filter(([, groups]) => mayEditCourse(groups, withRight, rule))
      .map(([documentId]) => documentId)
      .sort();
  };

  const loadLearnerIds = async (groupIds: readonly number[]): Promise<number[]> => {
    if (groupIds.length === 0) return [];
    const link = linkOf(strapi, GROUP_UID, 'members');
    const { from } = await sql();
    const rows = (await from(link.table)
      .whereIn(link.ownerColumn, [...groupIds])
      .whereNotNull(link.targetColumn)
      .distinct(`${link.targetColumn} as id`)) as Array<{ id: number }>;
    return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
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
     * The scope as far as it concerns `groupIds`, their ancestors and, with `subGroups`, every group below
     * them: for each of those groups the same rights as `getScope` gives, read by walking up from the named
     * groups (a few rows) instead of spreading every link over the whole tree (hundreds of groups for the
     * manager of a large tree). Groups outside that part are absent from it: only for a read limited to the
     * named groups (`access.readableIn`). A Super Admin gets the full scope, and so does a request that
     * already read it (the full scope answers for every part). Once per request.
     */
    async scopeOver(
      actor: AdminActor,
      groupIds: readonly number[],
      { subGroups = false }: { subGroups?: boolean } = {}
    ): Promise<Scope> {
      const whole = memoised<Scope>(`scope:${actor?.id}`);
      if (whole) return whole;
      const ids = [...new Set(groupIds)].sort((a, b) => a - b);
      return memo(`scope-over:${actor?.id}:${subGroups ? 'tree' : 'groups'}:${ids.join(',')}`, () =>
        loadScope(actor, { groupIds: ids, subGroups })
      );
    },

    /** Every group using each of these courses, by course documentId. */
    groupsOfCourses: (courseDocumentIds: readonly string[]) =>
      courseDocumentIds.length
        ? loadGroupsOfCourses(courseDocumentIds)
        : Promise.resolve(new Map<string, number[]>()),

    /**
     * What `getCourseDocumentIds(actor)` lists (any right), as a subquery for a filter the query engine runs
     * on the course type (`{ documentId: { $in: <it> } }`): asked per row of that query (its root alias is
     * `t0`), the course's versions by documentId, then their links to one of the scope's groups, so a check of
     * a page's few courses reads a few rows, not the scope's course list. `null` means every course (Super
     * Admin).
     */
    async courseDocumentIdsQuery(actor: AdminActor): Promise<{ query: Knex.QueryBuilder } | null> {
      const scope = await this.getScope(actor);
      if (scope.all) return null;
      const { link, table, documentId } = courseColumns();
      const { from } = await sql();
      const query = from(`${table} as c`)
        .join(`${link.table} as l`, `l.${link.targetColumn}`, 'c.id')
        .select(`c.${documentId}`)
        .whereRaw('?? = ??', [`c.${documentId}`, `t0.${documentId}`]);
      // Wrapped: a query builder is a thenable, which an async function's promise would run.
      return {
        query: whereIdIn(query, `l.${link.ownerColumn}`, scope.groupIds, { unindexed: true }),
      };
    },

    /**
     * documentIds of the courses linked to the actor's groups — every group, or only those where the link
     * holds `right`. `null` means every course (Super Admin).
     */
    async getCourseDocumentIds(actor: AdminActor, right: Right | null = null): Promise<string[] | null> {
      const scope = await this.getScope(actor);
      if (scope.all) return null;
      // Both course conditions of the manager role ask on every request (any right, edit courses). For a
      // manager with the edit-courses right somewhere, one read of the scope's courses with the groups using
      // each (what the site's rule for shared courses decides from) serves both lists; for the others, the
      // plain list of the scope's courses is the lighter read.
      const editsSomewhere = groupIdsFor(scope, 'editCourses').length > 0;
      const courseGroups = () => memo(`course-groups:${actor.id}`, () => loadCourseGroups(scope.groupIds));
      return memo(`courses:${actor.id}:${right ?? '*'}`, async () => {
        if (!right)
          return editsSomewhere
            ? [...(await courseGroups()).keys()].sort()
            : loadCourseDocumentIds(scope.groupIds);
        const withRight = groupIdsFor(scope, right);
        if (withRight.length === 0) return [];
        return coursesWithRight(await courseGroups(), new Set(withRight), right);
      });
    },

    /**
     * Ids of the users who are members of the actor's groups (or of those where the link holds `right`).
     * `null` means every user (Super Admin).
     */
    async getLearnerIds(actor: AdminActor, right: Right | null = null): Promise<number[] | null> {
      const scope = await this.getScope(actor);
      if (scope.all) return null;
      const groupIds = groupIdsFor(scope, right);
      return memo(`learners:${actor.id}:${right ?? '*'}`, async () => {
        const ids = await loadLearnerIds(groupIds);
        const ctx = strapi.requestContext.get() as object | undefined;
        if (ctx) {
          const lists = requestLearnerLists.get(ctx) ?? [];
          lists.push({ ids, members: new Set(ids), groupIds: [...groupIds] });
          requestLearnerLists.set(ctx, lists);
        }
        return ids;
      });
    },

    /**
     * The groups whose members `ids` lists, when it is a learner list read by `getLearnerIds` during this
     * request (the scope conditions put those lists in every learner filter); `null` for any other list.
     * Lets SQL ask for "members of these groups" instead of binding every id (`membershipForLearnerLists`).
     */
    groupsOfLearnerList(ids: readonly unknown[]): readonly number[] | null {
      const ctx = strapi.requestContext.get() as object | undefined;
      const lists = ctx ? requestLearnerLists.get(ctx) : undefined;
      if (!lists) return null;
      const list = lists.find(
        (candidate) =>
          candidate.ids.length === ids.length &&
          new Set(ids).size === ids.length &&
          ids.every((id) => candidate.members.has(Number(id)))
      );
      return list ? list.groupIds : null;
    },
  };
};

export type ScopeService = ReturnType<typeof scopeService>;
export default scopeService;
