/**
 * A small fake `strapi` for service tests: in-memory rows per content type answering the query engine's
 * `findOne`/`findMany` (equality and `$in` on top-level fields), a plugin config, the Users & Permissions
 * store, and the plugin's services, real or fake by name. Enough for rules that read a few rows; anything
 * that runs SQL is tested against a real Strapi in tests/api.
 */
import {
  buildScope,
  linkFromRow,
  RIGHT_ATTRIBUTES,
  type Right,
  type Scope,
} from '../../common/domain/rights';

type Row = Record<string, unknown>;
type Where = Record<string, unknown>;

const matches = (row: Row, where: Where = {}) =>
  Object.entries(where).every(([key, condition]) => {
    if (condition && typeof condition === 'object' && '$in' in condition) {
      return (condition as { $in: unknown[] }).$in.includes(row[key]);
    }
    return row[key] === condition;
  });

export interface FakeOptions {
  rows?: Record<string, Row[]>;
  config?: Record<string, unknown>;
  /** The Users & Permissions "advanced" settings. */
  advanced?: Record<string, unknown> | null;
  services?: Record<string, (context: { strapi: never }) => unknown>;
  /** Strapi's own services by uid (`strapi.service('admin::permission')`). */
  strapiServices?: Record<string, unknown>;
}

/** A manager's scope from their links: `[groupId, [rights]]`. */
export const scopeOf = (links: Array<[number, Right[]]>, superAdmin = false): Scope =>
  buildScope(
    links.map(([groupId, rights]) =>
      linkFromRow({ groupId, ...Object.fromEntries(rights.map((right) => [RIGHT_ATTRIBUTES[right], true])) })
    ),
    superAdmin
  );

export const fakeStrapi = (options: FakeOptions) => {
  const rows = options.rows ?? {};
  const instances = new Map<string, unknown>();
  const queries: Array<{ uid: string; where: Where | undefined }> = [];
  const strapi = {
    queries,
    config: {
      get: () => ({
        courseContentType: 'api::course.course',
        strictSeatLimit: false,
        ...options.config,
      }),
    },
    requestContext: { get: () => undefined },
    service: (uid: string) => options.strapiServices?.[uid],
    store: () => ({ get: async () => options.advanced ?? null }),
    db: {
      query: (uid: string) => ({
        findOne: async ({ where }: { where?: Where }) => {
          queries.push({ uid, where });
          return (rows[uid] ?? []).find((row) => matches(row, where)) ?? null;
        },
        findMany: async ({ where }: { where?: Where }) => {
          queries.push({ uid, where });
          return (rows[uid] ?? []).filter((row) => matches(row, where));
        },
      }),
    },
    plugin: () => ({
      service: (name: string) => {
        if (!instances.has(name)) {
          const factory = options.services?.[name];
          if (!factory) throw new Error(`The fake strapi has no service "${name}".`);
          instances.set(name, factory({ strapi: strapi as never }));
        }
        return instances.get(name);
      },
    }),
  };
  return strapi;
};

/** The scope service as the fake answers it: the scopes given, nothing for anyone else. */
/** The whole scope answers `scopeOver` too: it covers every part of the tree. */
export const fakeScopeService =
  (scopes: Record<number, Scope>) =>
  (): {
    getScope: (actor: { id: number }) => Promise<Scope>;
    scopeOver: (actor: { id: number }) => Promise<Scope>;
  } => ({
    getScope: async (actor) => scopes[actor.id] ?? buildScope([], false),
    scopeOver: async (actor) => scopes[actor.id] ?? buildScope([], false),
  });

/** The error a call ends with (name and message), or null when it succeeds. */
export const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    const { name, message } = error as Error;
    return { name, message };
  }
  return null;
};
