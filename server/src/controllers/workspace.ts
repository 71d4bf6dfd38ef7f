import type { Core } from '@strapi/strapi';
import {
  attendanceBodySchema,
  bulkTransitionBodySchema,
  dueDateBodySchema,
  expiryBodySchema,
  enrollmentListQuerySchema,
  groupMembersQuerySchema,
  overviewQuerySchema,
  registerBodySchema,
  transitionBodySchema,
  documentIdParamsSchema,
} from '../../../common/contracts/workspace';
import { adminActorFromRequest } from '../utils/admin-actor';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validate';
import { answerSeatConflict } from '../utils/seat-conflict';

export interface WorkspaceCtx {
  query: unknown;
  params: unknown;
  request: { body?: unknown };
  body: unknown;
  status: number;
  state: Record<string, unknown>;
}

const workspace = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'workspace');
  return {
    async overview(ctx: WorkspaceCtx) {
      const query = parseInput(overviewQuerySchema, ctx.query, 'query');
      ctx.body = await service().overview(query, adminActorFromRequest(ctx).user);
    },

    async listEnrollments(ctx: WorkspaceCtx) {
      const query = parseInput(enrollmentListQuerySchema, ctx.query, 'query');
      ctx.body = await service().listEnrollments(query, adminActorFromRequest(ctx).user);
    },

    async transition(ctx: WorkspaceCtx) {
      const { documentId } = parseInput(documentIdParamsSchema, ctx.params, 'params');
      const body = parseInput(transitionBodySchema, ctx.request.body ?? {});
      try {
        ctx.body = await service().transition(documentId, body, adminActorFromRequest(ctx));
      } catch (error) {
        if (!answerSeatConflict(ctx, error)) throw error;
      }
    },

    async bulkTransition(ctx: WorkspaceCtx) {
      const body = parseInput(bulkTransitionBodySchema, ctx.request.body ?? {});
      ctx.body = await service().bulkTransition(body, adminActorFromRequest(ctx));
    },

    async setDueDates(ctx: WorkspaceCtx) {
      const body = parseInput(dueDateBodySchema, ctx.request.body ?? {});
      ctx.body = await service().setDueDates(body, adminActorFromRequest(ctx));
    },

    async setExpiry(ctx: WorkspaceCtx) {
      const body = parseInput(expiryBodySchema, ctx.request.body ?? {});
      ctx.body = await service().setExpiry(body, adminActorFromRequest(ctx));
    },

    async setAttendance(ctx: WorkspaceCtx) {
      const { documentId } = parseInput(documentIdParamsSchema, ctx.params, 'params');
      const body = parseInput(attendanceBodySchema, ctx.request.body ?? {});
      ctx.body = await service().setAttendance(documentId, body, adminActorFromRequest(ctx));
    },

    async register(ctx: WorkspaceCtx) {
      const body = parseInput(registerBodySchema, ctx.request.body ?? {});
      ctx.body = await service().register(body, adminActorFromRequest(ctx));
      ctx.status = 201;
    },

    async groupMembers(ctx: WorkspaceCtx) {
      const { documentId } = parseInput(documentIdParamsSchema, ctx.params, 'params');
      const { search, course } = parseInput(groupMembersQuerySchema, ctx.query, 'query');
      ctx.body = await service().groupMembers(documentId, search, adminActorFromRequest(ctx).user, course);
    },
  };
};

export default workspace;
