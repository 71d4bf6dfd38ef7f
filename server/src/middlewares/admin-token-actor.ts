import type { Core } from '@strapi/strapi';

/**
 * Names the admin token behind an MCP request, so that a decision an AI agent makes is recorded in the
 * enrollment's history as made through that token (`admin:<id>/token:<id>`, see server/src/utils/actor.ts),
 * not as if the admin had clicked it. Strapi's MCP route authenticates the token itself but hands its
 * tools and the request state only the owner's id; this middleware looks the same bearer token up by its
 * hash (one indexed read, only on `POST /mcp` with a bearer) and leaves its id in `ctx.state`. REST calls
 * with an admin token need none of this: their `ctx.state.auth.credentials` is the token.
 */

/** Where Strapi mounts its MCP server (fixed in Strapi 5's MCP configuration). */
const MCP_PATH = '/mcp';

interface TokenService {
  hash?: (accessKey: string) => string;
  getByAccessKey?: (hash: string) => Promise<{ id: number; kind?: string } | null>;
}

interface McpRequest {
  method: string;
  path: string;
  request: { header: Record<string, string | string[] | undefined> };
  state: Record<string, unknown>;
}

const bearerOf = (header: string | string[] | undefined): string | null => {
  const match = typeof header === 'string' ? /^bearer\s+(\S+)$/i.exec(header.trim()) : null;
  return match ? match[1] : null;
};

export const registerAdminTokenActor = (strapi: Core.Strapi) => {
  const tokens = () =>
    (strapi as unknown as { admin?: { services?: Record<string, TokenService> } }).admin?.services?.[
      'api-token-admin'
    ];

  strapi.server.use(async (ctx: McpRequest, next: () => Promise<unknown>) => {
    if (ctx.method === 'POST' && ctx.path === MCP_PATH) {
      const bearer = bearerOf(ctx.request.header.authorization);
      const service = tokens();
      if (bearer && service?.hash && service.getByAccessKey) {
        // A token that does not resolve is refused by Strapi's own authentication right after this.
        const token = await service.getByAccessKey(service.hash(bearer)).catch(() => null);
        if (token && token.kind === 'admin') ctx.state.groupsAdminTokenId = Number(token.id);
      }
    }
    return next();
  });
};
