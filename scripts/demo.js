'use strict';

/**
 * `npm run demo`: builds what is stale, then boots the playground Strapi, seeds the demo data once and
 * serves the admin panel at http://localhost:1337/admin. A mail catcher on 127.0.0.1:2525 keeps every email
 * the demo sends in playground/.tmp/mail/; the invitation links in them open the playground's own page,
 * /confirm-invitation, which accepts the invitation through the plugin's Content API.
 */
const { execSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
execSync('node scripts/ensure-built.js --admin', { cwd: root, stdio: 'inherit' });

const { startMailCatcher } = require('./mail-catcher');
const { startSeeded } = require('../playground/scripts/start-seeded');
const {
  DEMO_USERS,
  DEMO_PASSWORD,
  demoAgentToken,
  demoJoinCode,
} = require('../playground/scripts/demo-data');

const mailDir = path.join(root, 'playground', '.tmp', 'mail');
// Strapi's MCP server on, so an AI agent can use the plugin's tools with Anna's token (npm run agent).
process.env.STRAPI_MCP_ENABLED = process.env.STRAPI_MCP_ENABLED ?? 'true';

startMailCatcher({ dir: mailDir })
  .then(() => startSeeded())
  .then((app) => {
    const url = `http://localhost:${app.config.get('server.port')}/admin`;
    const line = '-'.repeat(72);
    console.log(`\n${line}\n Groups demo is ready: ${url}\n${line}`);
    console.log(` password for every demo account: ${DEMO_PASSWORD}`);
    console.log(` Super Admin ......................... ${DEMO_USERS.superAdmin.email}`);
    console.log(` Group manager (Amsterdam, Rotterdam)  ${DEMO_USERS.managerA.email}`);
    console.log(` Group manager (Utrecht, read-only) .. ${DEMO_USERS.managerB.email}`);
    console.log(` Course editor (Amsterdam courses) ... ${DEMO_USERS.editorA.email}`);
    console.log(` Manager of Intensive care + sub-groups ${DEMO_USERS.parentManager.email}`);
    console.log(` Manager of Night shift only ......... ${DEMO_USERS.childManager.email}`);
    console.log(` Leiden hospital tree, read-only ..... ${DEMO_USERS.rootReader.email}`);
    console.log(` Learners (Content API) .............. lotte.visser.1@learners.demo and 23 more`);
    console.log(` Join code (Rotterdam onboarding) .... ${demoJoinCode() ?? '(made at the first start)'}`);
    console.log(`   POST /api/groups/my/join {"code": "…"} with a learner's JWT`);
    console.log(` Sales academy ....................... filled by its rule: department = Sales`);
    if (demoAgentToken()) {
      console.log(` Anna's AI agent (MCP at ${url.replace(/\/admin$/, '/mcp')}) . npm run agent -- list`);
    }
    console.log(` Emails the demo sends (.eml files) . ${path.relative(process.cwd(), mailDir)}/`);
    console.log(
      ` Invitation links in those emails .. http://localhost:${app.config.get('server.port')}/confirm-invitation?token=…`
    );
    console.log(` Settings and email templates ...... ${url}/settings/groups/options`);
    console.log(`${line}\n Stop with Ctrl+C. Start again from scratch: rm -rf playground/.tmp\n${line}\n`);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
