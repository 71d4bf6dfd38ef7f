import type { Core } from '@strapi/strapi';
import { Refusal } from '../utils/messages';
import { ruleBodySchema } from '../../../common/contracts/membership-rules';
import { groupParamsSchema } from '../../../common/contracts/members';
import { actorFromRequest } from '../utils/actor';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validate';
import type { MembersCtx } from './members';

/** A group's membership rule (admin; the members right in the group, and the rule right of the service). */
const membershipRulesController = ({ strapi }: { strapi: Core.Strapi }) => {
  const rules = () => getService(strapi, 'membership-rules');
  const groupOf = async (ctx: MembersCtx) => {
    const actor = actorFromRequest(ctx);
    if (actor.kind !== 'admin') throw new Refusal('Only admin users manage membership rules.');
    const { groupId } = parseInput(groupParamsSchema, { groupId: ctx.params.groupId }, 'params');
    const group = await getService(strapi, 'access').groupByDocumentId(actor.user, groupId, 'manageMembers');
    return { actor: actor.user, group };
  };

  return {
    async find(ctx: MembersCtx) {
      const { actor, group } = await groupOf(ctx);
      ctx.body = await rules().get(actor, group);
    },

    async preview(ctx: MembersCtx) {
      const { actor, group } = await groupOf(ctx);
      const body = parseInput(ruleBodySchema, ctx.request.body);
      ctx.body = { data: await rules().preview(actor, group, body) };
    },

    async save(ctx: MembersCtx) {
      const { actor, group } = await groupOf(ctx);
      const body = parseInput(ruleBodySchema, ctx.request.body);
      ctx.body = await rules().save(actor, group, body);
    },

    async remove(ctx: MembersCtx) {
      const { actor, group } = await groupOf(ctx);
      ctx.body = { data: await rules().remove(actor, group) };
    },
  };
};

export default membershipRulesController;
