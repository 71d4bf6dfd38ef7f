/**
 * Fresh PostgreSQL databases for tests, on the server named by DATABASE_HOST, DATABASE_PORT,
 * DATABASE_USERNAME and DATABASE_PASSWORD (the user must be allowed to create databases).
 */
export const postgresConnection = (database: string) => ({
  host: process.env.DATABASE_HOST ?? '127.0.0.1',
  port: Number(process.env.DATABASE_PORT ?? 5432),
  user: process.env.DATABASE_USERNAME ?? 'postgres',
  password: process.env.DATABASE_PASSWORD ?? '',
  database,
});

const onAdminDatabase = async (sql: string) => {
  // Loaded here so a run on SQLite never needs the driver (pg ships no types of its own).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg');
  const client = new Client(postgresConnection('postgres'));
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/** Creates database `name` (letters, digits and underscores) and returns what drops it. */
export const createPostgresDatabase = async (name: string): Promise<() => Promise<void>> => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Not a safe database name: ${name}`);
  await onAdminDatabase(`CREATE DATABASE ${name}`);
  return () => onAdminDatabase(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
};
