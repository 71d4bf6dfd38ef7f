import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { subjectOf } from '../conditions';

type UidController = Record<string, (ctx: UidContext) => Promise<unknown>>;

interface UidContext {
  state: { userAbility?: { can: (action: string, subject: string) => boolean } };
  request: { body?: { contentTypeUID?: unknown } };
}

const EDIT_ACTIONS = ['plugin::content-manager.explorer.create', 'plugin::content-manager.explorer.update'];

/**
 * Strapi's UID routes have no permission check, and a unique field is unique across every group: "is
 * this slug taken" tells any admin that another group's slug exists, and a generated slug echoes it back.
 * On the plugin's five types only an admin who may create or edit entries of the type gets an answer
 * (a course editor checking a course slug still learns that a slug is taken somewhere; uniqueness needs it).
 */
export const guardUidRoutes = (strapi: Core.Strapi) => {
  const controller = strapi.plugin('content-manager').controller('uid') as unknown as UidController;
  for (const action of ['generateUID', 'checkUIDAvailability']) {
    const original = controller[action];
    if (typeof original !== 'function') continue;
    controller[action] = async function (this: unknown, ctx: UidContext) {
      const uid = ctx.request.body?.contentTypeUID;
      const ability = ctx.state.userAbility;
      if (typeof uid === 'string' && subjectOf(strapi, uid)) {
        if (!ability || !EDIT_ACTIONS.some((edit) => ability.can(edit, uid))) {
          throw new errors.ForbiddenError('You may not create or edit entries of this type.');
        }
      }
      return original.call(this, ctx);
    };
  }
};
