/** Boot-time validation of the plugin config: a wrong setting stops Strapi with a sentence that says what to fix. */
import { bootStrapi } from '../helpers/strapi';

const base = { courseContentType: 'api::course.course' };

describe('plugin config validation (real Strapi boot)', () => {
  it('refuses a course type that does not exist', async () => {
    await expect(
      bootStrapi({ pluginConfig: { ...base, courseContentType: 'api::lesson.lesson' } })
    ).rejects.toThrow(
      /course content type "api::lesson.lesson" does not exist.*courseContentType.*api::course\.course/
    );
  });

  it('refuses a malformed course type uid', async () => {
    await expect(bootStrapi({ pluginConfig: { courseContentType: 'course' } })).rejects.toThrow(
      /courseContentType must be a content type uid/
    );
  });

  it('refuses a flag threshold out of range', async () => {
    await expect(
      bootStrapi({ pluginConfig: { ...base, flagThresholds: { atRiskMargin: 150 } } })
    ).rejects.toThrow(
      /flagThresholds: atRiskMargin must be a whole number of percentage points from 0 to 100/
    );
  });

  it('fills the flag thresholds a site leaves out from the defaults', async () => {
    const app = await bootStrapi({ pluginConfig: { ...base, flagThresholds: { atRiskMargin: 30 } } });
    try {
      expect(app.strapi.config.get('plugin::groups.flagThresholds')).toEqual({
        dueSoonDays: 7,
        notStartedDays: 7,
        atRiskMargin: 30,
      });
    } finally {
      await app.stop();
    }
  });

  it.each([
    [['department', 'password'], /reportUserFields: "password" is private/],
    [['provider'], /reportUserFields: "provider" is private/],
    [['shoeSize'], /reportUserFields: "shoeSize" is not an attribute of the users-permissions user/],
  ])(
    'refuses report user fields %p that do not exist or may never leave the server',
    async (fields, error) => {
      await expect(bootStrapi({ pluginConfig: { ...base, reportUserFields: fields } })).rejects.toThrow(
        error
      );
    }
  );

  it('accepts a report user field that the site adds in its own register', async () => {
    // The playground's src/index.js adds `locale` in register, which Strapi runs after the plugins' own.
    const app = await bootStrapi({ pluginConfig: { ...base, reportUserFields: ['department', 'locale'] } });
    await app.stop();
  });

  it('refuses an unknown option', async () => {
    await expect(bootStrapi({ pluginConfig: { ...base, courseType: 'api::course.course' } })).rejects.toThrow(
      /unknown option\(s\) courseType/
    );
  });
});
