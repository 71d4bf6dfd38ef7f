/**
 * The plugin's email templates, as code, registered with the outbox: each stored message is rendered in the
 * recipient's language when it is sent (the language stored on the row, else the plugin's
 * `defaultLanguage`). Editing them in Settings is a later step.
 */
import type { Core } from '@strapi/strapi';
import { DECISION_KINDS, emailLanguage, renderDecisionEmail } from '../../../common/domain/decision-emails';
import { NOTIFICATION_KINDS } from '../../../common/domain/notification-emails';
import type { PluginConfig } from '../config';
import { getService } from '../utils/get-service';
import type { StoredMessage } from './outbox';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

const emailTemplatesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const defaultLanguage = () => (strapi.config.get('plugin::groups') as PluginConfig).defaultLanguage;
  return {
    /** Registers every template with the outbox; called once at bootstrap, before the worker starts. */
    registerAll() {
      const outbox = getService(strapi, 'outbox');
      for (const kind of DECISION_KINDS) {
        outbox.registerTemplate(kind, (message: StoredMessage) =>
          renderDecisionEmail(kind, emailLanguage(message.locale, defaultLanguage()), {
            learnerName: text(message.variables.learnerName),
            groupName: text(message.variables.groupName),
            courseTitle: text(message.variables.courseTitle),
            reason: text(message.variables.reason) || null,
          })
        );
      }
      // Reminders and manager emails read their facts at send time (services/notifications.ts).
      for (const kind of NOTIFICATION_KINDS) {
        outbox.registerTemplate(kind, (message: StoredMessage) =>
          getService(strapi, 'notifications').render(kind, message)
        );
      }
    },
  };
};

export type EmailTemplatesService = ReturnType<typeof emailTemplatesService>;
export default emailTemplatesService;
