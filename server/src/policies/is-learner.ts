import { actorFromRequest } from '../utils/actor';

/** Learner routes answer to a users-permissions JWT only: "my" means nothing to an API token. */
const isLearner = (policyContext: Parameters<typeof actorFromRequest>[0]) =>
  actorFromRequest(policyContext).kind === 'learner';

export default isLearner;
