import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';
import { stopSurvivingDatabaseOutages } from './middlewares/database-unavailable';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'scheduler').unscheduleAll();
  getService(strapi, 'settings').stopRefresh();
  await getService(strapi, 'outbox').stopWorker();
  stopSurvivingDatabaseOutages(strapi);
};

export default destroy;
