/**
 * Where people outside the admin reach this Strapi, for links in emails (the opt-out link). A site sets
 * `url` in config/server (e.g. `https://lms.example.com`); Strapi's own `server.absoluteUrl` without it is
 * the listening host and port (`http://0.0.0.0:1337` in production), which no recipient can open. So when
 * `url` is not a full address, the origin of the request that wrote the email's outbox row stands in (a
 * learner's request alerts managers), and only a row written without a request (a reminder, a digest from
 * the cron) falls back to `server.absoluteUrl`.
 */
import type { Core } from '@strapi/strapi';

const trim = (url: string) => url.replace(/\/+$/, '');

/** `server.url` when the site set a full address, else null. */
export const configuredPublicUrl = (strapi: Core.Strapi): string | null => {
  const url = String(strapi.config.get('server.url') ?? '');
  return /^https?:\/\//i.test(url) ? trim(url) : null;
};

/**
 * The origin of the request being served, to keep in a row written now; null when the site set its URL
 * (it applies when the row is sent) or outside a request.
 */
export const requestOrigin = (strapi: Core.Strapi): string | null => {
  if (configuredPublicUrl(strapi)) return null;
  const ctx = strapi.requestContext.get() as { origin?: unknown } | undefined;
  return typeof ctx?.origin === 'string' && /^https?:\/\/[^/\s]+$/i.test(ctx.origin) ? ctx.origin : null;
};

/** The address a link in an email starts with: the site's URL, else the writing request's origin, else Strapi's. */
export const publicUrl = (strapi: Core.Strapi, writtenFrom?: string | null): string =>
  configuredPublicUrl(strapi) ??
  (writtenFrom ? trim(writtenFrom) : trim(String(strapi.config.get('server.absoluteUrl') ?? '')));

/**
 * The admin panel's address for links in emails: `admin.url` when the site serves the admin on an address
 * of its own, else the public address above with the admin's path (`/admin` by default).
 */
export const adminUrl = (strapi: Core.Strapi, writtenFrom?: string | null): string => {
  const url = String(strapi.config.get('admin.url') ?? '/admin');
  if (/^https?:\/\//i.test(url)) return trim(url);
  return `${publicUrl(strapi, writtenFrom)}${trim(url.startsWith('/') ? url : `/${url}`)}`;
};
