'use strict';

/**
 * Builds what is stale: the plugin (dist/, from server/, admin/ and common/) and, with --admin, the
 * playground's admin panel. Skips a step whose output is newer than every source file it reads.
 */
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const playground = path.join(root, 'playground');

const newest = (dirs) => {
  let max = 0;
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      if (/node_modules|\.tmp|build$|dist$|\.strapi/.test(p)) return;
      for (const entry of fs.readdirSync(p)) walk(path.join(p, entry));
    } else if (!p.endsWith('.tsbuildinfo')) {
      // `tsc -b` (the type check) writes admin/tsconfig.tsbuildinfo: not a source of the build.
      max = Math.max(max, stat.mtimeMs);
    }
  };
  dirs.forEach((d) => walk(path.join(root, d)));
  return max;
};

const stamp = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

const pluginSources = ['server', 'admin', 'common', 'package.json'];
const pluginStamp = path.join(root, 'dist', 'server', 'index.js');
if (process.env.GROUPS_FORCE_BUILD || stamp(pluginStamp) < newest(pluginSources)) {
  console.log('[groups] Building the plugin (dist/)...');
  execSync('npx strapi-plugin build', { cwd: root, stdio: 'inherit' });
}

if (process.argv.includes('--admin')) {
  const adminStamp = path.join(playground, 'build', 'index.html');
  const sources = Math.max(newest(['dist', 'playground/src', 'playground/config']), stamp(pluginStamp));
  if (process.env.GROUPS_FORCE_BUILD || stamp(adminStamp) < sources) {
    console.log('[groups] Building the playground admin panel...');
    execSync('node ../scripts/build-playground-admin.js', {
      cwd: playground,
      stdio: 'inherit',
      env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true', NODE_ENV: 'production' },
    });
  }
}
