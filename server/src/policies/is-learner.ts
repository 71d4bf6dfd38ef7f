import { actorFromRequest } from '../utils/actor';
import { failure } from '../utils/messages';

/** Learner routes answer to a users-permissions JWT only: "my" means nothing to an API token. */
const isLearner = (policyContext: Parameters<typeof actorFromRequest>[0]) => {
  if (actorFromRequest(policyContext).kind === 'learner') return true;
  throw failure('PolicyError', 'server.access.learnersOnly');
};

export default isLearner;
