/**
 * Strapi patch: the Content Manager's bulk look-ups by documentId, `collection-types.bulkFindForValidation`
 * (POST .../actions/bulkFindForValidation) and `collection-types.countManyEntriesDraftRelations`
 * (GET .../actions/countManyEntriesDraftRelations).
 * Checked against Strapi 5.54.0 (@strapi/content-manager, dist/server/controllers/collection-types.js).
 *
 * What it corrects: both check only that the admin may read the type, not the entries. The first returns
 * whole entries by documentId, the second counts their draft relations after an unscoped
 * `strapi.db.query(model).count` whose 404 or 200 tells whether an id exists: a manager could read another
 * group's enrollments by their ids. Each documentId must now pass the admin's read conditions, or the
 * request is refused (403) as a bulk delete is; anything but document ids (an operator object, nested
 * arrays) is a 400.
 *
 * Tested by tests/api/scope-other-paths.test.ts (the bulk look-ups by documentId),
 * tests/api/scope-probes.test.ts (bulk actions) and tests/api/authorization-matrix.test.ts (the `bulkFind`
 * column).
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { failure } from '../utils/messages';
import {
  permissionChecker,
  wrapContentManagerController,
  type ContentManagerContext,
} from './content-manager';

const documentIdsOf = (ctx: ContentManagerContext, action: string): unknown =>
  action === 'bulkFindForValidation'
    ? ctx.request.body?.documentIds
    : (ctx.request.query ?? ctx.query)?.documentIds;

export const guardBulkLookups = (strapi: Core.Strapi) => {
  const assertReadable = async (ctx: ContentManagerContext, documentIds: unknown) => {
    if (documentIds === undefined || documentIds === null) return;
    // One id arrives as a plain string; anything but strings would reach Strapi's own unscoped count.
    const list = typeof documentIds === 'string' ? [documentIds] : documentIds;
    if (!Array.isArray(list) || !list.every((id) => typeof id === 'string')) {
      throw new errors.ValidationError('documentIds must be a list of document ids.');
    }
    if (list.length === 0) return;
    const checker = permissionChecker(strapi, ctx.state.userAbility, ctx.params.model);
    if (checker.cannot.read() || !checker.requiresEntity.read()) return;
    const ids = [...new Set(list)];
    const query = await checker.sanitizedQuery.read({ filters: { documentId: { $in: ids } } });
    const readable = (await strapi.documents(ctx.params.model as never).findMany({
      filters: query.filters,
      fields: ['documentId'],
    } as never)) as Array<{ documentId: string }>;
    const found = new Set(readable.map((entry) => entry.documentId));
    const hidden = ids.filter((id) => !found.has(id)).length;
    // Says how many, never which: the ids outside the actor's groups stay unconfirmed.
    if (hidden) throw failure('ForbiddenError', 'server.cm.entriesOutside', { count: hidden });
  };

  wrapContentManagerController(
    strapi,
    'collection-types',
    ['bulkFindForValidation', 'countManyEntriesDraftRelations'],
    async (ctx, next, action) => {
      await assertReadable(ctx, documentIdsOf(ctx, action));
      return next();
    }
  );
};
