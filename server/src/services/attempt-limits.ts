/**
 * Attempts counted in the database, so a limit holds however many Strapi nodes answer: one row per key
 * (`user:12`, `address:203.0.113.9`) and fixed window, raised by one atomic upsert
 * (`INSERT … ON CONFLICT (counter_key, period) DO UPDATE SET attempts = attempts + 1`). Two nodes counting
 * the same key at once both land on the same row; neither can lose the other's attempt.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { attemptPeriod } from '../../../common/domain/join-codes';
import { columnOf, tableIn, tableOf, type Db } from '../utils/tables';

const COUNTER_UID = 'plugin::groups.attempt-counter';

export interface AttemptLimit {
  key: string;
  max: number;
}

const attemptLimitsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const col = () => ({
    key: columnOf(strapi, COUNTER_UID, 'counterKey'),
    period: columnOf(strapi, COUNTER_UID, 'period'),
    attempts: columnOf(strapi, COUNTER_UID, 'attempts'),
    createdAt: columnOf(strapi, COUNTER_UID, 'createdAt'),
    updatedAt: columnOf(strapi, COUNTER_UID, 'updatedAt'),
  });
  const table = (db: Db) => tableIn(strapi, db, tableOf(strapi, COUNTER_UID));
  const db = () => strapi.db.connection as unknown as Db;

  return {
    /**
     * Counts one attempt against every limit, then refuses (429) when any of them is past its maximum.
     * Every attempt counts, right or wrong: a limit on failures only would let a guesser learn which
     * attempt succeeded from the count.
     */
    async count(limits: readonly AttemptLimit[], windowMinutes: number, now = new Date()): Promise<void> {
      const c = col();
      const period = attemptPeriod(now, windowMinutes);
      const tableName = tableOf(strapi, COUNTER_UID);
      let refused = false;
      for (const limit of limits) {
        await table(db())
          .insert({
            [c.key]: limit.key,
            [c.period]: period,
            [c.attempts]: 1,
            [c.createdAt]: now,
            [c.updatedAt]: now,
          })
          .onConflict([c.key, c.period])
          .merge({ [c.attempts]: db().raw('??.?? + 1', [tableName, c.attempts]), [c.updatedAt]: now });
        const row = (await table(db())
          .select(c.attempts)
          .where({ [c.key]: limit.key, [c.period]: period })
          .first()) as Record<string, unknown> | undefined;
        if (Number(row?.[c.attempts] ?? 0) > limit.max) refused = true;
      }
      // Past windows count for nothing: dropping them keeps the table at one window's keys.
      await table(db()).where(c.period, '<', period).delete();
      if (refused) {
        throw new errors.RateLimitError(`Too many attempts: try again in ${windowMinutes} minutes.`);
      }
    },
  };
};

export type AttemptLimitsService = ReturnType<typeof attemptLimitsService>;
export default attemptLimitsService;
