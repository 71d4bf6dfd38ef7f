import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { isPlainObject } from '../../../common/domain/scope-filters';
import { ENROLLMENT_UID, GROUP_UID } from '../constants';
import { chunk, currentDb, databaseClient, linkOf, tableIn, type Db } from '../utils/tables';

/**
 * One group link per enrollment, held by the database: a unique index on the enrollment column of the
 * enrollment → group link table, created at bootstrap when the rows allow it, and the write order of
 * Strapi's query engine adjusted so that its own relation updates keep working under it.
 * Checked against Strapi 5.54.0 (@strapi/database: dist/schema/diff.js drops only indexes of its previous
 * schema, so it keeps one it did not create; dist/entity-manager/index.js `updateRelations` inserts a
 * connected link before it deletes the link it replaces).
 *
 * Why: the Content Manager's total of a manager's enrollments counts the scope's link rows
 * (`relation-id-subqueries.ts`). With at most one link per enrollment that is `count(*)`, 4–6× cheaper than
 * the `count(DISTINCT enrollment_id)` it must be otherwise (a scope that holds the whole site: SQLite
 * 17 → 3 ms, PostgreSQL 25–43 → 5–13 ms; docs/PERFORMANCE.md, fix 16). Strapi's manyToOne keeps one link
 * when it writes, but its link table only has a unique index on the (enrollment, group) pair.
 *
 * - At bootstrap (every boot, so a lost index comes back): `CREATE UNIQUE INDEX IF NOT EXISTS` on the
 *   enrollment column, then the catalog is read for a unique, non-partial index on exactly that column
 *   (the plugin's or any other). Only then does the count use `count(*)`; on rows that give an enrollment
 *   two groups (written around Strapi) the index cannot be created, a warning says so, and the count keeps
 *   `DISTINCT` until a boot finds the rows clean. SQLite and PostgreSQL; other databases keep `DISTINCT`.
 *   On PostgreSQL the build locks the table against writes for its duration (about a second per
 *   1,000,000 enrollments), once.
 * - Under the index, a write that would give an enrollment a second group fails (a raw insert; a bulk SQL
 *   import). The plugin writes no group link itself (enrollments are created through the query engine).
 *   Strapi's own writes replace the link, but on an update they insert the new link before deleting the
 *   old one: `group: { connect: [...] }` on an enrollment, and `enrollments` (set or connect) on a group
 *   (which the document service refuses, `middlewares/documents/entry-titles.ts`, and the query engine
 *   does not). A `beforeUpdate` lifecycle therefore deletes, first, the links Strapi would delete right
 *   after the insert: the same rows, in the write's transaction.
 * - Such an update always has a transaction. The document service's writes do; a direct query-engine call
 *   does not, and Strapi's `update` then runs the hooks and the row's columns on the connection and only the
 *   relations in a transaction of its own: a move Strapi refuses there (a group or an enrollment that does
 *   not exist) would leave the enrollment with no group at all, its old link deleted by the hook. The
 *   entity manager's `update` of the two types therefore runs whole in one transaction when a write of the
 *   link arrives outside one, as the document service's would, and a refused move rolls back with the
 *   delete. Inside a transaction Strapi's own rollback of the relations is the outer one's to do, and its
 *   restore of the row then runs in the aborted transaction: on PostgreSQL the refusal reads "current
 *   transaction is aborted", as on every document service write Strapi refuses.
 *
 * Tested by tests/api/one-group-link.test.ts (the index after a restart and a schema sync, rows that do
 * not allow it, every way Strapi moves an enrollment to another group, a refused move inside and outside a
 * transaction, a raw second link refused).
 */

type Params = { where?: unknown; data?: Record<string, unknown> };
type Event = { model: { uid: string }; params?: Params };

/** The index's name, derived from the link table's (PostgreSQL allows 63 characters). */
export const oneGroupIndexName = (linkTable: string) => `${linkTable}_one_uq`.slice(-63);

const toId = (value: unknown): number | null => {
  const raw = isPlainObject(value) ? value.id : value;
  const id = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
};

/**
 * The related ids a relation value of the query engine links (what Strapi's `toAssocs` reads: an id, an
 * `{ id }`, an array of them, `{ set }` or `{ connect }`); null when it links nothing new (a disconnect,
 * null) or has a shape this does not know, which is then left to Strapi.
 */
export const linkedIds = (value: unknown): number[] | null => {
  if (value === null || value === undefined) return null;
  let items: unknown;
  if (isPlainObject(value) && !('id' in value)) {
    items = value.set !== undefined ? value.set : value.connect;
    if (items === null || items === undefined) return null;
  } else items = value;
  const list = Array.isArray(items) ? items : [items];
  const ids = list.map(toId);
  return ids.length > 0 && ids.every((id): id is number => id !== null) ? ids : null;
};

