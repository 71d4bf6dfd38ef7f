import { Refusal } from './messages';
import { actorFromRequest, type Actor } from './actor';

/** The admin acting on a workspace route; anything else is refused (the policies should already have). */
export const adminActorFromRequest = (ctx: Parameters<typeof actorFromRequest>[0]) => {
  const actor = actorFromRequest(ctx);
  if (actor.kind !== 'admin') throw new Refusal('Only an admin user can use the groups workspace.');
  return actor as Extract<Actor, { kind: 'admin' }>;
};
