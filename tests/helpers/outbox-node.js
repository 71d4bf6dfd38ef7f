'use strict';
/**
 * A second Strapi process on the test's database (same env as the parent), as a second node of one site:
 * it runs the outbox worker, the test's scheduled job and the plugin's cron jobs when asked. Each message `{ id, op, ... }` is
 * answered with `{ id, result }` or `{ id, error }`; `{ op: 'stop' }` shuts it down.
 */
const path = require('path');
const { compileStrapi, createStrapi } = require('@strapi/strapi');
const { scheduleTestDigest, invokeTestDigest } = require('./outbox-jobs');

const PLAYGROUND = path.resolve(__dirname, '..', '..', 'playground');

const main = async () => {
  const appContext = await compileStrapi({ appDir: PLAYGROUND, ignoreDiagnostics: true });
  const strapi = await createStrapi({ ...appContext, autoReload: false, serveAdminPanel: false }).load();
  const outbox = strapi.plugin('groups').service('outbox');
  const periodsRun = [];
  scheduleTestDigest(strapi, (period) => periodsRun.push(period));
  const ops = {
    startWorker: ({ intervalMs }) => outbox.startWorker(intervalMs),
    stopWorker: () => outbox.stopWorker(),
    drain: () => outbox.drain(),
    enqueue: ({ messages }) => outbox.enqueue(messages),
    invokeJob: () => invokeTestDigest(strapi),
    // One of the plugin's own cron jobs (reminders, digests), as strapi.cron fires it on this node.
    invokeCron: ({ name }) => strapi.cron.jobs.find((spec) => spec.name === name).job.invoke(),
    periodsRun: () => periodsRun,
    // Any of the plugin's service methods, as a request on this node would call it (e.g. a message retry).
    service: ({ name, method, args }) => {
      const service = strapi.plugin('groups').service(name);
      return service[method](...(args ?? []));
    },
  };
  process.on('message', async (message) => {
    if (message.op === 'stop') {
      await strapi.destroy();
      process.exit(0);
    }
    try {
      process.send({ id: message.id, result: (await ops[message.op](message)) ?? null });
    } catch (error) {
      process.send({ id: message.id, error: error.message });
    }
  });
  process.send({ ready: true });
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
