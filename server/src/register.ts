import type { Core } from '@strapi/strapi';
import { PLUGIN_ACTIONS } from '../../common/domain/permissions';
import { COURSE_RELATIONS, PLUGIN_ID } from './constants';
import type { PluginConfig } from './config';

/**
 * Points the plugin's course relations at the site's own course type. Runs in `register`, after every
 * content type is known and before the database models are built from them.
 */
export const linkCourseType = (strapi: Core.Strapi) => {
  const config = strapi.config.get('plugin::groups') as PluginConfig;
  const uid = config.courseContentType;
  const courseType = strapi.contentTypes[uid as keyof typeof strapi.contentTypes];
  if (!courseType || courseType.kind !== 'collectionType') {
    const known = Object.keys(strapi.contentTypes)
      .filter((key) => key.startsWith('api::'))
      .join(', ');
    throw new Error(
      `[groups] The course content type "${uid}" does not exist${
        courseType ? ' as a collection type' : ''
      }: set config/plugins groups.config.courseContentType to one of your collection types${
        known ? ` (${known})` : ''
      }.`
    );
  }
  for (const [ownerUid, attribute] of COURSE_RELATIONS) {
    const owner = strapi.contentTypes[ownerUid as keyof typeof strapi.contentTypes] as unknown as {
      attributes: Record<string, { target?: string }>;
    };
    owner.attributes[attribute].target = uid;
  }
};

const registerActions = async (strapi: Core.Strapi) => {
  // Registered here, before Strapi prunes stored permissions whose action it does not know.
  await strapi.service('admin::permission').actionProvider.registerMany(
    PLUGIN_ACTIONS.map(({ uid, displayName, subCategory }) => ({
      section: 'plugins',
      displayName,
      uid,
      subCategory,
      pluginName: PLUGIN_ID,
    }))
  );
};

const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  linkCourseType(strapi);
  await registerActions(strapi);
};

export default register;
