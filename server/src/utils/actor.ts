import type { PlanActor } from '../../../common/domain/enrollment-plan';
import type { AdminActor } from '../services/scope';

/**
 * Who is acting on a write or read, told from the request, whichever way it arrived. Admin JWTs, admin
 * tokens and Strapi's MCP server (`ctx.state.user` is only `{ id }` there, with no roles and no auth
 * strategy) are all admins; a users-permissions JWT is a learner; a content API token is the site's back end.
 * A request we cannot place is `unknown` and must be refused by anything that writes.
 */
export type Actor =
  | { kind: 'admin'; user: AdminActor }
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
    return user?.id ? { kind: 'admin', user: { id: user.id, roles: user.roles } } : { kind: 'unknown' };
  }
  if (!strategy && !user) return { kind: 'anonymous' };
  return { kind: 'unknown' };
};

/** How the actor is written into an enrollment's history. */
export const historyActor = (actor: Actor): string | null => {
  switch (actor.kind) {
    case 'admin':
      return `admin:${actor.user.id}`;
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
