import type { Core } from '@strapi/strapi';

const health = ({ strapi }: { strapi: Core.Strapi }) => ({
  async index(ctx: { body: unknown }) {
    const config = strapi.config.get('plugin::groups') as { courseContentType: string };
    ctx.body = { data: { plugin: 'groups', courseContentType: config.courseContentType } };
  },
});

export default health;
