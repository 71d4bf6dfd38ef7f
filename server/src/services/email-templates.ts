/**
 * The registry of email kinds and their templates. Each kind (the plugin's own in common/domain/email-kinds.ts,
 * and any other code's through `registerKind`) brings its variables, sample values and default words in
 * English and Dutch; the site owner's own words for a kind and language are kept in the plugin store and
 * checked when saved, so a template that does not parse is never stored and the last good version keeps
 * being sent. Outbox kinds are rendered when the row is sent, in the recipient's language (the row's, else
 * the default language from Settings → Groups).
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { EmailKindView, TemplateBody } from '../../../common/contracts/settings';
import { EMAIL_LANGUAGES, emailLanguage, type EmailLanguage } from '../../../common/domain/decision-emails';
import { BUILT_IN_EMAIL_KINDS, type EmailKindDefinition } from '../../../common/domain/email-kinds';
import { NOTIFICATION_EMAIL_KINDS, type NotificationKind } from '../../../common/domain/notification-emails';
import {
  renderEmail,
  templateProblem,
  type RenderedEmail,
  type TemplateSource,
  type TemplateValues,
} from '../../../common/domain/email-template';
import { PLUGIN_ID } from '../constants';
import { getService } from '../utils/get-service';
import { sendEach } from '../utils/mailer';
import { tableIn, tableOf, type Db } from '../utils/tables';
import type { RenderedEmail as OutboxEmail, StoredMessage } from './outbox';

interface StoredTemplate extends TemplateSource {
  updatedAt: string;
}

const KEY_PREFIX = 'email-template:';
const storeKey = (kind: string, language: EmailLanguage) => `${KEY_PREFIX}${kind}:${language}`;
const CORE_STORE_UID = 'strapi::core-store';

const emailTemplatesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const kinds = new Map<string, EmailKindDefinition>();
  const store = (key: string) => strapi.store({ type: 'plugin', name: PLUGIN_ID, key });
  let saved = new Map<string, StoredTemplate>();

  /** Every saved template in one read, on the root connection (the worker renders outside any request). */
  const readSaved = async () => {
    const prefix = `plugin_${PLUGIN_ID}_${KEY_PREFIX}`;
    const rows: Array<{ key: string; value: string | null }> = await tableIn(
      strapi,
      strapi.db.connection as Db,
      tableOf(strapi, CORE_STORE_UID)
    )
      .select('key', 'value')
      .where('key', 'like', `${prefix}%`);
    saved = new Map(
      rows.flatMap((row) => (row.value ? [[row.key.slice(prefix.length), JSON.parse(row.value)]] : []))
    );
  };

  const kindOf = (kind: string) => {
    const definition = kinds.get(kind);
    if (!definition) {
      throw new errors.NotFoundError(
        `No email kind "${kind}"; known kinds are ${[...kinds.keys()].join(', ')}.`
      );
    }
    return definition;
  };

  /**
   * The words that are sent: the site owner's when they still parse (a kind's variables could change with an
   * upgrade), else the plugin's.
   */
  const sourceOf = (
    definition: EmailKindDefinition,
    language: EmailLanguage,
    all: Map<string, StoredTemplate>
  ) => {
    const own = all.get(`${definition.kind}:${language}`);
    if (own && templateProblem(own, definition.variables) === null) return own;
    if (own) {
      strapi.log.warn(
        `[groups] The saved ${definition.kind} (${language}) template no longer fits its variables; the default is sent.`
      );
    }
    return definition.defaults[language];
  };

  /** Only the kind's own variables, as text: a template reaches nothing else. */
  const valuesFor = (definition: EmailKindDefinition, values: Record<string, unknown>): TemplateValues =>
    Object.fromEntries(
      definition.variables.map(({ name }) => {
        const value = values[name];
        return [name, value === null || value === undefined ? '' : String(value)];
      })
    );

  const samples = (definition: EmailKindDefinition) =>
    Object.fromEntries(definition.variables.map((v) => [v.name, v.sample]));

  /** Refuses a subject and body that cannot be saved or previewed, naming the part, line and variable. */
  const assertValid = (definition: EmailKindDefinition, source: TemplateBody) => {
    if (definition.hasSubject !== false && !source.subject) {
      throw new errors.ValidationError('subject: write a subject for this email.');
    }
    const problem = templateProblem(
      { subject: definition.hasSubject === false ? '' : source.subject, body: source.body },
      definition.variables
    );
    if (problem) throw new errors.ValidationError(`${problem}.`);
  };

  const viewOf = (definition: EmailKindDefinition, all: Map<string, StoredTemplate>): EmailKindView => ({
    kind: definition.kind,
    title: definition.title,
    description: definition.description,
    hasSubject: definition.hasSubject !== false,
    variables: definition.variables.map((v) => ({
      name: v.name,
      description: v.description,
      link: Boolean(v.link),
    })),
    templates: Object.fromEntries(
      EMAIL_LANGUAGES.map((language) => {
        const own = all.get(`${definition.kind}:${language}`);
        const source = sourceOf(definition, language, all);
        return [
          language,
          {
            subject: source.subject,
            body: source.body,
            defaults: definition.defaults[language],
            overridden: source === own,
            updatedAt: source === own ? own.updatedAt : null,
          },
        ];
      })
    ) as EmailKindView['templates'],
  });

  return {
    /**
     * Adds a kind to the registry (and, for outbox kinds, its renderer to the outbox); it shows in Settings →
     * Groups from then on. Call it in bootstrap, before the outbox worker starts. `send` replaces the default
     * renderer (the row's variables into the template) for a kind whose values are read when it is sent; it
     * calls `render` with them.
     */
    registerKind(definition: EmailKindDefinition, send?: (message: StoredMessage) => Promise<OutboxEmail>) {
      if (!/^[a-z0-9][a-z0-9-]{0,99}$/.test(definition.kind)) {
        throw new Error(
          `[groups] Email kind "${definition.kind}": use lowercase letters, digits and dashes.`
        );
      }
      for (const language of EMAIL_LANGUAGES) {
        const problem = templateProblem(definition.defaults[language], definition.variables);
        if (problem) throw new Error(`[groups] Email kind "${definition.kind}" (${language}): ${problem}.`);
      }
      kinds.set(definition.kind, definition);
      if (definition.outbox !== false) {
        getService(strapi, 'outbox').registerTemplate(
          definition.kind,
          send ??
            ((message: StoredMessage) => this.render(definition.kind, message.locale, message.variables))
        );
      }
    },

    /** The plugin's own kinds; called once at bootstrap. */
    async registerAll() {
      for (const definition of BUILT_IN_EMAIL_KINDS) this.registerKind(definition);
      // Reminders and manager emails read their facts, lists and report when they are sent, in the
      // recipient's scope (services/notifications.ts), then fill their template here.
      for (const definition of NOTIFICATION_EMAIL_KINDS) {
        this.registerKind(definition, (message: StoredMessage) =>
          getService(strapi, 'notifications').render(definition.kind as NotificationKind, message)
        );
      }
      await readSaved();
    },

    /** The language an email is written in: the recipient's, when the plugin has words for it, else the default. */
    languageFor(locale: string | null | undefined): EmailLanguage {
      return emailLanguage(locale, getService(strapi, 'settings').current().defaultLanguage);
    },

    /** One email of `kind` for a recipient with `locale`, in the words that apply now. */
    async render(
      kind: string,
      locale: string | null | undefined,
      values: Record<string, unknown>
    ): Promise<RenderedEmail> {
      const definition = kindOf(kind);
      // From memory: read at bootstrap, after each save here, and on the settings service's timer.
      const source = sourceOf(definition, this.languageFor(locale), saved);
      return renderEmail(source, definition.variables, valuesFor(definition, values));
    },

    /** Re-reads the saved templates (the settings service's timer calls it); a failed read keeps the last ones. */
    async reload() {
      await readSaved().catch((error) => {
        strapi.log.warn(`[groups] Email templates could not be read: ${(error as Error).message}`);
      });
    },

    async list(): Promise<EmailKindView[]> {
      await readSaved();
      return [...kinds.values()].map((definition) => viewOf(definition, saved));
    },

    /** Saves the site owner's words, refused (and nothing changed) when they do not parse. */
    async save(kind: string, language: EmailLanguage, source: TemplateBody): Promise<EmailKindView> {
      const definition = kindOf(kind);
      assertValid(definition, source);
      const value: StoredTemplate = {
        subject: definition.hasSubject === false ? '' : source.subject,
        body: source.body,
        updatedAt: new Date().toISOString(),
      };
      await store(storeKey(kind, language)).set({ value });
      await readSaved();
      return viewOf(definition, saved);
    },

    /** Back to the plugin's words. */
    async reset(kind: string, language: EmailLanguage): Promise<EmailKindView> {
      const definition = kindOf(kind);
      await store(storeKey(kind, language)).delete({});
      await readSaved();
      return viewOf(definition, saved);
    },

    /** Unsaved words rendered with the kind's sample values. */
    preview(kind: string, source: TemplateBody): RenderedEmail {
      const definition = kindOf(kind);
      assertValid(definition, source);
      return renderEmail(source, definition.variables, samples(definition));
    },

    /** Sends the preview to the admin who asks, straight through the email plugin (not the outbox: they wait for it). */
    async sendTest(kind: string, source: TemplateBody, adminId: number) {
      const email = this.preview(kind, source);
      const admin = await strapi.db
        .query('admin::user')
        .findOne({ where: { id: adminId }, select: ['email'] });
      if (!admin?.email)
        throw new errors.ValidationError('Your admin account has no email address to send to.');
      const subject = email.subject || `${kindOf(kind).title.en} (test)`;
      const result = await sendEach(strapi, [
        { to: admin.email, subject, text: email.text, html: email.html },
      ]);
      if (result.failed > 0) {
        throw new errors.ApplicationError(
          'The test email could not be sent: check the email provider in config/plugins (the server log has the details).'
        );
      }
      return { to: admin.email as string };
    },
  };
};

export type EmailTemplatesService = ReturnType<typeof emailTemplatesService>;
export default emailTemplatesService;
