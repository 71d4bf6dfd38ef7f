/**
 * Strapi patch: the admin home page's "documents" widget, `homepage.getCountDocuments` of the Content
 * Manager's homepage service (GET /content-manager/homepage/count-documents).
 * Checked against Strapi 5.54.0 (@strapi/content-manager, dist/server/homepage/services/homepage.js).
 *
 * What it corrects: the widget counts every row of each type the user may read with raw SQL, ignoring
 * conditions: a manager would learn how many groups, enrollments and learners the whole site has. For
 * admins whose scope is not everything, a type read under conditions is counted through the Content
 * Manager's own permission query, so the counts add up to exactly what the manager's lists show; Super
 * Admins and unscoped admins keep Strapi's own query.
 *
 * Tested by tests/api/scope-other-paths.test.ts ("counts on the home page exactly what the lists show") and
 * tests/api/scope-probes.test.ts (an admin with no group counts nothing).
 */
import type { Core } from '@strapi/strapi';
import { contentTypes as contentTypeUtils } from '@strapi/utils';
import { actorFromRequest } from '../utils/actor';
import { getService } from '../utils/get-service';
import { permissionChecker, wrapContentManagerService, type Ability } from './content-manager';

const READ = 'plugin::content-manager.explorer.read';

interface Counts {
  draft: number;
  published: number;
  modified: number;
}

export const scopeHomepageCounts = (strapi: Core.Strapi) => {
  /** Strapi's own classification for a type the user reads without conditions. */
  const countAll = async (uid: string, hasDraftAndPublish: boolean): Promise<Counts> => {
    const knex = strapi.db.connection;
    const table = strapi.db.metadata.get(uid as never).tableName;
    if (!hasDraftAndPublish) {
      const row = await knex(table).countDistinct('document_id as count').first();
      return { draft: 0, published: Number(row?.count) || 0, modified: 0 };
    }
    const classified = knex(table)
      .select('document_id')
      .select(
        knex.raw(`CASE
          WHEN MAX(CASE WHEN published_at IS NOT NULL THEN 1 ELSE 0 END) = 0 THEN 'draft'
          WHEN MAX(CASE WHEN published_at IS NULL THEN updated_at END) =
               MAX(CASE WHEN published_at IS NOT NULL THEN updated_at END) THEN 'published'
          ELSE 'modified'
        END AS bucket`)
      )
      .groupBy('document_id');
    const row = await knex
      .from(classified.as('classified'))
      .select(
        knex.raw(`COUNT(CASE WHEN bucket = 'draft' THEN 1 END) AS draft,
          COUNT(CASE WHEN bucket = 'published' THEN 1 END) AS published,
          COUNT(CASE WHEN bucket = 'modified' THEN 1 END) AS modified`)
      )
      .first();
    return {
      draft: Number(row?.draft) || 0,
      published: Number(row?.published) || 0,
      modified: Number(row?.modified) || 0,
    };
  };

  /** A type the user reads under conditions: counted through the permission query, like their list. */
  const countScoped = async (uid: string, ability: unknown, hasDraftAndPublish: boolean): Promise<Counts> => {
    const query = await permissionChecker(strapi, ability, uid).sanitizedQuery.read({});
    const documents = strapi.documents(uid as never);
    if (!hasDraftAndPublish) {
      return { draft: 0, published: await documents.count({ filters: query.filters } as never), modified: 0 };
    }
    const drafts = await documents.count({ filters: query.filters, status: 'draft' } as never);
    const published = await documents.count({ filters: query.filters, status: 'published' } as never);
    // Edited-since-publishing is not told apart here: those documents are counted as published.
    return { draft: Math.max(0, drafts - published), published, modified: 0 };
  };

  const scopedCounts = async (ability: Ability): Promise<Counts> => {
    const total: Counts = { draft: 0, published: 0, modified: 0 };
    for (const [uid, contentType] of Object.entries(strapi.contentTypes)) {
      const visible =
        (contentType as { pluginOptions?: Record<string, { visible?: boolean }> }).pluginOptions?.[
          'content-manager'
        ]?.visible !== false;
      if (!visible || !ability.can(READ, uid)) continue;
      const checker = permissionChecker(strapi, ability, uid);
      const hasDraftAndPublish = contentTypeUtils.hasDraftAndPublish(contentType as never);
      const counts = checker.requiresEntity.read()
        ? await countScoped(uid, ability, hasDraftAndPublish)
        : await countAll(uid, hasDraftAndPublish);
      total.draft += counts.draft;
      total.published += counts.published;
      total.modified += counts.modified;
    }
    return total;
  };

  wrapContentManagerService(strapi, 'homepage', 'getCountDocuments', async (next) => {
    const request = strapi.requestContext.get() as
      (Parameters<typeof actorFromRequest>[0] & { state?: { userAbility?: Ability } }) | undefined;
    const actor = actorFromRequest(request);
    const ability = request?.state?.userAbility;
    if (actor.kind !== 'admin' || !ability) return next();
    const scope = await getService(strapi, 'scope').getScope(actor.user);
    return scope.all ? next() : scopedCounts(ability);
  });
};
