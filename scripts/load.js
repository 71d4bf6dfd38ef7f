'use strict';

/**
 * `npm run load [-- --seconds 60] [--kill] [--pg-restart]`: runs tests/load/run.ts through tsx. Two Strapi
 * nodes on one PostgreSQL started for the run, 50 managers at once; see docs/PERFORMANCE.md.
 */
const { spawnSync } = require('child_process');
const path = require('path');

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', path.join(__dirname, '..', 'tests', 'load', 'run.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: path.resolve(__dirname, '..') }
);
process.exit(result.status ?? 1);
