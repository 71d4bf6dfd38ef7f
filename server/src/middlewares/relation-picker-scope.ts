import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { subjectOf } from '../conditions';
import type { AdminActor } from '../services/scope';
import { getService } from '../utils/get-service';

type RelationsController = Record<string, (ctx: RelationsContext) => Promise<unknown>>;

interface RelationsContext {
  params: { model: string; targetField: string };
  state: { userAbility?: unknown; user?: AdminActor };
  request: { query?: Record<string, unknown> };
  body?: { results?: Array<{ id: number }>; pagination?: { total?: number } };
}

/**
 * Query keys Strapi's picker passes on to a plain database query of the target type, past the plugin's
 * read scoping: a filter or sort on the shared learner's `groups`, or a populate of them, would answer
 * questions about groups the admin does not manage. The admin panel never sends them.
 */
const UNSCOPED_PICKER_KEYS = ['filters', 'populate', 'sort', 'fields'];

/**
 * The relation picker reads with the database query engine, not the document service, so the plugin's
 * read scoping does not see it. Wrapped in `register`, before Strapi binds the route handlers.
 */
export const scopeRelationPicker = (strapi: Core.Strapi) => {
  const isScoped = async (ctx: RelationsContext) =>
    Boolean(ctx.state.user && !(await getService(strapi, 'scope').getScope(ctx.state.user)).all);

  /**
   * Strapi lists an entry's related records the admin may not read by id and documentId, so the editor
   * can keep them: for the shared learner that is "also in another group", with that group's documentId.
   * A scoped admin's edits connect and disconnect (the scope guard keeps the other groups' links), so the
   * unreadable ones are left out, and out of the total.
   */
  const dropUnreadable = async (ctx: RelationsContext) => {
    const { model, targetField } = ctx.params;
    const target = (
      strapi.getModel(model as never) as { attributes?: Record<string, { target?: string }> } | undefined
    )?.attributes?.[targetField]?.target;
    const results = ctx.body?.results;
    if (!target || !subjectOf(strapi, target) || !results?.length) return;
    const query = await strapi
      .plugin('content-manager')
      .service('permission-checker')
      .create({ userAbility: ctx.state.userAbility, model: target })
      .sanitizedQuery.read({ fields: ['id'], filters: { id: { $in: results.map((r) => r.id) } } });
    const readable = new Set(
      (
        (await strapi
          .db!.query(target as never)
          .findMany(strapi.get('query-params').transform(target, query))) as Array<{ id: number }>
      ).map((r) => r.id)
    );
    const kept = results.filter((r) => readable.has(r.id));
    const pagination = ctx.body?.pagination;
    ctx.body = {
      ...ctx.body,
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

  const controller = strapi
    .plugin('content-manager')
    .controller('relations') as unknown as RelationsController;
  for (const action of ['findAvailable', 'findExisting']) {
    const original = controller[action];
    if (typeof original !== 'function') continue;
    controller[action] = async function (this: unknown, ctx: RelationsContext) {
      const scoped = await isScoped(ctx);
      const sent = UNSCOPED_PICKER_KEYS.filter((key) => ctx.request.query?.[key] !== undefined);
      if (sent.length && scoped) {
        throw new errors.ValidationError(
          `The relation picker does not take ${sent.join(', ')}: search it with _q.`
        );
      }
      const answer = await original.call(this, ctx);
      if (action === 'findExisting' && scoped) await dropUnreadable(ctx);
      return answer;
    };
  }
};
