import type { Core } from '@strapi/strapi';
import { courseLookupQuerySchema, groupLookupQuerySchema } from '../../../common/contracts/lookup';
import { adminActorFromRequest } from '../utils/admin-actor';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validate';
import type { WorkspaceCtx } from './workspace';

const lookup = ({ strapi }: { strapi: Core.Strapi }) => ({
  async groups(ctx: WorkspaceCtx) {
    const query = parseInput(groupLookupQuerySchema, ctx.query, 'query');
    ctx.body = await getService(strapi, 'lookup').groups(query, adminActorFromRequest(ctx).user);
  },

  async courses(ctx: WorkspaceCtx) {
    const query = parseInput(courseLookupQuerySchema, ctx.query, 'query');
    ctx.body = await getService(strapi, 'lookup').courses(query, adminActorFromRequest(ctx).user);
  },
});

export default lookup;
