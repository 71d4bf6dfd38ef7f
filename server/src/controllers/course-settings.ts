import type { Core } from '@strapi/strapi';
import { completeWithinBodySchema } from '../../../common/contracts/course-settings';
import { documentIdParamsSchema } from '../../../common/contracts/workspace';
import { adminActorFromRequest } from '../utils/admin-actor';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validate';
import type { WorkspaceCtx } from './workspace';

const courseSettings = ({ strapi }: { strapi: Core.Strapi }) => ({
  async setCompleteWithin(ctx: WorkspaceCtx) {
    const { documentId } = parseInput(documentIdParamsSchema, ctx.params, 'params');
    const body = parseInput(completeWithinBodySchema, ctx.request.body ?? {});
    ctx.body = await getService(strapi, 'course-settings').setCompleteWithin(
      documentId,
      body,
      adminActorFromRequest(ctx).user
    );
  },
});

export default courseSettings;
