import { spawnSync } from 'child_process';
import path from 'path';
import {
  DATABASE_UNAVAILABLE_MESSAGE,
  databaseUnavailable,
  isDatabaseUnavailable,
  unhandledRejectionOutcome,
} from '../../server/src/middlewares/database-unavailable';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('database unavailable → 503', () => {
  it('knows the errors of an unreachable database from the others', () => {
    expect(isDatabaseUnavailable(withCode('ECONNREFUSED'))).toBe(true);
    expect(
      isDatabaseUnavailable(withCode('57P01', 'terminating connection due to administrator command'))
    ).toBe(true);
    expect(isDatabaseUnavailable(withCode('08006'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' })
      )
    ).toBe(true);
    expect(isDatabaseUnavailable(withCode('23505', 'duplicate key value'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });

  it('answers 503 with a sentence and Retry-After, and lets every other error through', async () => {
    const strapi = { log: { warn: jest.fn() } } as never;
    const headers: Record<string, string> = {};
    const ctx = { status: 200, body: undefined as unknown, set: (k: string, v: string) => (headers[k] = v) };
    await databaseUnavailable(strapi)(ctx, () => Promise.reject(withCode('ECONNREFUSED')));
    expect(ctx.status).toBe(503);
    expect(ctx.body).toMatchObject({ error: { status: 503, message: DATABASE_UNAVAILABLE_MESSAGE } });
    expect(headers['Retry-After']).toBe('5');
    const bug = new Error('a bug');
    await expect(databaseUnavailable(strapi)(ctx, () => Promise.reject(bug))).rejects.toBe(bug);
  });

  it('answers 503 for a transaction ended under the request only while the database does not answer', async () => {
    const ended = () => new Error('Transaction query already complete, run with DEBUG=knex:tx for more info');
    const withDatabase = (raw: () => Promise<unknown>) =>
      ({ log: { warn: jest.fn() }, db: { connection: { raw } } }) as never;
    const ctx = { status: 200, body: undefined as unknown, set: () => undefined };
    // The database is down: the second statement of a transaction its sibling's lost connection ended.
    const down = withDatabase(() => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')));
    await databaseUnavailable(down)(ctx, () => Promise.reject(ended()));
    expect(ctx.status).toBe(503);
    // The database answers: a statement after the end of its transaction is a fault of the code.
    const up = withDatabase(() => Promise.resolve([{ '?column?': 1 }]));
    const error = ended();
    ctx.status = 200;
    await expect(databaseUnavailable(up)(ctx, () => Promise.reject(error))).rejects.toBe(error);
    expect(ctx.status).toBe(200);
    // The database does not answer at all (a full pool, a host gone): an outage after the wait of 2 s.
    const silent = withDatabase(() => new Promise(() => undefined));
    await databaseUnavailable(silent)(ctx, () => Promise.reject(ended()));
    expect(ctx.status).toBe(503);
  });
});

describe('an unhandled rejection during a database outage', () => {
  const guard = path.join(__dirname, '..', '..', 'server', 'src', 'middlewares', 'database-unavailable.ts');
  /** A Node process with the guard installed, in which `reason` is rejected and never handled. */
  const runWith = (reason: string) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `const { survivesDatabaseOutages } = require(${JSON.stringify(guard)});
         survivesDatabaseOutages({ log: { warn: (m) => console.log('warned: ' + m) } });
         Promise.reject(${reason});
         setTimeout(() => { console.log('still running'); process.exit(0); }, 200);`,
      ],
      { encoding: 'utf8', timeout: 60_000 }
    );

  it('tells a failure to reach the database from the others', () => {
    expect(unhandledRejectionOutcome(withCode('ECONNREFUSED'), 0)).toBe('ignore');
    expect(unhandledRejectionOutcome(new Error('Connection terminated unexpectedly'), 2)).toBe('ignore');
    expect(unhandledRejectionOutcome(new Error('a bug'), 0)).toBe('throw');
    expect(unhandledRejectionOutcome(new Error('a bug'), 1)).toBe('leave');
  });

  it('keeps the process alive for a failure to reach the database, and logs it', () => {
    const run = runWith(
      `Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })`
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('warned: [groups] a background database call failed');
    expect(run.stdout).toContain('still running');
  });

  it('still ends the process for any other unhandled rejection, as Node does', () => {
    const run = runWith(`new Error('a bug in some code')`);
    expect(run.status).not.toBe(0);
    expect(run.stdout).not.toContain('still running');
    expect(run.stderr).toContain('a bug in some code');
  });
});
