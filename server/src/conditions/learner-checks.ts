import type { Core } from '@strapi/strapi';
import { LEARNER_UID } from '../constants';

/**
 * Paths whose handlers never check a loaded users-permissions user against the learner condition in memory:
 * Strapi's admin routes (the admin's own account, roles, permissions), the plugin's admin API, and the
 * Content Manager's routes for the other types (their checks run on that type's records; a learner they
 * show comes from SQL, where the membership filter is the same rows). Any other path, or one naming the
 * learner type, gets the member ids.
 */
const MEMBERSHIP_PATHS = [/^\/admin\//, /^\/groups(\/|\?|$)/, /^\/content-manager\//];

const decoded = (url: string): string | null => {
  try {
    return decodeURIComponent(url);
  } catch {
    return null;
  }
};

/**
 * The current request's path and URL (query string included), decoded; `null` outside a request or when
 * either does not decode, which every caller reads as "an unknown path".
 */
export const requestPaths = (strapi: Core.Strapi): { path: string; url: string } | null => {
  const request = strapi.requestContext.get() as { path?: string; url?: string } | undefined;
  const path = request?.path ? decoded(request.path) : null;
  const url = request?.url ? decoded(request.url) : path;
  return path && url ? { path, url } : null;
};

/**
 * Whether the current request may check a user record in memory against the learner condition. That
 * check needs the member ids (the record is loaded without its groups: the users-permissions Content
 * Manager controller, the Content Manager's checks on a user, MCP); everywhere else the condition states
 * the membership itself and no request reads the ids of every member of the manager's groups.
 * Fails towards the ids: a request without a context, or with a URL that does not decode, gets them.
 */
export const mayCheckLearnersInMemory = (strapi: Core.Strapi): boolean => {
  const paths = requestPaths(strapi);
  if (!paths) return true;
  if (paths.url.includes(LEARNER_UID)) return true;
  return !MEMBERSHIP_PATHS.some((pattern) => pattern.test(paths.path));
};
