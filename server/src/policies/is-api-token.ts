import { actorFromRequest } from '../utils/actor';
import { failure } from '../utils/messages';

/**
 * The LMS routes answer to a Content API token only. A site owner could tick them for a users-permissions
 * role by mistake; a learner's JWT must still never report their own progress or score.
 */
const isApiToken = (policyContext: Parameters<typeof actorFromRequest>[0]) => {
  if (actorFromRequest(policyContext).kind === 'api-token') return true;
  throw failure('PolicyError', 'server.access.apiTokenOnly');
};

export default isApiToken;
