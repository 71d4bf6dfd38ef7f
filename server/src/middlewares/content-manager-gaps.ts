import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

type Handler = (ctx: ControllerContext) => Promise<unknown>;

interface ControllerContext {
  params: { model: string; targetField?: string };
  query?: Record<string, unknown>;
  request: { body?: Record<string, unknown>; query?: Record<string, unknown> };
  state: { userAbility?: unknown };
}

const permissionChecker = (strapi: Core.Strapi, ctx: ControllerContext) =>
  strapi
    .plugin('content-manager')
    .service('permission-checker')
    .create({ userAbility: ctx.state.userAbility, model: ctx.params.model });

const wrap = (
  controller: Record<string, Handler>,
  action: string,
  before: (ctx: ControllerContext) => Promise<void>
) => {
  const original = controller[action];
  if (typeof original !== 'function') return;
  controller[action] = async function (this: unknown, ctx: ControllerContext) {
    await before(ctx);
    return original.call(this, ctx);
  };
};

/**
 * Closes three holes of Strapi 5.54's Content Manager that conditions alone leave open. Wrapped in
 * `register`, before Strapi binds the route handlers.
 *
 * - The relation picker answers a 500 when the admin may not read the source field at all (it calls
 *   ctx.forbidden() and then reads the value it did not return): refused up front with the 403 it meant.
 * - `actions/bulkFindForValidation` returns whole entries by documentId and
 *   `actions/countManyEntriesDraftRelations` counts their relations, both checking only that the admin may
 *   read the type, not the entries: a manager could read another group's enrollments by their ids. Each
 *   documentId must now pass the admin's read conditions, or the request is refused as a bulk delete is.
 */
export const closeContentManagerGaps = (strapi: Core.Strapi) => {
  const relations = strapi.plugin('content-manager').controller('relations') as unknown as Record<
    string,
    Handler
  >;
  for (const action of ['findAvailable', 'findExisting']) {
    wrap(relations, action, async (ctx) => {
      const schema = strapi.getModel(ctx.params.model as never) as { modelType?: string } | undefined;
      if (!schema || schema.modelType === 'component') return;
      if (permissionChecker(strapi, ctx).cannot.read(null, ctx.params.targetField)) {
        throw new errors.ForbiddenError();
      }
    });
  }

  const assertReadable = async (ctx: ControllerContext, documentIds: unknown) => {
    if (documentIds === undefined || documentIds === null) return;
    // One id arrives as a plain string; anything but strings (an operator object, nested arrays) would
    // reach Strapi's own unscoped count, whose 404 or 200 tells whether another group's id exists.
    const list = typeof documentIds === 'string' ? [documentIds] : documentIds;
    if (!Array.isArray(list) || !list.every((id) => typeof id === 'string')) {
      throw new errors.ValidationError('documentIds must be a list of document ids.');
    }
    if (list.length === 0) return;
    const checker = permissionChecker(strapi, ctx);
    if (checker.cannot.read() || !checker.requiresEntity.read()) return;
    const ids = [...new Set(list)];
    const query = await checker.sanitizedQuery.read({ filters: { documentId: { $in: ids } } });
    const readable = (await strapi.documents(ctx.params.model as never).findMany({
      filters: query.filters,
      fields: ['documentId'],
    } as never)) as Array<{ documentId: string }>;
    const found = new Set(readable.map((entry) => entry.documentId));
    if (ids.some((id) => !found.has(id))) throw new errors.ForbiddenError();
  };

  const collectionTypes = strapi
    .plugin('content-manager')
    .controller('collection-types') as unknown as Record<string, Handler>;
  wrap(collectionTypes, 'bulkFindForValidation', (ctx) => assertReadable(ctx, ctx.request.body?.documentIds));
  wrap(collectionTypes, 'countManyEntriesDraftRelations', (ctx) =>
    assertReadable(ctx, (ctx.request.query ?? ctx.query)?.documentIds)
  );
};
