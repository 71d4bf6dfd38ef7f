import type { Core } from '@strapi/strapi';
import type { AdminActor } from '../services/scope';

/**
 * The two tools every patch of Strapi's Content Manager uses: wrapping one of its controller actions or
 * service methods, and its permission checker. docs/ARCHITECTURE.md lists the patches and why each exists.
 */

export interface Ability {
  can: (action: string, subject: string) => boolean;
}

/** The request as the Content Manager's admin controllers read it. */
export interface ContentManagerContext {
  params: { model: string; targetField: string; id?: string };
  query?: Record<string, unknown>;
  request: { body?: Record<string, unknown>; query?: Record<string, unknown> };
  state: { userAbility?: Ability; user?: AdminActor };
  body?: unknown;
}

/** What the patches use of the checker the Content Manager builds per request (services/permission-checker). */
export interface PermissionChecker {
  cannot: { read: (entity?: unknown, field?: string) => boolean };
  requiresEntity: { read: () => boolean };
  sanitizedQuery: {
    read: (query: Record<string, unknown>) => Promise<Record<string, unknown> & { filters?: unknown }>;
  };
}

/** The Content Manager's own permission checker for `userAbility` on `model`, the one its controllers use. */
export const permissionChecker = (
  strapi: Core.Strapi,
  userAbility: unknown,
  model: string
): PermissionChecker =>
  strapi
    .plugin('content-manager')
    .service('permission-checker')
    .create({ userAbility, model }) as PermissionChecker;

type Next = () => Promise<unknown>;
type Method = (...args: unknown[]) => Promise<unknown>;

const wrapMethods = (
  strapi: Core.Strapi,
  owner: Record<string, unknown>,
  label: string,
  actions: readonly string[],
  around: (next: Next, action: string, args: unknown[]) => Promise<unknown>
) => {
  for (const action of actions) {
    const original = owner[action] as Method | undefined;
    if (typeof original !== 'function') {
      // A Strapi that renamed the action no longer needs (or no longer gets) this patch: say so at startup.
      strapi.log.warn(
        `[groups] The Content Manager's ${label} has no "${action}"; its patch is not applied.`
      );
      continue;
    }
    owner[action] = async function (this: unknown, ...args: unknown[]) {
      return around(() => original.apply(this, args), action, args);
    };
  }
};

/**
 * Runs `around` in place of each of `actions` of a Content Manager controller; `next()` runs Strapi's own
 * action on the same request. Call it in `register`: Strapi binds the route handlers after that.
 */
export const wrapContentManagerController = (
  strapi: Core.Strapi,
  controller: string,
  actions: readonly string[],
  around: (ctx: ContentManagerContext, next: Next, action: string) => Promise<unknown>
) =>
  wrapMethods(
    strapi,
    strapi.plugin('content-manager').controller(controller) as unknown as Record<string, unknown>,
    `controller "${controller}"`,
    actions,
    (next, action, [ctx]) => around(ctx as ContentManagerContext, next, action)
  );

/** Runs `around` in place of one method of a Content Manager service; `next()` runs Strapi's own. */
export const wrapContentManagerService = (
  strapi: Core.Strapi,
  service: string,
  method: string,
  around: (next: Next) => Promise<unknown>
) =>
  wrapMethods(
    strapi,
    strapi.plugin('content-manager').service(service) as Record<string, unknown>,
    `service "${service}"`,
    [method],
    (next) => around(next)
  );
