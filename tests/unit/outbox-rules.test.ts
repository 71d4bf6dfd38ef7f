import { MAX_RETRY_DELAY_MS, afterFailure, periodKey, retryDelay } from '../../common/domain/outbox';
import { defaultConfig, describeConfigError, pluginConfigSchema } from '../../server/src/config';

const MINUTE = 60_000;

describe('outbox retries', () => {
  it.each([
    [1, MINUTE],
    [2, 2 * MINUTE],
    [3, 4 * MINUTE],
    [10, 512 * MINUTE],
    [11, 1024 * MINUTE],
    [12, MAX_RETRY_DELAY_MS],
    [1000, MAX_RETRY_DELAY_MS],
  ])('waits after attempt %i: %i ms', (attempts, delay) => {
    expect(retryDelay(attempts, MINUTE)).toBe(delay);
  });

  it('retries until the last attempt, then gives up', () => {
    const now = new Date('2026-11-30T12:00:00.000Z');
    const rules = { maxAttempts: 3, backoffBaseMs: MINUTE };
    expect(afterFailure(1, now, rules)).toEqual({
      state: 'pending',
      nextAttemptAt: new Date('2026-11-30T12:01:00.000Z'),
    });
    expect(afterFailure(2, now, rules)).toEqual({
      state: 'pending',
      nextAttemptAt: new Date('2026-11-30T12:02:00.000Z'),
    });
    expect(afterFailure(3, now, rules)).toEqual({ state: 'failed', nextAttemptAt: null });
    // A lease that ran out counts as an attempt too, so attempts may pass the maximum.
    expect(afterFailure(4, now, rules)).toEqual({ state: 'failed', nextAttemptAt: null });
  });
});

describe('periodKey', () => {
  it.each([
    ['day', '2026-11-30T12:00:00.000Z', 'UTC', '2026-11-30'],
    ['day', '2026-11-30T23:30:00.000Z', 'Europe/Amsterdam', '2026-12-01'],
    ['day', '2026-11-30T09:00:00.000Z', 'Pacific/Kiritimati', '2026-11-30'],
    ['day', '2026-11-30T10:00:00.000Z', 'Pacific/Kiritimati', '2026-12-01'],
    ['week', '2026-11-30T00:00:00.000Z', 'UTC', '2026-W49'],
    ['week', '2026-12-06T23:59:59.999Z', 'UTC', '2026-W49'],
    ['week', '2026-12-06T23:30:00.000Z', 'Europe/Amsterdam', '2026-W50'],
    // ISO years: 1 January 2027 is a Friday, in the last week of 2026; 31 December 2024 is in 2025-W01.
    ['week', '2027-01-01T12:00:00.000Z', 'UTC', '2026-W53'],
    ['week', '2024-12-31T12:00:00.000Z', 'UTC', '2025-W01'],
    ['week', '2026-01-01T12:00:00.000Z', 'UTC', '2026-W01'],
  ] as const)('%s of %s in %s is %s', (unit, instant, timeZone, key) => {
    expect(periodKey(unit, new Date(instant), timeZone)).toBe(key);
  });
});

describe('plugin config: emailDelivery', () => {
  const problemWith = (emailDelivery: unknown) => {
    const result = pluginConfigSchema.safeParse({ ...defaultConfig, emailDelivery });
    return result.success ? null : describeConfigError(result.error);
  };

  it('accepts the defaults and refuses a bad value or an unknown option by name', () => {
    expect(problemWith(defaultConfig.emailDelivery)).toBeNull();
    expect(problemWith({ ...defaultConfig.emailDelivery, workerIntervalMs: 0 })).toBeNull();
    expect(problemWith({ ...defaultConfig.emailDelivery, batchSize: 0 })).toMatch(
      /^config\/plugins groups\.config\.emailDelivery\.batchSize: /
    );
    expect(problemWith({ ...defaultConfig.emailDelivery, maxAttempts: 1.5 })).toMatch(
      /emailDelivery\.maxAttempts: /
    );
    expect(problemWith({ ...defaultConfig.emailDelivery, retries: 3 })).toMatch(/emailDelivery: .*retries/);
  });
});
