/**
 * Rules of email delivery from the outbox: when a failed send is tried again, when it is given up, and which
 * period a scheduled job's run belongs to. Plain values in and out; the clock is always passed in.
 */

export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed';

/** The longest wait between two attempts, whatever the backoff base: a day. */
export const MAX_RETRY_DELAY_MS = 24 * 60 * 60 * 1000;

/**
 * The wait before the next attempt after `attempts` failed ones: base, 2×base, 4×base… up to a day. Without
 * jitter: nodes claim rows one by one, so retries of many rows do not arrive at a provider together anyway.
 */
export const retryDelay = (attempts: number, backoffBaseMs: number): number =>
  Math.min(MAX_RETRY_DELAY_MS, backoffBaseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));

export type AfterFailure =
  { state: 'pending'; nextAttemptAt: Date } | { state: 'failed'; nextAttemptAt: null };

/** What becomes of a row whose `attempts`-th attempt (counted from 1) just failed. */
export const afterFailure = (
  attempts: number,
  now: Date,
  { maxAttempts, backoffBaseMs }: { maxAttempts: number; backoffBaseMs: number }
): AfterFailure =>
  attempts >= maxAttempts
    ? { state: 'failed', nextAttemptAt: null }
    : { state: 'pending', nextAttemptAt: new Date(now.getTime() + retryDelay(attempts, backoffBaseMs)) };

export type PeriodUnit = 'day' | 'week';

const localDate = (instant: Date, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: part('year'), month: part('month'), day: part('day') };
};

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * The period an instant falls in where the job's audience lives: `2026-11-30` for a day, `2026-W49` for an
 * ISO week (Monday to Sunday; the first week holds the year's first Thursday). Every node computes the same
 * key for one run, which is what makes a period claim unique across nodes.
 */
export const periodKey = (unit: PeriodUnit, instant: Date, timeZone = 'UTC'): string => {
  const { year, month, day } = localDate(instant, timeZone);
  if (unit === 'day') return `${year}-${pad(month)}-${pad(day)}`;
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  // The Thursday of this ISO week decides its year and number.
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const isoYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(isoYear, 0, 1)) / 86400000 + 1) / 7);
  return `${isoYear}-W${pad(week)}`;
};
