import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

type RelationsController = Record<string, (ctx: RelationsContext) => Promise<unknown>>;

interface RelationsContext {
  params: { model: string; targetField: string };
  state: { userAbility?: unknown };
}

/**
 * Strapi 5.54's relation picker answers a 500 when the admin may not read the source field at all: the
 * controller calls ctx.forbidden() and then reads the value it did not return. Refusing up front gives the
 * 403 it meant. Wrapped in `register`, before Strapi binds the route handlers.
 */
export const guardRelationPicker = (strapi: Core.Strapi) => {
  const controller = strapi
    .plugin('content-manager')
    .controller('relations') as unknown as RelationsController;
  for (const action of ['findAvailable', 'findExisting']) {
    const original = controller[action];
    if (typeof original !== 'function') continue;
    controller[action] = async function (this: unknown, ctx: RelationsContext) {
      const { model, targetField } = ctx.params;
      const schema = strapi.getModel(model as never) as { modelType?: string } | undefined;
      if (schema && schema.modelType !== 'component') {
        const checker = strapi
          .plugin('content-manager')
          .service('permission-checker')
          .create({ userAbility: ctx.state.userAbility, model });
        if (checker.cannot.read(null, targetField)) throw new errors.ForbiddenError();
      }
      return original.call(this, ctx);
    };
  }
};
