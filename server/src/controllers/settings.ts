import type { Core } from '@strapi/strapi';
import { Refusal } from '../utils/messages';
import {
  putSettingsBodySchema,
  templateBodySchema,
  templateParamsSchema,
} from '../../../common/contracts/settings';
import { actorFromRequest } from '../utils/actor';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validate';

interface SettingsCtx {
  params: Record<string, unknown>;
  request: { body?: unknown };
  state: Record<string, any>;
  body: unknown;
}

/** Settings → Groups: the options and the email templates. The route's policy checks `settings.manage`. */
const settingsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings');
  const templates = () => getService(strapi, 'email-templates');
  const paramsOf = (ctx: SettingsCtx) =>
    parseInput(templateParamsSchema, { kind: ctx.params.kind, language: ctx.params.language }, 'params');
  const bodyOf = (ctx: SettingsCtx) => parseInput(templateBodySchema, ctx.request.body ?? {}, 'body');

  return {
    async get(ctx: SettingsCtx) {
      ctx.body = { data: await settings().view() };
    },

    async update(ctx: SettingsCtx) {
      const { overrides } = parseInput(putSettingsBodySchema, ctx.request.body ?? {}, 'body');
      ctx.body = { data: await settings().save(overrides) };
    },

    async listTemplates(ctx: SettingsCtx) {
      ctx.body = { data: await templates().list() };
    },

    async saveTemplate(ctx: SettingsCtx) {
      const { kind, language } = paramsOf(ctx);
      ctx.body = { data: await templates().save(kind, language, bodyOf(ctx)) };
    },

    async resetTemplate(ctx: SettingsCtx) {
      const { kind, language } = paramsOf(ctx);
      ctx.body = { data: await templates().reset(kind, language) };
    },

    async previewTemplate(ctx: SettingsCtx) {
      const { kind } = paramsOf(ctx);
      ctx.body = { data: templates().preview(kind, bodyOf(ctx)) };
    },

    async testTemplate(ctx: SettingsCtx) {
      const { kind } = paramsOf(ctx);
      const actor = actorFromRequest(ctx);
      if (actor.kind !== 'admin') throw new Refusal('Only admin users send test emails.');
      ctx.body = { data: await templates().sendTest(kind, bodyOf(ctx), actor.user.id) };
    },
  };
};

export default settingsController;
