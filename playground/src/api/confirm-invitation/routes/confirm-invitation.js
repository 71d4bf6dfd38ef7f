'use strict';

/**
 * The demo site's invitation page, where the plugin's `invitationUrl` points (http://localhost:1337/confirm-invitation):
 * outside /api (prefix ''), public. The page's script checks and accepts the token through the plugin's
 * Content API, as a real site's front end would.
 */
module.exports = {
  routes: [
    {
      method: 'GET',
      path: '/confirm-invitation',
      handler: 'confirm-invitation.page',
      config: { auth: false, prefix: '' },
    },
  ],
};
