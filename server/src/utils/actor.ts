import type { PlanActor } from '../../../common/domain/enrollment-plan';
import type { AdminActor } from '../services/scope';

/**
 * Who is acting on a write or read, told from the request, whichever way it arrived. Admin JWTs, admin
 * tokens and Strapi's MCP server (`ctx.state.user` is only `{ id }` there, with no roles and no auth
 * strategy) are all admins; a users-permissions JWT is a learner; a content API token is the site's back end.
 * A request we cannot place is `unknown` and must be refused by anything that writes.
 */
export type Actor =
  /** `tokenId`: the admin token the admin acts through (a REST call or an AI agent over MCP), named in history. */
  | { kind: 'admin'; user: AdminActor; tokenId?: number }
  | { kind: 'learner'; userId: number }
  | { kind: 'api-token'; tokenId: number | null }
  | { kind: 'anonymous' }
  /** `label` names the plugin's own work in a history entry (e.g. `rule:<documentId>`); 'system' when absent. */
  | { kind: 'system'; label?: string }
  | { kind: 'unknown' };

interface RequestLike {
  state?: {
    user?: { id?: number; roles?: AdminActor['roles'] } | null;
    auth?: { strategy?: { name?: string }; credentials?: { id?: number } | null } | null;
    auditSource?: string;
    isAuthenticated?: boolean;
    /** Set by middlewares/admin-token-actor.ts on MCP requests, whose state Strapi gives only the user. */
    groupsAdminTokenId?: number;
  };
}

const ADMIN_STRATEGIES = new Set(['admin', 'admin-token']);
const TOKEN_STRATEGIES = new Set(['api-token', 'content-api-token']);

export const actorFromRequest = (ctx: RequestLike | undefined | null): Actor => {
  // No request at all: bootstrap, seeds, scripts and the plugin's own background work.
  if (!ctx) return { kind: 'system' };
  const state = ctx.state ?? {};
  const strategy = state.auth?.strategy?.name;
  const user = state.user;
  if (strategy === 'users-permissions') {
    return user?.id ? { kind: 'learner', userId: user.id } : { kind: 'unknown' };
  }
  if (strategy && TOKEN_STRATEGIES.has(strategy)) {
    return { kind: 'api-token', tokenId: state.auth?.credentials?.id ?? null };
  }
  if ((strategy && ADMIN_STRATEGIES.has(strategy)) || state.auditSource === 'mcp') {
    if (!user?.id) return { kind: 'unknown' };
    const tokenId =
      strategy === 'admin-token'
        ? state.auth?.credentials?.id
        : state.auditSource === 'mcp'
          ? state.groupsAdminTokenId
          : undefined;
    return {
      kind: 'admin',
      user: { id: user.id, roles: user.roles },
      ...(tokenId ? { tokenId: Number(tokenId) } : {}),
    };
  }
  if (!strategy && !user) return { kind: 'anonymous' };
  return { kind: 'unknown' };
};

/** How the actor is written into an enrollment's history. */
export const historyActor = (actor: Actor): string | null => {
  switch (actor.kind) {
    case 'admin':
      return actor.tokenId ? `admin:${actor.user.id}/token:${actor.tokenId}` : `admin:${actor.user.id}`;
    case 'learner':
      return `learner:${actor.userId}`;
    case 'api-token':
      return 'lms';
    case 'system':
      return actor.label ?? 'system';
    default:
      return null;
  }
};

/** The actor as the enrollment planner records it: the history label and the admin who decides. */
export const planActor = (actor: Actor): PlanActor => ({
  label: historyActor(actor),
  adminId: actor.kind === 'admin' ? actor.user.id : null,
});
