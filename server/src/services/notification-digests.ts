/**
 * What a manager's digest says, read when it is sent and always through the manager's own scope (the same
 * access rules as the workspace): the requests of the day in the groups where they manage enrollments, and
 * for the weekly digest the counts of their groups and that week's report as .xlsx from the streamed export
 * (services/report-export.ts, with its formula safety). Nothing of another group can reach the email.
 */
import type { Core } from '@strapi/strapi';
import { exportQuerySchema } from '../../../common/contracts/report';
import { groupsWithRight } from '../../../common/domain/rights';
import type { PluginConfig } from '../config';
import { ENROLLMENT_UID, GROUP_UID, LEARNER_UID } from '../constants';
import { getService } from '../utils/get-service';
import { columnOf, linkOf, tableIn, tableOf, type Db } from '../utils/tables';

/** The most requests one daily digest lists; the workspace shows the rest. */
const DIGEST_LINES = 200;

const notificationDigestsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::groups') as PluginConfig;
  const col = (uid: string, attribute: string) => columnOf(strapi, uid, attribute);
  const root = () => strapi.db.connection as Db;

  return {
    /** "learner — course (group)" for each request of the window in the groups where they manage enrollments. */
    async requestLines(adminId: number, since: string, until: string): Promise<string[]> {
      const scope = await getService(strapi, 'scope').getScope({ id: adminId });
      const groupIds = groupsWithRight(scope, 'manageEnrollments');
      if (groupIds && groupIds.length === 0) return [];
      const { courseContentType, courseTitleField } = config();
      const link = (attribute: string) => linkOf(strapi, ENROLLMENT_UID, attribute);
      const [learner, group, course] = [link('learner'), link('group'), link('course')];
      const query = tableIn(strapi, root(), tableOf(strapi, ENROLLMENT_UID))
        .from({ e: tableOf(strapi, ENROLLMENT_UID) })
        .join({ ll: learner.table }, `ll.${learner.ownerColumn}`, 'e.id')
        .join({ u: tableOf(strapi, LEARNER_UID) }, 'u.id', `ll.${learner.targetColumn}`)
        .join({ gl: group.table }, `gl.${group.ownerColumn}`, 'e.id')
        .join({ g: tableOf(strapi, GROUP_UID) }, 'g.id', `gl.${group.targetColumn}`)
        .leftJoin({ cl: course.table }, `cl.${course.ownerColumn}`, 'e.id')
        .leftJoin({ c: tableOf(strapi, courseContentType) }, 'c.id', `cl.${course.targetColumn}`)
        .select({
          learner: `u.${col(LEARNER_UID, 'username')}`,
          group: `g.${col(GROUP_UID, 'name')}`,
          course: `c.${col(courseContentType, courseTitleField)}`,
        })
        .where(`e.${col(ENROLLMENT_UID, 'state')}`, 'requested')
        .where(`e.${col(ENROLLMENT_UID, 'requestedAt')}`, '>', new Date(since))
        .where(`e.${col(ENROLLMENT_UID, 'requestedAt')}`, '<=', new Date(until))
        .orderBy(`e.${col(ENROLLMENT_UID, 'requestedAt')}`)
        .limit(DIGEST_LINES);
      if (groupIds) query.whereIn('g.id', groupIds);
      const rows = (await query) as Array<Record<string, unknown>>;
      return rows.map(
        (r) => `${String(r.learner ?? '')} — ${String(r.course ?? '')} (${String(r.group ?? '')})`
      );
    },

    /**
     * The weekly digest of one manager: the names of their groups, requests waiting, overdue and at-risk
     * learners now, completions between `from` and `to` (calendar days), and the report of their groups
     * when they hold the right to export it (null otherwise).
     */
    async weekly(adminId: number, from: string, to: string) {
      const actor = { id: adminId };
      const report = getService(strapi, 'report');
      const read = await report.readScope(actor, ['viewReports', 'manageEnrollments']);
      const everything = exportQuerySchema.parse({});
      const [now, week] = await Promise.all([
        report.summary(everything, read),
        report.summary(
          exportQuerySchema.parse({
            periodField: 'completed',
            from,
            to,
            timeZone: config().notifications.timeZone,
          }),
          read
        ),
      ]);
      const scope = await getService(strapi, 'scope').getScope(actor);
      const names = (await tableIn(strapi, root(), tableOf(strapi, GROUP_UID))
        .select({ name: col(GROUP_UID, 'name') })
        .modify((q) => {
          if (!scope.all) q.whereIn('id', scope.groupIds);
        })
        .whereNull(col(GROUP_UID, 'archivedAt'))
        .orderBy(col(GROUP_UID, 'name'))) as Array<{ name: string }>;
      const exportable = await getService(strapi, 'access').readableGroups(actor, ['exportReports']);
      let attachment: Buffer | null = null;
      if (exportable === null || exportable.length > 0) {
        const { stream } = await getService(strapi, 'report-export').open(everything, actor);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        attachment = Buffer.concat(chunks);
      }
      return {
        groupNames: names.map((g) => g.name),
        counts: {
          requestsWaiting: now.totals.byState.requested,
          overdue: now.totals.flags.overdue,
          atRisk: now.totals.flags.atRisk,
          completed: week.totals.completed,
        },
        report: attachment,
      };
    },
  };
};

export type NotificationDigestsService = ReturnType<typeof notificationDigestsService>;
export default notificationDigestsService;
