/**
 * `server/src/utils/planned.ts`: a read of enrollment rows runs with PostgreSQL's planner settings of its
 * own (jit off; random_page_cost 1.1 for a read of named groups) for that statement only. The settings must
 * never reach the pool's connections, where every other query of the site would plan with them. Runs on
 * SQLite always (the statement runs as it is) and on PostgreSQL when DATABASE_CLIENT=postgres, in a
 * database of its own with a pool of one connection, so the read after a planned one is on the same
 * connection. It does not boot Strapi: `planned` reads only the client's name and the connection.
 */
import createKnex, { type Knex } from 'knex';
import type { Core } from '@strapi/strapi';
import { planned } from '../../server/src/utils/planned';
import { createPostgresDatabase, postgresConnection } from '../helpers/postgres';

const strapiOn = (client: string, knex: Knex) =>
  ({ db: { connection: knex, config: { connection: { client } } } }) as unknown as Core.Strapi;

const setting = async (knex: Knex, name: string): Promise<string> => {
  const result = await knex.raw(`select current_setting('${name}') as value`);
  return String(result.rows[0].value);
};

describe('planned reads on SQLite', () => {
  let knex: Knex;
  beforeAll(async () => {
    knex = createKnex({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    await knex.schema.createTable('rows', (t) => t.integer('id'));
    await knex('rows').insert([{ id: 1 }, { id: 2 }]);
  });
  afterAll(() => knex.destroy());

  it('runs the statement as it is', async () => {
    const rows = await planned<{ id: number }>(strapiOn('sqlite', knex), knex('rows').orderBy('id'), {
      byKey: true,
    });
    expect(rows.map((row) => row.id)).toEqual([1, 2]);
  });
});

(process.env.DATABASE_CLIENT === 'postgres' ? describe : describe.skip)('planned reads on PostgreSQL', () => {
  let knex: Knex;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const name = `groups_planned_${process.pid}_${Date.now().toString(36)}`;
    drop = await createPostgresDatabase(name);
    knex = createKnex({ client: 'pg', connection: postgresConnection(name), pool: { min: 1, max: 1 } });
  });
  afterAll(async () => {
    await knex.destroy();
    await drop();
  });

  it('plans a read of named groups by key, without JIT, for that statement only', async () => {
    const before = { jit: await setting(knex, 'jit'), cost: await setting(knex, 'random_page_cost') };
    const [inside] = await planned<{ jit: string; cost: string }>(
      strapiOn('postgres', knex),
      knex.select(
        knex.raw("current_setting('jit') as jit"),
        knex.raw("current_setting('random_page_cost') as cost")
      ),
      { byKey: true }
    );
    expect(inside).toEqual({ jit: 'off', cost: '1.1' });
    // The pool's one connection, after the planned read: as it was.
    expect(await setting(knex, 'jit')).toBe(before.jit);
    expect(await setting(knex, 'random_page_cost')).toBe(before.cost);
    expect(before.cost).not.toBe('1.1');
  });

  it('keeps the default cost for a read of the whole site', async () => {
    const [inside] = await planned<{ jit: string; cost: string }>(
      strapiOn('postgres', knex),
      knex.select(
        knex.raw("current_setting('jit') as jit"),
        knex.raw("current_setting('random_page_cost') as cost")
      ),
      { byKey: false }
    );
    expect(inside.jit).toBe('off');
    expect(inside.cost).toBe(await setting(knex, 'random_page_cost'));
  });

  it('leaves nothing set when the statement fails', async () => {
    const before = await setting(knex, 'random_page_cost');
    await expect(
      planned(strapiOn('postgres', knex), knex.select(knex.raw('1 / 0')), { byKey: true })
    ).rejects.toThrow(/division by zero/);
    expect(await setting(knex, 'random_page_cost')).toBe(before);
  });
});
