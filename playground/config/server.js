'use strict';

module.exports = ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  app: {
    // Demo values for the playground only; a real site sets APP_KEYS in its environment.
    keys: env.array('APP_KEYS', ['demo-playground-key-1', 'demo-playground-key-2']),
  },
  logger: { updates: { enabled: false }, startup: { enabled: false } },
  // Strapi's MCP server (POST /mcp, admin tokens): off unless asked for; the scope tests turn it on.
  mcp: { enabled: env.bool('STRAPI_MCP_ENABLED', false) },
});
