'use strict';

/**
 * Installs what a fresh clone is missing before `npm run demo` / `npm test`: the npm packages (when
 * node_modules is absent or older than the lock file) and, for the browser tests, Debian's Chromium.
 */
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const run = (cmd, opts = {}) => execSync(cmd, { stdio: 'inherit', cwd: root, ...opts });

const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');
const stale =
  !fs.existsSync(installed) ||
  (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs + 1000);
if (stale) {
  console.log('[groups] Installing npm packages (first run takes a few minutes)...');
  // A fresh clone installs exactly the lock (`npm ci`); a work tree whose lock moved on updates in place.
  run(fs.existsSync(installed) ? 'npm install --no-audit --no-fund' : 'npm ci --no-audit --no-fund');
}

const wantsBrowser = process.argv.includes('--browser');
if (wantsBrowser && !fs.existsSync('/usr/bin/chromium')) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    console.log("[groups] Installing Debian's Chromium for the browser tests...");
    run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null');
  } else {
    console.log(
      '[groups] /usr/bin/chromium is missing: install Debian\'s "chromium" package to run the browser tests.'
    );
  }
}
