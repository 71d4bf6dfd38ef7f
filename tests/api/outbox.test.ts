/**
 * The email outbox and period claims against a real Strapi and a real SMTP server on 127.0.0.1: a message
 * written in a rolled-back transaction is never sent and a committed one is sent once; a duplicate dedupe
 * key is one row and one email; a refusing SMTP server is retried with backoff until it recovers, or the
 * row is marked failed after the configured attempts; a node killed mid-send is covered by the lease. On
 * PostgreSQL, two Strapi processes drain one outbox and run one cron job at once: each email arrives once
 * and each period's job runs once; and they send and retry one manager's message to members at once: each
 * member gets it once. The clock is passed to `drain`, so no assertion waits on real time.
 */
import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import { forkSecondNode } from '../helpers/second-node';
import { createAdminUser } from '../helpers/http';
import { createGroup } from '../helpers/members';
import type { MemberMessagesService } from '../../server/src/services/member-messages';
import type { OutboxMessage, OutboxService } from '../../server/src/services/outbox';
import type { SchedulerService } from '../../server/src/services/scheduler';
import type { Db } from '../../server/src/utils/tables';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DIGEST_DOMAIN, DIGEST_JOB, scheduleTestDigest, invokeTestDigest } = require('../helpers/outbox-jobs');

const BACKOFF = 60_000;
const MAX_ATTEMPTS = 3;
const LEASE = 5 * 60_000;
const onPostgres = process.env.DATABASE_CLIENT === 'postgres';

