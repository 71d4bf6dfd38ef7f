/**
 * A group's slug follows its name until someone edits it by hand: on every rename, whichever way it
 * arrives (Groups screen, Content Manager, admin token, MCP), a slug that is still the one made from the
 * old name is made again from the new one. The rule lives in the group-setup service.
 */
import type { Core } from '@strapi/strapi';
import { GROUP_UID } from '../../constants';
import { getService } from '../../utils/get-service';

interface DocumentContext {
  uid: string;
  action: string;
  params: { documentId?: string; data?: Record<string, unknown> };
}

export const groupSlug =
  (strapi: Core.Strapi) => async (ctx: DocumentContext, next: () => Promise<unknown>) => {
    if (ctx.uid === GROUP_UID && ctx.action === 'update' && ctx.params.documentId && ctx.params.data) {
      await getService(strapi, 'group-setup').slugFollowingName(ctx.params.documentId, ctx.params.data);
    }
    return next();
  };
