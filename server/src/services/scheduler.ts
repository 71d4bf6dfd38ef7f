/**
 * Scheduled work (reminders, digests) that runs once per period however many Strapi nodes share the
 * database. Every node registers the same jobs with `strapi.cron`, which runs them on every node; each run
 * first claims its period (a row with a unique job + period key, `INSERT … ON CONFLICT DO NOTHING`) and only
 * the node whose insert landed runs the job.
 *
 * The claim and the job share one transaction: a job that fails, or a node that dies mid-run, rolls its
 * claim back with everything it wrote, and the next tick (on any node) runs the period again. Schedule a
 * job more often than its period (hourly for a daily digest) so a missed or failed tick is caught up; the
 * first successful run of the period claims it and later ticks see it taken.
 */
import { randomUUID } from 'crypto';
import type { Core } from '@strapi/strapi';
import { periodKey, type PeriodUnit } from '../../../common/domain/outbox';
import { columnOf, currentDb, tableIn, tableOf, type Db } from '../utils/tables';

export const PERIOD_CLAIM_UID = 'plugin::groups.period-claim' as const;

export interface ScheduledJob<T = unknown> {
  /** A cron rule as `strapi.cron` takes it, e.g. `0 0 * * * *` (every hour, on the hour). */
  rule: string;
  /** The period a run belongs to, taken in `timeZone`. */
  unit: PeriodUnit;
  timeZone?: string;
  /** The work of one period; everything it writes through `trx` commits with the claim or not at all. */
  run: (context: { trx: Db; period: string }) => Promise<T>;
}

const cronName = (job: string) => `groups:${job}`;

const schedulerService = ({ strapi }: { strapi: Core.Strapi }) => {
  const scheduled = new Set<string>();
  const names = () => ({
    table: tableOf(strapi, PERIOD_CLAIM_UID),
    job: columnOf(strapi, PERIOD_CLAIM_UID, 'job'),
    period: columnOf(strapi, PERIOD_CLAIM_UID, 'period'),
    token: columnOf(strapi, PERIOD_CLAIM_UID, 'claimToken'),
    documentId: columnOf(strapi, PERIOD_CLAIM_UID, 'documentId'),
    createdAt: columnOf(strapi, PERIOD_CLAIM_UID, 'createdAt'),
    updatedAt: columnOf(strapi, PERIOD_CLAIM_UID, 'updatedAt'),
  });

  const service = {
    /**
     * True on exactly one caller per (job, period), across nodes. Inside a transaction the claim holds
     * only if that transaction commits; a concurrent claimer on PostgreSQL waits for it to end.
     */
    async claimPeriod(job: string, period: string, options: { trx?: Db } = {}): Promise<boolean> {
      const n = names();
      const db = options.trx ?? (await currentDb(strapi));
      const token = randomUUID();
      const now = new Date();
      await tableIn(strapi, db, n.table)
        .insert({
          [n.documentId]: randomUUID(),
          [n.job]: job,
          [n.period]: period,
          [n.token]: token,
          [n.createdAt]: now,
          [n.updatedAt]: now,
        })
        .onConflict([n.job, n.period])
        .ignore();
      // Whose insert landed: knex reports inserted rows differently on each database, a token does not.
      const row = await tableIn(strapi, db, n.table).first(n.token).where(n.job, job).where(n.period, period);
      return (row as Record<string, string> | undefined)?.[n.token] === token;
    },

    /** Claims the period and runs `run` in the claim's transaction; `ran` is false where another node had it. */
    async runScheduled<T>(
      job: string,
      period: string,
      run: ScheduledJob<T>['run']
    ): Promise<{ ran: false } | { ran: true; result: T }> {
      return strapi.db.transaction(async ({ trx }: { trx: Db }) => {
        if (!(await service.claimPeriod(job, period, { trx }))) return { ran: false as const };
        return { ran: true as const, result: await run({ trx, period }) };
      });
    },

    /**
     * Registers a job with `strapi.cron` on this node (call it on every node, from bootstrap). Jobs added this
     * way run whether or not `server.cron.enabled` is set: that option only loads `server.cron.tasks`.
     */
    schedule<T>(job: string, definition: ScheduledJob<T>) {
      const name = cronName(job);
      strapi.cron.remove(name);
      strapi.cron.add({
        [name]: {
          task: async (_context: unknown, ...args: unknown[]) => {
            // The rule's own fire time, the same on every node, decides the period.
            const fireDate = args[0] instanceof Date ? args[0] : new Date();
            const period = periodKey(definition.unit, fireDate, definition.timeZone);
            await service.runScheduled(job, period, definition.run);
          },
          options: { rule: definition.rule, ...(definition.timeZone ? { tz: definition.timeZone } : {}) },
        },
      });
      scheduled.add(name);
    },

    unscheduleAll() {
      for (const name of scheduled) strapi.cron.remove(name);
      scheduled.clear();
    },
  };
  return service;
};

export type SchedulerService = ReturnType<typeof schedulerService>;
export default schedulerService;
