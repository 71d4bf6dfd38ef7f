import type { Core } from '@strapi/strapi';

/** What a caller reads while the database cannot be reached (a restart, a failover, a full pool). */
export const DATABASE_UNAVAILABLE_MESSAGE =
  'The database cannot be reached at the moment; try again in a few seconds.';

/** PostgreSQL's SQLSTATE classes 08 (connection exception) and 57P01–03 (shut down, cannot connect now). */
const SQLSTATES = /^(08\d{3}|57P0[123])$/;
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const MESSAGES = [
  /connection terminated/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Client has encountered a connection error and is not queryable/i,
  /Connection is closed/i,
];

/**
 * Whether an error means the database could not be reached, rather than a fault of the request or of our
 * code: the pg driver's socket and SQLSTATE errors, and knex's pool timeout (no connection to hand out).
 */
export const isDatabaseUnavailable = (error: unknown): boolean => {
  if (!error || typeof error !== 'object') return false;
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string' && (SQLSTATES.test(code) || SOCKET_CODES.has(code))) return true;
  if (name === 'KnexTimeoutError') return true;
  return typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message));
};

/**
 * knex's error for a statement sent on a transaction that has already ended. During an outage a request
 * that runs two statements at once in one transaction (the Content Manager's page and its count, in the
 * document service's transaction) gets it for the second, when the first one's lost connection has rolled
 * the transaction back. Otherwise it is a fault of the code, so it only counts as an outage while the
 * database does not answer.
 */
const TRANSACTION_ENDED = /Transaction query already complete/;

/** Whether the database answers a trivial statement within `ms` milliseconds. */
const databaseAnswers = async (strapi: Core.Strapi, ms = 2000): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    const answered = (strapi.db.connection as unknown as { raw: (sql: string) => Promise<unknown> })
      .raw('select 1')
      .then(
        () => true,
        () => false
      );
    return await Promise.race([answered, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/** An error of an unreachable database, or a transaction ended under the request while it is unreachable. */
const isOutage = async (strapi: Core.Strapi, error: unknown): Promise<boolean> => {
  if (isDatabaseUnavailable(error)) return true;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && TRANSACTION_ENDED.test(message) && !(await databaseAnswers(strapi));
};

type Next = () => Promise<unknown>;
interface Ctx {
  status: number;
  body: unknown;
  set: (field: string, value: string) => void;
}

/**
 * A request that fails because the database is unreachable answers 503 with a sentence and Retry-After,
 * not Strapi's generic 500: a load balancer and the admin panel can tell a short outage from a bug. It runs
 * inside Strapi's error middleware, as a middleware of the admin and Content API routers.
 */
export const databaseUnavailable = (strapi: Core.Strapi) => async (ctx: Ctx, next: Next) => {
  try {
    await next();
  } catch (error) {
    if (!(await isOutage(strapi, error))) throw error;
    strapi.log.warn(`[groups] database unavailable: ${(error as Error).message}`);
    ctx.status = 503;
    ctx.set('Retry-After', '5');
    ctx.body = {
      data: null,
      error: {
        status: 503,
        name: 'ServiceUnavailableError',
        message: DATABASE_UNAVAILABLE_MESSAGE,
        details: {},
      },
    };
  }
};

export const registerDatabaseUnavailable = (strapi: Core.Strapi) => {
  strapi.server.api('admin').use(databaseUnavailable(strapi) as never);
  strapi.server.api('content-api').use(databaseUnavailable(strapi) as never);
};

/**
 * What to do with a promise nobody awaited that failed: `ignore` a failure to reach the database (logged),
 * `leave` any other failure to the process's other listeners when it has some, else `throw` it again, which
 * ends the process as Node does when no listener is installed.
 */
export const unhandledRejectionOutcome = (
  reason: unknown,
  otherListeners: number
): 'ignore' | 'leave' | 'throw' => {
  if (isDatabaseUnavailable(reason)) return 'ignore';
  return otherListeners > 0 ? 'leave' : 'throw';
};

/**
 * Keeps a node alive through a database outage. Strapi reads each entry written through the document
 * service back for its event without awaiting it, so when PostgreSQL goes away just after a write, that
 * read's failure is an unhandled rejection, which ends a Node process: one of two nodes was lost that way
 * in a load run with a PostgreSQL restart (docs/PERFORMANCE.md). Only failures to reach the database are
 * kept from ending the process; every other unhandled rejection ends it as before. Removed when Strapi is
 * destroyed (`stopSurvivingDatabaseOutages`).
 */
const outageListeners = new WeakMap<Core.Strapi, () => void>();

export const survivesDatabaseOutages = (strapi: Core.Strapi) => {
  const listener = (reason: unknown) => {
    const outcome = unhandledRejectionOutcome(reason, process.listenerCount('unhandledRejection') - 1);
    if (outcome === 'ignore') {
      strapi.log.warn(
        `[groups] a background database call failed while the database was unavailable: ${
          (reason as Error).message
        }`
      );
    } else if (outcome === 'throw') {
      throw reason;
    }
  };
  process.on('unhandledRejection', listener);
  outageListeners.set(strapi, () => process.off('unhandledRejection', listener));
};

export const stopSurvivingDatabaseOutages = (strapi: Core.Strapi) => {
  outageListeners.get(strapi)?.();
  outageListeners.delete(strapi);
};
