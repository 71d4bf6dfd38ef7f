import type { Core } from '@strapi/strapi';
import { learnerPageParamsSchema } from '../../../common/contracts/learner-page';
import { adminActorFromRequest } from '../utils/admin-actor';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validate';
import type { WorkspaceCtx } from './workspace';

/** The workspace's learner page: GET /groups/learners/:documentId. */
const learnerPage = ({ strapi }: { strapi: Core.Strapi }) => ({
  async show(ctx: WorkspaceCtx) {
    const { documentId } = parseInput(learnerPageParamsSchema, ctx.params, 'params');
    ctx.body = {
      data: await getService(strapi, 'learner-page').show(documentId, adminActorFromRequest(ctx).user),
    };
  },
});

export default learnerPage;
