/**
 * Boots the playground's real Strapi in-process, once per test file, on a fresh database: a SQLite file
 * by default, a fresh PostgreSQL database when DATABASE_CLIENT=postgres.
 */
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { createPostgresDatabase } from './postgres';

export const ROOT = path.resolve(__dirname, '..', '..');
export const PLAYGROUND = path.join(ROOT, 'playground');

let dbCounter = 0;

const prepareDatabase = async (): Promise<() => Promise<void>> => {
  const client = process.env.DATABASE_CLIENT ?? 'sqlite';
  const tag = `${process.pid}_${Date.now().toString(36)}_${dbCounter++}`;
  if (client === 'postgres') {
    const name = `groups_test_${tag}`;
    const dropDatabase = await createPostgresDatabase(name);
    process.env.DATABASE_NAME = name;
    return dropDatabase;
  }
  const file = path.join('.tmp', `test-${tag}.db`);
  fs.mkdirSync(path.join(PLAYGROUND, '.tmp'), { recursive: true });
  process.env.DATABASE_FILENAME = file;
  return async () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      fs.rmSync(path.join(PLAYGROUND, file + suffix), { force: true });
    }
  };
};

export interface BootOptions {
  /** Extra or replaced plugin config, to test config validation. */
  pluginConfig?: Record<string, unknown>;
}

export interface TestStrapi {
  strapi: Core.Strapi;
  server: import('http').Server;
  stop: () => Promise<void>;
  /** Stops this Strapi and boots a new one on the same database (as a redeploy would). */
  restart: () => Promise<TestStrapi>;
}

export const bootStrapi = async (options: BootOptions = {}): Promise<TestStrapi> => {
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  process.env.STRAPI_DISABLE_REMOTE_DATA_TRANSFER = 'true';
  process.env.NODE_ENV = 'test';
  process.env.STRAPI_LOG_LEVEL = process.env.STRAPI_LOG_LEVEL ?? 'warn';
  // Reminders and digests do not tick on their own beside a test (an hourly tick would add mail to what a
  // test counts); tests run the jobs themselves.
  process.env.GROUPS_NOTIFICATION_CRON = process.env.GROUPS_NOTIFICATION_CRON ?? '0 0 0 1 1 *';
  process.env.GROUPS_TEST_CONFIG = options.pluginConfig
    ? JSON.stringify({
        notifications: { cronRule: process.env.GROUPS_NOTIFICATION_CRON },
        ...options.pluginConfig,
      })
    : '';
  // No email worker polling beside the test (nothing listens for its mail; a test that sends drains itself).
  process.env.GROUPS_WORKER_INTERVAL_MS = process.env.GROUPS_WORKER_INTERVAL_MS ?? '0';
  // No user field columns in reports unless a test lists them: the export's columns stay the plugin's own.
  process.env.GROUPS_REPORT_USER_FIELDS = process.env.GROUPS_REPORT_USER_FIELDS ?? '';
  return bootOn(await prepareDatabase());
};

const bootOn = async (dropDatabase: () => Promise<void>): Promise<TestStrapi> => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { compileStrapi, createStrapi } = require('@strapi/strapi');
  let strapi: Core.Strapi | undefined;
  try {
    const appContext = await compileStrapi({ appDir: PLAYGROUND, ignoreDiagnostics: true });
    // Held before load: a boot that fails half-way (in a plugin's bootstrap) is destroyed too, so its
    // database connection and Strapi's process-wide registries do not outlive it into the next boot.
    strapi = createStrapi({ ...appContext, autoReload: false, serveAdminPanel: false }) as Core.Strapi;
    await strapi.load();
    strapi.server.mount();
  } catch (error) {
    if (strapi) await strapi.destroy().catch(() => undefined);
    await dropDatabase().catch(() => undefined);
    throw error;
  }
  const booted = strapi;
  return {
    strapi: booted,
    server: booted.server.httpServer,
    async stop() {
      booted.server.httpServer.close();
      await booted.destroy();
      await dropDatabase();
    },
    async restart() {
      booted.server.httpServer.close();
      await booted.destroy();
      return bootOn(dropDatabase);
    },
  };
};
