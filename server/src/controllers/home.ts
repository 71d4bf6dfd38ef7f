import type { Core } from '@strapi/strapi';
import { adminActorFromRequest } from '../utils/admin-actor';
import { getService } from '../utils/get-service';
import type { WorkspaceCtx } from './workspace';

const home = ({ strapi }: { strapi: Core.Strapi }) => ({
  async summary(ctx: WorkspaceCtx) {
    ctx.body = await getService(strapi, 'home').summary(adminActorFromRequest(ctx).user);
  },
});

export default home;
