import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';

export interface Statement {
  sql: string;
  bindings: readonly unknown[];
}

/** Marks the statements `work` sends, and what it starts, apart from anything else the process runs meanwhile. */
const recording = new AsyncLocalStorage<object>();

/**
 * The SQL statements Strapi's knex sends for `work` while it runs, with their bound values: knex emits a
 * statement's `query` event in the async context of the code that sent it, so work the process began before
 * the window (a write's follow-up from an earlier step, a background re-read) is not counted as `work`'s.
 */
export const recordStatements = async (
  strapi: Core.Strapi,
  work: () => Promise<unknown>
): Promise<Statement[]> => {
  const statements: Statement[] = [];
  // The plugin's settings re-read themselves in the background once older than 5 s (services/settings.ts);
  // read them now, so that re-read does not fall inside the window and get counted as the work's.
  await (
    strapi.plugin('groups')?.service('settings') as { view?: () => Promise<unknown> } | undefined
  )?.view?.();
  const mark = {};
  const onQuery = (query: { sql: string; bindings?: unknown[] }) => {
    if (recording.getStore() === mark) statements.push({ sql: query.sql, bindings: query.bindings ?? [] });
  };
  const knex = strapi.db.connection as unknown as {
    on: (event: 'query', listener: typeof onQuery) => void;
    off: (event: 'query', listener: typeof onQuery) => void;
  };
  knex.on('query', onQuery);
  try {
    await recording.run(mark, work);
  } finally {
    knex.off('query', onQuery);
  }
  return statements;
};

const isPostgres = () => (process.env.DATABASE_CLIENT ?? 'sqlite') === 'postgres';

/** A plain pg connection to the test's PostgreSQL database, beside Strapi's pool (as another node's). */
export const otherPostgresConnection = async () => {
  if (!isPostgres()) throw new Error('otherPostgresConnection needs DATABASE_CLIENT=postgres');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg');
  const client = new Client({
    host: process.env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(process.env.DATABASE_PORT ?? 5432),
    user: process.env.DATABASE_USERNAME ?? 'postgres',
    password: process.env.DATABASE_PASSWORD ?? '',
    database: process.env.DATABASE_NAME,
  });
  await client.connect();
  return client as {
    query: (sql: string, values?: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>;
    end: () => Promise<void>;
  };
};

/** Resolves once another session of the database waits on a lock that `client` holds. */
export const untilSomeoneWaits = async (client: Awaited<ReturnType<typeof otherPostgresConnection>>) => {
  for (;;) {
    // Inside a transaction (the one holding the lock) PostgreSQL shows the activity it read first until the
    // transaction ends: a waiter that came after the first look would never be seen without this.
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`
    );
    if (Number(rows[0].waiting) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
