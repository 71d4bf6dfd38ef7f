import type { Core } from '@strapi/strapi';
import {
  userFieldOf,
  userFieldProblem,
  type UserAttributeSchema,
  type UserField,
  type UserFieldKind,
} from '../../../common/domain/user-fields';
import type { PluginConfig } from '../config';
import { LEARNER_UID } from '../constants';

/**
 * The users-permissions user's attributes as the site's schema (with its extensions) defines them. Read
 * through `contentType(uid)`: `strapi.contentTypes` copies the whole registry on every read, and the report
 * asks on every request.
 */
export const userAttributes = (strapi: Core.Strapi): Record<string, UserAttributeSchema | undefined> =>
  (
    strapi.contentType(LEARNER_UID as Parameters<typeof strapi.contentType>[0]) as unknown as {
      attributes: Record<string, UserAttributeSchema>;
    }
  ).attributes;

/** The user fields of one attribute each, or the sentence naming the first that cannot be used. */
export const resolveUserFields = (
  strapi: Core.Strapi,
  names: readonly string[],
  kinds?: readonly UserFieldKind[]
): { ok: true; fields: UserField[] } | { ok: false; message: string } => {
  const attributes = userAttributes(strapi);
  const fields: UserField[] = [];
  for (const name of names) {
    const attribute = attributes[name];
    const problem = userFieldProblem(name, attribute, kinds);
    if (problem) return { ok: false, message: problem };
    fields.push(userFieldOf(name, attribute!));
  }
  return { ok: true, fields };
};

/** The report's user fields, as the site owner listed them (checked at boot by `checkReportUserFields`). */
export const reportUserFields = (strapi: Core.Strapi): UserField[] => {
  const { reportUserFields: names } = strapi.config.get('plugin::groups') as PluginConfig;
  const resolved = resolveUserFields(strapi, names ?? []);
  return resolved.ok ? resolved.fields : [];
};

/** Refuses to start with a report field that does not exist or may never leave the server. */
export const checkReportUserFields = (strapi: Core.Strapi) => {
  const { reportUserFields: names } = strapi.config.get('plugin::groups') as PluginConfig;
  const resolved = resolveUserFields(strapi, names ?? []);
  if (!resolved.ok) {
    throw new Error(`[groups] config/plugins groups.config.reportUserFields: ${resolved.message}`);
  }
};
