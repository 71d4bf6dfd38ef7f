import type { Core } from '@strapi/strapi';
import type { PluginConfig } from './config';
import { PLUGIN_ID } from './constants';
import { bootstrapStrapiPatches } from './strapi-patches';
import { getService } from './utils/get-service';
import { checkReportUserFields } from './utils/user-fields';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  // Here, not in register: the site's own register (which may add user attributes) runs after ours.
  checkReportUserFields(strapi);
  if (config.createDefaultRoles) await getService(strapi, 'default-roles').ensureDefaultRoles();
  await bootstrapStrapiPatches(strapi);
  await getService(strapi, 'learner-permissions').grantAtStartup();
  await getService(strapi, 'group-tree').keepExistingLinksDirect();
  await getService(strapi, 'entry-titles').backfill();
  getService(strapi, 'entry-titles').followChanges();
  await getService(strapi, 'content-manager-layouts').apply();
  await getService(strapi, 'settings').load();
  await getService(strapi, 'email-templates').registerAll();
  getService(strapi, 'notifications').schedule();
  getService(strapi, 'outbox').startWorker();
  getService(strapi, 'settings').startRefresh();
  getService(strapi, 'membership-rules').followChanges();
};

export default bootstrap;
