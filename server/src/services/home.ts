import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { HOME_SUMMARY_TOP, type HomeSummaryResponse } from '../../../common/contracts/home';
import { ENROLLMENT_UID, GROUP_UID } from '../constants';
import { enrollmentFlagSql } from '../repositories/enrollment-rows';
import { getService } from '../utils/get-service';
import { columnOf, linkOf, tableOf } from '../utils/tables';
import type { AdminActor } from './scope';

/**
 * The home page widget's data. Counted in SQL over the caller's readable groups (the scope service, like
 * every workspace route); two statements whatever the size of the site, and a bounded response.
 */
const homeService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection as unknown as Knex;

  return {
    async summary(actor: AdminActor): Promise<HomeSummaryResponse> {
      const scope = await getService(strapi, 'scope').getScope(actor);
      const empty = { groups: 0, pendingRequests: 0, overdue: 0, atRisk: 0, top: [] };
      if (!scope.all && scope.groupIds.length === 0) return { data: empty };

      const group = linkOf(strapi, ENROLLMENT_UID, 'group');
      const G = (attribute: string) => `g.${columnOf(strapi, GROUP_UID, attribute)}`;
      const state = `e.${columnOf(strapi, ENROLLMENT_UID, 'state')}`;
      const flags = enrollmentFlagSql(strapi, new Date());
      const inScope = (query: Knex.QueryBuilder, column: string) =>
        scope.all ? query : query.whereIn(column, scope.groupIds);

      const perGroup = inScope(
        knex()
          .from({ e: tableOf(strapi, ENROLLMENT_UID) })
          .join({ eg: group.table }, `eg.${group.ownerColumn}`, 'e.id')
          .select({ group_id: `eg.${group.targetColumn}` })
          .select(
            knex().raw(`sum(case when ${state} = ? then 1 else 0 end) as pending`, ['requested']),
            knex().raw('? as overdue', [flags.count('overdue')]),
            knex().raw('? as at_risk', [flags.count('atRisk')])
          )
          .groupBy(`eg.${group.targetColumn}`),
        `eg.${group.targetColumn}`
      );
      const groupCount = inScope(
        knex()
          .from({ g: tableOf(strapi, GROUP_UID) })
          .whereNull(G('archivedAt'))
          .count({ n: '*' }),
        'g.id'
      );
      const [rows, [{ n }]] = (await Promise.all([perGroup, groupCount])) as [
        Array<{
          group_id: number;
          pending: number | string;
          overdue: number | string;
          at_risk: number | string;
        }>,
        Array<{ n: number | string }>,
      ];

      const counted = rows.map((row) => ({
        id: Number(row.group_id),
        pendingRequests: Number(row.pending ?? 0),
        overdue: Number(row.overdue ?? 0),
        atRisk: Number(row.at_risk ?? 0),
      }));
      const total = (key: 'pendingRequests' | 'overdue' | 'atRisk') =>
        counted.reduce((sum, row) => sum + row[key], 0);
      const top = counted
        .filter((row) => row.pendingRequests + row.overdue + row.atRisk > 0)
        .sort((a, b) => b.pendingRequests - a.pendingRequests || b.overdue - a.overdue || a.id - b.id)
        .slice(0, HOME_SUMMARY_TOP);
      const names = top.length
        ? ((await knex()
            .from({ g: tableOf(strapi, GROUP_UID) })
            .whereIn(
              'g.id',
              top.map((row) => row.id)
            )
            .select({ id: 'g.id', document_id: G('documentId'), name: G('name') })) as Array<{
            id: number;
            document_id: string;
            name: string;
          }>)
        : [];
      return {
        data: {
          groups: Number(n),
          pendingRequests: total('pendingRequests'),
          overdue: total('overdue'),
          atRisk: total('atRisk'),
          top: top.flatMap((row) => {
            const named = names.find((candidate) => Number(candidate.id) === row.id);
            if (!named) return [];
            return [
              {
                documentId: String(named.document_id),
                name: String(named.name),
                pendingRequests: row.pendingRequests,
                overdue: row.overdue,
                atRisk: row.atRisk,
              },
            ];
          }),
        },
      };
    },
  };
};

export type HomeService = ReturnType<typeof homeService>;
export default homeService;
