import defaultRoles from './default-roles';
import enrollment from './enrollment';
import readScope from './read-scope';
import scope from './scope';

export default {
  'default-roles': defaultRoles,
  enrollment,
  'read-scope': readScope,
  scope,
};