/** Whether `table` has a unique, non-partial index on exactly `column`, read from the catalog. */
const hasUniqueIndexOn = async (strapi: Core.Strapi, table: string, column: string): Promise<boolean> => {
  const knex = strapi.db.connection as unknown as Knex;
  const client = databaseClient(strapi);
  if (client === 'sqlite') {
    const indexes = (await knex.raw('pragma index_list(??)', [table])) as Array<{
      name: string;
      unique: number;
      partial: number;
    }>;
    for (const index of indexes.filter((i) => i.unique && !i.partial)) {
      const columns = (await knex.raw('pragma index_info(??)', [index.name])) as Array<{ name: string }>;
      if (columns.length === 1 && columns[0].name === column) return true;
    }
    return false;
  }
  if (client === 'postgres') {
    const { rows } = (await knex.raw(
      `select 1 from pg_index i
         join pg_class t on t.oid = i.indrelid
         join pg_namespace n on n.oid = t.relnamespace
         join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]
        where t.relname = ? and n.nspname = coalesce(?, current_schema())
          and i.indisunique and i.indisvalid and i.indpred is null and i.indexprs is null
          and i.indnkeyatts = 1 and a.attname = ?`,
      [table, strapi.db.getSchemaName() ?? null, column]
    )) as { rows: unknown[] };
    return rows.length > 0;
  }
  return false;
};

/**
 * Creates the index when missing and the rows allow it. Returns the link tables whose owner column is
 * unique (for the count), empty when it is not.
 */
export const keepOneGroupPerEnrollment = async (strapi: Core.Strapi): Promise<Set<string>> => {
  const link = linkOf(strapi, ENROLLMENT_UID, 'group');
  const client = databaseClient(strapi);
  if (client !== 'sqlite' && client !== 'postgres') return new Set();
  const knex = strapi.db.connection as unknown as Knex;
  const schema = strapi.db.getSchemaName();
  const qualified = schema ? `${schema}.${link.table}` : link.table;
  if (!(await hasUniqueIndexOn(strapi, link.table, link.ownerColumn))) {
    try {
      await knex.raw('create unique index if not exists ?? on ?? (??)', [
        oneGroupIndexName(link.table),
        qualified,
        link.ownerColumn,
      ]);
    } catch (error) {
      // Another node may have built it meanwhile; otherwise some enrollment has two group links.
      if (!(await hasUniqueIndexOn(strapi, link.table, link.ownerColumn))) {
        strapi.log.warn(
          `[groups] Some enrollments are linked to more than one group (rows written around Strapi), so the ` +
            `unique index on ${link.table}.${link.ownerColumn} was not created and the Content Manager counts ` +
            `enrollments the slower way. Remove the extra links and restart to get it. (${(error as Error).message})`
        );
        return new Set();
      }
    }
  }
  if (!(await hasUniqueIndexOn(strapi, link.table, link.ownerColumn))) return new Set();
  keepStrapiWritesUnderTheIndex(strapi);
  return new Set([link.table]);
};

/** See the header: the links Strapi deletes after its insert, deleted before it, in the write's transaction. */
const keepStrapiWritesUnderTheIndex = (strapi: Core.Strapi) => {
  const link = linkOf(strapi, ENROLLMENT_UID, 'group');
  /** The attribute of each side whose update writes the link. */
  const linkAttribute: Record<string, string> = { [ENROLLMENT_UID]: 'group', [GROUP_UID]: 'enrollments' };
  const writesLink = (uid: string, data: unknown) =>
    uid in linkAttribute && isPlainObject(data) && linkAttribute[uid] in data;
  /** The link table in the write's transaction (a query builder is thenable: never return it from async). */
  const links = (db: Db) => tableIn(strapi, db, link.table);
  const idOf = async (uid: string, where: unknown): Promise<number | null> => {
    if (!where) return null;
    const row = (await strapi.db.query(uid as never).findOne({ where, select: ['id'] } as never)) as {
      id: number;
    } | null;
    return row?.id ?? null;
  };

  const { entityManager } = strapi.db as unknown as {
    entityManager: { update: (uid: string, params?: Params) => Promise<unknown> };
  };
  const strapiUpdate = entityManager.update;
  entityManager.update = async function update(uid, params = {}) {
    if (!writesLink(uid, params.data) || strapi.db.inTransaction())
      return strapiUpdate.call(this, uid, params);
    return strapi.db.transaction(() => strapiUpdate.call(this, uid, params));
  };

  strapi.db.lifecycles.subscribe({
    models: [ENROLLMENT_UID, GROUP_UID],
    async beforeUpdate(event: Event) {
      const data = event.params?.data;
      if (!data || !writesLink(event.model.uid, data)) return;
      if (event.model.uid === ENROLLMENT_UID) {
        const groups = linkedIds(data.group);
        if (!groups || groups.length !== 1) return;
        const enrollment = await idOf(ENROLLMENT_UID, event.params?.where);
        if (enrollment === null) return;
        await links(await currentDb(strapi))
          .where(link.ownerColumn, enrollment)
          .whereNot(link.targetColumn, groups[0])
          .delete();
      } else {
        const enrollments = linkedIds(data.enrollments);
        if (!enrollments) return;
        const group = await idOf(GROUP_UID, event.params?.where);
        if (group === null) return;
        const db = await currentDb(strapi);
        for (const part of chunk(enrollments)) {
          await links(db).whereIn(link.ownerColumn, part).whereNot(link.targetColumn, group).delete();
        }
      }
    },
  } as never);
};
