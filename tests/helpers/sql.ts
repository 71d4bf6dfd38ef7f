import type { Core } from '@strapi/strapi';

export interface Statement {
  sql: string;
  bindings: readonly unknown[];
}

/** The SQL statements Strapi's knex sends while `work` runs, with their bound values. */
export const recordStatements = async (
  strapi: Core.Strapi,
  work: () => Promise<unknown>
): Promise<Statement[]> => {
  const statements: Statement[] = [];
  const onQuery = (query: { sql: string; bindings?: unknown[] }) => {
    statements.push({ sql: query.sql, bindings: query.bindings ?? [] });
  };
  const knex = strapi.db.connection as unknown as {
    on: (event: 'query', listener: typeof onQuery) => void;
    off: (event: 'query', listener: typeof onQuery) => void;
  };
  knex.on('query', onQuery);
  try {
    await work();
  } finally {
    knex.off('query', onQuery);
  }
  return statements;
};
