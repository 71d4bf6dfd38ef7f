import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { databaseClient } from './tables';

/**
 * Runs a read over enrollment rows with PostgreSQL's planner told two things it gets wrong for these reads
 * (docs/PERFORMANCE.md, fixes 14 and 23), for that statement only (`set_config(…, true)` is `SET LOCAL`, in
 * a transaction of its own); elsewhere the statement runs as it is.
 * - `jit` off: statements that evaluate a course subquery or the flag expression per row are priced high
 *   enough to be compiled with JIT, which costs more than it saves (85 → 50 ms for a group's 5,000 rows).
 * - `byKey`, for a read of named groups: `random_page_cost` 1.1. PostgreSQL's default 4 prices a lookup by
 *   primary key as a disk seek, so reading a group's rows through the group link by primary key was priced
 *   above a sequential scan of every enrollment of the site once the site's statistics moved (a 5,000-row
 *   group at 100,000 enrollments: 47 → 26 ms for the report's tallies, 33 → 15 ms for a Falling behind
 *   page). A read of most of the site is still planned as a scan.
 */
export const planned = async <T>(
  strapi: Core.Strapi,
  query: Knex.QueryBuilder,
  { byKey }: { byKey: boolean }
): Promise<T[]> => {
  if (databaseClient(strapi) !== 'postgres') return (await query) as T[];
  const knex = strapi.db.connection as unknown as Knex;
  return await knex.transaction(async (trx) => {
    await trx.raw(
      byKey
        ? "select set_config('jit', 'off', true), set_config('random_page_cost', '1.1', true)"
        : "select set_config('jit', 'off', true)"
    );
    return (await query.transacting(trx)) as T[];
  });
};
