import type { Core } from '@strapi/strapi';
import { withMessageKey } from '../utils/messages';

type Next = () => Promise<unknown>;

/**
 * Every error answer whose sentence is in the message catalogue carries its key and values, wherever it was
 * thrown (a service, a domain rule, a document middleware under the Content Manager). It runs inside
 * Strapi's error middleware, as a middleware of the admin and Content API routers.
 */
export const messageKeys = async (_ctx: unknown, next: Next) => {
  try {
    await next();
  } catch (error) {
    withMessageKey(error);
    throw error;
  }
};

export const registerMessageKeys = (strapi: Core.Strapi) => {
  strapi.server.api('admin').use(messageKeys as never);
  strapi.server.api('content-api').use(messageKeys as never);
};
