import type { Core } from '@strapi/strapi';
import { acceptInvitationBodySchema, checkInvitationBodySchema } from '../../../common/contracts/invitations';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validate';

export interface InvitationCtx {
  request: { body?: unknown };
  body: unknown;
}

/** The public side of invitations, called by the site's confirmation page (no login yet). */
const invitationsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async check(ctx: InvitationCtx) {
    const { token } = parseInput(checkInvitationBodySchema, ctx.request.body);
    ctx.body = { data: await getService(strapi, 'invitations').check(token) };
  },

  async accept(ctx: InvitationCtx) {
    const body = parseInput(acceptInvitationBodySchema, ctx.request.body);
    ctx.body = await getService(strapi, 'invitations').accept(body);
  },
});

export default invitationsController;