describe('email outbox (real Strapi, real SMTP)', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let smtp: TestSmtp;
  let outbox: OutboxService;
  let scheduler: SchedulerService;
  let serial = 0;

  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.SMTP_PORT = String(smtp.port);
    app = await bootStrapi({
      pluginConfig: {
        courseContentType: 'api::course.course',
        // The worker stays off: each test drains at the instant it names.
        emailDelivery: {
          workerIntervalMs: 0,
          maxAttempts: MAX_ATTEMPTS,
          backoffBaseMs: BACKOFF,
          leaseMs: LEASE,
        },
      },
    });
    strapi = app.strapi;
    outbox = strapi.plugin('groups').service('outbox') as OutboxService;
    scheduler = strapi.plugin('groups').service('scheduler') as SchedulerService;
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  beforeEach(() => {
    smtp.clear();
    smtp.refuse(null);
  });

  /** Messages to fresh addresses, so each test counts only its own mail. */
  const messages = (count: number, extra: Partial<OutboxMessage> = {}): OutboxMessage[] => {
    serial += 1;
    return Array.from({ length: count }, (_, i) => ({
      kind: 'test-notice',
      to: `r${serial}-${i}@outbox.test`,
      subject: `Notice ${serial}-${i}`,
      text: 'Something happened.',
      html: '<p>Something happened.</p>',
      ...extra,
    }));
  };

  const received = (list: OutboxMessage[]) => list.map((m) => smtp.to(m.to).length);
  const rowsTo = async (list: OutboxMessage[]) =>
    (await outbox.list()).filter((row) => list.some((m) => m.to === row.to));
  const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

  it('sends nothing from a rolled-back transaction and once from a committed one', async () => {
    const rolledBack = messages(2);
    const committed = messages(2);
    await expect(
      strapi.db.transaction(async ({ trx }: { trx: Db }) => {
        await outbox.enqueue(rolledBack, { trx });
        throw new Error('the transition failed after its email was written');
      })
    ).rejects.toThrow('the transition failed');
    // Without `trx`, enqueue joins the transaction Strapi is running.
    await expect(
      strapi.db.transaction(async () => {
        await outbox.enqueue(messages(1));
        throw new Error('rolled back too');
      })
    ).rejects.toThrow('rolled back too');
    await strapi.db.transaction(async () => {
      await outbox.enqueue(committed);
    });

    const now = new Date();
    expect(await outbox.drain({ now })).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(await outbox.drain({ now })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.messages).toHaveLength(2);
    expect(received(committed)).toEqual([1, 1]);
    expect(received(rolledBack)).toEqual([0, 0]);
    expect(await rowsTo(rolledBack)).toEqual([]);
    const rows = await rowsTo(committed);
    expect(rows.map((r) => [r.state, r.attempts, r.sentAt?.getTime()])).toEqual([
      ['sent', 1, now.getTime()],
      ['sent', 1, now.getTime()],
    ]);
    expect(smtp.to(committed[0].to)[0]).toMatchObject({
      subject: committed[0].subject,
      text: 'Something happened.',
      html: '<p>Something happened.</p>',
    });
  });

  it('keeps one row and sends one email for a repeated dedupe key, in one call or many', async () => {
    const [first] = messages(1);
    const key = `reminder:${serial}:2026-12-07T09:00:00.000Z:7d`;
    await outbox.enqueue([
      { ...first, dedupeKey: key },
      { ...first, dedupeKey: key, subject: 'a second copy' },
    ]);
    await strapi.db.transaction(async ({ trx }: { trx: Db }) => {
      await outbox.enqueue([{ ...first, dedupeKey: key, subject: 'a third copy' }], { trx });
    });
    await Promise.all([
      outbox.enqueue([{ ...first, dedupeKey: key }]),
      outbox.enqueue([{ ...first, dedupeKey: key }]),
    ]);
    expect(await outbox.list({ dedupeKey: key })).toHaveLength(1);

    // Two drains at once on one node still claim each row once.
    await Promise.all([outbox.drain(), outbox.drain()]);
    await outbox.drain();
    expect(smtp.to(first.to).map((m) => m.subject)).toEqual([first.subject]);
    // Already sent: the key stays taken, so a later reminder for the same due date is dropped too.
    await outbox.enqueue([{ ...first, dedupeKey: key }]);
    expect(await outbox.drain()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('retries with backoff while the SMTP server refuses and delivers each email once after it recovers', async () => {
    const list = messages(3);
    const t0 = new Date();
    await outbox.enqueue(list, { now: t0 });
    smtp.refuse('Mailbox temporarily unavailable');

    expect(await outbox.drain({ now: t0 })).toEqual({ sent: 0, retried: 3, failed: 0 });
    expect(smtp.refused()).toBeGreaterThanOrEqual(3);
    const afterFirst = await rowsTo(list);
    expect(afterFirst.map((r) => [r.state, r.attempts, r.nextAttemptAt?.getTime()])).toEqual(
      list.map(() => ['pending', 1, t0.getTime() + BACKOFF])
    );
    expect(afterFirst[0].lastError).toContain('Mailbox temporarily unavailable');

    // Not due before the backoff has passed; then due, and refused again, with twice the wait.
    expect(await outbox.drain({ now: later(t0, BACKOFF - 1) })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await outbox.drain({ now: later(t0, BACKOFF) })).toEqual({ sent: 0, retried: 3, failed: 0 });
    expect((await rowsTo(list)).map((r) => r.nextAttemptAt?.getTime())).toEqual(
      list.map(() => t0.getTime() + 3 * BACKOFF)
    );

    smtp.refuse(null);
    expect(await outbox.drain({ now: later(t0, 3 * BACKOFF - 1) })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    expect(smtp.messages).toHaveLength(0);
    expect(await outbox.drain({ now: later(t0, 3 * BACKOFF) })).toEqual({ sent: 3, retried: 0, failed: 0 });
    expect(await outbox.drain({ now: later(t0, 100 * BACKOFF) })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(received(list)).toEqual([1, 1, 1]);
    expect((await rowsTo(list)).map((r) => [r.state, r.attempts, r.lastError])).toEqual(
      list.map(() => ['sent', 3, null])
    );
  });

  it(`marks a message failed after ${MAX_ATTEMPTS} refused attempts and never sends it afterwards`, async () => {
    const list = messages(1);
    const t0 = new Date();
    await outbox.enqueue(list, { now: t0 });
    smtp.refuse('Relay access denied for now');
    expect(await outbox.drain({ now: t0 })).toMatchObject({ retried: 1 });
    expect(await outbox.drain({ now: later(t0, BACKOFF) })).toMatchObject({ retried: 1 });
    expect(await outbox.drain({ now: later(t0, 3 * BACKOFF) })).toEqual({ sent: 0, retried: 0, failed: 1 });
    const [row] = await rowsTo(list);
    expect([row.state, row.attempts, row.nextAttemptAt]).toEqual(['failed', MAX_ATTEMPTS, null]);
    expect(row.lastError).toContain('Relay access denied for now');

    smtp.refuse(null);
    expect(await outbox.drain({ now: later(t0, 1000 * BACKOFF) })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    expect(received(list)).toEqual([0]);
  });

  it('sends once what a node claimed and never sent, after its lease ends', async () => {
    const list = messages(2);
    const t0 = new Date();
    await outbox.enqueue(list, { now: t0 });
    // A node claims the rows and dies before sending them.
    expect((await outbox.claim({ now: t0 })).map((m) => m.to)).toEqual(list.map((m) => m.to));
    expect(await outbox.drain({ now: later(t0, LEASE - 1) })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await outbox.drain({ now: later(t0, LEASE + 1) })).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(received(list)).toEqual([1, 1]);
    expect((await rowsTo(list)).map((r) => [r.state, r.attempts])).toEqual([
      ['sent', 2],
      ['sent', 2],
    ]);
  });

  it('renders a templated message when it is sent, with the template current then', async () => {
    const [message] = messages(1);
    const templated: OutboxMessage = {
      kind: 'test-greeting',
      to: message.to,
      locale: 'nl',
      variables: { name: 'Anna <b>' },
    };
    outbox.registerTemplate('test-greeting', () => ({ subject: 'old version', text: '', html: '' }));
    await outbox.enqueue([templated]);
    // The site owner corrects the template before the worker comes by: the waiting message uses the new one.
    outbox.registerTemplate('test-greeting', (row) => ({
      subject: `${row.locale === 'nl' ? 'Hallo' : 'Hello'} ${String(row.variables.name)}`,
      text: `Dag ${String(row.variables.name)}`,
      html: '<p>Dag</p>',
    }));
    await outbox.drain();
    expect(smtp.to(message.to).map((m) => [m.subject, m.text])).toEqual([['Hallo Anna <b>', 'Dag Anna <b>']]);

    // A kind nobody can render is a failed attempt with a reason, not a lost message.
    const [unknown] = messages(1);
    await outbox.enqueue([{ kind: 'test-unregistered', to: unknown.to }]);
    expect(await outbox.drain()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const [row] = await rowsTo([unknown]);
    expect(row.lastError).toBe('No template is registered for emails of kind "test-unregistered".');
  });

  it('sends from the worker on its own once started', async () => {
    const list = messages(3);
    await outbox.enqueue(list);
    outbox.startWorker(20);
    try {
      // Waits for a condition, not a time: the hang guard is the test timeout.
      while (received(list).some((count) => count === 0)) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await outbox.stopWorker();
    }
    expect(received(list)).toEqual([1, 1, 1]);
    expect((await rowsTo(list)).map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
  });

  it('claims a period once, and runs a scheduled job once per period from strapi.cron', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => scheduler.claimPeriod('test-claim', '2026-W49'))
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await scheduler.claimPeriod('test-claim', '2026-W50')).toBe(true);

    // A failing job gives its period back with everything it wrote.
    await expect(
      scheduler.runScheduled('test-failing', 'p1', async ({ trx }) => {
        await outbox.enqueue(messages(1), { trx });
        throw new Error('the digest query failed');
      })
    ).rejects.toThrow('the digest query failed');
    expect(await scheduler.runScheduled('test-failing', 'p1', async () => 'second try')).toEqual({
      ran: true,
      result: 'second try',
    });
    expect(await scheduler.runScheduled('test-failing', 'p1', async () => 'third')).toEqual({ ran: false });

    const users = 'plugin::users-permissions.user';
    for (const name of ['ida', 'jan'])
      await strapi.db.query(users).create({
        data: {
          username: `${name}-digest`,
          email: `${name}${DIGEST_DOMAIN}`,
          provider: 'local',
          confirmed: true,
        },
      });
    const periods: string[] = [];
    scheduleTestDigest(strapi, (period: string) => periods.push(period));
    expect(strapi.cron.jobs.map((job) => job.name)).toContain(`groups:${DIGEST_JOB}`);
    await Promise.all([invokeTestDigest(strapi), invokeTestDigest(strapi), invokeTestDigest(strapi)]);
    expect(periods).toHaveLength(1);
    expect(periods[0]).toMatch(/^\d{4}-W\d{2}$/);
    await outbox.drain();
    expect(smtp.to(`ida${DIGEST_DOMAIN}`)).toHaveLength(1);
    expect(smtp.to(`jan${DIGEST_DOMAIN}`)).toHaveLength(1);
  });

  (onPostgres ? it : it.skip)(
    'two Strapi processes draining one outbox and running one cron job: each email once (PostgreSQL only: SQLite has one writer, so a site on SQLite runs one node)',
    async () => {
      const node = forkSecondNode();
      const call = node.call;
      try {
        await node.ready;
        // An earlier test left this week's digest claimed; this run starts from an unclaimed period.
        const users = 'plugin::users-permissions.user';
        for (let i = 0; i < 8; i += 1)
          await strapi.db.query(users).create({
            data: {
              username: `two-${i}`,
              email: `two-${i}${DIGEST_DOMAIN}`,
              provider: 'local',
              confirmed: true,
            },
          });
        const claims = strapi.db.metadata.get('plugin::groups.period-claim').tableName;
        await strapi.db.connection(claims).where('job', DIGEST_JOB).delete();

        // Both nodes write the same 40 decisions (as two nodes reacting to one event would), then both
        // send with their workers and with explicit drains, and both fire the cron job three times.
        const decisions = messages(40).map((m, i) => ({ ...m, dedupeKey: `decision:${serial}:${i}` }));
        await Promise.all([outbox.enqueue(decisions), call('enqueue', { messages: decisions })]);
        const periods: string[] = [];
        scheduleTestDigest(strapi, (period: string) => periods.push(period));
        outbox.startWorker(20);
        await call('startWorker', { intervalMs: 20 });
        await Promise.all([
          outbox.drain(),
          call('drain'),
          invokeTestDigest(strapi),
          call('invokeJob'),
          outbox.drain(),
          invokeTestDigest(strapi),
          call('invokeJob'),
          call('drain'),
          invokeTestDigest(strapi),
          call('invokeJob'),
        ]);
        await Promise.all([outbox.drain(), call('drain')]);
        await Promise.all([outbox.stopWorker(), call('stopWorker')]);
        await outbox.drain();

        const theirPeriods = await call<string[]>('periodsRun');
        expect(periods.length + theirPeriods.length).toBe(1);
        const ours = (await outbox.list()).filter(
          (row) => decisions.some((m) => m.to === row.to) || row.to.endsWith(DIGEST_DOMAIN)
        );
        const digestUsers = await strapi.db
          .query('plugin::users-permissions.user')
          .count({ where: { email: { $endsWith: DIGEST_DOMAIN } } });
        expect(ours).toHaveLength(40 + digestUsers);
        expect(ours.filter((row) => row.state !== 'sent')).toEqual([]);
        expect(received(decisions)).toEqual(decisions.map(() => 1));
        const digestCounts = Array.from({ length: 8 }, (_, i) => smtp.to(`two-${i}${DIGEST_DOMAIN}`).length);
        expect(digestCounts).toEqual(Array(8).fill(1));
        // Whoever had this week's digest already (an earlier test) is not sent a second one: its dedupe key.
        expect(smtp.messages).toHaveLength(40 + 8);
      } finally {
        await node.stop();
      }
    }
  );

  (onPostgres ? it : it.skip)(
    'two Strapi processes sending and retrying one manager message: each member gets it once (PostgreSQL only)',
    async () => {
      const node = forkSecondNode();
      const call = node.call;
      const messages = strapi.plugin('groups').service('member-messages') as MemberMessagesService;
      try {
        await node.ready;
        const created = await createGroup(strapi, 'Two nodes class');
        const group = { id: created.id, documentId: created.documentId, name: created.name };
        const learners: Array<{ documentId: string; email: string }> = [];
        for (let i = 0; i < 30; i += 1)
          learners.push(
            await strapi.db.query('plugin::users-permissions.user').create({
              data: {
                username: `mm-${i}`,
                email: `mm-${i}@two-nodes.test`,
                provider: 'local',
                confirmed: true,
              },
              select: ['documentId', 'email'],
            })
          );
        await strapi.documents('plugin::groups.group').update({
          documentId: group.documentId,
          data: { members: learners.map((l) => l.documentId) } as never,
        });
        const actor = {
          id: (await createAdminUser(strapi, 'two-nodes@test.local', ['strapi-super-admin'])).id,
        };
        const body = (subject: string) => ({ subject, body: 'x', recipients: { kind: 'all' as const } });

        // Every email of the first message fails: the retry is what the two nodes race for.
        smtp.refuse('Mailbox unavailable');
        const first = await messages.send(group, actor, body('First'));
        expect(first).toMatchObject({ recipients: 30, sent: 0, failed: 30 });
        smtp.refuse(null);

        // Both nodes' workers run while each node retries the first message and node two sends a second.
        outbox.startWorker(20);
        await call('startWorker', { intervalMs: 20 });
        const [mine, theirs, second] = await Promise.all([
          messages.retry(group, actor, first.messageId),
          call<Awaited<ReturnType<MemberMessagesService['retry']>>>('service', {
            name: 'member-messages',
            method: 'retry',
            args: [group, actor, first.messageId],
          }),
          call<Awaited<ReturnType<MemberMessagesService['send']>>>('service', {
            name: 'member-messages',
            method: 'send',
            args: [group, actor, body('Second')],
          }),
          outbox.drain(),
          call('drain'),
        ]);
        await Promise.all([outbox.stopWorker(), call('stopWorker')]);
        await Promise.all([outbox.drain(), call('drain')]);

        // One retry reset the 30 rows (the sender's row lock orders them), the other found none failed.
        expect([mine.recipients, theirs.recipients].sort((a, b) => a - b)).toEqual([0, 30]);
        expect(mine.sent + mine.queued + theirs.sent + theirs.queued).toBe(30);
        expect(second.sent + second.queued).toBe(30);
        for (const messageId of [first.messageId, second.messageId]) {
          const rows = await outbox.list({ batchKey: `member-message:${messageId}` });
          expect(rows.filter((row) => row.state !== 'sent')).toEqual([]);
          expect(rows).toHaveLength(30);
        }
        for (const learner of learners) {
          expect(
            smtp
              .to(learner.email)
              .map((mail) => mail.subject)
              .sort()
          ).toEqual(['First', 'Second']);
        }
      } finally {
        await node.stop();
      }
    }
  );
});
