import type { Core } from '@strapi/strapi';
import {
  addManagerBodySchema,
  createGroupBodySchema,
  groupIdParamsSchema,
  groupListQuerySchema,
  groupOptionsQuerySchema,
  managerParamsSchema,
  pickerQuerySchema,
  updateGroupBodySchema,
  updateManagerBodySchema,
} from '../../../common/contracts/group-setup';
import { documentIdParamsSchema } from '../../../common/contracts/workspace';
import { adminActorFromRequest } from '../utils/admin-actor';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validate';
import type { WorkspaceCtx } from './workspace';

/** The site owner's Groups screen; the routes admit only those who may set up groups. */
const groupSetup = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'group-setup');
  const groupId = (ctx: WorkspaceCtx) => parseInput(groupIdParamsSchema, ctx.params, 'params').documentId;
  const search = (ctx: WorkspaceCtx) => parseInput(pickerQuerySchema, ctx.query, 'query').search;
  return {
    async list(ctx: WorkspaceCtx) {
      ctx.body = await service().list(parseInput(groupListQuerySchema, ctx.query, 'query'));
    },
    async findOne(ctx: WorkspaceCtx) {
      ctx.body = { data: await service().detail(groupId(ctx)) };
    },
    async create(ctx: WorkspaceCtx) {
      const body = parseInput(createGroupBodySchema, ctx.request.body ?? {});
      ctx.body = { data: await service().create(body) };
      ctx.status = 201;
    },
    async update(ctx: WorkspaceCtx) {
      const documentId = groupId(ctx);
      const body = parseInput(updateGroupBodySchema, ctx.request.body ?? {});
      ctx.body = { data: await service().update(documentId, body) };
    },
    async archive(ctx: WorkspaceCtx) {
      ctx.body = { data: await service().setArchived(groupId(ctx), true) };
    },
    async restore(ctx: WorkspaceCtx) {
      ctx.body = { data: await service().setArchived(groupId(ctx), false) };
    },
    async defaults(ctx: WorkspaceCtx) {
      ctx.body = { data: service().defaults() };
    },
    async groupOptions(ctx: WorkspaceCtx) {
      ctx.body = {
        data: await service().groupOptions(parseInput(groupOptionsQuerySchema, ctx.query, 'query')),
      };
    },
    async courseOptions(ctx: WorkspaceCtx) {
      ctx.body = { data: await service().courseOptions(search(ctx)) };
    },
    async learnerOptions(ctx: WorkspaceCtx) {
      ctx.body = { data: await service().learnerOptions(search(ctx)) };
    },
    async adminUserOptions(ctx: WorkspaceCtx) {
      ctx.body = { data: await service().adminUserOptions(search(ctx)) };
    },
    async managers(ctx: WorkspaceCtx) {
      ctx.body = { data: await service().managers(groupId(ctx)) };
    },
    async addManager(ctx: WorkspaceCtx) {
      const documentId = groupId(ctx);
      const body = parseInput(addManagerBodySchema, ctx.request.body ?? {});
      ctx.body = await service().addManager(documentId, body);
      ctx.status = 201;
    },
    async updateManager(ctx: WorkspaceCtx) {
      const { documentId, linkId } = parseInput(managerParamsSchema, ctx.params, 'params');
      const { rights } = parseInput(updateManagerBodySchema, ctx.request.body ?? {});
      ctx.body = await service().updateManager(documentId, linkId, rights);
    },
    async removeManager(ctx: WorkspaceCtx) {
      const { documentId, linkId } = parseInput(managerParamsSchema, ctx.params, 'params');
      await service().removeManager(documentId, linkId);
      ctx.body = { data: { documentId: linkId } };
    },
    async courseSharing(ctx: WorkspaceCtx) {
      const { documentId } = parseInput(documentIdParamsSchema, ctx.params, 'params');
      ctx.body = { data: await service().courseSharing(adminActorFromRequest(ctx).user, documentId) };
    },
  };
};

export default groupSetup;
