import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'scheduler').unscheduleAll();
  getService(strapi, 'settings').stopRefresh();
  await getService(strapi, 'outbox').stopWorker();
};

export default destroy;
