import type { Core } from '@strapi/strapi';
import { Refusal } from '../utils/messages';
import { progressParamsSchema, progressReportSchema } from '../../../common/contracts/lms';
import { actorFromRequest, type Actor } from '../utils/actor';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validate';

export interface LmsCtx {
  params: Record<string, unknown>;
  request: { body?: unknown };
  state: Record<string, any>;
  body: unknown;
}

/** The site's LMS back end, with a Content API token, under /api/groups/lms/... */
const lmsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async reportProgress(ctx: LmsCtx) {
    const actor = actorFromRequest(ctx);
    if (actor.kind !== 'api-token') throw new Refusal('Only an API token reports progress.');
    const { documentId } = parseInput(progressParamsSchema, ctx.params, 'params');
    const report = parseInput(progressReportSchema, ctx.request.body);
    ctx.body = {
      data: await getService(strapi, 'lms').reportProgress(
        actor as Extract<Actor, { kind: 'api-token' }>,
        documentId,
        report
      ),
    };
  },
});

export default lmsController;
