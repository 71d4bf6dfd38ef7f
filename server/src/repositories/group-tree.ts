/**
 * The SQL of the group tree: each query reads the tree in one statement (a recursive CTE, which SQLite and
 * PostgreSQL both run), and the lock that puts tree writes one after another. Rules live in
 * common/domain/group-tree.ts; this file only reads rows.
 */
import type { Core } from '@strapi/strapi';
import { GROUP_UID } from '../constants';
import { columnOf, databaseClient, linkOf, tableOf, type Db } from '../utils/tables';

/** Any fixed number: the PostgreSQL advisory lock that every tree write takes (transaction-scoped). */
const TREE_LOCK_KEY = 7_340_913;

/** A bound on recursion, far past any allowed depth, so a cycle in hand-edited rows cannot run away. */
const RECURSION_BOUND = 64;

export interface TreeGroup {
  id: number;
  documentId: string;
  name: string;
  archivedAt: string | Date | null;
}

/** Rows of a raw query: SQLite answers an array, PostgreSQL `{ rows }`. */
export const rowsOf = <T>(result: unknown): T[] =>
  (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];

export const groupTreeRepository = (strapi: Core.Strapi) => {
  // Resolved lazily: metadata exists only once Strapi has loaded the models.
  const names = () => {
    const schema = strapi.db.getSchemaName();
    const link = linkOf(strapi, GROUP_UID, 'parent');
    return {
      groups: schema ? `${schema}.${tableOf(strapi, GROUP_UID)}` : tableOf(strapi, GROUP_UID),
      archivedAt: columnOf(strapi, GROUP_UID, 'archivedAt'),
      documentId: columnOf(strapi, GROUP_UID, 'documentId'),
      name: columnOf(strapi, GROUP_UID, 'name'),
      link: schema ? `${schema}.${link.table}` : link.table,
      child: link.ownerColumn,
      parent: link.targetColumn,
    };
  };

  return {
    /**
     * Tree writes one after another: two requests moving A under B and B under A at once would each see
     * no cycle. PostgreSQL: a transaction-scoped advisory lock; SQLite: the database's one writer lock,
     * taken now rather than at the first write.
     */
    async lockTree(db: Db) {
      const client = databaseClient(strapi);
      if (client === 'postgres') await db.raw('select pg_advisory_xact_lock(?)', [TREE_LOCK_KEY]);
      else if (client === 'sqlite') {
        const { groups } = names();
        await db.raw('update ?? set id = id where 1 = 0', [groups]);
      }
    },

    async groups(db: Db, where: { ids?: number[]; documentIds?: string[] }): Promise<TreeGroup[]> {
      const n = names();
      const query = db(n.groups).select(
        'id',
        `${n.documentId} as documentId`,
        `${n.name} as name`,
        `${n.archivedAt} as archivedAt`
      );
      if (where.ids) query.whereIn('id', where.ids);
      if (where.documentIds) query.whereIn(n.documentId, where.documentIds);
      return (await query) as TreeGroup[];
    },

    async parentOf(db: Db, groupId: number): Promise<number | null> {
      const n = names();
      const row = (await db(n.link).where(n.child, groupId).first(`${n.parent} as parentId`)) as
        { parentId: number | null } | undefined;
      return row?.parentId ? Number(row.parentId) : null;
    },

    /** The ancestors of a group, nearest first. */
    async ancestorIds(db: Db, groupId: number): Promise<number[]> {
      const n = names();
      const rows = rowsOf<{ id: number }>(
        await db.raw(
          `with recursive up(id, depth) as (
             select l.??, 1 from ?? l where l.?? = ?
             union
             select l.??, up.depth + 1 from up join ?? l on l.?? = up.id where up.depth < ?
           )
           select id, min(depth) as depth from up group by id order by min(depth)`,
          [n.parent, n.link, n.child, groupId, n.parent, n.link, n.child, RECURSION_BOUND]
        )
      );
      return rows.map((row) => Number(row.id));
    },

    /** Levels of a group's subtree, the group counting as one. */
    async subtreeHeight(db: Db, groupId: number): Promise<number> {
      const n = names();
      const rows = rowsOf<{ height: number }>(
        await db.raw(
          `with recursive down(id, depth) as (
             select cast(? as integer), 1
             union
             select l.??, down.depth + 1 from down join ?? l on l.?? = down.id where down.depth < ?
           )
           select max(depth) as height from down`,
          [groupId, n.child, n.link, n.parent, RECURSION_BOUND]
        )
      );
      return Number(rows[0]?.height ?? 1);
    },

    /** How many direct sub-groups of `groupIds` are outside `groupIds`; `activeOnly`: not archived. */
    async childrenOutside(db: Db, groupIds: number[], activeOnly: boolean): Promise<number> {
      if (groupIds.length === 0) return 0;
      const n = names();
      const query = db(`${n.link} as l`)
        .join(`${n.groups} as g`, 'g.id', `l.${n.child}`)
        .whereIn(`l.${n.parent}`, groupIds)
        .whereNotIn(`l.${n.child}`, groupIds);
      if (activeOnly) query.whereNull(`g.${n.archivedAt}`);
      const row = (await query.count({ count: '*' }).first()) as { count: number | string } | undefined;
      return Number(row?.count ?? 0);
    },

    /** The given groups and every group below them, at any depth, in one statement. */
    async subtreeIds(db: Db, groupIds: readonly number[]): Promise<number[]> {
      if (groupIds.length === 0) return [];
      const n = names();
      const rows = rowsOf<{ id: number }>(
        await db.raw(
          `with recursive down(id, depth) as (
             select g.id, 1 from ?? g where g.id in (${groupIds.map(() => '?').join(', ')})
             union
             select l.??, down.depth + 1 from down join ?? l on l.?? = down.id where down.depth < ?
           )
           select distinct id from down`,
          [n.groups, ...groupIds, n.child, n.link, n.parent, RECURSION_BOUND]
        )
      );
      return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
    },

    /**
     * child id → parent id of every group (`null`: every group of the site) or of the given ones, with each
     * group's name: what orders groups as a tree and rolls their figures up.
     */
    async treeRows(
      db: Db,
      groupIds: readonly number[] | null
    ): Promise<Array<{ id: number; name: string; parentId: number | null }>> {
      const n = names();
      const query = db(`${n.groups} as g`)
        .leftJoin(`${n.link} as l`, `l.${n.child}`, 'g.id')
        .select('g.id as id', `g.${n.name} as name`, `l.${n.parent} as parentId`);
      if (groupIds) query.whereIn('g.id', [...groupIds]);
      const rows = (await query) as Array<{ id: number; name: string; parentId: number | null }>;
      return rows.map((row) => ({
        id: Number(row.id),
        name: String(row.name ?? ''),
        parentId: row.parentId === null || row.parentId === undefined ? null : Number(row.parentId),
      }));
    },

    /** child id → parent id for the given groups and all their ancestors, in one statement. */
    async parentsUpFrom(db: Db, groupIds: readonly number[]): Promise<Map<number, number | null>> {
      const out = new Map<number, number | null>();
      if (groupIds.length === 0) return out;
      const n = names();
      const rows = rowsOf<{ child: number; parent: number }>(
        await db.raw(
          `with recursive up(child, parent) as (
             select l.??, l.?? from ?? l where l.?? in (${groupIds.map(() => '?').join(', ')})
             union
             select l.??, l.?? from up join ?? l on l.?? = up.parent
           )
           select child, parent from up`,
          [n.child, n.parent, n.link, n.child, ...groupIds, n.child, n.parent, n.link, n.child]
        )
      );
      for (const row of rows) out.set(Number(row.child), row.parent === null ? null : Number(row.parent));
      return out;
    },
  };
};

export type GroupTreeRepository = ReturnType<typeof groupTreeRepository>;
