import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/**
 * Table and column names of the models as Strapi built them, for the places that need SQL the document
 * service cannot express (reports, row locks, bounded bulk updates, JSON appends). The one reader of
 * Strapi's metadata: everything else asks here.
 */
interface AttributeMeta {
  columnName?: string;
  joinTable?: {
    name: string;
    joinColumn: { name: string };
    inverseJoinColumn: { name: string };
    orderColumnName?: string;
    inverseOrderColumnName?: string;
  };
}

/** A relation's link table. */
export interface LinkTable {
  table: string;
  /** Column holding the id of the model that owns the relation. */
  ownerColumn: string;
  /** Column holding the id of the related row. */
  targetColumn: string;
  /** Position of the related row in the owner's list, when Strapi keeps one. */
  ownerOrderColumn?: string;
  /** Position of the owner in the related row's list, when Strapi keeps one. */
  targetOrderColumn?: string;
}

const attributeOf = (strapi: Core.Strapi, uid: string, attribute: string): AttributeMeta => {
  const meta = strapi.db.metadata.get(uid as never) as unknown as {
    attributes: Record<string, AttributeMeta>;
  };
  const found = meta.attributes[attribute];
  if (!found) throw new Error(`[groups] ${uid} has no attribute ${attribute}`);
  return found;
};

export const tableOf = (strapi: Core.Strapi, uid: string): string =>
  (strapi.db.metadata.get(uid as never) as unknown as { tableName: string }).tableName;

export const columnOf = (strapi: Core.Strapi, uid: string, attribute: string): string =>
  attributeOf(strapi, uid, attribute).columnName ?? attribute;

export const linkOf = (strapi: Core.Strapi, uid: string, attribute: string): LinkTable => {
  const { joinTable } = attributeOf(strapi, uid, attribute);
  if (!joinTable) throw new Error(`[groups] ${uid}.${attribute} is not stored in a link table`);
  return {
    table: joinTable.name,
    ownerColumn: joinTable.joinColumn.name,
    targetColumn: joinTable.inverseJoinColumn.name,
    ownerOrderColumn: joinTable.orderColumnName,
    targetOrderColumn: joinTable.inverseOrderColumnName,
  };
};

export type DatabaseClient = 'sqlite' | 'postgres' | 'mysql';

export const databaseClient = (strapi: Core.Strapi): DatabaseClient =>
  (strapi.db.config.connection as { client: DatabaseClient }).client;

/** The knex instance of the current transaction (or the plain connection outside one). */
export type Db = Knex | Knex.Transaction;

/** `name` on `db`, in the configured PostgreSQL schema when there is one. */
export const tableIn = (strapi: Core.Strapi, db: Db, name: string): Knex.QueryBuilder => {
  const schema = strapi.db.getSchemaName();
  return schema ? db(name).withSchema(schema) : db(name);
};

/**
 * The transaction Strapi is running for this request, or the plain connection outside one. A query made
 * beside an open transaction waits forever on SQLite, whose one connection the transaction holds.
 */
export const currentDb = async (strapi: Core.Strapi): Promise<Db> =>
  (strapi.db.inTransaction() ? (await strapi.db.transaction()).get() : strapi.db.connection) as Db;

/** Splits a list so an `IN (...)` list stays under every database's bound-parameter limit. */
export const chunk = <T>(items: readonly T[], size = 500): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};
