import type { Core } from '@strapi/strapi';
import { LEARNER_UID } from '../constants';
import { chunk } from './tables';

/** The attribute a site may keep on its users for their language (read only when the site has one). */
export const LOCALE_ATTRIBUTE = 'locale';

export const learnersHaveLocale = (strapi: Core.Strapi) =>
  Boolean(strapi.getModel(LEARNER_UID)?.attributes?.[LOCALE_ATTRIBUTE]);

/**
 * Each learner's stored locale by lowercased email, for the emails given; empty when the site keeps no
 * locale on its users (every email then goes out in the default language).
 */
export const localesByEmail = async (
  strapi: Core.Strapi,
  emails: readonly string[]
): Promise<Map<string, string | null>> => {
  const found = new Map<string, string | null>();
  if (!learnersHaveLocale(strapi) || emails.length === 0) return found;
  for (const part of chunk([...new Set(emails)])) {
    const rows = await strapi.db.query(LEARNER_UID).findMany({
      where: { email: { $in: part } },
      select: ['email', LOCALE_ATTRIBUTE],
    });
    for (const row of rows) {
      const locale = row[LOCALE_ATTRIBUTE];
      found.set(String(row.email).toLowerCase(), typeof locale === 'string' ? locale : null);
    }
  }
  return found;
};
