'use strict';
/**
 * The scheduled job the outbox tests run on one or two Strapi processes: a weekly "digest" to every user
 * whose address ends in @digest.test, enqueued in the period claim's transaction with one dedupe key per
 * recipient and period. Plain JavaScript so the forked second Strapi (outbox-node.js) loads the same code.
 */
const DIGEST_JOB = 'test-digest';
const DIGEST_DOMAIN = '@digest.test';

const scheduleTestDigest = (strapi, onRun) => {
  const users = strapi.db.metadata.get('plugin::users-permissions.user').tableName;
  strapi
    .plugin('groups')
    .service('scheduler')
    .schedule(DIGEST_JOB, {
      // Never due while a test runs: the tests invoke the registered cron job themselves.
      rule: '0 0 0 1 1 *',
      unit: 'week',
      run: async ({ trx, period }) => {
        onRun(period);
        const rows = await trx(users)
          .select('email')
          .where('email', 'like', `%${DIGEST_DOMAIN}`)
          .orderBy('id');
        await strapi
          .plugin('groups')
          .service('outbox')
          .enqueue(
            rows.map(({ email }) => ({
              kind: 'test-digest',
              to: email,
              dedupeKey: `digest:${period}:${email}`,
              subject: `Your week ${period}`,
              text: 'What happened in your groups.',
              html: '<p>What happened in your groups.</p>',
            })),
            { trx }
          );
        return rows.length;
      },
    });
};

/** Runs the job as `strapi.cron` would when its rule fires. */
const invokeTestDigest = (strapi) => {
  const found = strapi.cron.jobs.find((spec) => spec.name === `groups:${DIGEST_JOB}`);
  if (!found) throw new Error(`The cron job groups:${DIGEST_JOB} is not registered.`);
  return found.job.invoke();
};

module.exports = { DIGEST_JOB, DIGEST_DOMAIN, scheduleTestDigest, invokeTestDigest };
