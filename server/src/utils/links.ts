import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { GROUP_UID } from '../constants';
import { chunk, linkOf, tableIn, type LinkTable } from './tables';

const CHUNK = 200;

const maxOrders = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  link: LinkTable,
  keyColumn: string,
  orderColumn: string,
  keys: number[]
): Promise<Map<number, number>> => {
  const result = new Map<number, number>();
  for (const part of chunk(keys, 500)) {
    const rows = (await tableIn(strapi, trx, link.table)
      .select(keyColumn)
      .max({ max: orderColumn })
      .whereIn(keyColumn, part)
      .groupBy(keyColumn)) as Array<Record<string, unknown>>;
    for (const row of rows) result.set(Number(row[keyColumn]), Number(row.max ?? 0));
  }
  return result;
};

/**
 * Appends relation links straight into a relation's join table, keeping Strapi's order columns, and skips
 * links that already exist. The entity manager connects one relation list at a time; an import of 500
 * accounts needs a few multi-row INSERTs instead. Runs inside the caller's transaction.
 */
export const appendLinks = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  uid: string,
  attribute: string,
  pairs: ReadonlyArray<readonly [ownerId: number, targetId: number]>
): Promise<number> => {
  if (pairs.length === 0) return 0;
  const link = linkOf(strapi, uid, attribute);
  const { ownerColumn: owner, targetColumn: target, ownerOrderColumn, targetOrderColumn } = link;
  const ownerIds = [...new Set(pairs.map(([o]) => o))];
  const targetIds = [...new Set(pairs.map(([, t]) => t))];

  const existing = new Set<string>();
  for (const part of chunk(targetIds, 500)) {
    const rows = (await tableIn(strapi, trx, link.table)
      .select(owner, target)
      .whereIn(owner, ownerIds)
      .whereIn(target, part)) as Array<Record<string, unknown>>;
    for (const row of rows) existing.add(`${row[owner]}:${row[target]}`);
  }
  const seen = new Set<string>();
  const fresh = pairs.filter(([o, t]) => {
    const key = `${o}:${t}`;
    if (existing.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (fresh.length === 0) return 0;

  const ownerOrder = ownerOrderColumn
    ? await maxOrders(strapi, trx, link, owner, ownerOrderColumn, ownerIds)
    : null;
  const targetOrder = targetOrderColumn
    ? await maxOrders(strapi, trx, link, target, targetOrderColumn, targetIds)
    : null;

  const rows = fresh.map(([o, t]) => {
    const row: Record<string, number> = { [owner]: o, [target]: t };
    if (ownerOrder && ownerOrderColumn) {
      const next = (ownerOrder.get(o) ?? 0) + 1;
      ownerOrder.set(o, next);
      row[ownerOrderColumn] = next;
    }
    if (targetOrder && targetOrderColumn) {
      const next = (targetOrder.get(t) ?? 0) + 1;
      targetOrder.set(t, next);
      row[targetOrderColumn] = next;
    }
    return row;
  });
  for (const part of chunk(rows, CHUNK)) await tableIn(strapi, trx, link.table).insert(part);
  return rows.length;
};

/** Makes learners members of groups: pairs of group id and user id; a membership that exists stays as it is. */
export const addGroupMembers = (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  pairs: ReadonlyArray<readonly [groupId: number, userId: number]>
) => appendLinks(strapi, trx, GROUP_UID, 'members', pairs);
