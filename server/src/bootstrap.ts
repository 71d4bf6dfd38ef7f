import type { Core } from '@strapi/strapi';
import type { PluginConfig } from './config';
import { PLUGIN_ID } from './constants';
import { registerRelationIdSubqueries } from './database/relation-id-subqueries';
import { getService } from './utils/get-service';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  if (config.createDefaultRoles) await getService(strapi, 'default-roles').ensureDefaultRoles();
  registerRelationIdSubqueries(strapi);
  await getService(strapi, 'learner-permissions').grantAtStartup();
  getService(strapi, 'homepage-counts').install();
  getService(strapi, 'outbox').startWorker();
};

export default bootstrap;
