/**
 * The options a site owner may change in Settings → Groups while the site runs. Every reader of these options
 * goes through `current()`; the config file (config/plugins) gives the defaults and the plugin store holds
 * only the values set in Settings, so a default changed in the config file applies wherever it is not
 * overridden.
 *
 * `current()` is synchronous (it is read inside SQL builders and seat rules) and answers from memory, never
 * with a query of its own (a request's statements stay the same whatever the clock). The node that saves
 * applies the change at once; every node re-reads the store (and the email templates) every REFRESH_MS on a
 * timer, so on several nodes a change applies everywhere within a few seconds. The timer runs where the email
 * worker runs: a node with `emailDelivery.workerIntervalMs: 0` does no background work (the API tests).
 */
import type { Core } from '@strapi/strapi';
import {
  SETTING_KEYS,
  settingsOverridesSchema,
  type GroupsSettings,
  type SettingsOverrides,
  type SettingsView,
} from '../../../common/contracts/settings';
import type { FlagThresholds } from '../../../common/domain/enrollment-flags';
import type { PluginConfig } from '../config';
import { PLUGIN_ID } from '../constants';
import { getService } from '../utils/get-service';
import { tableIn, tableOf, type Db } from '../utils/tables';

const CORE_STORE_UID = 'strapi::core-store';

export const REFRESH_MS = 5000;
const STORE_KEY = 'settings';

export const settingsFromConfig = (config: PluginConfig): GroupsSettings => ({
  strictSeatLimit: config.strictSeatLimit,
  messagesPerHour: config.messagesPerHour,
  invitationUrl: config.invitationUrl,
  defaultLanguage: config.defaultLanguage,
  ...config.flagThresholds,
  courseEditRule: config.courseEditRule,
  defaultEnrollmentPolicy: config.defaultEnrollmentPolicy,
});

const settingsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: STORE_KEY });
  const defaults = () => settingsFromConfig(strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig);
  let overrides: SettingsOverrides = {};
  let loading: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let readAt = 0;

  /**
   * What the store holds, keeping only keys and values that are still valid (an upgrade may drop one). Read
   * on the root connection: a refresh started inside a request's transaction must not join it (it may
   * outlive it), and on SQLite it simply waits for the transaction to end.
   */
  const readStore = async (): Promise<SettingsOverrides> => {
    const row = await tableIn(strapi, strapi.db.connection as Db, tableOf(strapi, CORE_STORE_UID))
      .select('value')
      .where({ key: `plugin_${PLUGIN_ID}_${STORE_KEY}` })
      .whereNull('environment')
      .whereNull('tag')
      .first();
    const stored = (row?.value ? JSON.parse(row.value) : {}) as Record<string, unknown>;
    const valid: Record<string, unknown> = {};
    for (const key of SETTING_KEYS) {
      if (!(key in stored)) continue;
      const one = settingsOverridesSchema.safeParse({ [key]: stored[key] });
      if (one.success) valid[key] = stored[key];
      else
        strapi.log.warn(
          `[groups] Settings: the saved ${key} is no longer valid; the config file's value applies.`
        );
    }
    return valid as SettingsOverrides;
  };

  const refresh = () => {
    loading ??= readStore()
      .then((read) => {
        overrides = read;
        readAt = Date.now();
      })
      .catch((error) => {
        strapi.log.warn(`[groups] Settings could not be read: ${(error as Error).message}`);
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  };

  return {
    /** Reads the store once, at bootstrap, before any request. */
    async load() {
      await refresh();
    },

    /** Re-reads the options and the templates every REFRESH_MS, so a change saved on another node applies here. */
    startRefresh() {
      const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
      if (timer || config.emailDelivery.workerIntervalMs === 0) return;
      timer = setInterval(() => {
        void refresh();
        void getService(strapi, 'email-templates').reload();
      }, REFRESH_MS);
      timer.unref();
    },

    stopRefresh() {
      if (timer) clearInterval(timer);
      timer = null;
    },

    /**
     * The options as they apply now. A node without the refresh timer (its email worker is off, e.g. a web
     * node beside a worker node) re-reads them, and the templates, in the background once they are older
     * than REFRESH_MS, so a change saved on another node reaches it within a request or two.
     */
    current(): GroupsSettings {
      if (!timer && readAt > 0 && Date.now() - readAt > REFRESH_MS && !loading) {
        readAt = Date.now();
        void refresh();
        void getService(strapi, 'email-templates').reload();
      }
      return { ...defaults(), ...overrides };
    },

    flagThresholds(): FlagThresholds {
      const { dueSoonDays, notStartedDays, atRiskMargin } = this.current();
      return { dueSoonDays, notStartedDays, atRiskMargin };
    },

    async view(): Promise<SettingsView> {
      await refresh();
      const overridden = SETTING_KEYS.filter((key) => key in overrides);
      return { values: this.current(), defaults: defaults(), overridden };
    },

    /** Replaces the saved overrides (already checked by the contract) and applies them on this node at once. */
    async save(next: SettingsOverrides): Promise<SettingsView> {
      await store().set({ value: next });
      overrides = { ...next };
      return this.view();
    },
  };
};

export type SettingsService = ReturnType<typeof settingsService>;
export default settingsService;
