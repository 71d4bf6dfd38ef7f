import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { GROUP_UID } from '../constants';
import { chunk, tableIn } from './tables';

interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  orderColumnName?: string;
  inverseOrderColumnName?: string;
}

const CHUNK = 200;

const joinTableOf = (strapi: Core.Strapi, uid: string, attribute: string): JoinTable => {
  const meta = strapi.db.metadata.get(uid as never) as unknown as {
    attributes: Record<string, { joinTable?: JoinTable }>;
  };
  const joinTable = meta.attributes[attribute]?.joinTable;
  if (!joinTable) throw new Error(`[groups] ${uid}.${attribute} is not a relation with a join table.`);
  return joinTable;
};

const maxOrders = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  joinTable: JoinTable,
  keyColumn: string,
  orderColumn: string,
  keys: number[]
): Promise<Map<number, number>> => {
  const result = new Map<number, number>();
  for (const part of chunk(keys, 500)) {
    const rows = (await tableIn(strapi, trx, joinTable.name)
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
  const joinTable = joinTableOf(strapi, uid, attribute);
  const owner = joinTable.joinColumn.name;
  const target = joinTable.inverseJoinColumn.name;
  const ownerIds = [...new Set(pairs.map(([o]) => o))];
  const targetIds = [...new Set(pairs.map(([, t]) => t))];

  const existing = new Set<string>();
  for (const part of chunk(targetIds, 500)) {
    const rows = (await tableIn(strapi, trx, joinTable.name)
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

  const ownerOrder = joinTable.orderColumnName
    ? await maxOrders(strapi, trx, joinTable, owner, joinTable.orderColumnName, ownerIds)
    : null;
  const targetOrder = joinTable.inverseOrderColumnName
    ? await maxOrders(strapi, trx, joinTable, target, joinTable.inverseOrderColumnName, targetIds)
    : null;

  const rows = fresh.map(([o, t]) => {
    const row: Record<string, number> = { [owner]: o, [target]: t };
    if (ownerOrder && joinTable.orderColumnName) {
      const next = (ownerOrder.get(o) ?? 0) + 1;
      ownerOrder.set(o, next);
      row[joinTable.orderColumnName] = next;
    }
    if (targetOrder && joinTable.inverseOrderColumnName) {
      const next = (targetOrder.get(t) ?? 0) + 1;
      targetOrder.set(t, next);
      row[joinTable.inverseOrderColumnName] = next;
    }
    return row;
  });
  for (const part of chunk(rows, CHUNK)) await tableIn(strapi, trx, joinTable.name).insert(part);
  return rows.length;
};

/** Makes learners members of groups: pairs of group id and user id; a membership that exists stays as it is. */
export const addGroupMembers = (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  pairs: ReadonlyArray<readonly [groupId: number, userId: number]>
) => appendLinks(strapi, trx, GROUP_UID, 'members', pairs);
