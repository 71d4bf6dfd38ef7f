import { createHmac, timingSafeEqual } from 'crypto';
import type { Core } from '@strapi/strapi';
import { supportedLanguage, type EmailLanguage } from '../../../common/domain/decision-emails';
import {
  OPT_OUT_TOPICS,
  personTypeOf,
  type OptOutTopic,
  type PersonType,
} from '../../../common/domain/notification-emails';

/**
 * The token of an opt-out link: who (admin user or learner id), what to turn off, and the language of the
 * answer page, signed with an HMAC whose key comes from the site's own secrets (`app.keys`), so a link works
 * without a login and cannot be made for someone else. It does not expire: an unsubscribe link in an old
 * email should still work.
 */
export interface OptOut {
  personType: PersonType;
  personId: number;
  topic: OptOutTopic;
  language: EmailLanguage;
}

const VERSION = 'o1';

const keyOf = (strapi: Core.Strapi): string => {
  const keys = strapi.config.get('server.app.keys') as string[] | string | undefined;
  const secret = Array.isArray(keys) ? keys.join(',') : (keys ?? '');
  if (!secret) throw new Error('[groups] Opt-out links need the app keys of config/server (app.keys).');
  // A key of its own for this purpose, so a signature made here is no signature anywhere else.
  return createHmac('sha256', secret).update('strapi-plugin-groups opt-out').digest('hex');
};

const sign = (strapi: Core.Strapi, payload: string) =>
  createHmac('sha256', keyOf(strapi)).update(payload).digest('base64url');

export const optOutToken = (strapi: Core.Strapi, optOut: OptOut): string => {
  const payload = [VERSION, optOut.personType, optOut.personId, optOut.topic, optOut.language].join('.');
  return `${Buffer.from(payload).toString('base64url')}.${sign(strapi, payload)}`;
};

/** The opt-out a token names, or null when it is malformed or its signature is not ours. */
export const readOptOutToken = (strapi: Core.Strapi, token: string): OptOut | null => {
  const [encoded, signature, ...rest] = token.split('.');
  if (!encoded || !signature || rest.length) return null;
  const payload = Buffer.from(encoded, 'base64url').toString('utf8');
  const expected = Buffer.from(sign(strapi, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const [version, personType, id, topic, language] = payload.split('.');
  const personId = Number(id);
  if (version !== VERSION || !Number.isSafeInteger(personId) || personId <= 0) return null;
  if (!(OPT_OUT_TOPICS as readonly string[]).includes(topic)) return null;
  if (personTypeOf(topic as OptOutTopic) !== personType) return null;
  const lang = supportedLanguage(language);
  if (!lang) return null;
  return { personType: personType as PersonType, personId, topic: topic as OptOutTopic, language: lang };
};
