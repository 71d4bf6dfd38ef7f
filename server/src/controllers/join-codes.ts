import type { Core } from '@strapi/strapi';
import { Refusal } from '../utils/messages';
import {
  createJoinCodeBodySchema,
  joinBodySchema,
  joinCodeParamsSchema,
} from '../../../common/contracts/join-codes';
import { groupParamsSchema } from '../../../common/contracts/members';
import { actorFromRequest, type Actor } from '../utils/actor';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validate';
import type { MembersCtx } from './members';

type JoinCodesCtx = MembersCtx & { request: MembersCtx['request'] & { ip?: string } };

const adminOf = (ctx: JoinCodesCtx) => {
  const actor = actorFromRequest(ctx);
  if (actor.kind !== 'admin') throw new Refusal('Only admin users manage join codes.');
  return actor;
};

/** A group's join codes (admin, the members right) and joining with one (learner JWT). */
const joinCodesController = ({ strapi }: { strapi: Core.Strapi }) => {
  const codes = () => getService(strapi, 'join-codes');
  const groupOf = async (ctx: JoinCodesCtx, groupId: unknown) => {
    const actor = adminOf(ctx);
    const params = parseInput(groupParamsSchema, { groupId }, 'params');
    const group = await getService(strapi, 'access').groupByDocumentId(
      actor.user,
      params.groupId,
      'manageMembers'
    );
    return { actor, group };
  };

  return {
    async list(ctx: JoinCodesCtx) {
      const { group } = await groupOf(ctx, ctx.params.groupId);
      ctx.body = { data: await codes().list(group) };
    },

    async create(ctx: JoinCodesCtx) {
      const { actor, group } = await groupOf(ctx, ctx.params.groupId);
      const body = parseInput(createJoinCodeBodySchema, ctx.request.body ?? {});
      ctx.status = 201;
      ctx.body = { data: await codes().create(group, actor.user, body) };
    },

    async disable(ctx: JoinCodesCtx) {
      const params = parseInput(joinCodeParamsSchema, ctx.params, 'params');
      const { group } = await groupOf(ctx, params.groupId);
      ctx.body = { data: await codes().disable(group, params.codeId) };
    },

    async join(ctx: JoinCodesCtx) {
      const actor = actorFromRequest(ctx);
      if (actor.kind !== 'learner') throw new Refusal('Sign in as a learner to use this route.');
      const body = parseInput(joinBodySchema, ctx.request.body);
      const result = await codes().join(
        actor as Extract<Actor, { kind: 'learner' }>,
        body.code,
        ctx.request.ip ?? null
      );
      ctx.status = result.joined ? 201 : 200;
      ctx.body = { data: result };
    },
  };
};

export default joinCodesController;
