import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import type {
  CourseLookupQuery,
  GroupLookupQuery,
  LookupOption,
  LookupResponse,
} from '../../../common/contracts/lookup';
import { RIGHTS, type Right } from '../../../common/domain/rights';
import { GROUP_UID } from '../constants';
import { courseRepository } from '../repositories/courses';
import { getService } from '../utils/get-service';
import { whereAnyContains } from '../utils/search';
import { columnOf, tableOf } from '../utils/tables';
import type { AdminActor } from './scope';

/**
 * The searchable group and course filters ask here: a few readable groups or courses by name. Each answer
 * holds at most `limit` entries, so a filter costs the same on a site of 500 groups or of 5,000.
 */
const lookupService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection as unknown as Knex;
  const access = () => getService(strapi, 'access');
  const courses = courseRepository(strapi);
  const rightsOf = (rights: Right[] | undefined): Right[] => rights ?? [...RIGHTS];

  return {
    async groups(query: GroupLookupQuery, actor: AdminActor): Promise<LookupResponse> {
      const rights = rightsOf(query.right);
      // With a documentId: that group alone, 404 when unknown, 403 when outside the rights asked.
      const { groupIds, scope } = await access().readableIn(
        actor,
        rights,
        query.documentId ? [query.documentId] : undefined
      );
      if (groupIds?.length === 0) return { data: [] };
      const G = (attribute: string) => columnOf(strapi, GROUP_UID, attribute);
      const rows = knex()
        .from(tableOf(strapi, GROUP_UID))
        .select({ id: 'id', documentId: G('documentId'), label: G('name') })
        .orderBy([{ column: G('name') }, { column: 'id' }])
        .limit(query.limit);
      if (groupIds) rows.whereIn('id', groupIds);
      if (query.search) whereAnyContains(rows, [G('name')], query.search);
      if (query.archived === 'false') rows.whereNull(G('archivedAt'));
      const found = (await rows) as Array<LookupOption & { id: number }>;
      // Two "ICU"s under different parents differ by their paths: the tree read once for the matches.
      // The scope readableIn decided from: with a documentId, over that group (the one match) only.
      const paths = await getService(strapi, 'group-tree').treeOf(
        scope,
        found.map((row) => ({ id: Number(row.id), name: row.label }))
      );
      return {
        data: found.map(({ id, documentId, label }) => {
          const path = paths.get(Number(id))?.path;
          return path && path !== label ? { documentId, label, path } : { documentId, label };
        }),
      };
    },

    async courses(query: CourseLookupQuery, actor: AdminActor): Promise<LookupResponse> {
      const groupIds = await access().readableGroups(
        actor,
        rightsOf(query.right),
        query.group ? [query.group] : undefined,
        { subGroups: query.subGroups }
      );
      if (groupIds?.length === 0) return { data: [] };
      if (query.documentId) {
        const [found] = await courses.search(knex(), { limit: 1, groupIds, documentIds: [query.documentId] });
        if (!found)
          throw new errors.NotFoundError(`No course of your groups has the id ${query.documentId}.`);
        return { data: [{ documentId: found.documentId, label: found.title ?? found.documentId }] };
      }
      const found = await courses.search(knex(), { search: query.search, limit: query.limit, groupIds });
      return { data: found.map((c) => ({ documentId: c.documentId, label: c.title ?? c.documentId })) };
    },
  };
};

export type LookupService = ReturnType<typeof lookupService>;
export default lookupService;
