import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { ENROLLMENT_UID } from '../constants';
import { columnOf, databaseClient, tableOf } from '../utils/tables';

/**
 * An index for the Content Manager's "last updated first" list of enrollments, created at bootstrap.
 * Checked against Strapi 5.54.0 (@strapi/database: a schema's `indexes` name columns only, each ascending;
 * dist/schema/diff.js drops only indexes of its previous schema, so it keeps one it did not create; the
 * Content Manager sorts `updatedAt:DESC` with the id ascending after it).
 *
 * Why: the list sorted by `updatedAt` desc, `id` asc sorted every enrollment, for every admin; for a manager
 * whose scope holds most of the site the scope's list came on top (docs/PERFORMANCE.md, fix 20). An index
 * `(updated_at DESC, id ASC)` is that order: SQLite and PostgreSQL read the page from it and stop, and a
 * scoped page walks it with the per-row check of `relation-id-subqueries.ts`. An `(updated_at, id)` index
 * (all ascending, what a schema can declare) serves the mixed order only for its first column, and rows of
 * one timestamp (a bulk approval) are then sorted whole.
 *
 * Every boot, `CREATE INDEX IF NOT EXISTS` on SQLite and PostgreSQL (on PostgreSQL the build locks the table
 * against writes for its duration, about a second per 1,000,000 enrollments, once). Returns the orders a
 * page may walk, as `relation-id-subqueries.ts` reads them (`updatedAt:desc`); none when the index is missing.
 * Tested by tests/api/relation-id-subqueries.test.ts.
 */
export const UPDATED_DESC = 'updatedAt:desc';

export const updatedAtIndexName = (table: string) => `${table}_updated_desc_idx`.slice(-63);

const hasIndex = async (strapi: Core.Strapi, table: string, name: string): Promise<boolean> => {
  const knex = strapi.db.connection as unknown as Knex;
  if (databaseClient(strapi) === 'sqlite') {
    const indexes = (await knex.raw('pragma index_list(??)', [table])) as Array<{ name: string }>;
    return indexes.some((index) => index.name === name);
  }
  const { rows } = (await knex.raw(
    `select 1 from pg_indexes where tablename = ? and indexname = ? and schemaname = coalesce(?, current_schema())`,
    [table, name, strapi.db.getSchemaName() ?? null]
  )) as { rows: unknown[] };
  return rows.length > 0;
};

export const ensureSortIndexes = async (strapi: Core.Strapi): Promise<Set<string>> => {
  const client = databaseClient(strapi);
  if (client !== 'sqlite' && client !== 'postgres') return new Set();
  const knex = strapi.db.connection as unknown as Knex;
  const table = tableOf(strapi, ENROLLMENT_UID);
  const schema = strapi.db.getSchemaName();
  const name = updatedAtIndexName(table);
  try {
    await knex.raw('create index if not exists ?? on ?? (?? desc, ?? asc)', [
      name,
      schema ? `${schema}.${table}` : table,
      columnOf(strapi, ENROLLMENT_UID, 'updatedAt'),
      'id',
    ]);
  } catch (error) {
    // Another node may have built it at the same moment; the catalog says whether it is there.
    if (!(await hasIndex(strapi, table, name))) {
      strapi.log.warn(`[groups] The index ${name} was not created: ${(error as Error).message}`);
      return new Set();
    }
  }
  return (await hasIndex(strapi, table, name)) ? new Set([UPDATED_DESC]) : new Set();
};
