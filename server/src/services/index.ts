import enrollment from './enrollment';
import scope from './scope';

export default {
  enrollment,
  scope,
};
