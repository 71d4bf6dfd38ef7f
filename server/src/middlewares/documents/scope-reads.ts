import type { Core } from '@strapi/strapi';
import { actorFromRequest } from '../../utils/actor';
import { getService } from '../../utils/get-service';
import { markIdLists } from '../../strapi-patches/id-list-markers';
import { REWRITTEN_MODELS } from '../../strapi-patches/relation-id-subqueries';

const READS = new Set(['findMany', 'findFirst', 'findOne', 'count']);
/** The reads whose query-engine hooks (`beforeFindMany`, `beforeCount`) put marked id lists back. */
const MARKED = new Set(['findMany', 'count']);
const LISTS_PUT_BACK = new Set<string>(REWRITTEN_MODELS);
/** Paths where a person's own query (filters, populate) reaches the document service. */
const USER_QUERY_PATHS = [/^\/content-manager\//, /^\/mcp(\/|$)/];

type DocumentContext = { action: string; uid: string; params: Record<string, unknown> };

/** Hands reads made for an admin in the Content Manager or over MCP to the read-scope service. */
const scopeReads =
  (strapi: Core.Strapi) =>
  async (ctx: DocumentContext, next: () => Promise<unknown>): Promise<unknown> => {
    if (!READS.has(ctx.action)) return next();
    const request = strapi.requestContext.get() as
      | (Parameters<typeof actorFromRequest>[0] & { path?: string; state?: { userAbility?: unknown } })
      | undefined;
    if (!request?.path || !USER_QUERY_PATHS.some((pattern) => pattern.test(request.path!))) return next();
    const actor = actorFromRequest(request);
    if (actor.kind !== 'admin') return next();
    const restrictor = await getService(strapi, 'read-scope').restrictorFor(
      actor.user,
      request.state?.userAbility
    );
    if (!restrictor) return next();
    const { params, check } = await restrictor.restrictQuery(ctx.uid, ctx.params ?? {});
    // The query engine's hooks put the lists back before the SQL (strapi-patches/id-list-markers.ts).
    if (MARKED.has(ctx.action) && LISTS_PUT_BACK.has(ctx.uid) && params.filters !== undefined) {
      params.filters = markIdLists(strapi, params.filters);
    }
    ctx.params = params;
    return check(await next());
  };

export default scopeReads;
