import type { Core } from '@strapi/strapi';
import {
  notificationIdParamsSchema,
  notificationLogQuerySchema,
  optOutQuerySchema,
  preferencesBodySchema,
} from '../../../common/contracts/notifications';
import type { OptOutTopic } from '../../../common/domain/notification-emails';
import type { EmailLanguage } from '../../../common/domain/decision-emails';
import { escapeHtml } from '../../../common/domain/decision-emails';
import { adminActorFromRequest } from '../utils/admin-actor';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validate';
import type { WorkspaceCtx } from './workspace';

const OPTED_OUT: Record<EmailLanguage, Record<OptOutTopic, string>> = {
  en: {
    reminders: 'You will no longer receive reminders about due dates.',
    newRequests: 'You will no longer receive emails about new requests.',
    weeklyDigest: 'You will no longer receive the weekly digest.',
  },
  nl: {
    reminders: 'Je krijgt geen herinneringen over deadlines meer.',
    newRequests: 'Je krijgt geen e-mails over nieuwe aanvragen meer.',
    weeklyDigest: 'Je krijgt het weekoverzicht niet meer.',
  },
};

const notifications = ({ strapi }: { strapi: Core.Strapi }) => ({
  async log(ctx: WorkspaceCtx) {
    const query = parseInput(notificationLogQuerySchema, ctx.query, 'query');
    ctx.body = await getService(strapi, 'notification-log').list(query, adminActorFromRequest(ctx).user);
  },

  async resend(ctx: WorkspaceCtx) {
    const { id } = parseInput(notificationIdParamsSchema, ctx.params, 'params');
    ctx.body = {
      data: await getService(strapi, 'notification-log').resend(id, adminActorFromRequest(ctx).user),
    };
  },

  async preferences(ctx: WorkspaceCtx) {
    const { user } = adminActorFromRequest(ctx);
    ctx.body = { data: await getService(strapi, 'notifications').adminPreferences(user.id) };
  },

  async setPreferences(ctx: WorkspaceCtx) {
    const body = parseInput(preferencesBodySchema, ctx.request.body ?? {});
    const { user } = adminActorFromRequest(ctx);
    ctx.body = { data: await getService(strapi, 'notifications').setAdminPreferences(user.id, body) };
  },

  /** Clicked from an email: a small page in the recipient's language, not JSON. */
  async optOut(ctx: WorkspaceCtx & { type: string }) {
    const { token } = parseInput(optOutQuerySchema, ctx.query, 'query');
    const done = await getService(strapi, 'notifications').optOut(token);
    const sentence = escapeHtml(OPTED_OUT[done.language][done.topic]);
    ctx.type = 'text/html';
    ctx.body = `<!doctype html><html lang="${done.language}"><head><meta charset="utf-8"><title>${sentence}</title></head><body><main><p>${sentence}</p></main></body></html>`;
  },
});

export default notifications;
