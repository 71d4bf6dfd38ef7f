'use strict';

// The token stays in the address; the script (public/confirm-invitation.js) reads it there. No inline script,
// so Strapi's Content Security Policy ("script-src 'self'") applies unchanged.
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Accept your invitation</title>
  <link rel="stylesheet" href="/confirm-invitation.css">
</head>
<body>
  <main>
    <h1>Accept your invitation</h1>
    <p id="status" role="status">Checking your invitation…</p>
    <form id="accept" hidden>
      <p id="greeting"></p>
      <div id="password-field" hidden>
        <label for="password">Choose a password (at least 8 characters)</label>
        <input id="password" name="password" type="password" autocomplete="new-password" minlength="8" maxlength="72">
      </div>
      <button type="submit">Accept the invitation</button>
    </form>
    <p id="error" role="alert"></p>
  </main>
  <script src="/confirm-invitation.js"></script>
</body>
</html>
`;

/**
 * The demo site's invitation page, where the plugin's `invitationUrl` points
 * (http://localhost:1337/confirm-invitation): outside /api and public. Its script checks and accepts the
 * token through the plugin's Content API, as a real site's front end would.
 */
const confirmInvitationRoute = {
  method: 'GET',
  path: '/confirm-invitation',
  handler: (ctx) => {
    ctx.type = 'html';
    ctx.body = PAGE;
  },
  config: { auth: false },
};

module.exports = { confirmInvitationRoute };
