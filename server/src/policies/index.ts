import hasAnyPermission from './has-any-permission';
import isApiToken from './is-api-token';
import isLearner from './is-learner';

export default {
  'has-any-permission': hasAnyPermission,
  'is-api-token': isApiToken,
  'is-learner': isLearner,
};
