'use strict';

/**
 * Builds the playground's admin panel with the function `strapi build` calls, run in playground/.
 *
 * Why not the CLI: it looks for a tsconfig.json in the app's folder and in every parent folder, finds the
 * repository's own solution file (tsconfig.json at the root) and then tries to compile a TypeScript app
 * that is not there, and exits. The playground is a JavaScript app, so it is built with no tsconfig, as the
 * CLI does for a JavaScript app that has no such parent. Checked against @strapi/strapi 5.54.0.
 */
const path = require('path');

const strapiDir = path.dirname(require.resolve('@strapi/strapi/package.json'));
const { build } = require(path.join(strapiDir, 'dist', 'src', 'node', 'build.js'));
const { createLogger } = require(path.join(strapiDir, 'dist', 'src', 'cli', 'utils', 'logger.js'));

build({
  cwd: process.cwd(),
  logger: createLogger({ debug: false, silent: false, timestamp: false }),
  tsconfig: undefined,
  bundler: 'vite',
  minify: true,
  sourcemap: false,
  stats: false,
  installDeps: false,
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
