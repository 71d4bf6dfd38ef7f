/**
 * The learner page: one learner's enrollments and memberships in the caller's readable groups, each
 * enrollment with its flags (the rows repository computes them with the one flags function) and its history
 * as a timeline. Scope first: the groups come from the report service's read scope (manage enrollments or
 * view reports), and every query is limited to them, so nothing of another group is read at all. A learner
 * with nothing in those groups gets the same 404 as an unknown id.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import { noLearnerText, type LearnerPage } from '../../../common/contracts/learner-page';
import { historyAdminIds, historyTokenIds, timelineOf } from '../../../common/domain/enrollment-timeline';
import { ADMIN_TOKEN_UID, ADMIN_USER_UID, ENROLLMENT_UID, GROUP_UID, LEARNER_UID } from '../constants';
import { enrollmentRowsRepository } from '../repositories/enrollment-rows';
import { getService } from '../utils/get-service';
import { columnOf, linkOf, tableOf } from '../utils/tables';
import type { AdminActor } from './scope';

interface AdminName {
  id: number;
  firstname: string | null;
  lastname: string | null;
  username: string | null;
}

/** JSON columns come back parsed from PostgreSQL and as text from SQLite. */
const parsedJson = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
};

const displayName = (admin: AdminName): string | null =>
  [admin.firstname, admin.lastname].filter(Boolean).join(' ') || admin.username || null;

const learnerPageService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection as unknown as Knex;
  const rows = enrollmentRowsRepository(strapi);

  return {
    async show(documentId: string, actor: AdminActor): Promise<LearnerPage> {
      const read = await getService(strapi, 'report').readScope(actor, ['manageEnrollments', 'viewReports']);
      const notFound = () => new errors.NotFoundError(noLearnerText(documentId));
      if (read.groupIds && read.groupIds.length === 0) throw notFound();

      const L = (attribute: string) => columnOf(strapi, LEARNER_UID, attribute);
      const learner: { id: number; username: string | null; email: string | null } | undefined = await knex()
        .from(tableOf(strapi, LEARNER_UID))
        .select({ id: 'id', username: L('username'), email: L('email') })
        .where(L('documentId'), documentId)
        .first();
      if (!learner) throw notFound();

      const members = linkOf(strapi, GROUP_UID, 'members');
      const G = (attribute: string) => `g.${columnOf(strapi, GROUP_UID, attribute)}`;
      const groupsQuery = knex()
        .from({ m: members.table })
        .join({ g: tableOf(strapi, GROUP_UID) }, 'g.id', `m.${members.ownerColumn}`)
        .select({ documentId: G('documentId'), name: G('name') })
        .where(`m.${members.targetColumn}`, learner.id)
        .orderBy(G('name'));
      if (read.groupIds) groupsQuery.whereIn(`m.${members.ownerColumn}`, read.groupIds);
      const [enrollments, groups] = await Promise.all([
        rows.ofLearner(Number(learner.id), read),
        groupsQuery as Promise<LearnerPage['groups']>,
      ]);
      if (enrollments.length === 0 && groups.length === 0) throw notFound();

      const historyColumn = columnOf(strapi, ENROLLMENT_UID, 'history');
      const histories = new Map<number, unknown>(
        enrollments.length === 0
          ? []
          : (
              (await knex()
                .from(tableOf(strapi, ENROLLMENT_UID))
                .select({ id: 'id', history: historyColumn })
                .whereIn(
                  'id',
                  enrollments.map((row) => row.id)
                )) as Array<{ id: number; history: unknown }>
            ).map((row) => [Number(row.id), parsedJson(row.history)])
      );
      const adminIds = historyAdminIds([...histories.values()]);
      const admins = adminIds.length
        ? ((await strapi.db.query(ADMIN_USER_UID).findMany({
            where: { id: { $in: adminIds } },
            select: ['id', 'firstname', 'lastname', 'username'],
          })) as AdminName[])
        : [];
      const adminNames = new Map(admins.map((admin) => [Number(admin.id), displayName(admin)]));
      // Entries made through an admin token (an AI agent over MCP, a script) name the token too.
      const tokenIds = historyTokenIds([...histories.values()]);
      const tokens = tokenIds.length
        ? ((await strapi.db.query(ADMIN_TOKEN_UID).findMany({
            where: { id: { $in: tokenIds } },
            select: ['id', 'name'],
          })) as Array<{ id: number; name: string }>)
        : [];
      const tokenNames = new Map(tokens.map((token) => [Number(token.id), token.name]));
      const names = {
        adminName: (id: number) => adminNames.get(id) ?? null,
        tokenName: (id: number) => tokenNames.get(id) ?? null,
        learnerId: Number(learner.id),
        learnerName: learner.username,
      };

      return {
        learner: { documentId, username: learner.username ?? null, email: learner.email ?? null },
        groups,
        enrollments: enrollments.map(({ id, learner: _learner, ...row }) => ({
          ...row,
          timeline: timelineOf(histories.get(id), names),
        })),
      };
    },
  };
};

export type LearnerPageService = ReturnType<typeof learnerPageService>;
export default learnerPageService;
