'use strict';

/**
 * `npm run bench [-- --quick]`: runs tests/bench/run.ts through tsx, with the garbage collector exposed
 * so the export's memory growth is measured from a collected heap.
 */
const { spawnSync } = require('child_process');
const path = require('path');

const result = spawnSync(
  process.execPath,
  ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'run.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: path.resolve(__dirname, '..', '..') }
);
process.exit(result.status ?? 1);
