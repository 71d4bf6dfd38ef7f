'use strict';
/**
 * A second Strapi process on the test's database (same env as the parent: DATABASE_CLIENT, DATABASE_NAME or
 * DATABASE_FILENAME), as a second server of one site would run. It approves the enrollments it is sent
 * through the plugin's enrollment service and reports the states; `{ stop: true }` shuts it down.
 */
const path = require('path');
const { compileStrapi, createStrapi } = require('@strapi/strapi');

const PLAYGROUND = path.resolve(__dirname, '..', '..', 'playground');

const main = async () => {
  const appContext = await compileStrapi({ appDir: PLAYGROUND, ignoreDiagnostics: true });
  const strapi = await createStrapi({ ...appContext, autoReload: false, serveAdminPanel: false }).load();
  const service = strapi.plugin('groups').service('enrollment');
  process.on('message', async (message) => {
    if (message.approve) {
      const states = await Promise.all(
        message.approve.map((documentId) =>
          service
            .transition({ documentId, to: 'approved', actor: { kind: 'system' } })
            .then((dto) => dto.state)
            .catch((error) => `error: ${error.message}`)
        )
      );
      process.send({ states });
    }
    if (message.stop) {
      await strapi.destroy();
      process.exit(0);
    }
  });
  process.send({ ready: true });
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
