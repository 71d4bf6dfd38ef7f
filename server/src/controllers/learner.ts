import type { Core } from '@strapi/strapi';
import { Refusal } from '../utils/messages';
import {
  cancelEnrollmentBodySchema,
  enrollmentParamsSchema,
  myEnrollmentsQuerySchema,
  myGroupsQuerySchema,
  requestEnrollmentBodySchema,
} from '../../../common/contracts/learner';
import { actorFromRequest, type Actor } from '../utils/actor';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validate';

export interface LearnerCtx {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  request: { body?: unknown };
  state: Record<string, any>;
  body: unknown;
  status: number;
}

const learnerOf = (ctx: LearnerCtx) => {
  const actor = actorFromRequest(ctx);
  if (actor.kind !== 'learner') throw new Refusal('Sign in as a learner to use this route.');
  return actor as Extract<Actor, { kind: 'learner' }>;
};

/** The Content API of learners (users-permissions JWT), under /api/groups/my/... */
const learnerController = ({ strapi }: { strapi: Core.Strapi }) => {
  const learner = () => getService(strapi, 'learner');
  return {
    async myGroups(ctx: LearnerCtx) {
      const actor = learnerOf(ctx);
      const query = parseInput(myGroupsQuerySchema, ctx.query, 'query');
      ctx.body = { data: await learner().myGroups(actor, query) };
    },

    async myEnrollments(ctx: LearnerCtx) {
      const actor = learnerOf(ctx);
      const query = parseInput(myEnrollmentsQuerySchema, ctx.query, 'query');
      ctx.body = await learner().myEnrollments(actor, query);
    },

    async requestEnrollment(ctx: LearnerCtx) {
      const actor = learnerOf(ctx);
      const body = parseInput(requestEnrollmentBodySchema, ctx.request.body);
      ctx.status = 201;
      ctx.body = { data: await learner().request(actor, body) };
    },

    async cancelEnrollment(ctx: LearnerCtx) {
      const actor = learnerOf(ctx);
      const { documentId } = parseInput(enrollmentParamsSchema, ctx.params, 'params');
      const body = parseInput(cancelEnrollmentBodySchema, ctx.request.body ?? {});
      ctx.body = { data: await learner().cancel(actor, documentId, body.reason) };
    },
  };
};

export default learnerController;
