import {
  DATABASE_UNAVAILABLE_MESSAGE,
  databaseUnavailable,
  isDatabaseUnavailable,
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
});
