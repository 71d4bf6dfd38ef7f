import { defaultConfig, describeConfigError, pluginConfigSchema } from '../../server/src/config';
import { DEFAULT_FLAG_THRESHOLDS } from '../../common/domain/enrollment-flags';

const problemWith = (config: unknown) => {
  const result = pluginConfigSchema.safeParse(config);
  return result.success ? null : describeConfigError(result.error);
};

describe('plugin config: flag thresholds', () => {
  it('defaults to the domain thresholds', () => {
    expect(defaultConfig.flagThresholds).toEqual(DEFAULT_FLAG_THRESHOLDS);
    expect(problemWith(defaultConfig)).toBeNull();
    expect(
      problemWith({
        ...defaultConfig,
        flagThresholds: { dueSoonDays: 3, notStartedDays: 14, atRiskMargin: 10 },
      })
    ).toBeNull();
  });

  it.each([
    [
      { ...DEFAULT_FLAG_THRESHOLDS, atRiskMargin: 150 },
      'config/plugins groups.config.flagThresholds: atRiskMargin must be a whole number of percentage points from 0 to 100.',
    ],
    [
      { ...DEFAULT_FLAG_THRESHOLDS, dueSoon: 3 },
      'config/plugins groups.config.flagThresholds: unknown threshold(s) dueSoon; known thresholds are dueSoonDays, notStartedDays, atRiskMargin.',
    ],
    [
      7,
      'config/plugins groups.config.flagThresholds: the thresholds must be an object with dueSoonDays, notStartedDays and atRiskMargin.',
    ],
  ])('refuses %j with a sentence naming the option', (flagThresholds, message) => {
    expect(problemWith({ ...defaultConfig, flagThresholds })).toBe(message);
  });
});

describe('plugin config: default language', () => {
  it('is English unless set to Dutch', () => {
    expect(defaultConfig.defaultLanguage).toBe('en');
    expect(problemWith({ ...defaultConfig, defaultLanguage: 'nl' })).toBeNull();
    expect(problemWith({ ...defaultConfig, defaultLanguage: 'de' })).toMatch(
      /^config\/plugins groups\.config\.defaultLanguage: .*'en' \| 'nl'/
    );
  });
});

describe('plugin config: exports at once', () => {
  const withExports = (exportConcurrency: unknown) => problemWith({ ...defaultConfig, exportConcurrency });

  it('defaults to 3 running, 10 waiting, 30 seconds of wait', () => {
    expect(defaultConfig.exportConcurrency).toEqual({ running: 3, waiting: 10, waitSeconds: 30 });
    expect(withExports({ running: 1, waiting: 0, waitSeconds: 1 })).toBeNull();
    expect(withExports({ running: 50, waiting: 1000, waitSeconds: 600 })).toBeNull();
  });

  it.each([
    [{ running: 0, waiting: 10, waitSeconds: 30 }, 'exportConcurrency.running'],
    [{ running: 2.5, waiting: 10, waitSeconds: 30 }, 'exportConcurrency.running'],
    [{ running: 51, waiting: 10, waitSeconds: 30 }, 'exportConcurrency.running'],
    [{ running: 3, waiting: -1, waitSeconds: 30 }, 'exportConcurrency.waiting'],
    [{ running: 3, waiting: '10', waitSeconds: 30 }, 'exportConcurrency.waiting'],
    [{ running: 3, waiting: 10, waitSeconds: 0 }, 'exportConcurrency.waitSeconds'],
    [{ running: 3, waiting: 10, waitSeconds: 601 }, 'exportConcurrency.waitSeconds'],
    [{ running: 3, waiting: 10 }, 'exportConcurrency.waitSeconds'],
  ])('refuses %j, naming %s', (exportConcurrency, where) => {
    expect(withExports(exportConcurrency)).toMatch(
      new RegExp(`^config/plugins groups\\.config\\.${where}: `)
    );
  });

  it('names an unknown option of it', () => {
    expect(withExports({ running: 3, waiting: 10, waitSeconds: 30, queue: 5 })).toBe(
      'config/plugins groups.config.exportConcurrency: unknown option(s) queue; known options are running, waiting, waitSeconds.'
    );
  });
});
