/**
 * What a manager's digest says, read when it is sent and always through the manager's own scope (the same
 * access rules as the workspace, sub-groups included as their links reach them): the requests of the day in
 * the groups where they manage enrollments, and for the weekly digest the counts and lists of their groups
 * and that week's report (the completions of the week) as .xlsx from the streamed export
 * (services/report-export.ts, with its formula safety), in the manager's language and the notifications'
 * time zone. Nothing of another group can reach the email.
 */
import type { Core } from '@strapi/strapi';
import { exportQuerySchema, reportQuerySchema, type EnrollmentRow } from '../../../common/contracts/report';
import type { EmailLanguage } from '../../../common/domain/decision-emails';
import { LIST_LINES } from '../../../common/domain/notification-emails';
import { groupsWithRight } from '../../../common/domain/rights';
import type { PluginConfig } from '../config';
import { ENROLLMENT_UID, GROUP_UID, LEARNER_UID } from '../constants';
import { getService } from '../utils/get-service';
import { columnOf, linkOf, tableIn, tableOf, type Db } from '../utils/tables';

/** A list of a digest: its first lines and how many there are in all. */
export interface DigestList {
  lines: string[];
  total: number;
}

const lineOf = (learner: unknown, course: unknown, group: unknown) =>
  `${String(learner ?? '')} — ${String(course ?? '')} (${String(group ?? '')})`;

const rowLine = (row: EnrollmentRow, withDue = false) =>
  `${lineOf(row.learner.username ?? row.learner.email, row.course.title, row.group.name)}${
    withDue && row.dueAt ? `, ${row.dueAt.slice(0, 10)}` : ''
  }`;

const notificationDigestsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::groups') as PluginConfig;
  const col = (uid: string, attribute: string) => columnOf(strapi, uid, attribute);
  const root = () => strapi.db.connection as Db;

  return {
    /** "learner — course (group)" for each request of the window in the groups where they manage enrollments. */
    async requestLines(adminId: number, since: string, until: string): Promise<DigestList> {
      const scope = await getService(strapi, 'scope').getScope({ id: adminId });
      const groupIds = groupsWithRight(scope, 'manageEnrollments');
      if (groupIds && groupIds.length === 0) return { lines: [], total: 0 };
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
        .where(`e.${col(ENROLLMENT_UID, 'state')}`, 'requested')
        .where(`e.${col(ENROLLMENT_UID, 'requestedAt')}`, '>', new Date(since))
        .where(`e.${col(ENROLLMENT_UID, 'requestedAt')}`, '<=', new Date(until));
      if (groupIds) query.whereIn('g.id', groupIds);
      const [rows, count] = await Promise.all([
        query
          .clone()
          .select({
            learner: `u.${col(LEARNER_UID, 'username')}`,
            group: `g.${col(GROUP_UID, 'name')}`,
            course: `c.${col(courseContentType, courseTitleField)}`,
          })
          .orderBy(`e.${col(ENROLLMENT_UID, 'requestedAt')}`)
          .limit(LIST_LINES) as Promise<Array<Record<string, unknown>>>,
        query.clone().count({ n: '*' }).first() as Promise<{ n: number | string } | undefined>,
      ]);
      return {
        lines: rows.map((r) => lineOf(r.learner, r.course, r.group)),
        total: Number(count?.n ?? rows.length),
      };
    },

    /**
     * The weekly digest of one manager: the names of their groups, requests waiting, overdue and at-risk
     * learners now (counts and the first lines), completions between `from` and `to`
     * (calendar days in the notifications' time zone), and that week's report of their groups, in
     * `language`, when they hold the right to export it (null otherwise).
     */
    async weekly(adminId: number, from: string, to: string, language: EmailLanguage) {
      const actor = { id: adminId };
      const report = getService(strapi, 'report');
      const read = await report.readScope(actor, ['viewReports', 'manageEnrollments']);
      const everything = exportQuerySchema.parse({});
      const { timeZone } = config().notifications;
      const ofTheWeek = exportQuerySchema.parse({
        periodField: 'completed',
        from,
        to,
        timeZone,
        locale: language,
      });
      const list = (filter: Record<string, string>) =>
        report.page(reportQuerySchema.parse({ ...filter, pageSize: LIST_LINES }), read);
      const [now, week, waiting, overdue, atRisk] = await Promise.all([
        report.summary(everything, read),
        report.summary(ofTheWeek, read),
        list({ state: 'requested', sort: 'requestedAt:asc' }),
        list({ flag: 'overdue', sort: 'dueAt:asc' }),
        list({ flag: 'atRisk', sort: 'dueAt:asc' }),
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
        // The digest waits its turn among the node's exports (never refused for a full line), but not past
        // a third of its email's lease: the email is rendered while its outbox row is claimed, and a render
        // that outlived the lease could be claimed and sent again by another node. Past that, the render
        // fails with the export's "too many" error and the outbox sends the email on a later attempt.
        const { leaseMs } = config().emailDelivery;
        const { stream } = await getService(strapi, 'report-export').open(ofTheWeek, actor, {
          background: true,
          waitMs: Math.floor(leaseMs / 3),
        });
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
        waiting: { lines: waiting.rows.map((row) => rowLine(row)), total: waiting.pagination.total },
        overdue: { lines: overdue.rows.map((row) => rowLine(row, true)), total: overdue.pagination.total },
        atRisk: { lines: atRisk.rows.map((row) => rowLine(row, true)), total: atRisk.pagination.total },
        report: attachment,
      };
    },
  };
};

export type NotificationDigestsService = ReturnType<typeof notificationDigestsService>;
export default notificationDigestsService;
