'use strict';

// Demo secrets for the playground only: never reuse them on a real site.
module.exports = ({ env }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET', 'demo-playground-admin-jwt-secret') },
  apiToken: { salt: env('API_TOKEN_SALT', 'demo-playground-api-token-salt') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT', 'demo-playground-transfer-token-salt') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY', 'demo-playground-encryption-key-32ch') },
  flags: { nps: false, promoteEE: false },
});
