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
    if (!isDatabaseUnavailable(error)) throw error;
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
