/**
 * Strapi patch: the Content Manager's relation picker, `relations.findAvailable` and `relations.findExisting`
 * (GET /content-manager/relations/:model/:targetField and /:model/:id/:targetField).
 * Checked against Strapi 5.54.0 (@strapi/content-manager, dist/server/controllers/relations.js).
 *
 * What it corrects:
 * - An admin who may not read the source field gets a 500: `extractAndValidateRequestInfo` calls
 *   ctx.forbidden() and the action then reads the value it did not return. Refused up front with the 403
 *   Strapi meant.
 * - Both actions read with the database query engine, not the document service, so the plugin's read
 *   scoping (the document middleware) never sees them, and they pass the caller's `filters`, `populate`,
 *   `sort` and `fields` on to that query: a filter or sort on the shared learner's `groups`, or a populate
 *   of them, answers questions about groups the admin does not manage. A scoped admin may not send them (a
 *   400); the admin panel never does.
 * - `findExisting` lists the related records the admin may not read by id and documentId, so the editor can
 *   keep them: for the shared learner that is "also in another group", with that group's documentId. A
 *   scoped admin's edits connect and disconnect (the scope guard keeps the other groups' links), so the
 *   unreadable ones are left out, and out of the total.
 *
 * Tested by tests/api/scope-probes.test.ts (the picker probes and "an entry's related records"),
 * tests/api/scope-other-paths.test.ts (the picker offers only in-scope records) and
 * tests/api/authorization-matrix.test.ts (the `relations` column).
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { failure } from '../utils/messages';
import { subjectOf } from '../conditions';
import { getService } from '../utils/get-service';
import {
  permissionChecker,
  wrapContentManagerController,
  type ContentManagerContext,
} from './content-manager';

const UNSCOPED_PICKER_KEYS = ['filters', 'populate', 'sort', 'fields'];

interface PickerPage {
  results?: Array<{ id: number }>;
  pagination?: { total?: number };
}

export const scopeRelationPicker = (strapi: Core.Strapi) => {
  const isScoped = async (ctx: ContentManagerContext) =>
    Boolean(ctx.state.user && !(await getService(strapi, 'scope').getScope(ctx.state.user)).all);

  const dropUnreadable = async (ctx: ContentManagerContext) => {
    const { model, targetField } = ctx.params;
    const target = (
      strapi.getModel(model as never) as { attributes?: Record<string, { target?: string }> } | undefined
    )?.attributes?.[targetField]?.target;
    const page = ctx.body as PickerPage | undefined;
    const results = page?.results;
    if (!target || !subjectOf(strapi, target) || !results?.length) return;
    const query = await permissionChecker(strapi, ctx.state.userAbility, target).sanitizedQuery.read({
      fields: ['id'],
      filters: { id: { $in: results.map((r) => r.id) } },
    });
    const readable = new Set(
      (
        (await strapi
          .db!.query(target as never)
          .findMany(strapi.get('query-params').transform(target, query))) as Array<{ id: number }>
      ).map((r) => r.id)
    );
    const kept = results.filter((r) => readable.has(r.id));
    const pagination = page?.pagination;
    ctx.body = {
      ...page,
      results: kept,
      ...(pagination
        ? {
            pagination: {
              ...pagination,
              total: (pagination.total ?? results.length) - (results.length - kept.length),
            },
          }
        : {}),
    };
  };

  /** The 403 Strapi means when the admin may not read the source field (components have no permissions). */
  const assertFieldReadable = (ctx: ContentManagerContext) => {
    const { model, targetField } = ctx.params;
    const schema = strapi.getModel(model as never) as { modelType?: string } | undefined;
    if (!schema || schema.modelType === 'component') return;
    if (permissionChecker(strapi, ctx.state.userAbility, model).cannot.read(null, targetField)) {
      throw failure('ForbiddenError', 'server.cm.fieldNotReadable', { field: String(targetField) });
    }
  };

  wrapContentManagerController(
    strapi,
    'relations',
    ['findAvailable', 'findExisting'],
    async (ctx, next, action) => {
      assertFieldReadable(ctx);
      const scoped = await isScoped(ctx);
      const sent = UNSCOPED_PICKER_KEYS.filter((key) => ctx.request.query?.[key] !== undefined);
      if (sent.length && scoped) {
        throw new errors.ValidationError(
          `The relation picker does not take ${sent.join(', ')}: search it with _q.`
        );
      }
      const answer = await next();
      if (action === 'findExisting' && scoped) await dropUnreadable(ctx);
      return answer;
    }
  );
};
