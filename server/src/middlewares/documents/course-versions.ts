import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { PluginConfig } from '../../config';
import { courseRepository } from '../../repositories/courses';

interface DocumentCall {
  uid: string;
  action: string;
  params?: { documentId?: string };
}

/**
 * Unpublishing a course deletes its published rows, which a group or an enrollment may link to alone
 * (Strapi carries such links over when a course is published again or its draft discarded, not here): the
 * course repository links them to the draft first, then Strapi goes on. Checked against Strapi 5.54.0.
 */
const courseVersions =
  (strapi: Core.Strapi) =>
  async (ctx: DocumentCall, next: () => Promise<unknown>): Promise<unknown> => {
    const { courseContentType } = strapi.config.get('plugin::groups') as PluginConfig;
    const documentId = ctx.params?.documentId;
    if (ctx.uid !== courseContentType || ctx.action !== 'unpublish' || !documentId) return next();
    return strapi.db.transaction(async ({ trx }) => {
      await courseRepository(strapi).carryLinksOver(trx as unknown as Knex.Transaction, documentId);
      return next();
    });
  };

export default courseVersions;
