'use strict';

const { confirmInvitationRoute } = require('./confirm-invitation');

module.exports = {
  register({ strapi }) {
    // A language per learner, as a site may keep one: the plugin writes a learner's emails in it.
    const user = strapi.contentType('plugin::users-permissions.user');
    user.attributes = { ...user.attributes, locale: { type: 'string', maxLength: 16 } };
  },
  bootstrap({ strapi }) {
    // A route of the site itself (no /api prefix): the page behind the plugin's invitationUrl.
    strapi.server.routes([confirmInvitationRoute]);
  },
};
