import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { Refusal } from '../utils/messages';
import {
  addMemberBodySchema,
  applyImportQuerySchema,
  groupParamsSchema,
  invitationParamsSchema,
  inviteBodySchema,
  listMembersQuerySchema,
  memberCandidatesQuerySchema,
  memberParamsSchema,
  messageBodySchema,
  messageParamsSchema,
  updateMemberBodySchema,
} from '../../../common/contracts/members';
import type { Right } from '../../../common/domain/rights';
import { actorFromRequest } from '../utils/actor';
import { getService } from '../utils/get-service';
import type { UploadedFile } from '../utils/spreadsheet';
import { parseInput } from '../utils/validate';
import { LIST_RIGHTS } from '../services/members';

export interface MembersCtx {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  request: { body?: unknown; files?: Record<string, UploadedFile | UploadedFile[]> };
  state: Record<string, any>;
  body: unknown;
  status: number;
}

const MANAGE: Right[] = ['manageMembers'];
const SEE: Right[] = LIST_RIGHTS;

const adminOf = (ctx: MembersCtx) => {
  const actor = actorFromRequest(ctx);
  if (actor.kind !== 'admin') throw new Refusal('Only admin users manage members.');
  return actor;
};

const uploadedFile = (ctx: MembersCtx): UploadedFile => {
  const files = ctx.request.files ?? {};
  const file = files.file ?? files.files;
  if (!file) throw new errors.ValidationError('file: upload a .xlsx or .csv file in the "file" field.');
  if (Array.isArray(file)) throw new errors.ValidationError('file: upload one file at a time.');
  return file;
};

const membersController = ({ strapi }: { strapi: Core.Strapi }) => {
  const members = () => getService(strapi, 'members');
  const access = () => getService(strapi, 'access');

  const groupOf = async (ctx: MembersCtx, rights: Right[]) => {
    const actor = adminOf(ctx);
    const { groupId } = parseInput(groupParamsSchema, { groupId: ctx.params.groupId }, 'params');
    const group = await access().groupByDocumentId(actor.user, groupId, rights);
    return { actor, group };
  };

  return {
    async list(ctx: MembersCtx) {
      const { actor, group } = await groupOf(ctx, SEE);
      const query = parseInput(listMembersQuerySchema, ctx.query, 'query');
      ctx.body = await members().list(group, query, actor.user);
    },

    async add(ctx: MembersCtx) {
      const { group } = await groupOf(ctx, MANAGE);
      const body = parseInput(addMemberBodySchema, ctx.request.body);
      const result = await members().add(group, body);
      ctx.status = result.outcome === 'added' ? 201 : 200;
      ctx.body = { data: result };
    },

    async candidates(ctx: MembersCtx) {
      const { actor, group } = await groupOf(ctx, MANAGE);
      const { search } = parseInput(memberCandidatesQuerySchema, ctx.query, 'query');
      ctx.body = { data: await members().candidates(group, actor.user, search) };
    },

    async invite(ctx: MembersCtx) {
      const { actor, group } = await groupOf(ctx, MANAGE);
      const body = parseInput(inviteBodySchema, ctx.request.body);
      const result = await members().invite(group, actor.user, body);
      ctx.status = result.outcome === 'already-member' ? 200 : 201;
      ctx.body = { data: result };
    },

    async listInvitations(ctx: MembersCtx) {
      const { group } = await groupOf(ctx, MANAGE);
      ctx.body = { data: await getService(strapi, 'invitations').listPending(group.id) };
    },

    async resendInvitation(ctx: MembersCtx) {
      const actor = adminOf(ctx);
      const params = parseInput(invitationParamsSchema, ctx.params, 'params');
      const group = await access().groupByDocumentId(actor.user, params.groupId, MANAGE);
      ctx.body = { data: await members().resendInvitation(group, actor.user, params.invitationId) };
    },

    async invitationLink(ctx: MembersCtx) {
      const actor = adminOf(ctx);
      const params = parseInput(invitationParamsSchema, ctx.params, 'params');
      const group = await access().groupByDocumentId(actor.user, params.groupId, MANAGE);
      ctx.body = { data: await getService(strapi, 'invitations').newLink(group.id, params.invitationId) };
    },

    async revokeInvitation(ctx: MembersCtx) {
      const actor = adminOf(ctx);
      const params = parseInput(invitationParamsSchema, ctx.params, 'params');
      const group = await access().groupByDocumentId(actor.user, params.groupId, MANAGE);
      await getService(strapi, 'invitations').revoke(group.id, params.invitationId);
      ctx.body = { data: { revoked: true } };
    },

    async update(ctx: MembersCtx) {
      const actor = adminOf(ctx);
      const params = parseInput(memberParamsSchema, ctx.params, 'params');
      const group = await access().groupByDocumentId(actor.user, params.groupId, MANAGE);
      const body = parseInput(updateMemberBodySchema, ctx.request.body);
      ctx.body = { data: await members().update(group, actor.user, params.userId, body) };
    },

    async remove(ctx: MembersCtx) {
      const actor = adminOf(ctx);
      const params = parseInput(memberParamsSchema, ctx.params, 'params');
      const group = await access().groupByDocumentId(actor.user, params.groupId, MANAGE);
      ctx.body = { data: await members().remove(group, actor, params.userId) };
    },

    async previewImport(ctx: MembersCtx) {
      const { group } = await groupOf(ctx, MANAGE);
      ctx.body = { data: await members().previewImport(group, uploadedFile(ctx)) };
    },

    async applyImport(ctx: MembersCtx) {
      const { actor, group } = await groupOf(ctx, MANAGE);
      const { skipInvalid } = parseInput(applyImportQuerySchema, ctx.query, 'query');
      ctx.body = {
        data: await members().applyImport(group, actor.user, uploadedFile(ctx), {
          skipInvalid: skipInvalid === 'true',
        }),
      };
    },

    async message(ctx: MembersCtx) {
      const { actor, group } = await groupOf(ctx, ['messageMembers']);
      const body = parseInput(messageBodySchema, ctx.request.body);
      ctx.body = { data: await getService(strapi, 'member-messages').send(group, actor.user, body) };
    },

    async retryMessage(ctx: MembersCtx) {
      const actor = adminOf(ctx);
      const params = parseInput(messageParamsSchema, ctx.params, 'params');
      const group = await access().groupByDocumentId(actor.user, params.groupId, ['messageMembers']);
      ctx.body = {
        data: await getService(strapi, 'member-messages').retry(group, actor.user, params.messageId),
      };
    },

    async listMessages(ctx: MembersCtx) {
      const { group } = await groupOf(ctx, ['messageMembers']);
      ctx.body = { data: await getService(strapi, 'member-messages').log(group) };
    },
  };
};

export default membersController;
