/**
 * Boots the playground's Strapi in this process on the database the environment names (DATABASE_CLIENT,
 * DATABASE_FILENAME / DATABASE_NAME) and listens on a free port of 127.0.0.1.
 */
import path from 'path';
import type { Core } from '@strapi/strapi';

export const ROOT = path.resolve(__dirname, '..', '..');
export const PLAYGROUND = path.join(ROOT, 'playground');

export const bootPlayground = async (): Promise<Core.Strapi> => {
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  process.env.STRAPI_DISABLE_REMOTE_DATA_TRANSFER = 'true';
  process.env.NODE_ENV = 'test';
  process.env.STRAPI_LOG_LEVEL = process.env.STRAPI_LOG_LEVEL ?? 'error';
  // No email worker: the bulk approvals queue decision emails, and on SQLite's one connection the worker
  // retrying them (there is no mail server) would sit between every measured request.
  process.env.GROUPS_WORKER_INTERVAL_MS = process.env.GROUPS_WORKER_INTERVAL_MS ?? '0';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { compileStrapi, createStrapi } = require('@strapi/strapi');
  const appContext = await compileStrapi({ appDir: PLAYGROUND, ignoreDiagnostics: true });
  const strapi = (await createStrapi({
    ...appContext,
    autoReload: false,
    serveAdminPanel: false,
  }).load()) as Core.Strapi;
  strapi.server.mount();
  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  return strapi;
};
