/**
 * Strapi patch: control characters in the query string of the Content Manager's list and relation picker
 * (`collection-types.find`, `relations.findAvailable`, `relations.findExisting`).
 * Checked against Strapi 5.54.0 (@strapi/content-manager, dist/server/controllers/collection-types.js and
 * relations.js).
 *
 * What it corrects: both pass `_q` and filter values straight into SQL. PostgreSQL refuses a NUL in text
 * ("invalid byte sequence"), so a search for one answered 500 there, for every content type (the plugin's
 * own types are also guarded in their document middleware, but the picker and the lists of learners and
 * courses read with the query engine). No search or filter needs a control character: one anywhere in the
 * query is a 400 naming the parameter, on every database, before Strapi runs.
 *
 * Tested by tests/api/control-characters.test.ts.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { CONTROL_CHARACTER_MESSAGE, forbiddenCharacter } from '../../../common/domain/text';
import { wrapContentManagerController, type ContentManagerContext } from './content-manager';

/** The first query parameter (as `a[b][c]`) whose text holds a control character, if any. */
export const controlCharacterParameter = (value: unknown, path = ''): string | null => {
  if (typeof value === 'string') return forbiddenCharacter(value, 'single-line') ? path || '(query)' : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = controlCharacterParameter(item, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}[${key}]` : key;
      const found =
        forbiddenCharacter(key, 'single-line') !== null ? at : controlCharacterParameter(item, at);
      if (found) return found;
    }
  }
  return null;
};

export const guardQueryText = (strapi: Core.Strapi) => {
  const refuse = async (ctx: ContentManagerContext, next: () => Promise<unknown>) => {
    // The plugin's own lists are checked by their document middleware, which names the filter's field.
    const ownList = ctx.params.model?.startsWith('plugin::groups.') && !ctx.params.targetField;
    if (ownList) return next();
    const parameter = controlCharacterParameter(ctx.request.query ?? {});
    if (parameter) {
      throw new errors.ValidationError(`${parameter}: ${CONTROL_CHARACTER_MESSAGE['single-line']}`);
    }
    return next();
  };
  wrapContentManagerController(strapi, 'collection-types', ['find'], refuse);
  wrapContentManagerController(strapi, 'relations', ['findAvailable', 'findExisting'], refuse);
};
