'use strict';

/**
 * Boots the playground Strapi with its admin panel, seeds the demo data once, and serves it.
 * Used by `npm run demo` and by the browser tests (which set PORT and DATABASE_FILENAME).
 */
const path = require('path');

const playground = path.resolve(__dirname, '..');

async function startSeeded({ quiet = false } = {}) {
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  process.env.NODE_ENV = process.env.NODE_ENV || 'production';
  process.chdir(playground);
  const { createStrapi, compileStrapi } = require('@strapi/strapi');
  const { seedDemo } = require('./demo-data');
  const appContext = await compileStrapi({ appDir: playground });
  const app = createStrapi({ ...appContext, autoReload: false });
  await app.load();
  await seedDemo(app, { log: quiet ? () => {} : console.log });
  await app.start();
  return app;
}

module.exports = { startSeeded };

if (require.main === module) {
  startSeeded()
    .then((app) => console.log(`[playground] ready on port ${app.config.get('server.port')}`))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
