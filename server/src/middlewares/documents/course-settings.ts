/**
 * A group's "complete within N days" written through the document service (the Content Manager, MCP,
 * scripts): the same bounds as the workspace route (common/contracts/course-settings.ts), a 400 naming the
 * field before anything is written. Scope is the group's, checked by the scope middleware.
 */
import type { Core } from '@strapi/strapi';
import { completeWithinSchema } from '../../../../common/contracts/course-settings';
import { GROUP_UID } from '../../constants';
import { parseInput } from '../../utils/validate';

interface DocumentContext {
  uid: string;
  action: string;
  params: { data?: Record<string, unknown> } & Record<string, unknown>;
}

const GROUP_WRITES = new Set(['create', 'update']);

export const courseSettingsGuard =
  (_strapi: Core.Strapi) => async (ctx: DocumentContext, next: () => Promise<unknown>) => {
    const data = ctx.params.data;
    if (ctx.uid === GROUP_UID && GROUP_WRITES.has(ctx.action) && data && data.completeWithin !== undefined) {
      data.completeWithin = parseInput(completeWithinSchema, data.completeWithin, 'completeWithin');
    }
    return next();
  };
