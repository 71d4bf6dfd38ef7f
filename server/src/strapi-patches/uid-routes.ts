/**
 * Strapi patch: the Content Manager's UID routes, `uid.generateUID` (POST /content-manager/uid/generate) and
 * `uid.checkUIDAvailability` (POST /content-manager/uid/check-availability).
 * Checked against Strapi 5.54.0 (@strapi/content-manager, dist/server/controllers/uid.js and
 * dist/server/routes/admin.js, where both routes have no permission policy).
 *
 * What it corrects: the routes check no permission, and a unique field is unique across every group: "is
 * this slug taken" tells any admin that another group's slug exists, and a generated slug echoes it back.
 * On the types the plugin scopes (its own, the site's learners and course type) only an admin who may
 * create or edit entries of the type gets an answer, else a 403 (a course editor checking a course slug
 * still learns that a slug is taken somewhere; uniqueness needs it). Other types keep Strapi's behaviour.
 *
 * Tested by tests/api/scope-probes.test.ts ("UID generation and availability answer only for types the
 * admin may create or edit").
 */
import type { Core } from '@strapi/strapi';
import { Refusal } from '../utils/messages';
import { subjectOf } from '../conditions';
import { wrapContentManagerController } from './content-manager';

const EDIT_ACTIONS = ['plugin::content-manager.explorer.create', 'plugin::content-manager.explorer.update'];

export const guardUidRoutes = (strapi: Core.Strapi) =>
  wrapContentManagerController(strapi, 'uid', ['generateUID', 'checkUIDAvailability'], async (ctx, next) => {
    const uid = ctx.request.body?.contentTypeUID;
    const ability = ctx.state.userAbility;
    if (typeof uid === 'string' && subjectOf(strapi, uid)) {
      if (!ability || !EDIT_ACTIONS.some((edit) => ability.can(edit, uid))) {
        throw new Refusal('You may not create or edit entries of this type.');
      }
    }
    return next();
  });
