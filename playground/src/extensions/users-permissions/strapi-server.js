'use strict';

/**
 * The site's own fields of a learner, as an HR system or an SSO claim would fill them: the Reports page
 * shows the department (config/plugins reportUserFields) and membership rules fill groups from it. Added
 * as an extension of the users-permissions plugin, so they are part of the user's schema before any
 * plugin registers (the plugin checks reportUserFields against that schema when it starts).
 */
module.exports = (plugin) => {
  const { attributes } = plugin.contentTypes.user.schema;
  attributes.department = { type: 'enumeration', enum: ['Sales', 'Support', 'Engineering', 'Finance'] };
  attributes.employeeNumber = { type: 'integer' };
  attributes.remote = { type: 'boolean' };
  return plugin;
};
