import { actorFromRequest } from '../utils/actor';

/**
 * The LMS routes answer to a Content API token only. A site owner could tick them for a users-permissions
 * role by mistake; a learner's JWT must still never report their own progress or score.
 */
const isApiToken = (policyContext: Parameters<typeof actorFromRequest>[0]) =>
  actorFromRequest(policyContext).kind === 'api-token';

export default isApiToken;
