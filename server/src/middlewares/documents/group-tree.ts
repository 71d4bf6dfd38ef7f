import type { Core } from '@strapi/strapi';
import { GROUP_UID } from '../../constants';
import { getService } from '../../utils/get-service';
import { batchOf, type RequestLike } from './enrollment-rules';

interface DocumentContext {
  uid: string;
  action: string;
  params: { documentId?: string; data?: Record<string, unknown> } & Record<string, unknown>;
}

const TREE_ACTIONS = new Set(['create', 'clone', 'update', 'delete']);

/** Every write of a group passes the tree rules (parent, depth, cycles, archiving, deleting). */
export const groupTree =
  (strapi: Core.Strapi) =>
  async (ctx: DocumentContext, next: () => Promise<unknown>): Promise<unknown> => {
    if (ctx.uid !== GROUP_UID || !TREE_ACTIONS.has(ctx.action)) return next();
    const documentId = ctx.params.documentId;
    return getService(strapi, 'group-tree').guardWrite(
      {
        action: ctx.action,
        documentId,
        data: ctx.params.data,
        batch: documentId ? batchOf(strapi.requestContext.get() as RequestLike | undefined, documentId) : [],
      },
      next
    );
  };
